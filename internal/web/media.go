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

// mediaCacheControl is how long a browser or a shared cache (a proxy, a
// CDN) keeps a media file before it asks again. Not a year, as for the
// theme's hashed files: a file's address stays the same when an editor
// replaces it (as WordPress users expect of Enable Media Replace, and as
// the articles' stored bodies, feeds and the REST API name it), and a file
// deleted for a legal takedown must stop being served within minutes, not
// linger in caches for a year. After five minutes a cache revalidates with
// the ETag and Last-Modified it got: an unchanged file costs a 304 without
// a body, a replaced one comes anew, a deleted one is a 404 (never cached).
const mediaCacheControl = "public, max-age=300"

// mediaHandler serves the objects of files under /media/: no listings, no
// hidden files, Content-Type, ETag and Last-Modified from the storage,
// ranges, and a short cache with revalidation on what it finds
// (mediaCacheControl). With publicURL set it serves nothing itself but
// redirects each request there (the bucket's or a CDN's address). Nil
// files serve nothing.
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
		info, ok := stat(w, r, files, key, log)
		if !ok {
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

// uploadsHandler answers the addresses of a WordPress site's files,
// /wp-content/uploads/yyyy/mm/name.jpg, that search engines, other sites
// and old newsletters still hold after a move: the importer keeps each
// file's path under the media storage (see wxr's uploadPath), so a file
// that came across is one 301 away, at /media/ (or at the storage's public
// address, so that it stays one hop). A file that did not come across is a
// 404, as it would be at /media/.
func uploadsHandler(files media.Storage, publicURL string, log *slog.Logger) http.Handler {
	if files == nil {
		return http.NotFoundHandler()
	}
	publicURL = strings.TrimRight(publicURL, "/")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimPrefix(r.URL.Path, "/wp-content/uploads/")
		if !media.ValidKey(key) {
			http.NotFound(w, r)
			return
		}
		if _, ok := stat(w, r, files, key, log); !ok {
			return
		}
		to := "/media/" + (&url.URL{Path: key}).EscapedPath()
		if publicURL != "" {
			to = publicURL + "/" + (&url.URL{Path: key}).EscapedPath()
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		http.Redirect(w, r, to, http.StatusMovedPermanently)
	})
}

// stat looks up the file key, answering a 404 when there is none and a
// 500 (logged) when the storage fails; ok reports whether it was found.
func stat(w http.ResponseWriter, r *http.Request, files media.Storage, key string, log *slog.Logger) (media.Info, bool) {
	info, err := files.Stat(r.Context(), key)
	if errors.Is(err, fs.ErrNotExist) {
		http.NotFound(w, r)
		return info, false
	}
	if err != nil {
		log.Error("media: stat", "key", key, "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return info, false
	}
	return info, true
}

// cachingWriter adds the cache header to successful answers only, so
// that a 404 for a file not uploaded yet (or deleted) is not cached.
type cachingWriter struct {
	http.ResponseWriter
	done bool
}

func (w *cachingWriter) WriteHeader(code int) {
	if !w.done {
		w.done = true
		if code == http.StatusOK || code == http.StatusPartialContent || code == http.StatusNotModified {
			w.Header().Set("Cache-Control", mediaCacheControl)
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
