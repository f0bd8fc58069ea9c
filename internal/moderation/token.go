package moderation

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// tokenMaxAge is how long a time-trap token stays good: a reader who
// leaves the form open longer is held for moderation, not refused.
const tokenMaxAge = 24 * time.Hour

// key returns the site's signing secret, read once from the store.
func (m *Moderator) key(ctx context.Context) ([]byte, error) {
	m.secretOnce.Lock()
	defer m.secretOnce.Unlock()
	if m.secret == nil {
		b, err := m.st.Secret(ctx, "comments")
		if err != nil {
			return nil, fmt.Errorf("moderation: %w", err)
		}
		m.secret = b
	}
	return m.secret, nil
}

func (m *Moderator) sign(ctx context.Context, purpose, msg string) (string, error) {
	k, err := m.key(ctx)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, k)
	mac.Write([]byte(purpose + "\x00" + msg))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:18]), nil
}

func (m *Moderator) verify(ctx context.Context, purpose, msg, sig string) bool {
	want, err := m.sign(ctx, purpose, msg)
	return err == nil && hmac.Equal([]byte(want), []byte(sig))
}

// IssueToken returns a token for the time trap, stamped with now. The
// page's script fetches it when the form is shown, so it works on a page
// every reader gets from the same cache; Submit refuses a comment sent
// sooner than the settings allow after it, and holds one without it.
func (m *Moderator) IssueToken(ctx context.Context) (string, error) {
	ts := strconv.FormatInt(m.now().Unix(), 10)
	sig, err := m.sign(ctx, "trap", ts)
	if err != nil {
		return "", err
	}
	return ts + "." + sig, nil
}

// tokenTime returns when tok was issued, and false when it is missing,
// forged, from the future or too old.
func (m *Moderator) tokenTime(ctx context.Context, tok string) (time.Time, bool) {
	ts, sig, ok := strings.Cut(tok, ".")
	if !ok {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || !m.verify(ctx, "trap", ts, sig) {
		return time.Time{}, false
	}
	at := time.Unix(n, 0)
	if age := m.now().Sub(at); age < -time.Minute || age > tokenMaxAge {
		return time.Time{}, false
	}
	return at, true
}

// PendingValue returns the value of the warta_pending cookie that lets its
// holder see the comments ids, which await moderation: their ids, signed.
func (m *Moderator) PendingValue(ctx context.Context, ids []int64) (string, error) {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	msg := strings.Join(parts, "-")
	sig, err := m.sign(ctx, "pending", msg)
	if err != nil {
		return "", err
	}
	return msg + "." + sig, nil
}

// PendingIDs returns the comment ids a warta_pending cookie value holds;
// none when it is not one this site signed.
func (m *Moderator) PendingIDs(ctx context.Context, v string) []int64 {
	msg, sig, ok := strings.Cut(v, ".")
	if !ok || msg == "" || !m.verify(ctx, "pending", msg, sig) {
		return nil
	}
	var ids []int64
	for _, p := range strings.Split(msg, "-") {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil
		}
		ids = append(ids, id)
	}
	return ids
}
