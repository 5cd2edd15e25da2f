package models

import "regexp"

// Regions lists the administrative divisions (GB/T 2260) the demo market and
// the registration forms offer. Other valid six-digit codes are accepted too;
// they just have no name here.
var Regions = []Region{
	{"350000", "福建省"},
	{"350100", "福州市"},
	{"350102", "福州市鼓楼区"},
	{"350103", "福州市台江区"},
	{"350104", "福州市仓山区"},
	{"350105", "福州市马尾区"},
	{"350111", "福州市晋安区"},
	{"350112", "福州市长乐区"},
	{"350121", "福州市闽侯县"},
	{"350122", "福州市连江县"},
	{"350123", "福州市罗源县"},
	{"350124", "福州市闽清县"},
	{"350125", "福州市永泰县"},
	{"350181", "福清市"},
	{"350500", "泉州市"},
	{"350502", "泉州市鲤城区"},
	{"350503", "泉州市丰泽区"},
	{"350504", "泉州市洛江区"},
	{"350505", "泉州市泉港区"},
	{"350521", "泉州市惠安县"},
	{"350581", "石狮市"},
	{"350582", "晋江市"},
	{"350583", "南安市"},
	{"330000", "浙江省"},
	{"330300", "温州市"},
	{"330302", "温州市鹿城区"},
	{"330303", "温州市龙湾区"},
	{"330304", "温州市瓯海区"},
	{"330305", "温州市洞头区"},
	{"330381", "瑞安市"},
	{"330382", "乐清市"},
}

type Region struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

var regionNames = func() map[string]string {
	m := make(map[string]string, len(Regions))
	for _, r := range Regions {
		m[r.Code] = r.Name
	}
	return m
}()

var regionCode = regexp.MustCompile(`^[1-8][0-9]{5}$`)

// ValidRegion accepts any well-formed GB/T 2260 code: province digits 11–82.
func ValidRegion(code string) bool {
	return regionCode.MatchString(code) && code[:2] >= "11" && code[:2] <= "82"
}

// ValidRegionPrefix accepts a division code or its leading digits (35,
// 3501, 350102), as the search and list filters take a region.
func ValidRegionPrefix(prefix string) bool { return len(prefix) <= 6 && allDigits(prefix) }

// RegionName is the name of a known division, or "" for a code we do not list.
func RegionName(code string) string { return regionNames[code] }
