package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"warta/internal/model"
	"warta/internal/store"
)

// Two-factor sign-in for the newsroom: after the password, a six-digit
// code from an authenticator app (TOTP, RFC 6238: SHA-1, 30-second steps,
// as every app takes them) or one of ten single-use recovery codes. The
// codes are computed with github.com/pquerna/otp; a code is accepted for
// the step before, at and after now (a phone's clock a little off), and
// only for a step later than the last one accepted.

// totpPeriod is the length of a TOTP time step.
const totpPeriod = 30

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// RecoveryCodeCount is how many recovery codes a user gets at a time.
const RecoveryCodeCount = 10

// NewTOTPSecret returns a new random TOTP key in base32, as apps take it.
func NewTOTPSecret() (string, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: "warta", AccountName: "new", SecretSize: 20})
	if err != nil {
		return "", fmt.Errorf("auth: totp secret: %w", err)
	}
	return k.Secret(), nil
}

// TOTPKey returns the key secret as an authenticator app reads it from a
// QR code: an otpauth:// URL naming the site (issuer) and the account.
func TOTPKey(secret, issuer, account string) (*otp.Key, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(secret))
	if err != nil {
		return nil, fmt.Errorf("auth: totp secret: %w", err)
	}
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Secret: raw,
		Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return nil, fmt.Errorf("auth: totp key: %w", err)
	}
	return k, nil
}

// TOTPQRCode returns the PNG of the QR code of the key secret.
func TOTPQRCode(secret, issuer, account string) ([]byte, error) {
	k, err := TOTPKey(secret, issuer, account)
	if err != nil {
		return nil, err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return nil, fmt.Errorf("auth: totp qr code: %w", err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("auth: totp qr code: %w", err)
	}
	return b.Bytes(), nil
}

// TOTPCode returns the code of secret at t.
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totpOpts)
}

// CheckTOTP returns the time step whose code code is, among the step
// before now, now's and the one after, and whether it is one of them.
func CheckTOTP(secret, code string, now time.Time) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	for _, s := range []int64{step, step - 1, step + 1} {
		want, err := TOTPCode(secret, time.Unix(s*totpPeriod, 0))
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// NewRecoveryCodes returns RecoveryCodeCount new recovery codes as the
// user writes them down ("k7qd-2mfa-x9pe-4rtc", 80 random bits each) and
// the hashes the store keeps.
func NewRecoveryCodes() (codes, hashes []string, err error) {
	const alphabet = "abcdefghjkmnpqrstuvwxyz023456789" // 32 signs, no o, 1, l or i
	for range RecoveryCodeCount {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return nil, nil, fmt.Errorf("auth: recovery codes: %w", err)
		}
		var sb strings.Builder
		for i, c := range b {
			if i > 0 && i%4 == 0 {
				sb.WriteByte('-')
			}
			sb.WriteByte(alphabet[c&31])
		}
		codes = append(codes, sb.String())
		hashes = append(hashes, recoveryHash(sb.String()))
	}
	return codes, hashes, nil
}

// recoveryHash hashes a recovery code as typed, without regard to case,
// spaces or dashes.
func recoveryHash(code string) string {
	c := strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
	sum := sha256.Sum256([]byte("warta recovery\x00" + c))
	return hex.EncodeToString(sum[:])
}

// SecondFactor checks code, a TOTP code or a recovery code, for user u,
// whose key k is confirmed, and uses it up. A wrong, reused or used-up
// code is model.ErrForbidden and counts as a failed sign-in of the
// account in th, which locks it after too many.
func SecondFactor(ctx context.Context, st *store.Store, th *Throttle, u *model.User, k *model.TOTP, code, ip string, now time.Time) error {
	subject := "totp:" + AccountSubject(u.ID, u.Login)
	if wait, err := th.Check(ctx, subject, ip, now); err != nil {
		return err
	} else if wait > 0 {
		return &ThrottledError{Wait: wait}
	}
	ok := false
	if step, valid := CheckTOTP(k.Secret, code, now); valid {
		var err error
		if ok, err = st.UseTOTPStep(ctx, u.ID, step); err != nil {
			return err
		}
	} else if len(code) >= 16 {
		var err error
		if ok, err = st.UseRecoveryCode(ctx, u.ID, recoveryHash(code), now); err != nil {
			return err
		}
	}
	if !ok {
		if err := th.Fail(ctx, subject, ip, now); err != nil {
			return err
		}
		return model.ErrForbidden
	}
	return th.Succeed(ctx, subject)
}
