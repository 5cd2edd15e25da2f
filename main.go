// Command techmarket is the online technology market: one binary that serves
// the API and the web pages and carries the operator's subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"techmarket/app"
	"techmarket/migrations"
	"techmarket/models"
)

const usage = `techmarket：网上技术市场 / online technology market

用法 / usage:
  techmarket [serve] [options]            运行服务（默认）
  techmarket migrate up|down|status       数据库迁移
  techmarket user create --role ROLE ...  创建用户（含管理员）

每个子命令的选项见 techmarket <子命令> --help。
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(args, stderr)
	case "migrate":
		err = migrate(args, stdout, stderr)
	case "user":
		err = user(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "未知的子命令 %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "错误:", err)
		return 1
	}
	return 0
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
	db, err := app.OpenDatabase(cfg)
	if err != nil {
		return err
	}
	u, org, err := models.CreateUser(db, r)
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
