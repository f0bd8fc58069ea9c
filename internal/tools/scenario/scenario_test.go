package scenario

import (
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
)

// recorder is a testing.TB that keeps failures instead of reporting them,
// so a test can check that the runner fails when it should.
type recorder struct {
	testing.TB
	mu    sync.Mutex
	errs  []string
	fatal bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
	runtime.Goexit()
}

// run runs fn with a recorder in a goroutine of its own, so that Fatalf can
// end it, and returns the failures.
func run(t *testing.T, fn func(tb testing.TB)) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(r)
	}()
	<-done
	return r
}

func TestScenario(t *testing.T) {
	s := New(t, storetest.New(t), Options{Settings: func(set *model.Settings) { set.Title = "Kabar Skenario" }})
	a := storetest.Post(t, s.Store, func(a *model.Article) { a.Title = "Jembatan Kali Wening Dibuka" })
	reader := s.Browser()

	t.Run("a scenario that holds passes, and its hooks see the real store", func(t *testing.T) {
		var before, after bool
		r := run(t, func(tb testing.TB) {
			reader.Do(tb, Scenario{Name: "the front page", URL: "/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Kabar Skenario", "Jembatan Kali Wening Dibuka"}, NotExpectedContent: []string{"Fatal"},
				ExpectedHeaders: map[string]string{"Content-Type": "text/html; charset=utf-8", "X-Content-Type-Options": AnyValue, "X-No-Such": NoHeader},
				BeforeTest:      func(tb testing.TB, s *Site) { before = s.Store != nil },
				AfterTest: func(tb testing.TB, s *Site, r *Response) {
					got, err := s.Store.ArticleByID(tb.Context(), a.ID)
					after = err == nil && got.Title == a.Title && r.Status == http.StatusOK
				}})
		})
		if len(r.errs) > 0 || !before || !after {
			t.Errorf("failures %q, before %v, after %v", r.errs, before, after)
		}
	})

	failing := []struct {
		name string
		sc   Scenario
		want string
	}{
		{"a wrong status ends the test", Scenario{Name: "x", URL: "/no-such-page/", ExpectedStatus: 200}, "status 404, want 200"},
		{"missing content fails", Scenario{Name: "x", URL: "/", ExpectedStatus: 200, ExpectedContent: []string{"Tidak ada di halaman"}}, `lacks "Tidak ada di halaman"`},
		{"unwanted content fails", Scenario{Name: "x", URL: "/", ExpectedStatus: 200, NotExpectedContent: []string{"Kabar Skenario"}}, `contains "Kabar Skenario"`},
		{"a wrong header fails", Scenario{Name: "x", URL: "/", ExpectedStatus: 200, ExpectedHeaders: map[string]string{"Content-Type": "text/plain"}}, "header Content-Type"},
		{"an absent header fails AnyValue", Scenario{Name: "x", URL: "/", ExpectedStatus: 200, ExpectedHeaders: map[string]string{"Retry-After": AnyValue}}, "no Retry-After header"},
		{"a present header fails NoHeader", Scenario{Name: "x", URL: "/", ExpectedStatus: 200, ExpectedHeaders: map[string]string{"Content-Type": NoHeader}}, "want none"},
		{"a wrong JSON value fails", Scenario{Name: "x", URL: "/wp-json/wp/v2/posts/999999", ExpectedStatus: 404, ExpectedJSON: WPError(404, "rest_forbidden")}, "code = rest_post_invalid_id, want rest_forbidden"},
		{"JSON expected of HTML fails", Scenario{Name: "x", URL: "/", ExpectedStatus: 200, ExpectedJSON: map[string]any{"code": AnyValue}}, "not JSON"},
		{"a scenario without a status is refused", Scenario{Name: "x", URL: "/"}, "expects no status"},
	}
	for _, tt := range failing {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, func(tb testing.TB) { reader.Do(tb, tt.sc) })
			if len(r.errs) != 1 || !strings.Contains(r.errs[0], tt.want) {
				t.Errorf("failures %q, want one containing %q", r.errs, tt.want)
			}
		})
	}

	t.Run("a wrong status shows what the site logged", func(t *testing.T) {
		st := storetest.New(t)
		broken := New(t, st, Options{})
		st.Close() // every read now fails: a 500, logged
		r := run(t, func(tb testing.TB) {
			broken.Client().Do(tb, Scenario{Name: "x", URL: "/wp-json/wp/v2/posts", ExpectedStatus: 200})
		})
		if len(r.errs) != 1 || !strings.Contains(r.errs[0], "status 500") || !strings.Contains(r.errs[0], "level=ERROR") {
			t.Errorf("failures %q, want a 500 with the logged error", r.errs)
		}
	})

	t.Run("a REST client's answer is read as JSON", func(t *testing.T) {
		c := s.AppPassword(t, s.User(t, "redaksi", model.RoleEditor))
		r := c.Do(t, Scenario{Name: "the signed-in user", URL: "/wp-json/wp/v2/users/me?context=edit", ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"slug": "redaksi", "roles.0": "editor"}})
		if r.Str("slug") != "redaksi" || r.Int("id") == 0 || r.Object() == nil {
			t.Errorf("read %q %d %v", r.Str("slug"), r.Int("id"), r.Object())
		}
		r = c.Do(t, Scenario{Name: "the posts", URL: "/wp-json/wp/v2/posts", ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"0.title.rendered": a.Title}})
		if l := r.List(); len(l) != 1 || l[0]["id"] != float64(a.ID) {
			t.Errorf("list %v", l)
		}
		s.Client().Do(t, Scenario{Name: "an anonymous client", URL: "/wp-json/wp/v2/users/me", ExpectedStatus: 401,
			ExpectedJSON: WPError(401, "rest_not_logged_in")})
	})

	t.Run("a signed-in browser posts forms with its CSRF token", func(t *testing.T) {
		ed := s.As(t, s.User(t, "sari", model.RoleEditor))
		if ed.CSRF() == "" {
			t.Fatal("no CSRF token after signing in")
		}
		ed.Run(t,
			Scenario{Name: "a draft is saved", Method: "POST", URL: "/admin/articles/new",
				Form: url.Values{"title": {"Draf Skenario"}, "status": {"draft"}}, ExpectedStatus: http.StatusSeeOther},
			Scenario{Name: "a forged token is refused", Method: "POST", URL: "/admin/articles/new",
				Form: url.Values{"csrf": {"palsu"}, "title": {"Palsu"}, "status": {"draft"}}, ExpectedStatus: http.StatusForbidden},
			Scenario{Name: "the draft is listed", URL: "/admin/articles/?status=draft", ExpectedStatus: 200,
				ExpectedContent: []string{"Draf Skenario"}, NotExpectedContent: []string{"Palsu"}},
		)
		s.Browser().Do(t, Scenario{Name: "a visitor without a session is sent to the login", URL: "/admin/articles/",
			ExpectedStatus: http.StatusSeeOther, AfterTest: func(tb testing.TB, s *Site, r *Response) {
				if !strings.HasPrefix(r.Location(), "/admin/login") {
					tb.Errorf("Location %q", r.Location())
				}
			}})
	})
}

