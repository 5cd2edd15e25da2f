package models

import (
	"reflect"
	"testing"
	"time"
)

func TestWeightedTotal(t *testing.T) {
	three := Criteria{{"技术先进性", 40}, {"指标承诺", 35}, {"团队与进度", 25}}
	cases := []struct {
		name     string
		criteria Criteria
		scores   Scores
		want     int64
		bad      bool
	}{
		{"full marks", three, Scores{100, 100, 100}, 10000, false},
		{"zero", three, Scores{0, 0, 0}, 0, false},
		{"weighted", three, Scores{90, 80, 70}, 90*40 + 80*35 + 70*25, false},
		{"one criterion", Criteria{{"综合", 100}}, Scores{73}, 7300, false},
		{"uneven weights keep hundredths", Criteria{{"甲", 33}, {"乙", 67}}, Scores{1, 2}, 33 + 134, false},
		{"too few scores", three, Scores{90, 80}, 0, true},
		{"too many scores", three, Scores{90, 80, 70, 60}, 0, true},
		{"over 100", three, Scores{90, 101, 70}, 0, true},
		{"negative", three, Scores{-1, 80, 70}, 0, true},
	}
	for _, c := range cases {
		got, err := WeightedTotal(c.criteria, c.scores)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("%s: %d %v, want %d (error %v)", c.name, got, err, c.want, c.bad)
		}
	}
}

func TestCheckChallenge(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	deadline := now.Add(30 * 24 * time.Hour)
	valid := func() ChallengeInput {
		return ChallengeInput{Title: "钙钛矿组件封装技术", Problem: "组件在湿热环境下衰减过快，需要可量产的封装工艺。",
			Goals: Goals{{"效率保持率", "≥ 95%"}}, AwardFen: 200_0000_00, Deadline: &deadline,
			Criteria: Criteria{{"技术先进性", 60}, {"落地能力", 40}}, Field: "新能源与高效节能", Region: "350102"}
	}
	past, yearAndADay := now.Add(-time.Minute), now.AddDate(1, 0, 1)
	cases := []struct {
		name  string
		edit  func(*ChallengeInput)
		field string // "" when valid
	}{
		{"valid at the cap", func(*ChallengeInput) {}, ""},
		{"over the cap by a fen", func(in *ChallengeInput) { in.AwardFen = 200_0000_01 }, "award_fen"},
		{"no award", func(in *ChallengeInput) { in.AwardFen = 0 }, "award_fen"},
		{"negative award", func(in *ChallengeInput) { in.AwardFen = -5 }, "award_fen"},
		{"weights 90", func(in *ChallengeInput) { in.Criteria[1].Weight = 30 }, "criteria"},
		{"weights 110", func(in *ChallengeInput) { in.Criteria[1].Weight = 50 }, "criteria"},
		{"zero weight", func(in *ChallengeInput) { in.Criteria = Criteria{{"甲项", 100}, {"乙项", 0}} }, "criteria"},
		{"no criteria", func(in *ChallengeInput) { in.Criteria = nil }, "criteria"},
		{"deadline passed", func(in *ChallengeInput) { in.Deadline = &past }, "deadline"},
		{"deadline now", func(in *ChallengeInput) { in.Deadline = &now }, "deadline"},
		{"no deadline", func(in *ChallengeInput) { in.Deadline = nil }, "deadline"},
		{"over a year", func(in *ChallengeInput) { in.Deadline = &yearAndADay }, "deadline"},
		{"no goals", func(in *ChallengeInput) { in.Goals = nil }, "goals"},
		{"goal without target", func(in *ChallengeInput) { in.Goals = Goals{{"效率", " "}} }, "goals"},
		{"bad field", func(in *ChallengeInput) { in.Field = "玄学" }, "field"},
		{"bad region", func(in *ChallengeInput) { in.Region = "999999" }, "region"},
		{"short title", func(in *ChallengeInput) { in.Title = "封装" }, "title"},
	}
	for _, c := range cases {
		in := valid()
		c.edit(&in)
		f := CheckChallenge(&in, now, 200_0000_00)
		if c.field == "" && len(f) > 0 || c.field != "" && f[c.field] == "" {
			t.Errorf("%s: %v", c.name, f)
		}
	}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{200_0000_00: "200 万元", 3_5000_00: "3.5 万元", 80000: "800 元", 12345: "123.45 元", 1_2345_67: "1.2346 万元"} {
		if got := Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", fen, got, want)
		}
	}
}

