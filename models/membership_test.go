package models

import "testing"

func TestNextMembershipStatus(t *testing.T) {
	checkMoves(t, NextMembershipStatus, nil, []move[MembershipStatus, MembershipAction]{
		{MemberPending, MemberApprove, MemberActive, ""},
		{MemberPending, MemberRefuse, MemberRefused, ""},
		{MemberPending, MemberSuspend, "", refused},
		{MemberPending, MemberMakeAdmin, "", refused},
		{MemberActive, MemberSuspend, MemberSuspended, ""},
		{MemberActive, MemberMakeAdmin, MemberActive, ""},
		{MemberActive, MemberApprove, "", refused},
		{MemberActive, MemberRefuse, "", refused},
		{MemberSuspended, MemberReinstate, MemberActive, ""},
		{MemberSuspended, MemberMakeAdmin, "", refused},
		{MemberRefused, MemberApprove, "", refused},
		{MemberRefused, MemberReinstate, "", refused},
	})
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
