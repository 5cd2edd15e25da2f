package models

import (
	"reflect"
	"testing"
	"time"
)

func TestDecideContract(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	earlier := now.Add(-time.Hour)
	buyer, reviewer, colleague := int64(7), int64(41), int64(42)
	draft := func(edit ...func(*Contract)) Contract {
		c := Contract{ID: 1, Status: ContractDraft, SellerOrgID: 3, BuyerOrgID: &buyer, AgencyID: 9, TechFen: 100_000_00, FileSHA256: "ab"}
		for _, e := range edit {
			e(&c)
		}
		return c
	}
	in := func(s ContractStatus) func(*Contract) { return func(c *Contract) { c.Status = s } }
	large := func(c *Contract) { c.TechFen = LargeContractFen }
	approvedBy := func(id int64) func(*Contract) { return func(c *Contract) { c.FirstApprovalBy = &id } }
	seller, buyerSide := contractSide{Seller: true, UserID: 11}, contractSide{Buyer: true, UserID: 21}
	agency, stranger := contractSide{Reviewer: true, UserID: reviewer}, contractSide{UserID: 99}

	cases := []struct {
		name   string
		c      Contract
		side   contractSide
		act    ContractAction
		review ReviewInput
		want   ContractStatus // the status after the step; "" when refused
		code   string         // the refusal's code
		check  func(t *testing.T, s contractStep)
	}{
		{name: "the seller confirms first", c: draft(), side: seller, act: CActConfirm, want: ContractDraft,
			check: func(t *testing.T, s contractStep) {
				if s.Contract.SellerConfirmedAt == nil || !s.Contract.SellerConfirmedAt.Equal(now) || s.Guard != "seller_confirmed_at IS NULL" {
					t.Errorf("step %+v", s)
				}
			}},
		{name: "the buyer's confirmation completes it", c: draft(func(c *Contract) { c.SellerConfirmedAt = &earlier }), side: buyerSide,
			act: CActConfirm, want: ContractConfirmed,
			check: func(t *testing.T, s contractStep) {
				if s.Guard != "buyer_confirmed_at IS NULL" || s.Contract.BuyerConfirmedAt == nil {
					t.Errorf("step %+v", s)
				}
			}},
		{name: "without a buyer organisation the seller alone confirms", c: draft(func(c *Contract) { c.BuyerOrgID = nil }), side: seller,
			act: CActConfirm, want: ContractConfirmed},
		{name: "a party confirms once", c: draft(func(c *Contract) { c.SellerConfirmedAt = &earlier }), side: seller, act: CActConfirm,
			code: "already_confirmed"},
		{name: "only the parties confirm", c: draft(), side: stranger, act: CActConfirm, code: "not_a_party"},
		{name: "a reviewer is no party", c: draft(), side: agency, act: CActConfirm, code: "not_a_party"},
		{name: "a draft is not submitted", c: draft(), side: seller, act: CActSubmit, code: "bad_transition"},
		{name: "the seller submits", c: draft(in(ContractConfirmed)), side: seller, act: CActSubmit, want: ContractSubmitted,
			check: func(t *testing.T, s contractStep) {
				if s.Contract.SubmittedAt == nil || !s.Contract.SubmittedAt.Equal(now) || s.Guard != "" || s.Register {
					t.Errorf("step %+v", s)
				}
			}},
		{name: "only the seller submits", c: draft(in(ContractConfirmed)), side: buyerSide, act: CActSubmit, code: "not_seller"},
		{name: "no text, no submission", c: draft(in(ContractConfirmed), func(c *Contract) { c.FileSHA256 = "" }), side: seller,
			act: CActSubmit, code: "invalid_input"},
		{name: "resubmission restarts the review", c: draft(in(ContractNeedsCorrection), large, approvedBy(reviewer)), side: seller,
			act: CActResubmit, want: ContractSubmitted,
			check: func(t *testing.T, s contractStep) {
				if s.Contract.FirstApprovalBy != nil || !s.Contract.SubmittedAt.Equal(now) {
					t.Errorf("step %+v", s)
				}
			}},
		{name: "only the agency reviews", c: draft(in(ContractSubmitted)), side: seller, act: CActReturn,
			review: ReviewInput{Comment: "请补充"}, code: "not_your_agency"},
		{name: "a return says what to correct", c: draft(in(ContractSubmitted)), side: agency, act: CActReturn, code: "invalid_input"},
		{name: "the agency returns it", c: draft(in(ContractSubmitted)), side: agency, act: CActReturn,
			review: ReviewInput{Comment: "  请补充技术交易额的计算依据  "}, want: ContractNeedsCorrection,
			check: func(t *testing.T, s contractStep) {
				if s.Contract.ReviewComment != "请补充技术交易额的计算依据" {
					t.Errorf("comment %q", s.Contract.ReviewComment)
				}
			}},
		{name: "a rejection gives grounds", c: draft(in(ContractSubmitted)), side: agency, act: CActReject, code: "invalid_input"},
		{name: "a rejection's grounds are the standard ones", c: draft(in(ContractSubmitted)), side: agency, act: CActReject,
			review: ReviewInput{Grounds: []string{"not_technology_contract", "made_up"}}, code: "invalid_input"},
		{name: "the agency rejects it", c: draft(in(ContractSubmitted)), side: agency, act: CActReject,
			review: ReviewInput{Grounds: []string{"not_technology_contract"}}, want: ContractRejected,
			check: func(t *testing.T, s contractStep) {
				if len(s.Contract.RejectGrounds) != 1 || s.Register {
					t.Errorf("step %+v", s)
				}
			}},
		{name: "a small contract needs no second review", c: draft(in(ContractSubmitted)), side: agency, act: CActApprove, code: "no_second_review"},
		{name: "a large contract's first approval", c: draft(in(ContractSubmitted), large), side: agency, act: CActApprove, want: ContractSubmitted,
			check: func(t *testing.T, s contractStep) {
				if s.Contract.FirstApprovalBy == nil || *s.Contract.FirstApprovalBy != reviewer || s.Register {
					t.Errorf("step %+v", s)
				}
			}},
		{name: "a large contract waits for a second reviewer", c: draft(in(ContractSubmitted), large), side: agency, act: CActRegister,
			code: "needs_second_review"},
		{name: "the second reviewer is another one", c: draft(in(ContractSubmitted), large, approvedBy(reviewer)), side: agency,
			act: CActRegister, code: "needs_second_review"},
		{name: "another reviewer registers a large contract", c: draft(in(ContractSubmitted), large, approvedBy(colleague)), side: agency,
			act: CActRegister, want: ContractRegistered,
			check: func(t *testing.T, s contractStep) {
				if !s.Register || !s.Contract.RegisteredAt.Equal(now) || *s.Contract.RegisteredBy != reviewer || s.Contract.RegistrationNo != nil {
					t.Errorf("step %+v", s)
				}
			}},
		{name: "a small contract is registered at once", c: draft(in(ContractSubmitted)), side: agency, act: CActRegister, want: ContractRegistered},
		{name: "a registered contract stays", c: draft(in(ContractRegistered)), side: agency, act: CActReject,
			review: ReviewInput{Grounds: []string{"seal_problem"}}, code: "bad_transition"},
		{name: "an unknown act", c: draft(in(ContractSubmitted)), side: agency, act: "sign", code: "bad_transition"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.c
			step, err := decideContract(tc.c, tc.side, tc.act, tc.review, now)
			if !decided(t, err, tc.code) {
				return
			}
			if step.Contract.Status != tc.want {
				t.Errorf("status %s, want %s", step.Contract.Status, tc.want)
			}
			if !reflect.DeepEqual(tc.c, before) {
				t.Error("the decision changed the contract it was given")
			}
			if tc.check != nil {
				tc.check(t, step)
			}
		})
	}
}

