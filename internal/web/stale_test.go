package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/publishing"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// staleSite is the public site behind the page cache as serve runs it:
// stale-while-revalidate on, and every change the store logs handed to
// Invalidate as serve's follower does.
type staleSite struct {
	st    *store.Store
	h     *Handler
	cache *pagecache.Cache
	srv   http.Handler
	last  int64
}

func newStaleSite(t *testing.T, st *store.Store) *staleSite {
	t.Helper()
	h, mux := keepingSite(t, st, Options{})
	cache := pagecache.New(pagecache.Options{RequireTags: true, ServeStale: true})
	s := &staleSite{st: st, h: h, cache: cache, srv: cache.Middleware(CacheKey, BypassCache, mux)}
	s.follow(t)
	return s
}

// follow hands the changes logged since the last call to the cache and
// the site, as serve's follower does.
func (s *staleSite) follow(t *testing.T) {
	t.Helper()
	list, err := s.st.ChangesSince(t.Context(), s.last, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, c := range list {
		tags = append(tags, c.Tags...)
		s.last = c.ID
	}
	s.h.Invalidate()
	s.cache.Invalidate(tags...)
}

func (s *staleSite) get(path string) (int, string, string) {
	rec := httptest.NewRecorder()
	s.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Header().Get("X-Cache"), rec.Body.String()
}

// cached fetches path until the cache answers it.
func (s *staleSite) cached(t *testing.T, path string) {
	t.Helper()
	s.get(path)
	if code, xcache, _ := s.get(path); code != http.StatusOK || xcache != "HIT" {
		t.Fatalf("GET %s: %d %s, want a cached page", path, code, xcache)
	}
}

func TestStaleWhileRevalidate(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			story := newStory(t, st)
			s := newStaleSite(t, st)
			editor := storetest.User(t, st, "Redaktur Jaga")
			editor.Role = model.RoleEditor

			t.Run("a trashed article's page and the lists showing it are gone at once", func(t *testing.T) {
				victim := storetest.Post(t, st, func(a *model.Article) {
					a.Title, a.Slug = "Berita yang akan dibuang", "akan-dibuang"
					a.Categories = story.article.Categories
				})
				path := victim.Path(model.Permalinks{Loc: jakarta(t)})
				s.follow(t)
				for _, p := range []string{path, "/", "/category/politik/"} {
					s.cached(t, p)
				}
				if err := publishing.Trash(t.Context(), st, editor, victim.ID); err != nil {
					t.Fatal(err)
				}
				s.follow(t)
				if code, xcache, _ := s.get(path); code != http.StatusNotFound {
					t.Errorf("the trashed article: %d (X-Cache %s), want 404 at once", code, xcache)
				}
				for _, p := range []string{"/", "/category/politik/"} {
					if _, xcache, body := s.get(p); xcache == "STALE" || strings.Contains(body, victim.Title) {
						t.Errorf("%s still lists the trashed article (X-Cache %s)", p, xcache)
					}
				}
			})

			t.Run("a new article reaches the front page behind one stale answer", func(t *testing.T) {
				s.cached(t, "/")
				storetest.Post(t, st, func(a *model.Article) {
					a.Title, a.Slug, a.PublishedAt = "Kabar paling baru", "kabar-baru", time.Now().UTC()
				})
				s.follow(t)
				code, xcache, body := s.get("/")
				if code != http.StatusOK || xcache != "STALE" || strings.Contains(body, "Kabar paling baru") {
					t.Fatalf("first reader after the change: %d, X-Cache %s; want the stale front page", code, xcache)
				}
				deadline := time.Now().Add(5 * time.Second)
				for {
					_, xcache, body = s.get("/")
					if xcache == "HIT" && strings.Contains(body, "Kabar paling baru") {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("the front page was not refreshed: X-Cache %s", xcache)
					}
					time.Sleep(5 * time.Millisecond)
				}
				if st := s.cache.Stats(); st.Refreshes == 0 {
					t.Errorf("stats %+v: no background refresh", st)
				}
			})

			t.Run("a signed-in editor never gets a stale page", func(t *testing.T) {
				s.cached(t, "/")
				storetest.Post(t, st, func(a *model.Article) { a.Title, a.Slug = "Kabar untuk redaksi", "kabar-redaksi" })
				s.follow(t)
				rec := httptest.NewRecorder()
				r := httptest.NewRequest(http.MethodGet, "/", nil)
				r.AddCookie(&http.Cookie{Name: "warta_session", Value: "1.x"})
				s.srv.ServeHTTP(rec, r)
				if xcache := rec.Header().Get("X-Cache"); xcache != "BYPASS" || !strings.Contains(rec.Body.String(), "Kabar untuk redaksi") {
					t.Errorf("editor: X-Cache %s, want BYPASS with the new article", xcache)
				}
			})
		})
	}
}
