package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/view"
)

// site is a public site over a real store, reached through the real router.
type site struct {
	st  *store.Store
	h   *Handler
	mux *http.ServeMux
}

// newSite saves settings changed by edit (nil: the defaults, an Indonesian
// site in Asia/Jakarta) and routes the public handler on a fresh mux.
func newSite(t *testing.T, st *store.Store, mediaDir string, edit func(*model.Settings)) *site {
	t.Helper()
	set, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(&set)
	}
	if err := st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	v, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h := New(st, v, Options{BaseURL: "https://warta.example", Media: media.NewFolder(mediaDir)})
	h.Routes(mux)
	return &site{st: st, h: h, mux: mux}
}

// response is what a reader's browser received.
type response struct {
	code   int
	header http.Header
	body   string
}

func (s *site) get(t *testing.T, path string) response {
	t.Helper()
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, err := io.ReadAll(rec.Result().Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{code: rec.Code, header: rec.Result().Header, body: string(b)}
}

// mustGet fetches path and fails unless the answer is 200.
func (s *site) mustGet(t *testing.T, path string) string {
	t.Helper()
	res := s.get(t, path)
	if res.code != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200; body:\n%s", path, res.code, res.body)
	}
	return res.body
}

// contains fails for each of wants missing from body.
func contains(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

// lacks fails for each of unwanted found in body.
func lacks(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("page contains %q", u)
		}
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// text strips the tags of an HTML fragment and collapses white space.
func text(fragment string) string {
	return strings.Join(strings.Fields(tagRE.ReplaceAllString(fragment, " ")), " ")
}

// element returns the outer HTML of the first element whose start tag
// contains marker (e.g. `id="comment-3"`), following nesting of the same
// tag name; "" when there is none.
func element(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i+1], "<")
	name := body[start+1:]
	name = name[:strings.IndexAny(name, " >")]
	open, closing := "<"+name, "</"+name+">"
	depth := 0
	for pos := start; pos < len(body); {
		nextOpen := strings.Index(body[pos:], open)
		nextClose := strings.Index(body[pos:], closing)
		if nextClose < 0 {
			return ""
		}
		if nextOpen >= 0 && nextOpen < nextClose {
			// Only a real start tag of name, not a longer name sharing its prefix.
			if c := body[pos+nextOpen+len(open)]; c == ' ' || c == '>' {
				depth++
			}
			pos += nextOpen + len(open)
			continue
		}
		depth--
		pos += nextClose + len(closing)
		if depth == 0 {
			return body[start:pos]
		}
	}
	return ""
}

// attrValues returns the values of every attr="…" in body.
func attrValues(body, attr string) []string {
	re := regexp.MustCompile(`\s` + regexp.QuoteMeta(attr) + `="([^"]*)"`)
	var vals []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		vals = append(vals, m[1])
	}
	return vals
}

func TestElementHelper(t *testing.T) {
	body := `<ol><li id="a"><p>x</p><ol><li id="b">y</li></ol></li><li id="c">z</li></ol>`
	tests := []struct {
		name, marker, want string
	}{
		{"a nested element is returned whole", `id="a"`, `<li id="a"><p>x</p><ol><li id="b">y</li></ol></li>`},
		{"an inner element alone", `id="b"`, `<li id="b">y</li>`},
		{"a missing marker gives nothing", `id="x"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := element(body, tt.marker); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// newRecorder sends a bodiless request with method to path.
func newRecorder(s *site, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}