func TestEngines(t *testing.T) {
	var names []string
	Engines(t, Options{BaseURL: "https://warta.example"}, func(t *testing.T, s *Site) {
		names = append(names, t.Name())
		a := storetest.Post(t, s.Store, func(a *model.Article) { a.Title = "Pasar Ikan Ramai" })
		s.Client().Run(t, Scenario{Name: "the post is served with the site's own address", URL: "/wp-json/wp/v2/posts/" + fmt.Sprint(a.ID),
			ExpectedStatus: 200, ExpectedContent: []string{`"link":"https://warta.example/`}, ExpectedJSON: map[string]any{"title.rendered": "Pasar Ikan Ramai"}})
	})
	want := len(storetest.Engines(t))
	if len(names) != want || !strings.HasSuffix(names[0], "/sqlite") {
		t.Errorf("ran on %q, want %d engines, SQLite first", names, want)
	}
}

func TestElement(t *testing.T) {
	body := `<ol><li id="a"><p>x</p><ol><li id="b">y</li></ol></li><li id="c">z</li></ol>`
	tests := []struct {
		name, marker, want string
	}{
		{"a nested element is returned whole", `id="a"`, `<li id="a"><p>x</p><ol><li id="b">y</li></ol></li>`},
		{"an inner element alone", `id="b"`, `<li id="b">y</li>`},
		{"a missing marker gives nothing", `id="x"`, ""},
		{"a longer tag name sharing the prefix is not nesting", `id="l"`, `<p id="l"><param>q</p>`},
	}
	body += `<p id="l"><param>q</p>`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Element(body, tt.marker); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if got := Text(`<p>Oleh <a href="/x">Budi</a>
		dan  Siti</p>`); got != "Oleh Budi dan Siti" {
		t.Errorf("Text = %q", got)
	}
	if got := AttrValues(`<img src="/a.jpg" data-src="no"><img  src="/b.jpg">`, "src"); strings.Join(got, ",") != "/a.jpg,/b.jpg" {
		t.Errorf("AttrValues = %q", got)
	}
}
