package httpx

import (
	"fmt"
	"net/http"
	"strings"

	"warta/internal/model"
)

// Mux is where a front end registers its routes: the site's Router, or a
// plain *http.ServeMux in a test of one front end alone.
type Mux interface {
	Handle(pattern string, handler http.Handler)
}

// Router is the site's one ServeMux, held to the table of route prefixes
// (model.IsRoutePrefix): Handle refuses a pattern whose path starts with
// a segment the table does not name, so that no route can be added where
// an article's permalink may lie. Only "/" (the catch-all that dispatches
// articles and pages) and "/{$}" (the front page) start with none. The
// zero Router is ready to use.
type Router struct {
	mux http.ServeMux
}

// Handle registers handler for pattern, as http.ServeMux.Handle does. It
// panics, as ServeMux does on a conflicting pattern, when the pattern's
// first path segment is not in the table: a mistake of the program, met
// at start.
func (rt *Router) Handle(pattern string, handler http.Handler) {
	if seg := firstSegment(pattern); seg != "" && seg != "{$}" && !model.IsRoutePrefix(seg) {
		panic(fmt.Sprintf("httpx: route %q: %q is not one of the site's route prefixes (model.IsRoutePrefix)", pattern, seg))
	}
	rt.mux.Handle(pattern, handler)
}

// ServeHTTP dispatches r as http.ServeMux does.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) { rt.mux.ServeHTTP(w, r) }

// firstSegment is the first segment of a ServeMux pattern's path
// ("GET /admin/{$}" → "admin", "/" → "").
func firstSegment(pattern string) string {
	if _, rest, ok := strings.Cut(pattern, " "); ok {
		pattern = strings.TrimLeft(rest, " \t")
	}
	if i := strings.IndexByte(pattern, '/'); i >= 0 {
		pattern = pattern[i+1:] // past the host, if any
	}
	seg, _, _ := strings.Cut(pattern, "/")
	return seg
}
