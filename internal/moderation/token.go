package moderation

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// tokenMaxAge is how long a time-trap token stays good: a reader who
// leaves the form open longer is held for moderation, not refused.
const tokenMaxAge = 24 * time.Hour

// IssueToken returns a token for the time trap, stamped with now. The
// page's script fetches it when the form is shown, so it works on a page
// every reader gets from the same cache; Submit refuses a comment sent
// sooner than the settings allow after it, and holds one without it.
func (m *Moderator) IssueToken(ctx context.Context) (string, error) {
	tok, err := m.signer.Sign(ctx, "trap", strconv.FormatInt(m.now().Unix(), 10))
	if err != nil {
		return "", fmt.Errorf("moderation: %w", err)
	}
	return tok, nil
}

// tokenTime returns when tok was issued, and false when it is missing,
// forged, from the future or too old.
func (m *Moderator) tokenTime(ctx context.Context, tok string) (time.Time, bool) {
	ts, ok := m.signer.Verify(ctx, "trap", tok)
	if !ok {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	at := time.Unix(n, 0)
	if age := m.now().Sub(at); age < -time.Minute || age > tokenMaxAge {
		return time.Time{}, false
	}
	return at, true
}
