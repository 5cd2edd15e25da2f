package models

import "testing"

func TestNextAccessStatus(t *testing.T) {
	checkMoves(t, NextAccessStatus, nil, []move[AccessStatus, AccessAction]{
		{AccessPending, AccessGrant, AccessGranted, ""},
		{AccessPending, AccessRefuse, AccessRefused, ""},
		{AccessGranted, AccessGrant, AccessGranted, "already_decided"},
		{AccessGranted, AccessRefuse, AccessGranted, "already_decided"},
		{AccessRefused, AccessGrant, AccessRefused, "already_decided"},
		{AccessRefused, AccessRefuse, AccessRefused, "already_decided"},
		{AccessPending, "revoke", AccessPending, "already_decided"},
	})
}

func TestCheckAccessAct(t *testing.T) {
	owner := Actor{UserID: 1, Role: RoleSupplier, OrgID: 10, OrgVerified: true, Membership: MemberActive}
	requester := Actor{UserID: 2, Role: RoleDemander, OrgID: 20, OrgVerified: true, Membership: MemberActive}
	unverified := Actor{UserID: 4, Role: RoleSupplier, OrgID: 10, Membership: MemberActive}
	stranger := Actor{UserID: 3, Role: RoleAdmin, OrgID: 30, OrgVerified: true, Membership: MemberActive}
	r := func(s AccessStatus) *AccessRequest { return &AccessRequest{OwnerOrgID: 10, RequesterID: 2, Status: s} }
	cases := []struct {
		name  string
		actor Actor
		req   *AccessRequest
		act   AccessAction
		code  string
	}{
		{"the owner grants", owner, r(AccessPending), AccessGrant, ""},
		{"the owner refuses", owner, r(AccessPending), AccessRefuse, ""},
		{"the owner answers twice", owner, r(AccessRefused), AccessGrant, "already_decided"},
		{"the owner before verification", unverified, r(AccessPending), AccessGrant, "org_not_verified"},
		{"the requester grants himself", requester, r(AccessPending), AccessGrant, "not_owner"},
		{"anyone else, even a market admin", stranger, r(AccessPending), AccessGrant, "access_request_not_found"},
		{"the public", Actor{}, r(AccessPending), AccessRefuse, "access_request_not_found"},
	}
	for _, c := range cases {
		if code := catalogueCode(checkAccessAct(c.actor, c.req, c.act)); code != c.code {
			t.Errorf("%s: %q, want %q", c.name, code, c.code)
		}
	}
}

func TestNextReportStatus(t *testing.T) {
	checkMoves(t, NextReportStatus, nil, []move[ReportStatus, ReportAction]{
		{ReportOpen, ReportDismiss, ReportDismissed, ""},
		{ReportOpen, ReportTakeDown, ReportTakenDown, ""},
		{ReportDismissed, ReportDismiss, ReportDismissed, "already_resolved"},
		{ReportDismissed, ReportTakeDown, ReportDismissed, "already_resolved"},
		{ReportTakenDown, ReportDismiss, ReportTakenDown, "already_resolved"},
		{ReportTakenDown, ReportTakeDown, ReportTakenDown, "already_resolved"},
	})
}

func TestCheckReportAct(t *testing.T) {
	admin := Actor{UserID: 3, Role: RoleAdmin, OrgID: 30, OrgVerified: true, Membership: MemberActive}
	broker := Actor{UserID: 5, Role: RoleBroker, OrgID: 50, OrgVerified: true, Membership: MemberActive}
	open := &ListingReport{Kind: "achievement", Status: ReportOpen}
	cases := []struct {
		name      string
		actor     Actor
		act       ReportAction
		published bool
		code      string
	}{
		{"dismiss", admin, ReportDismiss, true, ""},
		{"take down a published listing", admin, ReportTakeDown, true, ""},
		{"take down one no longer published", admin, ReportTakeDown, false, "not_published"},
		{"dismiss when no longer published", admin, ReportDismiss, false, ""},
		{"a broker", broker, ReportDismiss, true, "forbidden"},
	}
	for _, c := range cases {
		if code := catalogueCode(checkReportAct(c.actor, open, c.act, c.published)); code != c.code {
			t.Errorf("%s: %q, want %q", c.name, code, c.code)
		}
	}
}

// catalogueCode is an error's catalogue code, "" for none.
func catalogueCode(err error) string {
	if err == nil {
		return ""
	}
	if me, ok := AsError(err); ok {
		return me.Code
	}
	return err.Error()
}
