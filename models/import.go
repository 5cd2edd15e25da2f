package models

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"gorm.io/gorm"
)

// ImportRow is one listing in an import file, JSON Lines or CSV with a header.
type ImportRow struct {
	ExternalID    string   `json:"external_id"`
	Title         string   `json:"title"`
	Summary       string   `json:"summary"`
	Keywords      flexList `json:"keywords"`
	Field         string   `json:"field"`
	Region        string   `json:"region"`
	Org           string   `json:"org"`
	CoopModes     flexList `json:"coop_modes"`
	ContactName   string   `json:"contact_name"`
	ContactPhone  string   `json:"contact_phone"`
	ContactEmail  string   `json:"contact_email"`
	Discipline    string   `json:"discipline"`
	IPType        string   `json:"ip_type"`
	PatentNumbers flexList `json:"patent_numbers"`
	Maturity      int      `json:"maturity"`
	PriceType     string   `json:"price_type"`
	PriceFen      int64    `json:"price_fen"`
	ValidUntil    string   `json:"valid_until"`
	BudgetMinFen  int64    `json:"budget_min_fen"`
	BudgetMaxFen  int64    `json:"budget_max_fen"`
	Deadline      string   `json:"deadline"`
}

// flexList takes either a JSON array or one string separated by ; or ，、.
type flexList []string

func (l *flexList) UnmarshalJSON(b []byte) error {
	var arr []string
	if err := json.Unmarshal(b, &arr); err == nil {
		*l = arr
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("应为字符串数组或以分号分隔的字符串")
	}
	*l = SplitKeywords(s)
	return nil
}

// RowError says why a line of an import file was rejected.
type RowError struct {
	Line   int
	Reason string
}

type ImportReport struct {
	Imported, Updated, Unchanged int
	Rejected                     []RowError
}

// ImportOptions: Kind is "achievement" or "need"; Publish puts new listings
// straight into search (trusted bulk import by an operator), otherwise they
// wait in the moderation queue.
type ImportOptions struct {
	Kind     string
	Publish  bool
	Progress func(done, total int)
}

// DecodeText turns a file's bytes into UTF-8: UTF-8 (with or without BOM) as
// is, otherwise GBK, as Excel exports Chinese CSV; anything else is refused.
func DecodeText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return "", errors.New("文件编码无法识别：请使用 UTF-8 或 GBK")
	}
	return string(out), nil
}

type parsedRow struct {
	line int
	row  ImportRow
	err  string
}

// parseImport reads JSON Lines, or CSV when the first line is not a JSON object.
func parseImport(text string) ([]parsedRow, error) {
	trimmed := strings.TrimLeft(text, " \t\r\n")
	if strings.HasPrefix(trimmed, "{") {
		var rows []parsedRow
		for i, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			var r ImportRow
			dec := json.NewDecoder(strings.NewReader(line))
			if err := dec.Decode(&r); err != nil {
				rows = append(rows, parsedRow{line: i + 1, err: "不是有效的 JSON：" + jsonReason(err)})
				continue
			}
			rows = append(rows, parsedRow{line: i + 1, row: r})
		}
		return rows, nil
	}
	return parseCSV(text)
}

func jsonReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("字段 %s 类型错误", te.Field)
	}
	if strings.Contains(err.Error(), "应为") {
		return err.Error()
	}
	return "格式错误"
}

