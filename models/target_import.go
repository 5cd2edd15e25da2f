package models

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"
)

// MaxTargetRows bounds one target table; a city has a few dozen districts and agencies.
const MaxTargetRows = 2000

// TargetTable is a target file as rows of cells, each with the row number
// the operator sees in the spreadsheet (the header is row 1 unless blank rows precede it).
type TargetTable struct {
	Header []string
	Rows   []TargetTableRow
}

type TargetTableRow struct {
	Line  int
	Cells []string
}

// ReadTargetTable reads a CSV (UTF-8 or GBK, as Excel saves it) or an XLSX
// workbook's first sheet. The file's name decides which.
func ReadTargetTable(filename string, data []byte) (*TargetTable, error) {
	name := strings.ToLower(strings.TrimSpace(filename))
	var rows []TargetTableRow
	switch {
	case strings.HasSuffix(name, ".xlsx"):
		if !bytes.HasPrefix(data, []byte("PK")) {
			return nil, Invalid(map[string]string{"file": "文件不是有效的 XLSX 工作簿"})
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return nil, Invalid(map[string]string{"file": "文件不是有效的 XLSX 工作簿"})
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, Invalid(map[string]string{"file": "工作簿中没有工作表"})
		}
		cells, err := f.GetRows(sheets[0])
		if err != nil {
			return nil, Invalid(map[string]string{"file": "读取工作表失败：" + err.Error()})
		}
		for i, c := range cells {
			rows = append(rows, TargetTableRow{Line: i + 1, Cells: c})
		}
	case strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".txt"):
		text, err := DecodeText(data)
		if err != nil {
			return nil, Invalid(map[string]string{"file": err.Error()})
		}
		r := csv.NewReader(strings.NewReader(text))
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					return nil, Invalid(map[string]string{"file": fmt.Sprintf("第 %d 行 CSV 格式错误", pe.StartLine)})
				}
				return nil, err
			}
			line, _ := r.FieldPos(0)
			rows = append(rows, TargetTableRow{Line: line, Cells: rec})
		}
	default:
		return nil, Invalid(map[string]string{"file": "只接受 CSV 或 XLSX 文件"})
	}
	t := &TargetTable{}
	for i, r := range rows {
		if blankRow(r.Cells) {
			continue
		}
		t.Header = r.Cells
		for _, rest := range rows[i+1:] {
			if !blankRow(rest.Cells) {
				t.Rows = append(t.Rows, rest)
			}
		}
		break
	}
	if t.Header == nil {
		return nil, Invalid(map[string]string{"file": "文件是空的"})
	}
	if len(t.Rows) == 0 {
		return nil, Invalid(map[string]string{"file": "文件只有表头，没有目标数据"})
	}
	if len(t.Rows) > MaxTargetRows {
		return nil, Invalid(map[string]string{"file": fmt.Sprintf("一次最多导入 %d 行", MaxTargetRows)})
	}
	return t, nil
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// targetColumns are the headers a target table may use, after normalising
// (lower case, no spaces, no unit in brackets).
var targetColumns = map[string][]string{
	"year":       {"年度", "年份", "year"},
	"kind":       {"类型", "类别", "kind"},
	"key":        {"代码", "区划代码", "行政区划代码", "机构编号", "编号", "key", "code"},
	"name":       {"名称", "地区", "登记机构", "机构", "地区/机构", "name"},
	"last":       {"上年成交额", "上年技术合同成交额", "上年登记额", "上年技术交易额", "last_year", "last_year_fen"},
	"lastTarget": {"上年目标", "上年度目标", "last_year_target", "last_year_target_fen"},
	"gdp":        {"上年gdp", "gdp", "地区生产总值", "上年地区生产总值", "gdp_fen"},
	"share":      {"占gdp比重", "上年占gdp比重", "gdp占比", "占比", "gdp_share", "gdp_share_percent"},
	"target":     {"年度目标", "目标", "正式目标", "累计目标", "target", "target_fen"},
	"from":       {"起始年度", "累计起始年度", "from_year"},
	"measure":    {"口径", "统计口径", "measure"},
	"note":       {"说明", "备注", "调整说明", "note"},
}

// measureByName reads a measure as a table writes it.
var measureByName = map[string]TargetMeasure{"成交额": MeasureContract, "技术合同成交额": MeasureContract, "contract": MeasureContract,
	"技术交易额": MeasureTech, "tech": MeasureTech}

