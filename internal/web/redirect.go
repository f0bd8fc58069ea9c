package web

import (
	"errors"
	"net/http"
	"net/url"

	"warta/internal/model"
)

// wpQueryKeys are WordPress's query-string links to a post, a page, a
// category, an attachment, a tag and an author's archive (/?p=123…),
// answered from the redirects a WordPress import wrote.
var wpQueryKeys = []string{"p", "page_id", "cat", "attachment_id", "tag", "author"}

// oldURL answers a 301 when the redirects table knows the request: a
// WordPress query link on "/", or a path nothing else serves (an old
// permalink). It reports whether it answered.
func (h *Handler) oldURL(w http.ResponseWriter, r *http.Request) (bool, error) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false, nil
	}
	from := r.URL.EscapedPath()
	if from == "/" {
		if to := wpQueryArchive(r.URL.Query()); to != "" {
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return true, nil
		}
	}
	if from == "/" {
		q := r.URL.Query()
		from = ""
		for _, k := range wpQueryKeys {
			if v := q.Get(k); v != "" {
				from = "/?" + k + "=" + url.QueryEscape(v)
				break
			}
		}
		if from == "" {
			return false, nil
		}
	}
	red, err := h.store.RedirectFor(r.Context(), from)
	if errors.Is(err, model.ErrNotFound) {
		if from[1] == '?' {
			return true, model.ErrNotFound // an unknown ?p=ID is not the front page
		}
		return false, nil
	}
	if err != nil {
		return true, err
	}
	http.Redirect(w, r, red.ToPath, red.Status)
	return true, nil
}

// wpQueryArchive is where WordPress's query links to a date archive
// (?m=2026, ?m=202611, ?m=20261105) and to the feeds (?feed=rss2,
// ?feed=atom) live in warta; "" for other queries.
func wpQueryArchive(q url.Values) string {
	if m := q.Get("m"); m != "" && (len(m) == 4 || len(m) == 6 || len(m) == 8) {
		path := "/" + m[:4] + "/"
		for i := 4; i < len(m); i += 2 {
			path += m[i:i+2] + "/"
		}
		if _, rest, ok := model.ParseDateArchive(path); ok && rest == "" {
			return path
		}
		return ""
	}
	switch q.Get("feed") {
	case "rss2", "rss", "feed":
		return "/feed/"
	case "atom":
		return "/feed/atom/"
	case "comments-rss2":
		return "/comments/feed/"
	}
	return ""
}
