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
