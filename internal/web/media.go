package web

import (
	"io/fs"
	"net/http"
	"strings"
)

// mediaHandler serves the files of dir under /media/: no directory
// listings, no dot files, and a long cache on what it finds (an upload
// never changes in place; a replaced image gets a new name). An empty dir
// serves nothing.
func mediaHandler(dir string) http.Handler {
	if dir == "" {
		return http.NotFoundHandler()
	}
	files := http.FileServer(filesOnly{http.Dir(dir)})
	return http.StripPrefix("/media", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, seg := range strings.Split(r.URL.Path, "/") {
			if strings.HasPrefix(seg, ".") {
				http.NotFound(w, r)
				return
			}
		}
		files.ServeHTTP(&cachingWriter{ResponseWriter: w}, r)
	}))
}

// filesOnly hides directories, so http.FileServer lists none.
type filesOnly struct{ fs http.FileSystem }

func (f filesOnly) Open(name string) (http.File, error) {
	file, err := f.fs.Open(name)
	if err != nil {
		return nil, err
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, err
	}
	if info.IsDir() {
		file.Close()
		return nil, fs.ErrNotExist
	}
	return file, nil
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
