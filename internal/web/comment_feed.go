package web

import (
	"fmt"
	"net/http"
	"strings"

	"warta/internal/model"
)

// showCommentFeed answers the feeds of an article's comments, the
// article's path followed by feed/ (RSS), feed/atom/ or feed.json, through
// Options.CommentFeed. segs are the path's segments, the first three the
// date; a feed of an article whose date is not in the URL is redirected.
func (h *Handler) showCommentFeed(w http.ResponseWriter, r *http.Request, segs []string, slash bool) error {
	format := ""
	switch rest := strings.Join(segs[4:], "/"); {
	case rest == "feed" && slash:
		format = "rss"
	case rest == "feed/atom" && slash:
		format = "atom"
	case rest == "feed.json" && !slash:
		format = "json"
	}
	if format == "" || h.commentFeed == nil {
		return model.ErrNotFound
	}
	ctx := r.Context()
	a, err := h.store.PublishedArticle(ctx, model.TypePost, segs[3])
	if err != nil {
		return fmt.Errorf("web: comment feed of %q: %w", segs[3], err)
	}
	st, err := h.store.Settings(ctx)
	if err != nil {
		return fmt.Errorf("web: settings: %w", err)
	}
	path := a.Path(st.Location())
	if want := path + strings.TrimPrefix(r.URL.Path, "/"+strings.Join(segs[:4], "/")+"/"); want != r.URL.Path {
		redirect(w, r, want)
		return nil
	}
	return h.commentFeed(w, r, a, format)
}
