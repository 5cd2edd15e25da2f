package models

import "testing"

func TestAssessAgainstThePlansThresholds(t *testing.T) {
	const wan = 1_000_000 // 1 万元 in fen
	for _, c := range []struct {
		kind        InstitutionKind
		facilitated int64
		want        Assessment
	}{
		{InstitutionPlatform, 1_000 * wan, Assessment{ThresholdFen: 1_000 * wan, Met: true}},
		{InstitutionPlatform, 1_000*wan - 1, Assessment{ThresholdFen: 1_000 * wan, GapFen: 1}},
		{InstitutionPlatform, 0, Assessment{ThresholdFen: 1_000 * wan, GapFen: 1_000 * wan}},
		{InstitutionTransaction, 3_000 * wan, Assessment{ThresholdFen: 3_000 * wan, Met: true}},
		{InstitutionTransaction, 2_999 * wan, Assessment{ThresholdFen: 3_000 * wan, GapFen: wan}},
		{InstitutionTransaction, 1_000 * wan, Assessment{ThresholdFen: 3_000 * wan, GapFen: 2_000 * wan}},
		{"", 5_000 * wan, Assessment{}},
	} {
		if got := Assess(c.kind, c.facilitated); got != c.want {
			t.Errorf("%q with %d fen: %+v, want %+v", c.kind, c.facilitated, got, c.want)
		}
	}
}

func TestCertificateNumbers(t *testing.T) {
	for in, ok := range map[string]bool{
		"JSJJR-2023-350100-0012": true, " jsjjr-2023-350100-0012": true, "ＪＳ２０２３０００１": true, "35010020230012": true,
		"12": false, "ABC-DEF-GHIJ": false, "JS--20230012": false, "-JS20230012": false, "JS 2023 0012": false,
		"JSJJR-2023-350100-0012-0000-00000": false, "技术经纪人2023001": false,
	} {
		f := map[string]string{}
		checkCertificateNo(f, NormalCertificateNo(in))
		if (f["certificate_no"] == "") != ok {
			t.Errorf("%q: %v, want accepted %v", in, f, ok)
		}
	}
}
