package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"techmarket/models"
)

// Config is the whole of the server's settings. Each option is a flag and a
// TM_* environment variable; a flag given on the command line wins.
type Config struct {
	Addr string
	// MetricsAddr is where Prometheus metrics are served (GET /metrics),
	// apart from Addr; empty: not at all.
	MetricsAddr     string
	DataDir         string
	DatabaseURL     string
	JWTSecret       string
	AccessTTL       time.Duration
	BodyLimitMB     int
	LoginsPerMinute int
	// Rate limits of the routes that declare one; 0 switches a limit off.
	RegistrationsPerHour   int
	PasswordChangesPerHour int
	ObjectionsPerHour      int
	AccessRequestsPerHour  int
	InterestsPerHour       int
	ScoresPerMinute        int
	VerificationsPerMinute int
	// PublicURL is the market's address as the public reaches it, for links
	// that leave the site (the QR code of a certificate); empty: the address
	// each request came to.
	PublicURL string
	// TrustedProxies are the addresses (IPs or CIDRs, comma-separated) whose
	// X-Forwarded-For is believed; empty: none, the peer is the client.
	TrustedProxies string
	LogFormat      string
	SSEPerAddress  int // live event streams per client address
	OrgStorageMB   int // stored uploads per organisation
	// AttachmentMB bounds one file attached to a listing;
	// AttachmentsPerListing how many attachments one listing holds.
	AttachmentMB          int
	AttachmentsPerListing int
	// IncentiveNoticeDays: working days an approved incentive award stays on
	// public notice before it may be paid.
	IncentiveNoticeDays int
	// AuctionNoticeDays: days at least between an auction's announcement
	// (拍卖公告) and its start.
	AuctionNoticeDays int
	// ReadyMaxLag: how long ago this process's search index may last have
	// held every outbox event and /readyz still answer 200; 0: it must hold
	// every one now.
	ReadyMaxLag time.Duration
}

type option struct {
	name, env, usage string
	target           any
	def              string
}

func (c *Config) options() []option {
	return []option{
		{"addr", "TM_ADDR", "HTTP 监听地址 / listen address", &c.Addr, "127.0.0.1:8080"},
		{"metrics-addr", "TM_METRICS_ADDR", "Prometheus 指标监听地址（如 127.0.0.1:9090，GET /metrics），与服务地址分开；留空为不提供", &c.MetricsAddr, ""},
		{"data-dir", "TM_DATA_DIR", "数据目录：SQLite 文件、搜索索引、JWT 密钥、词典 / data directory", &c.DataDir, "./data"},
		{"database-url", "TM_DATABASE_URL", "数据库：留空为数据目录中的 SQLite；postgres://… 为 PostgreSQL", &c.DatabaseURL, ""},
		{"jwt-secret", "TM_JWT_SECRET", "JWT 签名密钥（HS256，至少 32 个字符）；使用 PostgreSQL 时必填且各进程相同，SQLite 留空则在数据目录生成 jwt.secret（权限 0600）", &c.JWTSecret, ""},
		{"access-ttl", "TM_ACCESS_TTL", "访问令牌有效期 / access token lifetime", &c.AccessTTL, "15m"},
		{"body-limit-mb", "TM_BODY_LIMIT_MB", "请求体大小上限（MB）", &c.BodyLimitMB, "12"},
		{"logins-per-minute", "TM_LOGINS_PER_MINUTE", "每个客户端地址每分钟最多登录请求数（0 为不限）", &c.LoginsPerMinute, "20"},
		{"registrations-per-hour", "TM_REGISTRATIONS_PER_HOUR", "每个客户端地址每小时最多注册次数（0 为不限）", &c.RegistrationsPerHour, "20"},
		{"password-changes-per-hour", "TM_PASSWORD_CHANGES_PER_HOUR", "每个客户端地址、每个用户每小时最多修改密码次数（0 为不限）", &c.PasswordChangesPerHour, "10"},
		{"objections-per-hour", "TM_OBJECTIONS_PER_HOUR", "每个客户端地址、每个用户每小时最多提出异议次数（0 为不限）", &c.ObjectionsPerHour, "20"},
		{"access-requests-per-hour", "TM_ACCESS_REQUESTS_PER_HOUR", "每个客户端地址、每个用户每小时最多申请查看保密详情次数（0 为不限）", &c.AccessRequestsPerHour, "30"},
		{"interests-per-hour", "TM_INTERESTS_PER_HOUR", "每个客户端地址、每个用户每小时最多表达合作意向（我有意向）次数（0 为不限）", &c.InterestsPerHour, "30"},
		{"scores-per-minute", "TM_SCORES_PER_MINUTE", "每个客户端地址每分钟最多计算完整度次数（0 为不限）", &c.ScoresPerMinute, "120"},
		{"verifications-per-minute", "TM_VERIFICATIONS_PER_MINUTE", "每个客户端地址每分钟最多公开查验登记证明次数（0 为不限）", &c.VerificationsPerMinute, "30"},
		{"public-url", "TM_PUBLIC_URL", "市场对外的访问地址（如 https://market.example.cn），登记证明二维码指向其下的查验页；留空则用请求的地址", &c.PublicURL, ""},
		{"trusted-proxies", "TM_TRUSTED_PROXIES", "可信反向代理的 IP 或 CIDR（逗号分隔）；只有来自它们的 X-Forwarded-For 才被采信，留空为不采信", &c.TrustedProxies, ""},
		{"ready-max-lag", "TM_READY_MAX_LAG", "就绪上限：本进程的搜索索引落后数据库不超过此时长时 /readyz 答 200（0 为必须完全追上）", &c.ReadyMaxLag, "2s"},
		{"log-format", "TM_LOG_FORMAT", "日志格式：text 或 json", &c.LogFormat, "text"},
		{"sse-per-address", "TM_SSE_PER_ADDRESS", "每个客户端地址同时打开的拍卖实时连接上限（0 为不限）", &c.SSEPerAddress, "20"},
		{"incentive-notice-days", "TM_INCENTIVE_NOTICE_DAYS", "奖补审核通过后的公示期（工作日），期满后方可登记拨付", &c.IncentiveNoticeDays, "5"},
		{"auction-notice-days", "TM_AUCTION_NOTICE_DAYS", "拍卖公告发布后至少多少天方可开拍（0 为不限）", &c.AuctionNoticeDays, "7"},
		{"org-storage-mb", "TM_ORG_STORAGE_MB", "每个机构上传文件（合同文本、方案附件、成果与需求的附件、营业执照）的存储上限（MB，0 为不限）", &c.OrgStorageMB, "200"},
		{"attachment-mb", "TM_ATTACHMENT_MB", "成果、需求的单个附件（图片、PDF）大小上限（MB，1–10）", &c.AttachmentMB, "10"},
		{"attachments-per-listing", "TM_ATTACHMENTS_PER_LISTING", "每条成果或需求最多的附件数（含视频链接，1–100）", &c.AttachmentsPerListing, "20"},
	}
}

