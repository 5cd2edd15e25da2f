package app

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/golang-jwt/jwt/v5"

	"techmarket/models"
)

const (
	jwtIssuer   = "techmarket"
	jwtAudience = "techmarket-api"
)

type accessClaims struct {
	Role  models.Role `json:"role"`
	OrgID int64       `json:"org"`
	// Version is the user's token version when the token was issued; a
	// password change, suspension or membership change bumps the user's, and
	// older tokens stop at once.
	Version int `json:"ver"`
	jwt.RegisteredClaims
}

func (s *Server) accessToken(u *models.User, now time.Time) (string, error) {
	claims := accessClaims{
		Role:    u.Role,
		OrgID:   u.OrgID,
		Version: u.TokenVersion,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    jwtIssuer,
			Audience:  jwt.ClaimStrings{jwtAudience},
			Subject:   strconv.FormatInt(u.ID, 10),
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(s.cfg.AccessTTL)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.secret)
}

// parseAccessToken accepts only HS256 tokens of our issuer and audience that
// have not expired, and returns the user id and token version.
func (s *Server) parseAccessToken(raw string) (int64, int, error) {
	var claims accessClaims
	_, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return s.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(jwtIssuer),
		jwt.WithAudience(jwtAudience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return 0, 0, models.ErrTokenExpired
		}
		return 0, 0, models.ErrInvalidToken
	}
	id, err := strconv.ParseInt(claims.Subject, 10, 64)
	if err != nil || id < 1 {
		return 0, 0, models.ErrInvalidToken
	}
	return id, claims.Version, nil
}

// authenticate turns a bearer token into the request's Actor. The user is
// read from the database on every request so that disabling an account or
// verifying an organisation takes effect at once.
func (s *Server) authenticate(c *fiber.Ctx) error {
	h := c.Get(fiber.HeaderAuthorization)
	if h == "" {
		return c.Next()
	}
	raw, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return models.ErrInvalidToken
	}
	id, version, err := s.parseAccessToken(strings.TrimSpace(raw))
	if err != nil {
		return err
	}
	actor, err := s.market.ActorOf(c.UserContext(), id, version)
	if errors.Is(err, models.ErrUserNotFound) {
		return models.ErrInvalidToken
	}
	if err != nil {
		return err
	}
	c.Locals(actorKey{}, actor)
	return c.Next()
}

type actorKey struct{}

func actorOf(c *fiber.Ctx) models.Actor {
	a, _ := c.Locals(actorKey{}).(models.Actor)
	return a
}

// guard enforces a route's declared access before its handler runs: the
// one check of membership, verification and role every route passes.
func (s *Server) guard(r route) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := r.allows(actorOf(c)); err != nil {
			return err
		}
		return c.Next()
	}
}

func (r route) allows(a models.Actor) error {
	switch r.access {
	case public:
		return nil
	case loggedIn:
		if !a.LoggedIn() {
			return models.ErrUnauthenticated
		}
		return nil
	case member:
		if len(r.roles) > 0 {
			return a.Require(r.roles...)
		}
		return a.RequireMember()
	}
	if len(r.roles) > 0 {
		return a.RequirePower(r.roles...)
	}
	return a.RequireVerified()
}

type session struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	*models.Me
}

