package web

import (
	"net/http"

	"warta/internal/model"
)

// commentFeedSuffixes are the feeds of an article's comments, below the
// article's path (with a slash added when the structure has none).
var commentFeedSuffixes = []struct{ suffix, format string }{
	{"/feed/atom/", "atom"},
	{"/feed/", "rss"},
	{"/feed.json", "json"},
}

// showCommentFeed answers the feed of an article's comments in format,
// through Options.CommentFeed. base is the request's path before suffix;
// a feed asked below an old or wrong URL of the article is redirected.
func (h *Handler) showCommentFeed(w http.ResponseWriter, r *http.Request, base, suffix, format string) error {
	if h.commentFeed == nil {
		return model.ErrNotFound
	}
	a, l, err := h.findPost(r.Context(), base)
	if err != nil {
		return err
	}
	if want := articleBase(a.Path(l.links)) + suffix[1:]; want != r.URL.Path {
		redirect(w, r, want)
		return nil
	}
	return h.commentFeed(w, r, a, format)
}

// articleBase is an article's path with a trailing slash, what the paths
// below it (its comment feeds) start with.
func articleBase(path string) string {
	if len(path) > 0 && path[len(path)-1] == '/' {
		return path
	}
	return path + "/"
}
