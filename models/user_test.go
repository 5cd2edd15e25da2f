package models

import "testing"

func TestRoleFitsOrg(t *testing.T) {
	cases := []struct {
		role Role
		org  OrgType
		want bool
	}{
		{RoleSupplier, OrgUniversity, true},
		{RoleSupplier, OrgInstitute, true},
		{RoleSupplier, OrgEnterprise, false},
		{RoleDemander, OrgEnterprise, true},
		{RoleDemander, OrgUniversity, false},
		{RoleBroker, OrgBrokerFirm, true},
		{RoleReviewer, OrgAgency, true},
		{RoleReviewer, OrgBureau, false},
		{RoleAdmin, OrgBureau, true},
		{Role("superuser"), OrgBureau, false},
	}
	for _, c := range cases {
		if got := RoleFitsOrg(c.role, c.org); got != c.want {
			t.Errorf("RoleFitsOrg(%s, %s) = %v", c.role, c.org, got)
		}
	}
}

func TestRegistrationValidate(t *testing.T) {
	ok := Registration{Username: "zhang_san", Password: "Passw0rd!", Name: "张三", Role: RoleSupplier, OrgName: "福州大学", OrgType: OrgUniversity, Region: "350102"}
	if f := ok.Validate(); len(f) != 0 {
		t.Fatalf("valid registration refused: %v", f)
	}
	cases := []struct {
		name  string
		edit  func(*Registration)
		field string
	}{
		{"admin role", func(r *Registration) { r.Role = RoleAdmin }, "role"},
		{"empty role", func(r *Registration) { r.Role = "" }, "role"},
		{"bad org type", func(r *Registration) { r.OrgType = "club" }, "org_type"},
		{"mismatched org type", func(r *Registration) { r.OrgType = OrgEnterprise }, "org_type"},
		{"short username", func(r *Registration) { r.Username = "ab" }, "username"},
		{"short org name", func(r *Registration) { r.OrgName = "福" }, "org_name"},
		{"phone too long", func(r *Registration) { r.Phone = "123456789012345678901" }, "phone"},
	}
	for _, c := range cases {
		r := ok
		c.edit(&r)
		if f := r.Validate(); f[c.field] == "" {
			t.Errorf("%s: fields %v lack %s", c.name, f, c.field)
		}
	}
}
