package models

import "testing"

func TestFeedbackInputRules(t *testing.T) {
	cases := []struct {
		in    PassInput
		field string // offending field, "" when valid
	}{
		{PassInput{Reasons: []string{"early_stage", "price"}}, ""},
		{PassInput{Reasons: []string{"other"}, OtherText: "已有合作方"}, ""},
		{PassInput{Reasons: []string{"cheap"}}, "reasons"},
		{PassInput{}, "reasons"},
		{PassInput{Reasons: []string{"other"}}, "other_text"},
		{PassInput{Reasons: []string{"other"}, OtherText: "   "}, "other_text"},
		{PassInput{Reasons: []string{"vague"}, OtherText: "不勾选其他却写了原因"}, "other_text"},
	}
	for _, c := range cases {
		err := c.in.check()
		me, _ := AsError(err)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%+v: unexpected %v", c.in, err)
		case c.field != "" && (me == nil || me.Status != 422 || me.Fields[c.field] == ""):
			t.Errorf("%+v: want 422 on %s, got %v", c.in, c.field, err)
		}
	}
}
