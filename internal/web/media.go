package web

import (
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"warta/internal/media"
)

// mediaHandler serves the objects of files under /media/: no listings, no
// hidden files, Content-Type, ETag and Last-Modified from the storage,
// ranges, and a long cache on what it finds (an upload never changes in
// place; a replaced image gets a new name). With publicURL set it serves
// nothing itself but redirects each request there (the bucket's or a
// CDN's address). Nil files serve nothing.
func mediaHandler(files media.Storage, publicURL string, log *slog.Logger) http.Handler {
	if files == nil {
		return http.NotFoundHandler()
	}
	publicURL = strings.TrimRight(publicURL, "/")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimPrefix(r.URL.Path, "/media/")
		if !media.ValidKey(key) {
			http.NotFound(w, r)
			return
		}
		if publicURL != "" {
			// 302, not 301: a permanent redirect would outlive a change
			// of the setting in every browser that saw it.
			w.Header().Set("Cache-Control", "public, max-age=3600")
			http.Redirect(w, r, publicURL+"/"+(&url.URL{Path: key}).EscapedPath(), http.StatusFound)
			return
		}
		info, err := files.Stat(r.Context(), key)
		if errors.Is(err, fs.ErrNotExist) {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			log.Error("media: stat", "key", key, "err", err)
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		body := media.Seeker(r.Context(), files, info)
		defer body.Close()
		h := w.Header()
		h.Set("Content-Type", info.ContentType)
		if info.ETag != "" {
			h.Set("ETag", info.ETag)
		}
		http.ServeContent(&cachingWriter{ResponseWriter: w}, r, key, info.ModTime, body)
	})
}

// cachingWriter adds the long cache header to successful answers only, so
// that a 404 for a file not uploaded yet is not cached for a year.
type cachingWriter struct {
	http.ResponseWriter
	done bool
}

func (w *cachingWriter) WriteHeader(code int) {
	if !w.done {
		w.done = true
		if code == http.StatusOK || code == http.StatusPartialContent || code == http.StatusNotModified {
			w.Header().Set("Cache-Control", "public, max-age=31536000")
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *cachingWriter) Write(b []byte) (int, error) {
	if !w.done {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}
