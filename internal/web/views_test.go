package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/web"
)

// browser is a reader's user agent; each reader in these tests has its own.
func browser(n int) string {
	return "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0." + strconv.Itoa(n) + " Safari/537.36"
}

// Reads are counted from the story page's beacon, once per reader and hour,
// bots left out; the counts reach the store in batches and the front page's
// "Terpopuler" ranks by them, while the story page stays a cached page.
func TestMostRead(t *testing.T) {
	scenario.Engines(t, scenario.Options{PageCache: true}, func(t *testing.T, s *scenario.Site) {
		st := s.Store
		base := time.Now().Add(-48 * time.Hour)
		post := func(title string) *model.Article {
			return storetest.Post(t, st, func(a *model.Article) { a.Title, a.PublishedAt = title, base })
		}
		hot, warm, cold := post("Berita paling dibaca"), post("Berita cukup dibaca"), post("Berita sepi pembaca")
		reader := s.Client()
		beacon := func(id int64, ua string) scenario.Scenario {
			return scenario.Scenario{Name: "a beacon", Method: http.MethodPost, URL: "/views/" + strconv.FormatInt(id, 10),
				Headers: map[string]string{"User-Agent": ua, "Sec-Fetch-Site": "same-origin"}, ExpectedStatus: http.StatusNoContent,
				ExpectedHeaders: map[string]string{"Cache-Control": "no-store"}}
		}
		path := hot.Path(model.Permalinks{Loc: model.DefaultSettings().Location()}) // the site's zone, not the machine's
		reader.Do(t, scenario.Scenario{Name: "the story page asks for one beacon", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-views="/views/` + strconv.FormatInt(hot.ID, 10) + `"`}})
		reader.Do(t, scenario.Scenario{Name: "and is cached", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedHeaders: map[string]string{"X-Cache": "HIT"}})
		for i := range 5 {
			reader.Do(t, beacon(hot.ID, browser(i)))
		}
		for range 20 { // one reader refreshing in a loop
			reader.Do(t, beacon(warm.ID, browser(100)))
		}
		reader.Do(t, beacon(warm.ID, browser(101)))
		for _, bot := range []string{"Googlebot/2.1 (+http://www.google.com/bot.html)", "Mozilla/5.0 HeadlessChrome/131.0", ""} {
			for range 10 {
				reader.Do(t, beacon(cold.ID, bot))
			}
		}
		reader.Do(t, beacon(999999, browser(7))) // no such story: dropped at the flush
		reader.Do(t, scenario.Scenario{Name: "the story page is still served from the cache", URL: path,
			ExpectedStatus: http.StatusOK, ExpectedHeaders: map[string]string{"X-Cache": "HIT"}})

		if err := s.Web.FlushViews(t.Context()); err != nil {
			t.Fatal(err)
		}
		views, err := st.ViewsOf(t.Context(), []int64{hot.ID, warm.ID, cold.ID}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]store.ArticleViews{hot.ID: {Day: 5, Week: 5, Total: 5}, warm.ID: {Day: 2, Week: 2, Total: 2}}
		for id, w := range want {
			if views[id] != w {
				t.Errorf("article %d: counted %+v, want %+v", id, views[id], w)
			}
		}
		if _, ok := views[cold.ID]; ok {
			t.Errorf("bots were counted: %+v", views[cold.ID])
		}
		if changed, err := s.Web.RefreshPopular(t.Context()); err != nil || !changed {
			t.Fatalf("RefreshPopular: changed %v, %v", changed, err)
		}
		s.Cache.InvalidateLocal(web.TagPopular)
		reader.Do(t, scenario.Scenario{Name: "the front page ranks the most read", URL: "/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Terpopuler hari ini", "Terpopuler sepekan"},
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				list := scenario.Element(r.Body, `class="rank-list"`)
				h, w := strings.Index(list, hot.Title), strings.Index(list, warm.Title)
				if h < 0 || w < 0 || h > w || strings.Contains(list, cold.Title) {
					t.Errorf("most read today, in order, should be %q then %q without %q:\n%s", hot.Title, warm.Title, cold.Title, list)
				}
			}})
		if changed, err := s.Web.RefreshPopular(t.Context()); err != nil || changed {
			t.Errorf("RefreshPopular without new reads: changed %v, %v", changed, err)
		}
	})
}
