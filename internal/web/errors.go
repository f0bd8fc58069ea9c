package web

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/store"
)

// errorPage is the 404 page and the generic error page.
type errorPage struct {
	layout
	Status   int
	TitleKey string
	TextKey  string
	// Recent are the newest stories, offered on the 404 page beside the
	// search form, so a broken link still leads somewhere.
	Recent []listItem
	// Takedown, on the 410 page of a story taken down for a guideline
	// reason, is why and when; nil on other error pages.
	Takedown *model.Takedown
}

// notFoundRecent is how many stories the 404 page offers.
const notFoundRecent = 5

// wrap adapts a handler that returns an error: a nil error means the
// handler answered; model.ErrNotFound (and the other statuses httpx.Status
// knows) gets the error page with that status; anything else is logged and
// gets the generic 500 page, which never shows the error itself.
func (h *Handler) wrap(fn func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw := &trackingWriter{ResponseWriter: w}
		var err error
		if h.rest != nil {
			// WordPress clients find the REST API from any page (discovery).
			w.Header().Add("Link", "<"+h.baseURL+"/wp-json/>; rel=\"https://api.w.org/\"")
		}
		if r.URL.Path == "/" && h.rest != nil && r.URL.Query().Has("rest_route") {
			h.rest.ServeHTTP(w, r)
			return
		}
		h.allowAdOrigins(r.Context(), w)
		if r.URL.Path == "/" && r.URL.RawQuery != "" {
			var answered bool
			if answered, err = h.oldURL(tw, r); !answered {
				err = fn(tw, r)
			}
		} else if err = fn(tw, r); errors.Is(err, model.ErrNotFound) && !tw.wrote {
			// Old URLs kept by a WordPress import, before the 404 page.
			if answered, rerr := h.oldURL(tw, r); answered {
				err = rerr
			}
		}
		if err == nil {
			return
		}
		if httpx.ClientGone(r, err) {
			// The reader left (a closed tab, a timeout of theirs):
			// nobody is there to answer, and nothing failed here.
			h.log.DebugContext(r.Context(), "web: client went away", "method", r.Method, "path", r.URL.Path, "err", err)
			return
		}
		status := httpx.Status(err)
		if status >= http.StatusInternalServerError || tw.wrote {
			h.log.ErrorContext(r.Context(), "web: request failed",
				"method", r.Method, "path", r.URL.Path, "status", status, "err", err)
		}
		if tw.wrote {
			return // the answer has begun (a failed write): nothing more to send
		}
		h.renderError(w, r, status)
	})
}

// notFound is the handler of every path no route claims.
func (h *Handler) notFound(http.ResponseWriter, *http.Request) error {
	return model.ErrNotFound
}

// renderError writes the error page for status in the site's layout. When
// the store fails too, it falls back to the default settings without
// navigation, and when even that fails, to plain text.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, status int) {
	var title, text string
	switch status {
	case http.StatusNotFound:
		title, text = "notfound.title", "notfound.text"
	case http.StatusForbidden:
		title, text = "forbidden.title", "forbidden.text"
	case http.StatusInternalServerError:
		title, text = "error.title", "error.text"
	default:
		if status < http.StatusInternalServerError {
			title, text = "badrequest.title", "badrequest.text"
		} else {
			title, text = "error.title", "error.text"
		}
	}
	h.renderErrorPage(w, r, status, title, text)
}

// renderErrorPage writes an error page with status, its title and text
// given as message keys.
func (h *Handler) renderErrorPage(w http.ResponseWriter, r *http.Request, status int, titleKey, textKey string) {
	page := errorPage{Status: status, TitleKey: titleKey, TextKey: textKey}
	l, err := h.newLayout(r.Context(), r.URL.Path)
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			h.log.ErrorContext(r.Context(), "web: error page layout", "path", r.URL.Path, "err", err)
		}
		l = h.layoutFor(model.DefaultSettings(), r.URL.Path)
	}
	l.Title = l.printer.T(page.TitleKey)
	l.Canonical = ""
	l.NoIndex = true
	page.layout = l
	if status == http.StatusNotFound && err == nil {
		// Kept between changes (genMemo): bots asking for what is not
		// there should not each cost a list read.
		recent, rerr := h.recent.get(r.Context(), &h.memo, notFoundRecent, func(ctx context.Context) ([]model.Article, error) {
			return h.store.PublishedPage(ctx, store.ListQuery{Limit: notFoundRecent})
		}, slices.Clone)
		if rerr != nil {
			h.log.ErrorContext(r.Context(), "web: 404 page: recent stories", "err", rerr)
		}
		page.Recent = l.listItems(recent, "", "", false)
		// A 404 the cache keeps (an article's old path) shows them too.
		// Own, not Tag: a tag would make every unknown path cacheable.
		pagecache.Own(r.Context(), store.TagFront)
		tagArticles(r.Context(), recent)
	}
	if err := h.view.Render(w, status, "error.html", &page); err != nil {
		h.log.ErrorContext(r.Context(), "web: error page", "status", status, "err", err)
		http.Error(w, http.StatusText(status), status)
	}
}

// trackingWriter notes whether a handler has started its answer, so that
// wrap does not write an error page after it.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *trackingWriter) WriteHeader(code int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *trackingWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *trackingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
