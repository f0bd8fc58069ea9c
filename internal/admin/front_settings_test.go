package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// Editors arrange the front page in the newsroom: they pin the lead and a
// secondary story, choose and order the section blocks and set a breaking
// line; readers see it at /, and bad input is refused with the text kept.
func TestFrontPageArrangement(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		st := s.Store
		base := time.Date(2024, 4, 20, 3, 0, 0, 0, time.UTC)
		sport := storetest.Term(t, st, model.TaxonomyCategory, "Olahraga")
		money := storetest.Term(t, st, model.TaxonomyCategory, "Ekonomi")
		post := func(title string, day int, cat *model.Term) *model.Article {
			return storetest.Post(t, st, func(a *model.Article) {
				a.Title, a.PublishedAt = title, base.Add(time.Duration(day)*24*time.Hour)
				if cat != nil {
					a.Categories = []model.Term{*cat}
				}
			})
		}
		old := post("Kisah lama yang diangkat lagi", 0, nil)
		pinned := post("Analisis anggaran pendidikan", 1, money)
		for i := range 6 {
			post("Berita biasa "+strconv.Itoa(i), 2+i, nil)
		}
		post("Timnas menang tipis", 9, sport)
		ed := s.As(t, s.User(t, "meja", model.RoleEditor))
		author := s.As(t, s.User(t, "penulis", model.RoleAuthor))
		form := url.Values{"lead": {strconv.FormatInt(old.ID, 10)}, "pinned_0": {strconv.FormatInt(pinned.ID, 10)},
			"section_" + strconv.FormatInt(sport.ID, 10): {"2"}, "section_" + strconv.FormatInt(money.ID, 10): {"1"},
			"breaking_text": {"Gempa M5,6 guncang Cianjur"}, "breaking_url": {"/gempa/"},
			"accent": {"blue"}, "footer_text": {"Redaksi Kabar Uji\nJalan Pantai 1, Banyuwening"}}

		author.Run(t, scenario.Scenario{Name: "an author may not arrange the front page", URL: "/admin/front",
			ExpectedStatus: http.StatusForbidden})
		ed.Run(t,
			scenario.Scenario{Name: "the screen offers the stories and the sections", URL: "/admin/front",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`name="lead"`, ">Kisah lama yang diangkat lagi</option>",
					`name="section_` + strconv.FormatInt(sport.ID, 10) + `"`, `name="breaking_until"`}},
			scenario.Scenario{Name: "a breaking link that is no address is refused, the text kept", Method: http.MethodPost,
				URL: "/admin/front", Form: withField(form, "breaking_url", "javascript:alert(1)"),
				ExpectedStatus:  http.StatusUnprocessableEntity,
				ExpectedContent: []string{"must start with https://", `value="Gempa M5,6 guncang Cianjur"`}},
			scenario.Scenario{Name: "an accent colour that is not offered is refused", Method: http.MethodPost,
				URL: "/admin/front", Form: withField(form, "accent", "#ff00ff"), ExpectedStatus: http.StatusUnprocessableEntity},
			scenario.Scenario{Name: "an end time that cannot be read is refused", Method: http.MethodPost,
				URL: "/admin/front", Form: withField(form, "breaking_until", "besok sore"),
				ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"could not be read", `value="besok sore"`}},
			scenario.Scenario{Name: "the arrangement is saved", Method: http.MethodPost, URL: "/admin/front", Form: form,
				ExpectedStatus: http.StatusSeeOther},
		)
		s.Client().Run(t, scenario.Scenario{Name: "readers see the pinned lead, the pinned story first in the grid, the sections in order and the breaking line",
			URL: "/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`<h2 class="lead-title"><a href="` + old.Path(model.Permalinks{Loc: jakarta(t)}) + `">Kisah lama yang diangkat lagi</a></h2>`,
				`<h3 class="tile-title"><a href="` + pinned.Path(model.Permalinks{Loc: jakarta(t)}) + `">Analisis anggaran pendidikan</a></h3>`,
				`<h2 class="block-title"><a href="/category/ekonomi/">Ekonomi</a></h2>`,
				`<a href="/gempa/">Gempa M5,6 guncang Cianjur</a>`, "Terkini",
				`<body class="accent-blue">`, "<p class=\"footer-about\">Redaksi Kabar Uji\nJalan Pantai 1, Banyuwening</p>"},
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				eko, olah := strings.Index(r.Body, "/category/ekonomi/\">Ekonomi"), strings.Index(r.Body, "/category/olahraga/\">Olahraga")
				grid, first, next := strings.Index(r.Body, `class="tile-grid front-grid"`), strings.Index(r.Body, ">Analisis anggaran pendidikan<"), strings.Index(r.Body, ">Timnas menang tipis<")
				if grid < 0 || first < grid || next < first {
					t.Errorf("the pinned story is not first in the grid: grid at %d, pinned at %d, newest at %d", grid, first, next)
				}
				if eko < 0 || olah < 0 || eko > olah {
					t.Errorf("section blocks out of order: Ekonomi at %d, Olahraga at %d", eko, olah)
				}
			}})
		// The line ends at its time: the schedule removes it.
		set, _ := st.Settings(t.Context())
		set.BreakingUntil = time.Now().Add(-time.Minute).UTC().Format(time.RFC3339)
		if err := st.SaveSettings(t.Context(), set); err != nil {
			t.Fatal(err)
		}
		if removed, err := st.ExpireBreaking(t.Context(), time.Now()); err != nil || !removed {
			t.Fatalf("ExpireBreaking: %v, %v", removed, err)
		}
		if removed, err := st.ExpireBreaking(t.Context(), time.Now()); err != nil || removed {
			t.Fatalf("ExpireBreaking again: %v, %v", removed, err)
		}
		s.Client().Run(t, scenario.Scenario{Name: "an expired breaking line is gone", URL: "/", ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{"Gempa M5,6", `class="breaking"`}})
	})
}

func jakarta(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// The newsroom's list of articles shows each story's counted reads.
func TestArticleListShowsReads(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		a := storetest.Post(t, s.Store, func(a *model.Article) { a.Title = "Berita yang dibaca" })
		now := time.Now().UTC()
		err := s.Store.AddViews(t.Context(), []store.ViewCount{
			{ArticleID: a.ID, Hour: now.Truncate(time.Hour), Views: 1234},
			{ArticleID: a.ID, Hour: now.Add(-72 * time.Hour).Truncate(time.Hour), Views: 766},
			{ArticleID: a.ID, Hour: now.Add(-30 * 24 * time.Hour).Truncate(time.Hour), Views: 5},
		})
		if err != nil {
			t.Fatal(err)
		}
		ed := s.As(t, s.User(t, "meja", model.RoleEditor))
		ed.Run(t, scenario.Scenario{Name: "reads over 24 hours and 7 days, in the language's digits", URL: "/admin/articles/",
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{"24 hours: 1,234", "7 days: 2,000"}})
		if err := s.Store.PruneViews(t.Context(), now.Add(-8*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		v, err := s.Store.ViewsOf(t.Context(), []int64{a.ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		if got := v[a.ID]; got != (store.ArticleViews{Day: 1234, Week: 2000, Total: 2005}) {
			t.Errorf("after pruning old hours: %+v, want the total kept", got)
		}
	})
}
