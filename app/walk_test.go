package app

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"techmarket/models"
)

// A walk checks that a resource kind's `actions` tell the truth: in each of
// its states, as each actor of the security world, every action the
// resource lists for the caller is accepted and every other action of the
// kind is refused. The pages show buttons from `actions` alone, so a lie
// here is a button that fails or a power without a button.
type walk struct {
	kind   string
	side   side // whose organisation owns the resource: picks the owner, pending and other actors
	states []state
	// actions is what the resource says the caller a may do, as a reads it;
	// nil when a may not read it (a is nil for the public).
	actions func(w *world, a *account, id int64) []string
	// acts is every action of the kind, by the name `actions` uses.
	acts map[string]func(w *world, id int64) (method, path string, body any)
	// idempotent names the actions that set a state (star, unstar): one
	// not listed may still be accepted when it changes nothing, that is
	// when the caller's actions read the same after it.
	idempotent map[string]bool
	// after puts the world back after an accepted action that changes who
	// is who (handing over the admin role, say).
	after func(w *world, a *account, act string, id int64)
}

// state builds a fresh resource in one state and returns its id.
type state struct {
	name  string
	build func(w *world) int64
}

func (w *world) walk(t *testing.T, k walk) {
	names := make([]string, 0, len(k.acts))
	for name := range k.acts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, st := range k.states {
		id := st.build(w)
		for i, a := range w.actors(k.side) {
			listed := k.actions(w, a, id)
			for _, name := range listed {
				if k.acts[name] == nil {
					t.Errorf("%s %s as %s: lists %q, which the walk does not know", k.kind, st.name, actorNames[i], name)
				}
			}
			// Refusals first, all on the one resource: a refused action
			// changes nothing, so the state stays what it was built as.
			for _, name := range names {
				if slices.Contains(listed, name) {
					continue
				}
				method, path, body := k.acts[name](w, id)
				if r := w.send(method, path, tokenOf(a), body); r.Status < 400 {
					if k.idempotent[name] && slices.Equal(k.actions(w, a, id), listed) {
						continue
					}
					t.Errorf("%s %s as %s: %s is not in actions %v but was accepted (%d %.200s)",
						k.kind, st.name, actorNames[i], name, listed, r.Status, r.Body)
				}
			}
			for _, name := range listed {
				if k.acts[name] == nil {
					continue
				}
				fresh := st.build(w)
				method, path, body := k.acts[name](w, fresh)
				r := w.send(method, path, tokenOf(a), body)
				if r.Status >= 300 {
					t.Errorf("%s %s as %s: %s is in actions %v but was refused (%d %.200s)",
						k.kind, st.name, actorNames[i], name, listed, r.Status, r.Body)
					continue
				}
				if k.after != nil {
					k.after(w, a, name, fresh)
				}
			}
		}
	}
}

func tokenOf(a *account) string {
	if a == nil {
		return ""
	}
	return a.Token
}

// actionsAt reads the top-level `actions` of the resource at path as a;
// nil when a may not read it.
func (w *world) actionsAt(a *account, path string) []string {
	r := w.send("GET", path, tokenOf(a), nil)
	if r.Status != 200 {
		return nil
	}
	return stringsOf(r.JSON(w.t)["actions"])
}

// actionsIn reads the `actions` of the item with the id among a page of
// items at path as a; nil when a may not read the page or the item is not
// on it.
func (w *world) actionsIn(a *account, path string, id int64) []string {
	r := w.send("GET", path, tokenOf(a), nil)
	if r.Status != 200 {
		return nil
	}
	items, _ := r.JSON(w.t)["items"].([]any)
	for _, it := range items {
		item, _ := it.(map[string]any)
		if n, _ := item["id"].(float64); int64(n) == id {
			return stringsOf(item["actions"])
		}
	}
	return nil
}

func stringsOf(v any) []string {
	list, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func TestMembershipActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		states := []state{
			{"pending", func(w *world) int64 { return w.member() }},
			{"active", func(w *world) int64 { return w.member("approve") }},
			{"suspended", func(w *world) int64 { return w.member("approve", "suspend") }},
			{"refused", func(w *world) int64 { return w.member("refuse") }},
		}
		acts := map[string]func(w *world, id int64) (string, string, any){}
		for _, act := range models.MembershipActions {
			acts[string(act)] = func(w *world, id int64) (string, string, any) {
				return "POST", fmt.Sprintf("/api/v1/memberships/%d/%s", id, strings.ReplaceAll(string(act), "_", "-")), map[string]any{"note": "走查"}
			}
		}
		w.walk(t, walk{kind: "membership", side: sideU, states: states, acts: acts,
			actions: func(w *world, a *account, id int64) []string {
				return w.actionsIn(a, fmt.Sprintf("/api/v1/orgs/%d/members?size=100", w.uOwner.OrgID), id)
			},
			// Handing over the admin role makes the joiner 福州大学's admin:
			// the market admin hands it back, and the owner logs in again.
			after: func(w *world, a *account, act string, id int64) {
				if act != string(models.MemberMakeAdmin) {
					return
				}
				ms, err := w.m.market.MembershipOf(w.m.ctx, w.uOwner.UserID)
				if err != nil {
					w.t.Fatal(err)
				}
				w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/memberships/%d/make-admin", ms.ID), w.admin.Token, nil))
				w.m.login(w.uOwner)
			}})
	})
}