func parseCSV(text string) ([]parsedRow, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, errors.New("CSV 文件缺少表头")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.ToLower(h))] = i
	}
	if _, ok := col["title"]; !ok {
		return nil, errors.New("CSV 表头缺少 title 列（需要 external_id,title,summary,keywords,field,region,org 等）")
	}
	var rows []parsedRow
	for {
		line, _ := r.FieldPos(0)
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rows = append(rows, parsedRow{line: pe.StartLine, err: "CSV 格式错误"})
				continue
			}
			return nil, err
		}
		line, _ = r.FieldPos(0)
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		var bad []string
		num := func(k string) int64 {
			v := get(k)
			if v == "" {
				return 0
			}
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				bad = append(bad, k+" 应为整数")
			}
			return n
		}
		row := ImportRow{
			ExternalID: get("external_id"), Title: get("title"), Summary: get("summary"), Keywords: SplitKeywords(get("keywords")),
			Field: get("field"), Region: get("region"), Org: get("org"), CoopModes: SplitKeywords(get("coop_modes")),
			ContactName: get("contact_name"), ContactPhone: get("contact_phone"), ContactEmail: get("contact_email"),
			Discipline: get("discipline"), IPType: get("ip_type"), PatentNumbers: SplitKeywords(get("patent_numbers")),
			Maturity: int(num("maturity")), PriceType: get("price_type"), PriceFen: num("price_fen"), ValidUntil: get("valid_until"),
			BudgetMinFen: num("budget_min_fen"), BudgetMaxFen: num("budget_max_fen"), Deadline: get("deadline"),
		}
		p := parsedRow{line: line, row: row}
		if len(bad) > 0 {
			p.err = strings.Join(bad, "；")
		}
		rows = append(rows, p)
	}
}

func parseDate(s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, shanghai); err == nil {
			if layout == "2006-01-02" {
				t = t.Add(24*time.Hour - time.Second) // valid through the whole day
			}
			u := t.UTC()
			return &u, nil
		}
	}
	return nil, errors.New("日期格式应为 2006-01-02 或 RFC 3339")
}

// shanghai is the market's wall clock; a fixed offset avoids depending on tzdata.
var shanghai = time.FixedZone("Asia/Shanghai", 8*3600)

// ImportListings imports rows idempotently by external_id: a new id is
// created, a known one updated when its content changed, otherwise left
// alone. Each row is its own transaction, so a rejected row leaves nothing.
func (m *Market) ImportListings(ctx context.Context, data []byte, opt ImportOptions) (*ImportReport, error) {
	db := m.db.WithContext(ctx)
	if opt.Kind != "achievement" && opt.Kind != "need" {
		return nil, fmt.Errorf("--kind 只能是 achievement 或 need")
	}
	text, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	rows, err := parseImport(text)
	if err != nil {
		return nil, err
	}
	operator, err := m.importOperator(ctx)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{}
	for i, p := range rows {
		if opt.Progress != nil {
			opt.Progress(i, len(rows))
		}
		if p.err != "" {
			rep.Rejected = append(rep.Rejected, RowError{p.line, p.err})
			continue
		}
		outcome, err := importRow(db, operator, p.row, opt, m.now())
		if err != nil {
			me, ok := AsError(err)
			if !ok {
				return rep, fmt.Errorf("第 %d 行: %w", p.line, err)
			}
			rep.Rejected = append(rep.Rejected, RowError{p.line, describe(me)})
			continue
		}
		switch outcome {
		case "imported":
			rep.Imported++
		case "updated":
			rep.Updated++
		default:
			rep.Unchanged++
		}
	}
	if opt.Progress != nil {
		opt.Progress(len(rows), len(rows))
	}
	return rep, nil
}

func describe(e *Error) string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	var parts []string
	for _, k := range sortedKeys(e.Fields) {
		parts = append(parts, k+"："+e.Fields[k])
	}
	return strings.Join(parts, "；")
}

// importOperator is the account imports are recorded under: a disabled admin
// of the operator's organisation, so it can never log in.
func (m *Market) importOperator(ctx context.Context) (*User, error) {
	db := m.db.WithContext(ctx)
	var u User
	err := db.Where("username = ?", "system-import").First(&u).Error
	if err == nil {
		return &u, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, err
	}
	created, _, err := m.CreateUser(ctx, Registration{Username: "system-import", Password: randomToken(24), Name: "批量导入",
		Role: RoleAdmin, OrgName: "市场运营管理办公室", OrgType: OrgBureau, Region: "350100"})
	if err != nil {
		return nil, err
	}
	return created, db.Model(created).UpdateColumn("disabled", true).Error
}