func TestDecideAward(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	const budget = 100_0000_00 // 100 万元
	challenge := func(status ChallengeStatus, deadline time.Time) Challenge {
		return Challenge{ID: 5, OrgID: 2, Status: status, AwardFen: budget, Deadline: deadline}
	}
	ended, open := now.Add(-time.Hour), now.Add(time.Hour)
	cases := []struct {
		name         string
		c            Challenge
		given, asked int64
		want         int64  // the amount awarded
		code         string // the refusal's code
		closedNow    bool   // the award closes a call whose deadline passed unnoticed
	}{
		{name: "before the deadline", c: challenge(ChallengePublished, open), asked: 50_0000_00, code: "challenge_open"},
		{name: "the deadline passed unnoticed", c: challenge(ChallengePublished, ended), asked: 50_0000_00, want: 50_0000_00, closedNow: true},
		{name: "a closed call, the whole award", c: challenge(ChallengeClosed, ended), want: budget},
		{name: "a second award, what remains", c: challenge(ChallengeAwarded, ended), given: 60_0000_00, want: 40_0000_00},
		{name: "a second award, part of it", c: challenge(ChallengeAwarded, ended), given: 60_0000_00, asked: 30_0000_00, want: 30_0000_00},
		{name: "the award used up", c: challenge(ChallengeAwarded, ended), given: budget, code: "award_used_up"},
		{name: "more than remains", c: challenge(ChallengeAwarded, ended), given: 60_0000_00, asked: 40_0000_01, code: "invalid_input"},
		{name: "more than the award", c: challenge(ChallengeClosed, ended), asked: budget + 1, code: "invalid_input"},
		{name: "a sum past int64 still exceeds it", c: challenge(ChallengeAwarded, ended), given: 1, asked: 1<<63 - 1, code: "invalid_input"},
		{name: "a challenge without an award", c: Challenge{Status: ChallengeClosed, Deadline: ended}, code: "invalid_input"},
		{name: "a draft", c: challenge(ChallengeDraft, ended), code: "bad_transition"},
		{name: "taken down", c: challenge(ChallengeTakenDown, ended), code: "bad_transition"},
		{name: "ended without a winner", c: challenge(ChallengeNoAward, ended), code: "bad_transition"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, err := decideAward(tc.c, tc.given, tc.asked, now)
			if !decided(t, err, tc.code) {
				return
			}
			if a.Fen != tc.want || a.Challenge.Status != ChallengeAwarded {
				t.Errorf("awarded %d, challenge %s; want %d, awarded", a.Fen, a.Challenge.Status, tc.want)
			}
			if closed := a.Challenge.ClosedAt != nil && a.Challenge.ClosedAt.Equal(now); closed != tc.closedNow {
				t.Errorf("closed at %v, want closed now: %v", a.Challenge.ClosedAt, tc.closedNow)
			}
		})
	}
}

