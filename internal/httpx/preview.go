package httpx

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// previewPurpose is what preview keys are signed for.
const previewPurpose = "preview"

// PreviewSecret names the store's secret (store.Secret) that preview keys
// are signed with, by the newsroom and by the site alike.
const PreviewSecret = "preview"

// PreviewKey returns the key of a preview link to article id that works,
// signed out, until the given time. The newsroom makes it; the site reads
// it back with PreviewArticle. s must load the same secret on both sides.
func PreviewKey(ctx context.Context, s *Signer, id int64, until time.Time) (string, error) {
	return s.Sign(ctx, previewPurpose, fmt.Sprintf("%d-%d", id, until.Unix()))
}

// PreviewArticle returns the article id a preview key names, and whether
// the key is genuine and has not expired at now.
func PreviewArticle(ctx context.Context, s *Signer, key string, now time.Time) (int64, bool) {
	msg, ok := s.Verify(ctx, previewPurpose, key)
	if !ok {
		return 0, false
	}
	idText, untilText, ok := strings.Cut(msg, "-")
	id, err1 := strconv.ParseInt(idText, 10, 64)
	until, err2 := strconv.ParseInt(untilText, 10, 64)
	if !ok || err1 != nil || err2 != nil || !now.Before(time.Unix(until, 0)) {
		return 0, false
	}
	return id, true
}
