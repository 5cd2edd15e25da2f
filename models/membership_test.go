package models

import "testing"

func TestNextMembershipStatus(t *testing.T) {
	for _, tc := range []struct {
		from MembershipStatus
		act  MembershipAction
		to   MembershipStatus // "" means refused
	}{
		{MemberPending, MemberApprove, MemberActive},
		{MemberPending, MemberRefuse, MemberRefused},
		{MemberPending, MemberSuspend, ""},
		{MemberPending, MemberMakeAdmin, ""},
		{MemberActive, MemberSuspend, MemberSuspended},
		{MemberActive, MemberMakeAdmin, MemberActive},
		{MemberActive, MemberApprove, ""},
		{MemberActive, MemberRefuse, ""},
		{MemberSuspended, MemberReinstate, MemberActive},
		{MemberSuspended, MemberMakeAdmin, ""},
		{MemberRefused, MemberApprove, ""},
		{MemberRefused, MemberReinstate, ""},
	} {
		got, err := NextMembershipStatus(tc.from, tc.act)
		if tc.to == "" {
			if err == nil {
				t.Errorf("%s --%s--> %s, want refused", tc.from, tc.act, got)
			}
			continue
		}
		if err != nil || got != tc.to {
			t.Errorf("%s --%s--> %s (%v), want %s", tc.from, tc.act, got, err, tc.to)
		}
	}
}

func TestCheckMembershipAct(t *testing.T) {
	admin := Actor{UserID: 1, OrgID: 7, Membership: MemberActive, OrgAdmin: true}
	for _, tc := range []struct {
		name string
		m    Membership
		act  MembershipAction
		ok   bool
	}{
		{"approve a pending member", Membership{UserID: 2, Status: MemberPending, OrgRole: OrgRoleMember}, MemberApprove, true},
		{"approve oneself", Membership{UserID: 1, Status: MemberPending, OrgRole: OrgRoleMember}, MemberApprove, false},
		{"suspend the admin", Membership{UserID: 3, Status: MemberActive, OrgRole: OrgRoleAdmin}, MemberSuspend, false},
		{"hand over to a member", Membership{UserID: 2, Status: MemberActive, OrgRole: OrgRoleMember}, MemberMakeAdmin, true},
		{"hand over to an admin", Membership{UserID: 1, Status: MemberActive, OrgRole: OrgRoleAdmin}, MemberMakeAdmin, false},
	} {
		if err := checkMembershipAct(admin, &tc.m, tc.act); (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestActorPowersNeedAnActiveMembershipInAVerifiedOrganisation(t *testing.T) {
	active := Actor{UserID: 1, Role: RoleBroker, OrgID: 3, OrgVerified: true, Membership: MemberActive}
	unverified := active
	unverified.OrgVerified = false
	pending := Actor{UserID: 1, Membership: MemberPending}
	if !active.Acts(RoleBroker) || unverified.Acts(RoleBroker) || pending.Acts(RoleBroker) {
		t.Error("Acts")
	}
	if active.RequirePower(RoleBroker) != nil || unverified.RequirePower(RoleBroker) == nil || pending.RequirePower(RoleBroker) == nil {
		t.Error("RequirePower")
	}
	if unverified.Require(RoleBroker) != nil {
		t.Error("an active member of an unverified organisation may draft")
	}
	if e, _ := AsError(pending.Require(RoleBroker)); e == nil || e.Code != "membership_pending" {
		t.Errorf("pending: %v", e)
	}
	if pending.OwnOrg(0) || pending.CanSeeOrgPrivate(0) || pending.CanSeeContact(5) {
		t.Error("a pending member reaches an organisation")
	}
}
