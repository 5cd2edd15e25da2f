package app

import (
	"fmt"
	"testing"
	"time"
)

// The challenge's states as the walks build them, each a fresh challenge of
// 福耀玻璃; 福州大学 proposes, the verified broker reviews.
func challengeStates() []state {
	closed := func(w *world) int64 {
		id := w.challengePublished()
		w.closeChallenge(id)
		return id
	}
	return []state{
		{"draft", func(w *world) int64 { return w.challengeDraft() }},
		{"draft past its deadline", func(w *world) int64 {
			id := w.challengeDraft()
			w.closeChallenge(id)
			return id
		}},
		{"published", func(w *world) int64 { return w.challengePublished() }},
		{"published, 福州大学 proposed", func(w *world) int64 { c, _ := w.proposal(); return c }},
		{"published, deadline passed", closed},
		{"closed", func(w *world) int64 {
			id := closed(w)
			w.setStatus("challenges", id, map[string]any{"status": "closed", "closed_at": time.Now()})
			return id
		}},
		{"awarded", func(w *world) int64 { c, _ := w.awardedProposal(); return c }},
		{"no award", func(w *world) int64 {
			id := closed(w)
			w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/challenges/%d/no-award", id), w.eOwner.Token, nil))
			return id
		}},
		{"taken down", func(w *world) int64 {
			id := w.challengePublished()
			w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/challenges/%d/takedown", id), w.admin.Token, map[string]any{"reason": "与平台规则不符"}))
			return id
		}},
	}
}

func challengeActs() map[string]func(w *world, id int64) (string, string, any) {
	at := func(method, step string, body func(w *world) any) func(w *world, id int64) (string, string, any) {
		return func(w *world, id int64) (string, string, any) {
			return method, fmt.Sprintf("/api/v1/challenges/%d%s", id, step), body(w)
		}
	}
	none := func(*world) any { return nil }
	return map[string]func(w *world, id int64) (string, string, any){
		"edit": at("PUT", "", func(w *world) any {
			return challengeBody(fmt.Sprintf("钙钛矿组件湿热封装工艺 %d", w.next()), time.Now().AddDate(0, 1, 0))
		}),
		"publish":         at("POST", "/publish", none),
		"propose":         at("POST", "/proposals", func(*world) any { return proposalBody("钙钛矿组件原子层沉积封装方案") }),
		"assign_reviewer": at("POST", "/reviewers", func(w *world) any { return map[string]any{"user_id": w.bOwner.UserID} }),
		"no_award":        at("POST", "/no-award", none),
		"take_down":       at("POST", "/takedown", func(*world) any { return map[string]any{"reason": "与平台规则不符"} }),
	}
}

// The challenger's side and the proposer's side walk the challenge with the
// strangers of the world.
func TestChallengeActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		for _, s := range []side{sideE, sideU} {
			w.walk(t, walk{kind: "challenge", side: s, states: challengeStates(), acts: challengeActs(),
				actions: func(w *world, a *account, id int64) []string {
					return w.actionsAt(a, fmt.Sprintf("/api/v1/challenges/%d", id))
				}})
		}
	})
}

func proposalActs() map[string]func(w *world, id int64) (string, string, any) {
	at := func(method, step string, body func(w *world) any) func(w *world, id int64) (string, string, any) {
		return func(w *world, id int64) (string, string, any) {
			return method, fmt.Sprintf("/api/v1/proposals/%d%s", id, step), body(w)
		}
	}
	return map[string]func(w *world, id int64) (string, string, any){
		"revise": at("PUT", "", func(*world) any { return proposalBody("钙钛矿组件原子层沉积封装方案") }),
		"upload": at("POST", "/files", func(*world) any { return form{nil, "方案.pdf", pdf} }),
		"score":  at("PUT", "/score", func(*world) any { return map[string]any{"scores": []int{80, 70, 90}, "comment": "走查"} }),
		"award":  at("POST", "/award", func(*world) any { return nil }),
	}
}

// The proposer's side and the challenger's side (with the verified broker,
// the assigned reviewer) walk the proposal; the detail and the challenge's
// list say the same.
func TestProposalActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		proposal := func(w *world) int64 { _, p := w.proposal(); return p }
		closed := func(w *world) int64 {
			c, p := w.proposal()
			w.closeChallenge(c)
			return p
		}
		states := []state{
			{"submitted, open", proposal},
			{"submitted, five files", func(w *world) int64 {
				p := proposal(w)
				for range 5 {
					w.proposalFile(p)
				}
				return p
			}},
			{"submitted, closed", closed},
			{"submitted, the award given to another", func(w *world) int64 {
				c, p := w.proposal()
				other := w.id(w.m.must(201, w.m.do("POST", fmt.Sprintf("/api/v1/challenges/%d/proposals", c), w.uOther.Token, proposalBody("钙钛矿组件原子层沉积封装方案"))))
				w.closeChallenge(c)
				w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/proposals/%d/award", other), w.eOwner.Token, nil))
				return p
			}},
			{"submitted, no award", func(w *world) int64 {
				c, p := w.proposal()
				w.closeChallenge(c)
				w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/challenges/%d/no-award", c), w.eOwner.Token, nil))
				return p
			}},
		}
		actions := func(w *world, a *account, id int64) []string {
			detail := w.actionsAt(a, fmt.Sprintf("/api/v1/proposals/%d", id))
			var challengeID int64
			if err := w.m.db.Table("proposals").Where("id = ?", id).Pluck("challenge_id", &challengeID).Error; err != nil {
				w.t.Fatal(err)
			}
			if listed := w.actionsIn(a, fmt.Sprintf("/api/v1/challenges/%d/proposals", challengeID), id); detail != nil && fmt.Sprint(listed) != fmt.Sprint(detail) {
				w.t.Errorf("proposal %d: the list says %v, the detail %v", id, listed, detail)
			}
			return detail
		}
		for _, s := range []side{sideU, sideE} {
			w.walk(t, walk{kind: "proposal", side: s, states: states, acts: proposalActs(), actions: actions})
			// Awarding an awarded proposal again is a retry that answers the
			// deal the award opened (the route says so), not a power the
			// page offers: the awarded proposal is walked without it.
			acts := proposalActs()
			delete(acts, "award")
			w.walk(t, walk{kind: "proposal", side: s, acts: acts, actions: actions,
				states: []state{{"awarded", func(w *world) int64 { _, p := w.awardedProposal(); return p }}}})
		}
	})
}