func TestNextChallengeStatus(t *testing.T) {
	checkMoves(t, NextChallengeStatus, challengeStatusNames, []move[ChallengeStatus, ChallengeAction]{
		{ChallengeDraft, ChActEdit, ChallengeDraft, ""},
		{ChallengeDraft, ChActPublish, ChallengePublished, ""},
		{ChallengePublished, ChActPropose, ChallengePublished, ""},
		{ChallengePublished, ChActAssignReviewer, ChallengePublished, ""},
		{ChallengePublished, ChActClose, ChallengeClosed, ""},
		{ChallengePublished, ChActTakeDown, ChallengeTakenDown, ""},
		{ChallengeClosed, ChActAssignReviewer, ChallengeClosed, ""},
		{ChallengeClosed, ChActAward, ChallengeAwarded, ""},
		{ChallengeClosed, ChActNoAward, ChallengeNoAward, ""},
		{ChallengeClosed, ChActTakeDown, ChallengeTakenDown, ""},
		{ChallengeAwarded, ChActAssignReviewer, ChallengeAwarded, ""},
		{ChallengeAwarded, ChActAward, ChallengeAwarded, ""},
		{ChallengeDraft, ChActPropose, ChallengeDraft, refused},
		{ChallengeDraft, ChActTakeDown, ChallengeDraft, refused},
		{ChallengePublished, ChActEdit, ChallengePublished, refused},
		{ChallengePublished, ChActAward, ChallengePublished, refused},
		{ChallengePublished, ChActNoAward, ChallengePublished, refused},
		{ChallengeClosed, ChActPropose, ChallengeClosed, refused},
		{ChallengeAwarded, ChActNoAward, ChallengeAwarded, refused},
		{ChallengeAwarded, ChActTakeDown, ChallengeAwarded, refused},
		{ChallengeNoAward, ChActAward, ChallengeNoAward, refused},
		{ChallengeNoAward, ChActAssignReviewer, ChallengeNoAward, refused},
		{ChallengeTakenDown, ChActPublish, ChallengeTakenDown, refused},
	})
}

func TestNextProposalStatus(t *testing.T) {
	checkMoves(t, NextProposalStatus, proposalStatusNames, []move[ProposalStatus, ProposalAction]{
		{ProposalSubmitted, PActRevise, ProposalSubmitted, ""},
		{ProposalSubmitted, PActUpload, ProposalSubmitted, ""},
		{ProposalSubmitted, PActScore, ProposalSubmitted, ""},
		{ProposalSubmitted, PActAward, ProposalAwarded, ""},
		{ProposalAwarded, PActScore, ProposalAwarded, ""},
		{ProposalAwarded, PActAward, ProposalAwarded, refused},
		{ProposalAwarded, PActRevise, ProposalAwarded, refused},
		{ProposalAwarded, PActUpload, ProposalAwarded, refused},
	})
}

// What a challenge offers depends on the deadline as well as its status:
// past the deadline a published challenge takes no proposal and may end
// without award, before the scheduler has closed it.
func TestChallengeActions(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	challenger := Actor{UserID: 1, Role: RoleDemander, OrgID: 5, OrgVerified: true, Membership: MemberActive}
	unverified := Actor{UserID: 2, Role: RoleDemander, OrgID: 5, Membership: MemberActive}
	proposer := Actor{UserID: 3, Role: RoleSupplier, OrgID: 6, OrgVerified: true, Membership: MemberActive}
	broker := Actor{UserID: 4, Role: RoleBroker, OrgID: 7, OrgVerified: true, Membership: MemberActive}
	admin := Actor{UserID: 9, Role: RoleAdmin, OrgID: 8, OrgVerified: true, Membership: MemberActive}
	ch := func(s ChallengeStatus, deadline time.Time) *Challenge {
		return &Challenge{ID: 1, OrgID: 5, Status: s, Deadline: deadline}
	}
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	for _, tc := range []struct {
		name     string
		actor    Actor
		c        *Challenge
		proposed bool
		want     []string
	}{
		{"the challenger's draft", challenger, ch(ChallengeDraft, later), false, []string{"edit", "publish"}},
		{"a draft past its deadline is edited first", challenger, ch(ChallengeDraft, earlier), false, []string{"edit"}},
		{"unverified, the draft waits", unverified, ch(ChallengeDraft, later), false, []string{"edit"}},
		{"open, for the challenger", challenger, ch(ChallengePublished, later), false, []string{"assign_reviewer"}},
		{"open, for a proposer", proposer, ch(ChallengePublished, later), false, []string{"propose"}},
		{"one proposal an organisation", proposer, ch(ChallengePublished, later), true, []string{}},
		{"brokers do not propose", broker, ch(ChallengePublished, later), false, []string{}},
		{"past the deadline", challenger, ch(ChallengePublished, earlier), false, []string{"assign_reviewer", "no_award"}},
		{"past the deadline, no proposal", proposer, ch(ChallengePublished, earlier), false, []string{}},
		{"the admin takes down", admin, ch(ChallengeClosed, earlier), false, []string{"take_down"}},
		{"awarded", challenger, ch(ChallengeAwarded, earlier), false, []string{"assign_reviewer"}},
		{"ended", challenger, ch(ChallengeNoAward, earlier), false, []string{}},
		{"the public", Actor{}, ch(ChallengePublished, later), false, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := challengeActions(tc.actor, tc.c, challengeFacts{Now: now, Proposed: tc.proposed}); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("actions %v, want %v", got, tc.want)
			}
		})
	}
}

