package web

import (
	"context"
	"strconv"
	"strings"

	"warta/internal/httpx"
)

// pendingSigner signs and reads the pending cookie's value: the ids of the
// comments its holder wrote that await moderation ("12-15"), signed, so
// that nobody sees another reader's waiting comment by naming its id.
type pendingSigner struct{ s *httpx.Signer }

// value returns the cookie value listing ids.
func (p pendingSigner) value(ctx context.Context, ids []int64) (string, error) {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return p.s.Sign(ctx, "pending", strings.Join(parts, "-"))
}

// ids returns the comment ids a cookie value holds; none when the site
// did not sign it.
func (p pendingSigner) ids(ctx context.Context, v string) []int64 {
	msg, ok := p.s.Verify(ctx, "pending", v)
	if !ok || msg == "" {
		return nil
	}
	var ids []int64
	for _, part := range strings.Split(msg, "-") {
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil
		}
		ids = append(ids, id)
	}
	return ids
}