// headerUnit splits "上年成交额（万元）" into its name and the fen in one unit:
// amounts are in 亿元 unless the header says 万元 or 元, or the column is *_fen.
func headerUnit(h string) (string, int64) {
	h = strings.NewReplacer("（", "(", "）", ")", " ", "", "\u3000", "", "\ufeff", "").Replace(strings.ToLower(strings.TrimSpace(h)))
	unit := int64(10_000_000_000) // 亿元
	if i := strings.Index(h, "("); i >= 0 {
		u := h[i:]
		h = h[:i]
		switch {
		case strings.Contains(u, "亿"):
		case strings.Contains(u, "万"):
			unit = 1_000_000
		case strings.Contains(u, "元"):
			unit = 100
		}
	}
	if strings.HasSuffix(h, "_fen") {
		unit = 1
	}
	return h, unit
}

// parseAmount reads a decimal amount in a unit of unitFen fen exactly (no
// floating point): "27.84" 亿元 is 278 400 000 000 fen. Thousands separators
// and a trailing unit are allowed; anything finer than a fen is refused.
func parseAmount(s string, unitFen int64) (int64, string) {
	s = strings.NewReplacer(",", "", "，", "", " ", "", "亿元", "", "万元", "", "元", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, ""
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	digits := len(strconv.FormatInt(unitFen, 10)) - 1 // unitFen is a power of ten
	if strings.HasPrefix(whole, "-") {
		return 0, "金额不能为负"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || strings.Trim(frac, "0123456789") != "" {
		return 0, fmt.Sprintf("“%s”不是有效的金额", s)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > digits {
		return 0, "金额最多精确到分"
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac+strings.Repeat("0", digits-len(frac)), 10, 64)
	}
	if w > MaxFen/unitFen {
		return 0, "金额超出范围"
	}
	return w*unitFen + f, ""
}

// TargetImportReport says what an import did: every row was valid and stored,
// or (with Problems) nothing was stored.
type TargetImportReport struct {
	Year      int               `json:"year"`
	PlanID    int64             `json:"plan_id"`
	Rows      int               `json:"rows"`
	Created   int               `json:"created"`
	Updated   int               `json:"updated"`
	Unchanged int               `json:"unchanged"`
	Problems  []TargetRowReport `json:"problems"`
	Items     []Target          `json:"items"`
}

type TargetRowReport struct {
	Row      int      `json:"row"`
	Messages []string `json:"messages"`
}

// targetFieldNames name the TargetInput fields in a row's messages.
var targetFieldNames = map[string]string{"plan_id": "计划", "from_year": "累计起始年度", "year": "年度", "kind": "类型",
	"key": "地区或机构", "name": "名称", "measure": "口径", "last_year_fen": "上年成交额", "last_year_target_fen": "上年目标",
	"gdp_fen": "GDP", "gdp_share_percent": "占 GDP 比重", "target_fen": "年度目标", "note": "说明"}

// TargetImport is what an import applies to a table's rows that do not say
// otherwise: the plan (0: the one covering Year), the year, the kind and
// the measure ("" for the plan's).
type TargetImport struct {
	PlanID  int64
	Year    int
	Kind    string
	Measure TargetMeasure
}

// ImportTargets stores a table of targets into a plan all or nothing:
// every row is checked first, and any bad row (with its row number and
// reasons) means nothing is stored. Rows upsert by plan, years, kind and
// district or agency, and each change is audited as "target.import", like
// a hand adjustment. It reads the plans' own tables: 类型 地区 with 上年成交额
// and 占GDP比重, 类型 登记机构 with 上年目标 and 上年成交额, names resolved
// to division codes and agencies.
func (m *Market) ImportTargets(ctx context.Context, actor Actor, opt TargetImport, t *TargetTable) (*TargetImportReport, error) {
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	col := map[string]int{}
	unit := map[string]int64{}
	for i, h := range t.Header {
		name, u := headerUnit(h)
		for key, names := range targetColumns {
			if _, seen := col[key]; !seen && oneOf(name, names) {
				col[key], unit[key] = i, u
			}
		}
	}
	_, hasKey := col["key"]
	_, hasName := col["name"]
	if !hasKey && !hasName {
		return nil, Invalid(map[string]string{"file": "表头缺少“代码”或“名称”列（列名如：类型、代码、名称、上年成交额（亿元）、占GDP比重（%）、年度目标（亿元）、说明）"})
	}
	if _, ok := col["target"]; !ok {
		if _, ok := col["last"]; !ok {
			return nil, Invalid(map[string]string{"file": "表头缺少“年度目标”列，或用于按规则测算的“上年成交额”与“占GDP比重”列"})
		}
	}
	rep := &TargetImportReport{Year: opt.Year, Rows: len(t.Rows), Problems: []TargetRowReport{}, Items: []Target{}}
	now := m.now()
	// One transaction: a plan made for the year, like every row, is kept
	// only when every row is good.
	err := m.db.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		plan, msg, err := planFor(db, actor, opt.PlanID, opt.Year, now)
		if err != nil {
			return err
		}
		if msg != "" {
			return Invalid(map[string]string{"plan_id": msg})
		}
		rep.PlanID = plan.ID
		type checked struct {
			in   TargetInput
			rule int64
		}
		var good []checked
		seen := map[string]int{}
		for _, r := range t.Rows {
			in, rule, msgs := targetRow(db, plan, opt, col, unit, r)
			id := fmt.Sprint(in.FromYear, "/", in.Year, "/", in.Kind, "/", in.Key)
			if first, dup := seen[id]; dup && in.Key != "" {
				msgs = append(msgs, fmt.Sprintf("与第 %d 行重复（同一年度、同一%s）", first, map[string]string{"district": "地区", "agency": "登记机构"}[in.Kind]))
			} else {
				seen[id] = r.Line
			}
			if len(msgs) > 0 {
				rep.Problems = append(rep.Problems, TargetRowReport{Row: r.Line, Messages: msgs})
				continue
			}
			good = append(good, checked{in, rule})
		}
		if len(rep.Problems) > 0 {
			return rejectedRows(rep.Problems)
		}
		for _, g := range good {
			var existed int64
			if err := sameTarget(db.Model(&Target{}), g.in).Count(&existed).Error; err != nil {
				return err
			}
			saved, changed, err := saveTarget(db, actor, g.in, g.rule, "target.import")
			if err != nil {
				return err
			}
			switch {
			case !changed:
				rep.Unchanged++
			case existed > 0:
				rep.Updated++
			default:
				rep.Created++
			}
			rep.Items = append(rep.Items, *saved)
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, ErrImportRejected) {
			return rep, err
		}
		return nil, err
	}
	return rep, nil
}

// targetRow reads and checks one row of a target table.
func targetRow(db *gorm.DB, plan *TargetPlan, opt TargetImport, col map[string]int, unit map[string]int64, r TargetTableRow) (TargetInput, int64, []string) {
	get := func(k string) string {
		if i, ok := col[k]; ok && i < len(r.Cells) {
			return strings.TrimSpace(r.Cells[i])
		}
		return ""
	}
	amount := func(k, what string, msgs *[]string) int64 {
		n, msg := parseAmount(get(k), unit[k])
		if msg != "" {
			*msgs = append(*msgs, what+"："+msg)
		}
		return n
	}
	year := func(k, what string, msgs *[]string) int {
		v := get(k)
		if v == "" {
			return 0
		}
		y, err := strconv.Atoi(strings.TrimSuffix(v, "年"))
		if err != nil {
			*msgs = append(*msgs, fmt.Sprintf("%s“%s”不是整数", what, v))
		}
		return y
	}
	var msgs []string
	in := TargetInput{PlanID: plan.ID, Year: opt.Year, Kind: opt.Kind, Measure: opt.Measure, Name: get("name"), Note: get("note")}
	if y := year("year", "年度", &msgs); y != 0 {
		in.Year = y
	}
	in.FromYear = year("from", "累计起始年度", &msgs)
	if v := get("measure"); v != "" {
		in.Measure = measureByName[v]
		if in.Measure == "" {
			msgs = append(msgs, fmt.Sprintf("口径“%s”无效，应为“成交额”或“技术交易额”", v))
			in.Measure = plan.Measure
		}
	}
	if v := get("kind"); v != "" {
		switch v {
		case "地区", "区县", "县（市、区）", "district":
			in.Kind = "district"
		case "登记机构", "机构", "agency":
			in.Kind = "agency"
		default:
			msgs = append(msgs, fmt.Sprintf("类型“%s”无效，应为“地区”或“登记机构”", v))
			in.Kind = "?"
		}
	}
	if in.Kind == "" {
		msgs = append(msgs, "缺少类型：请填写“地区”或“登记机构”")
		in.Kind = "?"
	}
	in.Key = get("key")
	unknown := false
	if in.Key == "" && in.Name != "" && in.Kind != "?" {
		key, msg := targetKeyByName(db, in.Kind, in.Name, plan.Region)
		if msg != "" {
			msgs, unknown = append(msgs, msg), true
		}
		if in.Kind == "district" && RegionName(key) != "" {
			in.Name = RegionName(key) // "鼓楼区" in the plan is 福州市鼓楼区 here
		}
		in.Key = key
	}
	in.LastYearFen = amount("last", "上年成交额", &msgs)
	in.LastYearTargetFen = amount("lastTarget", "上年目标", &msgs)
	in.GDPFen = amount("gdp", "GDP", &msgs)
	if v := strings.TrimSuffix(get("share"), "%"); v != "" {
		share, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(share) {
			msgs = append(msgs, fmt.Sprintf("占 GDP 比重“%s”不是数字", v))
		}
		in.GDPShare = share
	}
	in.TargetFen = amount("target", "年度目标", &msgs)
	f := map[string]string{}
	rule := checkTarget(db, plan, &in, f)
	if in.Kind == "?" {
		delete(f, "kind")
	}
	if in.Key == "" {
		delete(f, "name")
	}
	if unknown {
		delete(f, "key")
	}
	for _, k := range sortedKeys(f) {
		msgs = append(msgs, targetFieldNames[k]+"："+f[k])
	}
	return in, rule, msgs
}

// rejectedRows is the answer to a table with bad rows: their numbers (the
// first ten) in the message, and each row's reasons by field.
func rejectedRows(problems []TargetRowReport) error {
	fields := map[string]string{}
	var lines []string
	for _, p := range problems {
		fields[fmt.Sprintf("row_%d", p.Row)] = strings.Join(p.Messages, "；")
		if len(lines) < 10 {
			lines = append(lines, strconv.Itoa(p.Row))
		}
	}
	more := ""
	if len(problems) > len(lines) {
		more = " 等"
	}
	return ErrImportRejected.WithFields(fields).Sayf("第 %s%s 行有误（共 %d 行），未导入任何目标，请修改后重新上传", strings.Join(lines, "、"), more, len(problems))
}

// targetKeyByName finds a district's code by its name ("鼓楼区" or
// "福州市鼓楼区"), within the plan's region when it has one, or an agency's
// id by its name: the full name, or the one agency whose name begins with
// it (福建海峡技术转移中心 registers as 福建海峡技术转移中心技术合同登记站).
func targetKeyByName(db *gorm.DB, kind, name, within string) (string, string) {
	if kind == "agency" {
		var found []Organization
		err := db.Where("type = ? AND (name = ? OR name LIKE ? ESCAPE '\\')", OrgAgency, name, escapeLike(name)+"%").Order("id").Limit(3).Find(&found).Error
		for _, o := range found {
			if o.Name == name {
				return strconv.FormatInt(o.ID, 10), ""
			}
		}
		if err == nil && len(found) == 1 {
			return strconv.FormatInt(found[0].ID, 10), ""
		}
		if len(found) > 1 {
			return "", fmt.Sprintf("登记机构“%s”对应多个机构（请填写机构全称或机构编号）", name)
		}
		return "", fmt.Sprintf("登记机构“%s”不存在（请填写系统中的机构全称或机构编号）", name)
	}
	prefix := strings.TrimRight(within, "0")
	if !ValidRegion(within) || len(prefix) < 2 {
		prefix = ""
	}
	if len(prefix)%2 == 1 { // 350100 is 3501, 350000 is 35, a district 350102 itself
		prefix += "0"
	}
	var found []string
	for _, r := range Regions {
		if !strings.HasPrefix(r.Code, prefix) {
			continue
		}
		if r.Name == name {
			return r.Code, ""
		}
		if strings.HasSuffix(r.Name, name) {
			found = append(found, r.Code)
		}
	}
	switch len(found) {
	case 1:
		return found[0], ""
	case 0:
		return "", fmt.Sprintf("地区“%s”不认识，请填写六位行政区划代码", name)
	}
	return "", fmt.Sprintf("地区“%s”有多个同名，请填写六位行政区划代码", name)
}