// ParseConfig reads flags from args over TM_* variables over defaults.
func ParseConfig(cmd string, args []string, out io.Writer) (*Config, *flag.FlagSet, error) {
	return parseConfig(cmd, args, out, os.LookupEnv)
}

// DefaultConfig is every option at its default, whatever the environment
// says: what the OpenAPI document is generated with.
func DefaultConfig() *Config {
	c, _, err := parseConfig("openapi", nil, io.Discard, func(string) (string, bool) { return "", false })
	if err != nil {
		panic(err) // the defaults are constants
	}
	return c
}

func parseConfig(cmd string, args []string, out io.Writer, lookupEnv func(string) (string, bool)) (*Config, *flag.FlagSet, error) {
	c := &Config{}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(out)
	opts := c.options()
	for _, o := range opts {
		def := o.def
		if v, ok := lookupEnv(o.env); ok {
			def = v
		}
		usage := fmt.Sprintf("%s (env %s)", o.usage, o.env)
		switch p := o.target.(type) {
		case *string:
			fs.StringVar(p, o.name, def, usage)
		case *int:
			var n int
			if _, err := fmt.Sscan(def, &n); err != nil {
				return nil, nil, fmt.Errorf("%s=%q 不是整数", o.env, def)
			}
			fs.IntVar(p, o.name, n, usage)
		case *time.Duration:
			d, err := time.ParseDuration(def)
			if err != nil {
				return nil, nil, fmt.Errorf("%s=%q 不是有效的时长（例如 15m）", o.env, def)
			}
			fs.DurationVar(p, o.name, d, usage)
		}
	}
	fs.Usage = func() {
		fmt.Fprintf(out, "用法 / usage: techmarket %s [options]\n\n", cmd)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, fs, err
	}
	c.DatabaseURL = strings.TrimSpace(c.DatabaseURL)
	return c, fs, nil
}

// Secret returns the JWT signing key: the configured one, or (on SQLite
// only) the key kept in the data directory, generated on first use.
func (c *Config) Secret() ([]byte, error) {
	if c.JWTSecret != "" {
		if len(c.JWTSecret) < 32 {
			return nil, errors.New("TM_JWT_SECRET 至少需要 32 个字符")
		}
		if placeholderSecret(c.JWTSecret) {
			return nil, errors.New("TM_JWT_SECRET 是占位值（含 change-me 或由同一字符重复组成），不能使用：请用 openssl rand -hex 32 生成随机密钥（使用 SQLite 时也可留空，由服务在数据目录生成）")
		}
		return []byte(c.JWTSecret), nil
	}
	if models.IsPostgresURL(c.DatabaseURL) {
		// Each process would sign with its own key and refuse the others' tokens.
		return nil, errors.New("使用 PostgreSQL（TM_DATABASE_URL）时必须设置共享的 JWT 签名密钥：--jwt-secret 或 TM_JWT_SECRET（至少 32 个字符，各 serve 进程相同；可用 openssl rand -hex 32 生成）")
	}
	path := filepath.Join(c.DataDir, "jwt.secret")
	if b, err := os.ReadFile(path); err == nil {
		if s := strings.TrimSpace(string(b)); len(s) >= 32 {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("%s 内容无效，请删除后重启以重新生成", path)
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	// Written aside and linked into place so that a second process starting
	// at the same moment never reads a half-written key.
	tmp, err := os.CreateTemp(c.DataDir, ".jwt-secret-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(hex.EncodeToString(b) + "\n"); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, err
	}
	return c.Secret()
}

// placeholderSecret tells a secret copied from an example (the one
// docker-compose.yml once shipped said "change-me") or typed as one
// character over and over: anyone who has read the example can sign tokens.
func placeholderSecret(s string) bool {
	lower := strings.ToLower(s)
	if strings.Contains(lower, "change-me") || strings.Contains(lower, "changeme") {
		return true
	}
	return strings.Trim(s, string([]rune(s)[:1])) == ""
}

// ConfigFlagNames are the server option names, for subcommands that take
// them beside their own flags.
func ConfigFlagNames() []string {
	var names []string
	for _, o := range (&Config{}).options() {
		names = append(names, o.name)
	}
	return names
}
