package models

import (
	"strings"
	"testing"
	"time"
)

func TestNextNoticeStatus(t *testing.T) {
	checkMoves(t, NextNoticeStatus, noticeStatusNames, []move[NoticeStatus, NoticeAction]{
		{NoticeOpen, NActObject, NoticeOpen, ""},
		{NoticeOpen, NActConfirm, NoticeConfirmed, ""},
		{NoticeOpen, NActCancel, NoticeCancelled, ""},
		{NoticeConfirmed, NActObject, "", refused},
		{NoticeConfirmed, NActCancel, "", refused},
		{NoticeConfirmed, NActConfirm, "", refused},
		{NoticeCancelled, NActObject, "", refused},
		{NoticeCancelled, NActConfirm, "", refused},
	})
}

func TestNextObjectionStatus(t *testing.T) {
	checkMoves(t, NextObjectionStatus, objectionStatusNames, []move[ObjectionStatus, ObjectionAction]{
		{ObjectionPending, OActUphold, ObjectionUpheld, ""},
		{ObjectionPending, OActDismiss, ObjectionDismissed, ""},
		{ObjectionUpheld, OActDismiss, "", refused},
		{ObjectionUpheld, OActUphold, "", refused},
		{ObjectionDismissed, OActUphold, "", refused},
		{ObjectionDismissed, OActDismiss, "", refused},
	})
}

// TestNoticeAndObjectionActions: verified members object while the notice
// runs; market admins decide pending objections.
func TestNoticeAndObjectionActions(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	member := Actor{UserID: 1, Role: RoleDemander, OrgID: 20, OrgVerified: true, Membership: MemberActive}
	unverified := member
	unverified.OrgVerified = false
	pending := Actor{UserID: 2, Membership: MemberPending}
	admin := Actor{UserID: 3, Role: RoleAdmin, OrgID: 40, OrgVerified: true, Membership: MemberActive}
	open := &Notice{Status: NoticeOpen, EndsAt: now.Add(time.Hour)}
	for _, c := range []struct {
		name  string
		actor Actor
		n     Notice
		want  string
	}{
		{"a verified member objects", member, *open, "object"},
		{"so does an admin", admin, *open, "object"},
		{"the public does not", Actor{}, *open, ""},
		{"nor a pending member", pending, *open, ""},
		{"nor an unverified organisation's member", unverified, *open, ""},
		{"not after the period", member, Notice{Status: NoticeOpen, EndsAt: now}, ""},
		{"not once confirmed", member, Notice{Status: NoticeConfirmed, EndsAt: now.Add(time.Hour)}, ""},
	} {
		if got := strings.Join(c.n.withActions(c.actor, now).Actions, " "); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		name  string
		actor Actor
		o     Objection
		want  string
	}{
		{"an admin decides a pending objection", admin, Objection{Status: ObjectionPending}, "uphold dismiss"},
		{"not a decided one", admin, Objection{Status: ObjectionDismissed}, ""},
		{"a member does not decide", member, Objection{Status: ObjectionPending}, ""},
	} {
		if got := strings.Join(c.o.withActions(c.actor).Actions, " "); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
