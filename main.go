// Command techmarket is the online technology market: one binary that serves
// the API and the web pages and carries the operator's subcommands.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"techmarket/app"
	"techmarket/migrations"
	"techmarket/models"
)

const usage = `techmarket：网上技术市场 / online technology market

用法 / usage:
  techmarket [serve] [options]            运行服务（默认）
  techmarket migrate up|down|status       数据库迁移
  techmarket user create --role ROLE ...  创建用户（含管理员）
  techmarket import --kind achievement|need --file F [--publish]
                                          批量导入成果或需求（JSON Lines 或 CSV，UTF-8 或 GBK）
  techmarket reindex                      从数据库重建搜索索引（先停止 serve）
  techmarket backup --file F              备份内置 SQLite 数据库与数据目录中的文件为一个 tar.gz（serve 运行中也可）
  techmarket restore --file F [--force]   从备份恢复数据目录（先停止 serve；已有数据需 --force）
  techmarket rollups rebuild              从已登记合同重算成交额汇总（批量导入或手工更正之后）
  techmarket demo                         载入演示数据（已载入则跳过）
  techmarket openapi                      打印 OpenAPI 文档（默认配置；前端类型由它生成）
  techmarket help                         本说明

每个子命令的选项见 techmarket <子命令> --help；数据库选项（--data-dir、--database-url 或
TM_DATABASE_URL 等）各子命令相同，见 techmarket serve --help。
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	} else if asksHelp(args) {
		// techmarket -h: every subcommand, then the options of the default one.
		fmt.Fprint(stdout, usage+"\n")
		stderr = stdout
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(args, stderr)
	case "migrate":
		err = migrate(args, stdout, stderr)
	case "user":
		err = user(args, stdout, stderr)
	case "import":
		err = importListings(args, stdout, stderr)
	case "reindex":
		err = reindex(args, stderr)
	case "backup":
		err = backup(args, stdout, stderr)
	case "restore":
		err = restore(args, stdout, stderr)
	case "rollups":
		err = rollups(args, stdout, stderr)
	case "demo":
		err = demo(args, stdout, stderr)
	case "openapi":
		var b bytes.Buffer
		if err = json.Indent(&b, app.OpenAPIDocument(app.DefaultConfig()), "", "  "); err == nil {
			_, err = b.WriteTo(stdout)
		}
	case "help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "未知的子命令 %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if errors.Is(err, errRejectedRows) {
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "错误:", err)
		return 1
	}
	return 0
}

// asksHelp says whether the options ask for help (-h, -help, --help).
func asksHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-h" || a == "-help" || a == "--help" {
			return true
		}
	}
	return false
}

func serve(args []string, stderr io.Writer) error {
	cfg, _, err := app.ParseConfig("serve", args, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return app.Serve(ctx, cfg, app.NewLogger(cfg.LogFormat))
}

func migrate(args []string, stdout, stderr io.Writer) error {
	sub := "up"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		sub, args = args[0], args[1:]
	}
	if sub != "up" && sub != "down" && sub != "status" {
		return fmt.Errorf("未知的迁移命令 %q（可用：up、down、status）", sub)
	}
	cfg, _, err := app.ParseConfig("migrate "+sub, args, stderr)
	if err != nil {
		return err
	}
	db, err := models.Open(cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	if err := models.Migrate(db, migrations.FS, sub); err != nil {
		return err
	}
	if sub != "status" {
		fmt.Fprintln(stdout, "迁移完成 / migrations done:", sub)
	}
	return nil
}

func user(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("用法：techmarket user create --role admin --username U --password P [--name N] [--org 机构] [--org-type bureau] [--region 350100]")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var r models.Registration
	var role, orgType string
	fs.StringVar(&role, "role", "", "角色：admin、supplier、demander、broker、reviewer")
	fs.StringVar(&r.Username, "username", "", "用户名")
	fs.StringVar(&r.Password, "password", os.Getenv("TM_USER_PASSWORD"), "密码（或环境变量 TM_USER_PASSWORD）")
	fs.StringVar(&r.Name, "name", "", "姓名（默认同用户名）")
	fs.StringVar(&r.OrgName, "org", "", "机构名称（不存在则创建为已认证；管理员默认“市场运营管理办公室”）")
	fs.StringVar(&orgType, "org-type", "", "新机构的类型（管理员默认 bureau）")
	fs.StringVar(&r.Region, "region", "350100", "新机构的行政区划代码")
	fs.StringVar(&r.Phone, "phone", "", "电话")
	fs.StringVar(&r.Email, "email", "", "邮箱")
	cfgArgs, userArgs := splitConfigArgs(args[1:])
	if err := fs.Parse(userArgs); err != nil {
		return err
	}
	cfg, _, err := app.ParseConfig("user create", cfgArgs, stderr)
	if err != nil {
		return err
	}
	r.Role, r.OrgType = models.Role(role), models.OrgType(orgType)
	if r.Name == "" {
		r.Name = r.Username
	}
	if r.Role == models.RoleAdmin {
		if r.OrgName == "" {
			r.OrgName = "市场运营管理办公室"
		}
		if r.OrgType == "" {
			r.OrgType = models.OrgBureau
		}
	}
	market, err := app.OpenMarket(cfg)
	if err != nil {
		return err
	}
	u, org, err := market.CreateUser(context.Background(), r)
	if err != nil {
		if me, ok := models.AsError(err); ok && len(me.Fields) > 0 {
			for k, v := range me.Fields {
				fmt.Fprintf(stderr, "  --%s: %s\n", k, v)
			}
		}
		return err
	}
	fmt.Fprintf(stdout, "已创建用户 %s（%s，id %d），机构：%s\n", u.Username, u.Role, u.ID, org.Name)
	return nil
}

// splitConfigArgs separates the server options (--data-dir, --database-url …)
// from a subcommand's own flags so both can be given in any order.
func splitConfigArgs(args []string) (cfg, rest []string) {
	known := map[string]bool{}
	for _, name := range app.ConfigFlagNames() {
		known[name] = true
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := a
		for len(name) > 0 && name[0] == '-' {
			name = name[1:]
		}
		key, _, hasValue := strings.Cut(name, "=")
		if known[key] {
			cfg = append(cfg, a)
			if !hasValue && i+1 < len(args) {
				i++
				cfg = append(cfg, args[i])
			}
			continue
		}
		rest = append(rest, a)
	}
	return cfg, rest
}

var errRejectedRows = errors.New("some rows were rejected")

func importListings(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kind := fs.String("kind", "", "achievement（成果）或 need（需求）")
	file := fs.String("file", "", "JSON Lines 或带表头的 CSV 文件（UTF-8 或 GBK）")
	publish := fs.Bool("publish", false, "直接发布（运营方可信批量导入）；否则进入审核队列")
	cfgArgs, own := splitConfigArgs(args)
	if err := fs.Parse(own); err != nil {
		return err
	}
	if *file == "" || (*kind != "achievement" && *kind != "need") {
		fs.Usage()
		return errors.New("需要 --kind achievement|need 和 --file")
	}
	cfg, _, err := app.ParseConfig("import", cfgArgs, stderr)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(*file)
	if err != nil {
		return err
	}
	market, err := app.OpenMarket(cfg)
	if err != nil {
		return err
	}
	rep, err := market.ImportListings(context.Background(), data, models.ImportOptions{Kind: *kind, Publish: *publish, Progress: progress(stderr, "导入")})
	if rep != nil {
		fmt.Fprintf(stdout, "导入报告 / import report: 新增 imported %d，更新 updated %d，未变化 unchanged %d，拒绝 rejected %d\n",
			rep.Imported, rep.Updated, rep.Unchanged, len(rep.Rejected))
		for _, r := range rep.Rejected {
			fmt.Fprintf(stdout, "  第 %d 行 line %d: %s\n", r.Line, r.Line, r.Reason)
		}
	}
	if err != nil {
		return err
	}
	if len(rep.Rejected) > 0 {
		return errRejectedRows
	}
	return nil
}

func reindex(args []string, stderr io.Writer) error {
	cfg, _, err := app.ParseConfig("reindex", args, stderr)
	if err != nil {
		return err
	}
	market, err := app.OpenMarket(cfg)
	if err != nil {
		return err
	}
	return app.Reindex(context.Background(), cfg, market, app.NewLogger(cfg.LogFormat), progress(stderr, "重建索引"))
}

// backup writes the SQLite market and the data directory's files to one
// archive, online: serve may keep running and writing.
func backup(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("file", "techmarket-backup-"+time.Now().Format("20060102-150405")+".tar.gz", "备份文件（tar.gz，不能已存在）")
	cfgArgs, own := splitConfigArgs(args)
	if err := fs.Parse(own); err != nil {
		return err
	}
	cfg, _, err := app.ParseConfig("backup", cfgArgs, stderr)
	if err != nil {
		return err
	}
	start := time.Now()
	fmt.Fprintln(stderr, "生成数据库快照 / snapshotting the database …")
	rep, err := app.Backup(context.Background(), cfg, *file, progress(stderr, "写入备份"))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "备份完成 / backup written: %s，文件 files %d，共 %.1f MB，数据库结构版本 schema %d，用时 %s\n",
		*file, rep.Files, float64(rep.Bytes)/(1<<20), rep.SchemaVersion, time.Since(start).Round(time.Millisecond))
	return nil
}

// restore replaces a stopped market's data directory with a backup; the
// search index is rebuilt when serve next starts.
func restore(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("file", "", "techmarket backup 生成的备份文件")
	force := fs.Bool("force", false, "数据目录已有数据时仍然恢复（原有内容移到数据目录下的 .replaced-* 隐藏目录）")
	cfgArgs, own := splitConfigArgs(args)
	if err := fs.Parse(own); err != nil {
		return err
	}
	if *file == "" {
		fs.Usage()
		return errors.New("需要 --file 指定备份文件")
	}
	cfg, _, err := app.ParseConfig("restore", cfgArgs, stderr)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := app.Restore(context.Background(), cfg, *file, *force, progress(stderr, "读取并校验备份"))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "恢复完成 / restored: %s -> %s，文件 files %d，共 %.1f MB，数据库结构版本 schema %d，用时 %s\n",
		*file, cfg.DataDir, rep.Files, float64(rep.Bytes)/(1<<20), rep.SchemaVersion, time.Since(start).Round(time.Millisecond))
	if rep.SetAside != "" {
		fmt.Fprintf(stdout, "原有数据已移到 / previous data moved to %s（确认无误后可删除）\n", rep.SetAside)
	}
	fmt.Fprintln(stdout, "搜索索引将在下次启动 serve 时从数据库重建 / the search index is rebuilt on the next start")
	return nil
}

// rollups rebuild recomputes the turnover rollups, which statistics and
// bulletins read, from the registered contracts: for contracts loaded
// outside the workflow (bulk loads, corrections by hand).
func rollups(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rebuild" {
		return errors.New("用法：techmarket rollups rebuild [--data-dir D | --database-url URL | TM_DATABASE_URL]")
	}
	cfg, _, err := app.ParseConfig("rollups rebuild", args[1:], stderr)
	if err != nil {
		return err
	}
	market, err := app.OpenMarket(cfg)
	if err != nil {
		return err
	}
	start := time.Now()
	fmt.Fprintln(stderr, "重算成交额汇总 / rebuilding turnover rollups …")
	totals, err := market.RebuildRollups(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "成交额汇总已重算 / rollups rebuilt: 已登记合同 registered contracts %d，汇总行 rows %d，用时 %s\n",
		totals.Contracts, totals.Rows, time.Since(start).Round(time.Millisecond))
	return nil
}

func demo(args []string, stdout, stderr io.Writer) error {
	cfg, _, err := app.ParseConfig("demo", args, stderr)
	if err != nil {
		return err
	}
	market, err := app.OpenMarket(cfg)
	if err != nil {
		return err
	}
	accounts, loaded, err := market.LoadDemo(context.Background(), progress(stderr, "载入演示数据"))
	if err != nil {
		return err
	}
	if !loaded {
		fmt.Fprintln(stdout, "演示数据已存在，跳过 / demo data already loaded")
		return nil
	}
	fmt.Fprintln(stdout, "演示账号 / demo accounts (密码 password: "+models.DemoPassword+"):")
	for _, a := range accounts {
		fmt.Fprintf(stdout, "  %-10s %-9s %s\n", a.Username, a.Role, a.Org)
	}
	return nil
}

// progress reports long work: a rewritten line on a terminal, a line per
// tenth otherwise (logs, CI).
func progress(w io.Writer, label string) func(done, total int) {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	start := time.Now()
	lastTenth := -1
	return func(done, total int) {
		if total == 0 {
			return
		}
		pct := done * 100 / total
		switch {
		case tty:
			bar := strings.Repeat("█", pct/5) + strings.Repeat("░", 20-pct/5)
			fmt.Fprintf(w, "\r%s %s %3d%% %d/%d", label, bar, pct, done, total)
			if done == total {
				fmt.Fprintf(w, "  用时 %s\n", time.Since(start).Round(time.Millisecond))
			}
		case pct/10 != lastTenth:
			lastTenth = pct / 10
			fmt.Fprintf(w, "%s %3d%% (%d/%d) %s\n", label, pct, done, total, time.Since(start).Round(time.Millisecond))
		}
	}
}
