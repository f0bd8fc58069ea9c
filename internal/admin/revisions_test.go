package admin_test

import (
	"html"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// revisionMarks reads the revision screen's diff: for each field (by its
// label as shown) the words it marks removed and added, in page order.
func revisionMarks(t testing.TB, body string) map[string][2][]string {
	t.Helper()
	start := strings.Index(body, `<dl class="diff">`)
	end := strings.Index(body, `</dl>`)
	if start < 0 || end < start {
		t.Fatalf("no diff on the revision screen:\n%s", body)
	}
	mark := regexp.MustCompile(`<(del|ins)><span class="visually-hidden">\[[^:<]+: </span>(.*?)<span class="visually-hidden">\]</span></(?:del|ins)>`)
	out := map[string][2][]string{}
	for _, part := range strings.Split(body[start:end], "<dt>")[1:] {
		label, rest, _ := strings.Cut(part, "</dt>")
		label, _, _ = strings.Cut(label, ` <span class="unchanged">`)
		var m [2][]string
		for _, g := range mark.FindAllStringSubmatch(rest, -1) {
			k := 0
			if g[1] == "ins" {
				k = 1
			}
			m[k] = append(m[k], html.UnescapeString(g[2]))
		}
		out[html.UnescapeString(label)] = m
	}
	return out
}

// TestRevisionDiffs edits every field an editor changes and checks that
// the revision screen marks exactly the changed words (or, for lists,
// items), field by field, and that restoring brings every field back.
func TestRevisionDiffs(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		sari := s.User(t, "sari", model.RoleEditor)
		budi := s.User(t, "budi", model.RoleAuthor)
		ed := s.As(t, sari)
		p := locale.New("en")
		uid := func(u *model.User) string { return strconv.FormatInt(u.ID, 10) }

		first := url.Values{"format": {"html"}, "status": {"published"},
			"title":       {"Banjir Rob Genangi Pesisir Utara"},
			"excerpt":     {"Air laut naik sore ini."},
			"body":        {"<p>Warga <strong>Muara Angke</strong> mengungsi ke masjid.</p><p>Petugas membagikan makanan.</p>"},
			"byline_user": {uid(sari)}, "byline_role": {"reporter"},
			"new_categories": {"Nasional"}, "tags": {"Banjir, Rob"},
			"seo_title": {"Banjir rob pesisir"}, "seo_description": {"Air laut menggenangi pesisir."}, "seo_canonical": {""},
			"unverified": {"1"}}
		id := savedID(t, ed.Do(t, scenario.Scenario{Name: "publish", Method: http.MethodPost, URL: "/admin/articles/new",
			Form: first, ExpectedStatus: http.StatusSeeOther}))
		edit := "/admin/articles/" + strconv.FormatInt(id, 10)
		a, err := s.Store.ArticleByID(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		nasional := a.Categories[0]

		second := url.Values{"format": {"html"}, "status": {"published"},
			"title":   {"Banjir Rob Rendam Pesisir Utara"},
			"excerpt": {"Air laut naik malam ini."},
			// The tags change (strong to em) but not the words: nothing to mark.
			"body":        {"<p>Warga <em>Muara Angke</em> mengungsi ke sekolah.</p><p>Petugas membagikan makanan dan selimut.</p>"},
			"byline_user": {uid(sari), uid(budi)}, "byline_role": {"reporter", "photographer"},
			"new_categories": {"Metro"}, "tags": {"Banjir, Pesisir"},
			"seo_title": {"Banjir rob pesisir Jakarta"}, "seo_description": {"Air laut menggenangi pesisir."},
			"seo_canonical": {"https://kabar.example/banjir-rob"}, "seo_noindex": {"1"}, "seo_image": {"/media/2024/05/rob.jpg"},
			"sponsored": {"1"}}
		ed.Do(t, scenario.Scenario{Name: "edit every field", Method: http.MethodPost, URL: edit, Form: second,
			ExpectedStatus: http.StatusSeeOther})
		ed.Do(t, scenario.Scenario{Name: "add a correction", Method: http.MethodPost, URL: edit + "/corrections",
			Form: url.Values{"kind": {"correction"}, "body": {"Sebelumnya tertulis masjid."}}, ExpectedStatus: http.StatusSeeOther})

		revs, err := s.Store.Revisions(t.Context(), id)
		if err != nil || len(revs) != 3 {
			t.Fatalf("revisions after a save, an edit and a correction: %d, %v", len(revs), err)
		}
		oldest := revs[2]
		if !oldest.Full || oldest.SEO.Title != "Banjir rob pesisir" || !oldest.Unverified || len(oldest.Bylines) != 1 ||
			len(oldest.Categories) != 1 || len(oldest.Tags) != 2 {
			t.Fatalf("the first revision does not hold every field: %+v", oldest)
		}
		if got := revs[0].Corrections; len(got) != 1 || got[0].Body != "Sebelumnya tertulis masjid." {
			t.Errorf("the correction's revision holds %+v", got)
		}

		r := ed.Do(t, scenario.Scenario{Name: "the revision screen against the first save",
			URL: edit + "/revisions?compare=" + strconv.FormatInt(oldest.ID, 10), ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{"<strong>", "&lt;strong&gt;", "&lt;p&gt;"}})
		got := revisionMarks(t, r.Body)
		role := func(name, key string) string { return name + " (" + p.T("admin.byline."+key) + ")" }
		want := map[string][2][]string{
			p.T("admin.field.title"):           {{"Genangi"}, {"Rendam"}},
			p.T("admin.field.excerpt"):         {{"sore"}, {"malam"}},
			p.T("admin.field.body"):            {{"masjid.", "makanan."}, {"sekolah.", "makanan dan selimut."}},
			p.T("admin.revisions.bylines"):     {nil, {role("Budi", "photographer")}},
			p.T("admin.field.categories"):      {{"Nasional"}, {"Metro"}},
			p.T("admin.field.tags"):            {{"Rob"}, {"Pesisir"}},
			p.T("admin.field.seo_title"):       {nil, {"Jakarta"}},
			p.T("admin.field.seo_description"): {nil, nil},
			p.T("admin.field.seo_canonical"):   {nil, {"https://kabar.example/banjir-rob"}},
			p.T("admin.field.seo_image"):       {nil, {"/media/2024/05/rob.jpg"}},
			p.T("admin.field.seo_noindex"):     {{p.T("admin.revisions.no")}, {p.T("admin.revisions.yes")}},
			p.T("admin.field.unverified"):      {{p.T("admin.revisions.yes")}, {p.T("admin.revisions.no")}},
			p.T("admin.field.sponsored"):       {{p.T("admin.revisions.no")}, {p.T("admin.revisions.yes")}},
			p.T("admin.revisions.corrections"): {nil, {p.T("correction.kind.correction") + ": Sebelumnya tertulis masjid."}},
		}
		for label, w := range want {
			g, ok := got[label]
			if !ok {
				t.Errorf("no %q field on the revision screen (fields: %v)", label, slices.Collect(maps.Keys(got)))
				continue
			}
			for k, kind := range []string{"removed", "added"} {
				gs, ws := slices.Clone(g[k]), slices.Clone(w[k])
				slices.Sort(gs)
				slices.Sort(ws)
				if !slices.Equal(gs, ws) {
					t.Errorf("%s: %s %q, want %q", label, kind, g[k], w[k])
				}
			}
		}
		if len(got) != len(want) {
			t.Errorf("fields shown: %v", slices.Collect(maps.Keys(got)))
		}
		if !strings.Contains(r.Body, role("Sari", "reporter")) {
			t.Errorf("the unchanged byline is not shown")
		}

		// Restoring the first save brings back every field.
		ed.Do(t, scenario.Scenario{Name: "restore the first save", Method: http.MethodPost,
			URL: "/admin/revisions/" + strconv.FormatInt(oldest.ID, 10) + "/restore", Form: url.Values{},
			ExpectedStatus: http.StatusSeeOther})
		a, err = s.Store.ArticleByID(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		seo, err := s.Store.ArticleSEO(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "Banjir Rob Genangi Pesisir Utara" || a.Excerpt != "Air laut naik sore ini." ||
			!strings.Contains(string(a.BodyHTML), "<strong>Muara Angke</strong> mengungsi ke masjid.") {
			t.Errorf("restored text: %q, %q, %q", a.Title, a.Excerpt, a.BodyHTML)
		}
		if len(a.Bylines) != 1 || a.Bylines[0].User.ID != sari.ID || a.Bylines[0].Role != model.BylineReporter {
			t.Errorf("restored bylines: %+v", a.Bylines)
		}
		if len(a.Categories) != 1 || a.Categories[0].ID != nasional.ID {
			t.Errorf("restored categories: %+v", a.Categories)
		}
		var tags []string
		for _, tg := range a.Tags {
			tags = append(tags, tg.Name)
		}
		slices.Sort(tags)
		if !slices.Equal(tags, []string{"Banjir", "Rob"}) {
			t.Errorf("restored tags: %v", tags)
		}
		if seo != (model.SEO{Title: "Banjir rob pesisir", Description: "Air laut menggenangi pesisir."}) {
			t.Errorf("restored SEO fields: %+v", seo)
		}
		if !a.Unverified || a.Sponsored {
			t.Errorf("restored flags: unverified %v, sponsored %v", a.Unverified, a.Sponsored)
		}
		if cs, _ := s.Store.Corrections(t.Context(), id); len(cs) != 1 {
			t.Errorf("restoring removed the story's correction: %+v", cs)
		}
		// The restore is itself a revision, which compares to the edit it
		// undid: the same marks, the other way round.
		revs, _ = s.Store.Revisions(t.Context(), id)
		r = ed.Do(t, scenario.Scenario{Name: "the revision screen after the restore",
			URL: edit + "/revisions?compare=" + strconv.FormatInt(revs[1].ID, 10), ExpectedStatus: http.StatusOK})
		if g := revisionMarks(t, r.Body)[p.T("admin.field.title")]; !slices.Equal(g[0], []string{"Rendam"}) ||
			!slices.Equal(g[1], []string{"Genangi"}) {
			t.Errorf("title after the restore: %q", g)
		}
	})
}