func importRow(db *gorm.DB, operator *User, r ImportRow, opt ImportOptions, now time.Time) (string, error) {
	f := map[string]string{}
	if strings.TrimSpace(r.ExternalID) == "" {
		f["external_id"] = "缺少 external_id（用于重复导入时识别同一条记录）"
	}
	orgName := strings.TrimSpace(r.Org)
	checkName(f, "org", orgName, 2, 100, "机构名称")
	validUntil, err := parseDate(r.ValidUntil)
	if err != nil {
		f["valid_until"] = err.Error()
	}
	deadline, err := parseDate(r.Deadline)
	if err != nil {
		f["deadline"] = err.Error()
	}
	ext := strings.TrimSpace(r.ExternalID)
	l := Listing{ExternalID: &ext, Title: r.Title, Summary: r.Summary, Keywords: StringList(r.Keywords), Field: r.Field,
		Region: strings.TrimSpace(r.Region), CoopModes: StringList(r.CoopModes), ContactName: r.ContactName,
		ContactPhone: r.ContactPhone, ContactEmail: r.ContactEmail, Status: StatusDraft}
	var item listing
	if opt.Kind == "achievement" {
		pt := PriceType(r.PriceType)
		if pt == "" {
			pt = PriceNegotiable
		}
		item = &Achievement{Listing: l, Discipline: r.Discipline, IPType: r.IPType, PatentNumbers: StringList(r.PatentNumbers),
			Maturity: r.Maturity, PriceType: pt, PriceFen: r.PriceFen, ValidUntil: validUntil}
	} else {
		item = &Need{Listing: l, BudgetMinFen: r.BudgetMinFen, BudgetMaxFen: r.BudgetMaxFen,
			BudgetNegotiable: r.BudgetMaxFen == 0 && r.BudgetMinFen == 0, Deadline: deadline}
	}
	for k, v := range validate(item, now) {
		if k != "valid_until" && k != "deadline" { // imports may carry history; expiry closes them
			f[k] = v
		}
	}
	if len(f) > 0 {
		return "", Invalid(f)
	}
	outcome := "imported"
	err = db.Transaction(func(tx *gorm.DB) error {
		orgID, err := importOrg(tx, orgName, opt.Kind, l.Region, now)
		if err != nil {
			return err
		}
		b := item.base()
		b.OrgID, b.CreatedBy = orgID, operator.ID
		existing := newOfKind(opt.Kind)
		err = tx.Where("external_id = ?", ext).First(existing).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			if opt.Publish {
				published := now.UTC()
				b.Status, b.PublishedAt = StatusPublished, &published
			} else {
				b.Status = StatusPending
			}
			if err := tx.Create(item).Error; err != nil {
				return err
			}
			return emitListing(tx, item)
		case err != nil:
			return err
		}
		e := existing.base()
		b.ID, b.Status, b.CloseReason, b.RejectReason, b.PublishedAt, b.CreatedAt, b.CreatedBy = e.ID, e.Status, e.CloseReason, e.RejectReason, e.PublishedAt, e.CreatedAt, e.CreatedBy
		b.UpdatedAt = e.UpdatedAt
		if sameContent(existing, item) {
			outcome = "unchanged"
			return nil
		}
		outcome = "updated"
		b.UpdatedAt = now.UTC()
		if err := tx.Select("*").Save(item).Error; err != nil {
			return err
		}
		return emitListing(tx, item)
	})
	return outcome, err
}

func newOfKind(kind string) listing {
	if kind == "need" {
		return &Need{}
	}
	return &Achievement{}
}

// sameContent compares two listings as JSON, which covers every field the
// import can set and ignores nothing else but what both sides already share.
func sameContent(a, b listing) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// importOrg finds the named organisation or creates it verified, as a
// university (achievements) or an enterprise (needs).
func importOrg(tx *gorm.DB, name, kind, region string, now time.Time) (int64, error) {
	var o Organization
	err := tx.Where("name = ?", name).First(&o).Error
	if err == nil {
		return o.ID, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, err
	}
	verified := now.UTC()
	o = Organization{Name: name, Type: OrgUniversity, Region: region, Status: OrgVerified, VerifiedAt: &verified}
	if kind == "need" {
		o.Type = OrgEnterprise
	}
	return o.ID, tx.Create(&o).Error
}
