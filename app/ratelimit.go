package app

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// rateLimit is a route's limit, declared in the route table: at most max
// requests per window from one client address and, when the caller is
// logged in, from one user as well. max 0 means no limit. The counts live
// in s.limits: shared by every process on PostgreSQL.
type rateLimit struct {
	name   string
	max    int
	window time.Duration
}

func perHour(name string, max int) *rateLimit   { return &rateLimit{name, max, time.Hour} }
func perMinute(name string, max int) *rateLimit { return &rateLimit{name, max, time.Minute} }

// describe says what the limit is, for the OpenAPI document.
func (l *rateLimit) describe(loggedIn bool) string {
	who := "每个客户端地址"
	if loggedIn {
		who += "、每个用户"
	}
	per := "分钟"
	if l.window == time.Hour {
		per = "小时"
	}
	limit := fmt.Sprintf("%s每%s最多 %d 次", who, per, l.max)
	if l.max <= 0 {
		limit = "本服务器未设限"
	}
	return "请求过于频繁（" + limit + "）；Retry-After 给出等待秒数"
}

// limited enforces a route's rate limit before its handler.
func (s *Server) limited(l *rateLimit) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if l.max <= 0 {
			return c.Next()
		}
		now := time.Now()
		buckets := []string{"rate:" + l.name + ":a:" + s.clientAddr(c)}
		if a := actorOf(c); a.LoggedIn() {
			buckets = append(buckets, "rate:"+l.name+":u:"+strconv.FormatInt(a.UserID, 10))
		}
		for _, b := range buckets {
			wait, err := s.limits.Hit(c.UserContext(), b, l.max, l.window, now)
			if err != nil {
				return err
			}
			if wait > 0 {
				return tooMany(c, wait, models.ErrTooManyRequests)
			}
		}
		return c.Next()
	}
}

// tooMany answers 429 with Retry-After (whole seconds, rounded up) and says
// in the message how long to wait.
func tooMany(c *fiber.Ctx, wait time.Duration, e *models.Error) error {
	secs := int((wait + time.Second - 1) / time.Second)
	secs = max(secs, 1)
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
	return e.Sayf("%s，请%s后再试", e.Message, waitText(secs))
}

func waitText(secs int) string {
	if secs < 60 {
		return fmt.Sprintf(" %d 秒", secs)
	}
	return fmt.Sprintf(" %d 分钟", (secs+59)/60)
}

// parseTrustedProxies reads the --trusted-proxies list: IPs and CIDRs,
// comma-separated. A single IP becomes a one-address network.
func parseTrustedProxies(list string) ([]*net.IPNet, error) {
	var nets []*net.IPNet
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if ip := net.ParseIP(item); ip != nil {
			bits := 128
			if ip4 := ip.To4(); ip4 != nil {
				ip, bits = ip4, 32
			}
			nets = append(nets, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(item)
		if err != nil {
			return nil, fmt.Errorf("TM_TRUSTED_PROXIES：%q 不是 IP 地址或 CIDR", item)
		}
		nets = append(nets, n)
	}
	return nets, nil
}

func (s *Server) trustedProxy(ip net.IP) bool {
	for _, n := range s.trusted {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// clientAddr is the address limits are keyed on. A peer that is not a
// trusted proxy is the client, whatever headers it sends. Behind trusted
// proxies, X-Forwarded-For is read from the right: each proxy appends the
// address it received the request from, so the first address that is not a
// trusted proxy is the client; whatever stands left of it was written by
// the client and proves nothing (Fiber's c.IP() would take the leftmost).
// The result is formatted from a parsed net.IP, a new string that does not
// alias Fiber's request buffer, so it may outlive the handler as a key.
func (s *Server) clientAddr(c *fiber.Ctx) string {
	addr := c.Context().RemoteIP()
	if len(s.trusted) == 0 || !s.trustedProxy(addr) {
		return addr.String()
	}
	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		ip := net.ParseIP(strings.TrimSpace(hops[i]))
		if ip == nil {
			break // not an address: nothing further left can be trusted either
		}
		addr = ip
		if !s.trustedProxy(ip) {
			break
		}
	}
	return addr.String()
}