// decided checks a decision's error against the refusal a case expects
// (none when code is empty), and says whether the decision was taken.
func decided(t *testing.T, err error, code string) bool {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("refused: %v", err)
		}
		return true
	}
	if e, ok := AsError(err); !ok || e.Code != code {
		t.Fatalf("got %v, want a refusal %s", err, code)
	}
	return false
}

func TestNextContractStatus(t *testing.T) {
	checkMoves(t, NextContractStatus, contractStatusNames, []move[ContractStatus, ContractAction]{
		{ContractDraft, CActConfirm, ContractDraft, ""},
		{ContractDraft, CActEdit, ContractDraft, ""},
		{ContractDraft, CActUpload, ContractDraft, ""},
		{ContractConfirmed, CActSubmit, ContractSubmitted, ""},
		{ContractConfirmed, CActUpload, ContractConfirmed, ""},
		{ContractSubmitted, CActReturn, ContractNeedsCorrection, ""},
		{ContractSubmitted, CActApprove, ContractSubmitted, ""},
		{ContractSubmitted, CActRegister, ContractRegistered, ""},
		{ContractSubmitted, CActReject, ContractRejected, ""},
		{ContractNeedsCorrection, CActEdit, ContractNeedsCorrection, ""},
		{ContractNeedsCorrection, CActUpload, ContractNeedsCorrection, ""},
		{ContractNeedsCorrection, CActResubmit, ContractSubmitted, ""},
		{ContractRegistered, CActAmend, ContractRegistered, ""},
		{ContractDraft, CActSubmit, ContractDraft, refused},
		{ContractDraft, CActRegister, ContractDraft, refused},
		{ContractConfirmed, CActEdit, ContractConfirmed, refused},
		{ContractConfirmed, CActConfirm, ContractConfirmed, refused},
		{ContractSubmitted, CActEdit, ContractSubmitted, refused},
		{ContractSubmitted, CActUpload, ContractSubmitted, refused},
		{ContractSubmitted, CActSubmit, ContractSubmitted, refused},
		{ContractNeedsCorrection, CActRegister, ContractNeedsCorrection, refused},
		{ContractRegistered, CActEdit, ContractRegistered, refused},
		{ContractRegistered, CActReject, ContractRegistered, refused},
		{ContractRejected, CActResubmit, ContractRejected, refused},
		{ContractRejected, CActAmend, ContractRejected, refused},
	})
}

