package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"gorm.io/gorm"
)

// RefreshToken is one opaque refresh token, stored only as a hash. Tokens of
// one login form a family: each use rotates to a new token, and presenting an
// already-used one means it was stolen, so the whole family is revoked.
type RefreshToken struct {
	ID        int64     `gorm:"primaryKey"`
	UserID    int64     `gorm:"not null;index"`
	Family    string    `gorm:"size:64;not null;index"`
	TokenHash string    `gorm:"size:64;not null;uniqueIndex"`
	ExpiresAt time.Time `gorm:"not null"`
	UsedAt    *time.Time
	RevokedAt *time.Time
	CreatedAt time.Time
}

const RefreshTTL = 30 * 24 * time.Hour

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// IssueRefreshToken starts a new family (a login) and returns the plain token.
func (m *Market) IssueRefreshToken(ctx context.Context, userID int64, now time.Time) (string, error) {
	db := m.db.WithContext(ctx)
	return issueInFamily(db, userID, randomToken(16), now)
}

func issueInFamily(db *gorm.DB, userID int64, family string, now time.Time) (string, error) {
	plain := randomToken(32)
	rt := RefreshToken{UserID: userID, Family: family, TokenHash: hashToken(plain), ExpiresAt: now.Add(RefreshTTL).UTC(), CreatedAt: now.UTC()}
	return plain, db.Create(&rt).Error
}

// RotateRefreshToken spends a refresh token and returns its successor and the user.
func (m *Market) RotateRefreshToken(ctx context.Context, plain string, now time.Time) (string, *User, error) {
	db := m.db.WithContext(ctx)
	var next string
	var user *User
	var reused bool
	err := db.Transaction(func(tx *gorm.DB) error {
		var rt RefreshToken
		if err := tx.Where("token_hash = ?", hashToken(plain)).First(&rt).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrInvalidRefreshToken
			}
			return err
		}
		if rt.RevokedAt != nil || now.After(rt.ExpiresAt) {
			return ErrInvalidRefreshToken
		}
		// The conditional update makes two racing uses of one token see one winner.
		res := tx.Model(&RefreshToken{}).Where("id = ? AND used_at IS NULL", rt.ID).UpdateColumn("used_at", now.UTC())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			reused = true
			return revokeFamily(tx, rt.Family, now)
		}
		u, err := findUser(tx, rt.UserID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return ErrUserDisabled
		}
		user = u
		next, err = issueInFamily(tx, u.ID, rt.Family, now)
		return err
	})
	if err == nil && reused {
		return "", nil, ErrRefreshTokenReused
	}
	return next, user, err
}

func revokeFamily(tx *gorm.DB, family string, now time.Time) error {
	return tx.Model(&RefreshToken{}).Where("family = ? AND revoked_at IS NULL", family).UpdateColumn("revoked_at", now.UTC()).Error
}

// RevokeRefreshToken is logout: the token's whole family ends.
func (m *Market) RevokeRefreshToken(ctx context.Context, plain string, now time.Time) error {
	db := m.db.WithContext(ctx)
	var rt RefreshToken
	if err := db.Where("token_hash = ?", hashToken(plain)).First(&rt).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil
		}
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error { return revokeFamily(tx, rt.Family, now) })
}

func revokeUserTokens(tx *gorm.DB, userID int64) error {
	return tx.Model(&RefreshToken{}).Where("user_id = ? AND revoked_at IS NULL", userID).UpdateColumn("revoked_at", tx.NowFunc()).Error
}