func TestProposalActions(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	challenger := Actor{UserID: 1, Role: RoleDemander, OrgID: 5, OrgVerified: true, Membership: MemberActive}
	proposer := Actor{UserID: 3, Role: RoleSupplier, OrgID: 6, OrgVerified: true, Membership: MemberActive}
	reviewer := Actor{UserID: 4, Role: RoleBroker, OrgID: 7, OrgVerified: true, Membership: MemberActive}
	c := func(s ChallengeStatus, deadline time.Time) *Challenge {
		return &Challenge{ID: 1, OrgID: 5, Status: s, Deadline: deadline, AwardFen: 100_0000_00}
	}
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	submitted := &Proposal{ID: 2, ChallengeID: 1, OrgID: 6, Status: ProposalSubmitted}
	awarded := &Proposal{ID: 2, ChallengeID: 1, OrgID: 6, Status: ProposalAwarded}
	for _, tc := range []struct {
		name  string
		actor Actor
		p     *Proposal
		c     *Challenge
		f     proposalFacts
		want  []string
	}{
		{"the proposer, open", proposer, submitted, c(ChallengePublished, later), proposalFacts{}, []string{"revise", "upload"}},
		{"five files", proposer, submitted, c(ChallengePublished, later), proposalFacts{Files: MaxProposalFiles}, []string{"revise"}},
		{"the proposer, closed", proposer, submitted, c(ChallengePublished, earlier), proposalFacts{}, []string{}},
		{"the reviewer waits for the deadline", reviewer, submitted, c(ChallengePublished, later), proposalFacts{Reviewer: true}, []string{}},
		{"the reviewer scores", reviewer, submitted, c(ChallengePublished, earlier), proposalFacts{Reviewer: true}, []string{"score"}},
		{"unassigned", reviewer, submitted, c(ChallengeClosed, earlier), proposalFacts{}, []string{}},
		{"the challenger awards", challenger, submitted, c(ChallengeClosed, earlier), proposalFacts{}, []string{"award"}},
		{"not before the deadline", challenger, submitted, c(ChallengePublished, later), proposalFacts{}, []string{}},
		{"the award used up", challenger, submitted, c(ChallengeAwarded, earlier), proposalFacts{Given: 100_0000_00}, []string{}},
		{"what is left of it", challenger, submitted, c(ChallengeAwarded, earlier), proposalFacts{Given: 50_0000_00}, []string{"award"}},
		{"awarded, still scored", reviewer, awarded, c(ChallengeAwarded, earlier), proposalFacts{Reviewer: true}, []string{"score"}},
		{"awarded once", challenger, awarded, c(ChallengeAwarded, earlier), proposalFacts{}, []string{}},
		{"no award", challenger, submitted, c(ChallengeNoAward, earlier), proposalFacts{}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.Now = now
			if got := proposalActions(tc.actor, tc.p, tc.c, tc.f); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("actions %v, want %v", got, tc.want)
			}
		})
	}
}