// The actions a page shows are what checkContractAct allows: the parties'
// steps, the agency's review with the second review of a large contract,
// and a registered contract's amendments.
func TestContractActions(t *testing.T) {
	buyerOrg := int64(7)
	seller := Actor{UserID: 11, Role: RoleSupplier, OrgID: 3, OrgVerified: true, Membership: MemberActive}
	buyer := Actor{UserID: 21, Role: RoleDemander, OrgID: buyerOrg, OrgVerified: true, Membership: MemberActive}
	reviewer := Actor{UserID: 41, Role: RoleReviewer, OrgID: 9, OrgVerified: true, Membership: MemberActive}
	colleague := Actor{UserID: 42, Role: RoleReviewer, OrgID: 9, OrgVerified: true, Membership: MemberActive}
	stranger := Actor{UserID: 51, Role: RoleReviewer, OrgID: 10, OrgVerified: true, Membership: MemberActive}
	earlier := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	contract := func(s ContractStatus, edit ...func(*Contract)) *Contract {
		c := &Contract{ID: 1, Status: s, SellerOrgID: 3, BuyerOrgID: &buyerOrg, AgencyID: 9, TechFen: 100_000_00, FileSHA256: "ab"}
		for _, e := range edit {
			e(c)
		}
		return c
	}
	large := func(c *Contract) { c.TechFen = LargeContractFen }
	noFile := func(c *Contract) { c.FileSHA256 = "" }
	approvedBy := func(id int64) func(*Contract) { return func(c *Contract) { c.FirstApprovalBy = &id } }
	sellerConfirmed := func(c *Contract) { c.SellerConfirmedAt = &earlier }
	for _, tc := range []struct {
		name  string
		actor Actor
		c     *Contract
		am    contractAmendments
		want  []string
	}{
		{"the seller's draft", seller, contract(ContractDraft), contractAmendments{}, []string{"edit", "upload", "confirm"}},
		{"the seller confirmed", seller, contract(ContractDraft, sellerConfirmed), contractAmendments{}, []string{"edit", "upload"}},
		{"the buyer confirms", buyer, contract(ContractDraft, sellerConfirmed), contractAmendments{}, []string{"confirm"}},
		{"no reviewer sees a draft", reviewer, contract(ContractDraft), contractAmendments{}, []string{}},
		{"the seller submits", seller, contract(ContractConfirmed), contractAmendments{}, []string{"upload", "submit"}},
		{"no text, no submission", seller, contract(ContractConfirmed, noFile), contractAmendments{}, []string{"upload"}},
		{"submitted, the seller waits", seller, contract(ContractSubmitted), contractAmendments{}, []string{}},
		{"a small contract", reviewer, contract(ContractSubmitted), contractAmendments{}, []string{"return", "reject", "register"}},
		{"another agency", stranger, contract(ContractSubmitted), contractAmendments{}, []string{}},
		{"a large contract's first review", reviewer, contract(ContractSubmitted, large), contractAmendments{}, []string{"return", "reject", "approve"}},
		{"the approver waits for another", reviewer, contract(ContractSubmitted, large, approvedBy(41)), contractAmendments{}, []string{"return", "reject"}},
		{"another reviewer registers", colleague, contract(ContractSubmitted, large, approvedBy(41)), contractAmendments{}, []string{"return", "reject", "register"}},
		{"returned for correction", seller, contract(ContractNeedsCorrection), contractAmendments{}, []string{"edit", "upload", "resubmit"}},
		{"registered, for the seller", seller, contract(ContractRegistered), contractAmendments{}, []string{"amend", "certificate"}},
		{"registered, for the buyer", buyer, contract(ContractRegistered), contractAmendments{}, []string{"certificate"}},
		{"an amendment pending", seller, contract(ContractRegistered), contractAmendments{Pending: true}, []string{"certificate"}},
		{"cancelled", seller, contract(ContractRegistered), contractAmendments{Cancelled: true}, []string{"certificate"}},
		{"rejected", seller, contract(ContractRejected), contractAmendments{}, []string{}},
		{"the public", Actor{}, contract(ContractRegistered), contractAmendments{}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := contractActions(tc.actor, tc.c, tc.am); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("actions %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNextAmendmentStatus(t *testing.T) {
	checkMoves(t, NextAmendmentStatus, amendmentStatusNames, []move[AmendmentStatus, AmendmentAction]{
		{AmendmentSubmitted, AActRegister, AmendmentRegistered, ""},
		{AmendmentSubmitted, AActReject, AmendmentRejected, ""},
		{AmendmentRegistered, AActRegister, AmendmentRegistered, refused},
		{AmendmentRegistered, AActReject, AmendmentRegistered, refused},
		{AmendmentRejected, AActRegister, AmendmentRejected, refused},
		{AmendmentRejected, AActReject, AmendmentRejected, refused},
		{AmendmentSubmitted, "cancel", AmendmentSubmitted, refused},
	})
}

func TestAmendmentActions(t *testing.T) {
	reviewer := Actor{UserID: 41, Role: RoleReviewer, OrgID: 9, OrgVerified: true, Membership: MemberActive}
	other := Actor{UserID: 51, Role: RoleReviewer, OrgID: 10, OrgVerified: true, Membership: MemberActive}
	seller := Actor{UserID: 11, Role: RoleSupplier, OrgID: 3, OrgVerified: true, Membership: MemberActive}
	c := &Contract{ID: 1, Status: ContractRegistered, SellerOrgID: 3, AgencyID: 9}
	for _, tc := range []struct {
		name  string
		actor Actor
		s     AmendmentStatus
		want  []string
	}{
		{"the agency decides", reviewer, AmendmentSubmitted, []string{"register", "reject"}},
		{"once", reviewer, AmendmentRegistered, []string{}},
		{"once, either way", reviewer, AmendmentRejected, []string{}},
		{"not another agency", other, AmendmentSubmitted, []string{}},
		{"not the seller", seller, AmendmentSubmitted, []string{}},
	} {
		if got := amendmentActions(tc.actor, c, &Amendment{Status: tc.s}); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: actions %v, want %v", tc.name, got, tc.want)
		}
	}
}