func (s *Server) newSession(ctx context.Context, u *models.User, refresh string, now time.Time) (*session, error) {
	access, err := s.accessToken(u, now)
	if err != nil {
		return nil, err
	}
	me, err := s.market.WhoAmI(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &session{access, refresh, "Bearer", int(s.cfg.AccessTTL.Seconds()), me}, nil
}

func (s *Server) register(c *fiber.Ctx) error {
	var in models.Registration
	if err := decode(c, &in); err != nil {
		return err
	}
	u, _, _, err := s.market.Register(c.UserContext(), in)
	if err != nil {
		return err
	}
	me, err := s.market.WhoAmI(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	return c.Status(http.StatusCreated).JSON(me)
}

type credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func (s *Server) login(c *fiber.Ctx) error {
	var in credentials
	if err := decode(c, &in); err != nil {
		return err
	}
	fields := map[string]string{}
	if strings.TrimSpace(in.Username) == "" {
		fields["username"] = "请填写用户名"
	}
	if in.Password == "" {
		fields["password"] = "请填写密码"
	}
	if len(fields) > 0 {
		return models.Invalid(fields)
	}
	now := time.Now()
	ctx := c.UserContext()
	// A throttled attempt is refused before its password is checked, known
	// username or not.
	attempt, wait, err := s.limits.StartLogin(ctx, in.Username, s.clientAddr(c), now)
	if err != nil {
		return err
	}
	if wait > 0 {
		return tooMany(c, wait, models.ErrTooManyAttempts)
	}
	u, err := s.market.Authenticate(c.UserContext(), in.Username, in.Password)
	if err != nil {
		// A refusal counts as a failure; a database error says nothing
		// about the password.
		if me, ok := models.AsError(err); ok && me.Status < 500 {
			if ferr := attempt.Failed(ctx); ferr != nil {
				return ferr
			}
		}
		return err
	}
	if err := attempt.Succeeded(ctx); err != nil {
		return err
	}
	return s.startSession(c, u)
}

// startSession answers with a new login: a new refresh-token family and an
// access token.
func (s *Server) startSession(c *fiber.Ctx, u *models.User) error {
	now := time.Now()
	refresh, err := s.market.IssueRefreshToken(c.UserContext(), u.ID, now)
	if err != nil {
		return err
	}
	sess, err := s.newSession(c.UserContext(), u, refresh, now)
	if err != nil {
		return err
	}
	return c.JSON(sess)
}

type refreshBody struct {
	RefreshToken string `json:"refresh_token"`
}

func (s *Server) refresh(c *fiber.Ctx) error {
	var in refreshBody
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.RefreshToken == "" {
		return models.Invalid(map[string]string{"refresh_token": "缺少刷新令牌"})
	}
	now := time.Now()
	next, u, err := s.market.RotateRefreshToken(c.UserContext(), in.RefreshToken, now)
	if err != nil {
		return err
	}
	sess, err := s.newSession(c.UserContext(), u, next, now)
	if err != nil {
		return err
	}
	return c.JSON(sess)
}

func (s *Server) logout(c *fiber.Ctx) error {
	var in refreshBody
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.RefreshToken == "" {
		return models.Invalid(map[string]string{"refresh_token": "缺少刷新令牌"})
	}
	if err := s.market.RevokeRefreshToken(c.UserContext(), in.RefreshToken, time.Now()); err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

func (s *Server) me(c *fiber.Ctx) error {
	return s.sendMe(c, actorOf(c).UserID)
}

func (s *Server) sendMe(c *fiber.Ctx, userID int64) error {
	me, err := s.market.WhoAmI(c.UserContext(), userID)
	if err != nil {
		return err
	}
	return c.JSON(me)
}

func (s *Server) updateMe(c *fiber.Ctx) error {
	var in models.Profile
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err := s.market.UpdateProfile(c.UserContext(), actorOf(c), in)
	if err != nil {
		return err
	}
	return s.sendMe(c, u.ID)
}

type passwordChange struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

// changePassword ends every session of the user, and answers with a new
// one so that the device that changed the password stays logged in.
func (s *Server) changePassword(c *fiber.Ctx) error {
	var in passwordChange
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err := s.market.ChangePassword(c.UserContext(), actorOf(c), in.OldPassword, in.NewPassword)
	if err != nil {
		return err
	}
	return s.startSession(c, u)
}

// logoutAll is 退出所有设备, this one included.
func (s *Server) logoutAll(c *fiber.Ctx) error {
	if err := s.market.EndAllSessions(c.UserContext(), actorOf(c)); err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}
