package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// An editor builds the header's menu in the newsroom with plain forms
// (add, move, indent, rename, remove), one menu per language; readers see
// it at once through the page cache, nested, and the automatic menu comes
// back when the menu is removed.
func TestMenuEditor(t *testing.T) {
	scenario.Engines(t, scenario.Options{PageCache: true}, func(t *testing.T, s *scenario.Site) {
		st := s.Store
		ctx := context.Background()
		news := storetest.Term(t, st, model.TaxonomyCategory, "Berita Kota")
		storetest.Term(t, st, model.TaxonomyTag, "Banjir")
		about := storetest.Post(t, st, func(a *model.Article) { a.Type, a.Slug, a.Title = model.TypePage, "tentang-kami", "Tentang kami" })
		storetest.Post(t, st, func(a *model.Article) { a.Type, a.Slug, a.Title = model.TypePage, "kontak", "Kontak" })
		english := storetest.Post(t, st, func(a *model.Article) { a.Title, a.Lang = "Flood defences rise", "en" })
		storetest.Post(t, st, func(a *model.Article) { a.Title, a.Categories = "Tanggul baru", []model.Term{*news} })
		ed := s.As(t, s.User(t, "meja", model.RoleEditor))
		author := s.As(t, s.User(t, "penulis", model.RoleAuthor))
		reader := s.Client()
		// home checks the header's menu on the front page (the footer
		// lists the sections too, and is no part of the menu).
		home := func(name string, want, lack []string) {
			t.Helper()
			s.Follow(t)
			page := reader.Do(t, scenario.Scenario{Name: name, URL: "/", ExpectedStatus: http.StatusOK}).Body
			i := strings.Index(page, `<nav class="site-nav"`)
			if i < 0 {
				t.Fatalf("%s: the front page has no header menu", name)
			}
			nav, _, _ := strings.Cut(page[i:], "</nav>")
			for _, w := range want {
				if !strings.Contains(nav, w) {
					t.Errorf("%s: the header's menu lacks %s:\n%s", name, w, nav)
				}
			}
			for _, l := range lack {
				if strings.Contains(nav, l) {
					t.Errorf("%s: the header's menu holds %s:\n%s", name, l, nav)
				}
			}
		}
		post := func(name string, form url.Values, status int, content ...string) {
			t.Helper()
			ed.Run(t, scenario.Scenario{Name: name, Method: http.MethodPost, URL: "/admin/menus", Form: form,
				ExpectedStatus: status, ExpectedContent: content})
		}
		item := func(lang string, k int) string {
			t.Helper()
			m, err := st.Menu(ctx, lang)
			if err != nil || len(m.Items) <= k {
				t.Fatalf("menu %s: %v, %d items", lang, err, len(m.Items))
			}
			return strconv.FormatInt(m.Items[k].ID, 10)
		}

		author.Run(t, scenario.Scenario{Name: "an author may not edit the menus", URL: "/admin/menus", ExpectedStatus: http.StatusForbidden})
		home("without a menu the header lists the categories and pages", []string{`<a href="/kontak/">Kontak</a>`, `<a href="/category/berita-kota/">Berita Kota</a>`}, nil)
		ed.Run(t, scenario.Scenario{Name: "the editor says the automatic menu is shown", URL: "/admin/menus", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"has no menu", `name="target_category"`, `name="target_page"`, `value="custom"`}})

		add := func(kind, field, value, label string) url.Values {
			return url.Values{"op": {"add"}, "lang": {"id"}, "kind": {kind}, field: {value}, "label": {label}}
		}
		post("a category is added", add("category", "target_category", strconv.FormatInt(news.ID, 10), ""), http.StatusSeeOther)
		post("a page is added", add("page", "target_page", strconv.FormatInt(about.ID, 10), ""), http.StatusSeeOther)
		post("a tag is added by its name", add("tag", "tag", "Banjir", "Liputan banjir"), http.StatusSeeOther)
		post("a custom link that is no address is refused, the text kept", add("custom", "url", "javascript:alert(1)", "Kanal video"),
			http.StatusUnprocessableEntity, "must start with https://", `value="javascript:alert(1)"`, `value="Kanal video"`)
		post("a custom link without a label is refused", add("custom", "url", "https://video.example/", ""), http.StatusUnprocessableEntity, "needs a label")
		post("a tag that does not exist is refused", add("tag", "tag", "Gempa", ""), http.StatusUnprocessableEntity, "no tag of that name")
		post("a custom link is added", add("custom", "url", "https://video.example/", "Kanal video"), http.StatusSeeOther)
		home("the header shows the menu, in order, and no longer the automatic one",
			[]string{`<a href="/category/berita-kota/">Berita Kota</a></li>`, `<a href="/tentang-kami/">Tentang kami</a>`,
				`<a href="/tag/banjir/">Liputan banjir</a>`, `<a href="https://video.example/">Kanal video</a>`},
			[]string{`<a href="/kontak/">Kontak</a>`})

		post("the page is indented under the category", url.Values{"op": {"indent"}, "lang": {"id"}, "item": {item("id", 1)}}, http.StatusSeeOther)
		post("the custom link moves up", url.Values{"op": {"up"}, "lang": {"id"}, "item": {item("id", 3)}}, http.StatusSeeOther)
		post("the tag is renamed", url.Values{"op": {"rename"}, "lang": {"id"}, "item": {item("id", 3)}, "label": {"Banjir terkini"}}, http.StatusSeeOther)
		home("the header nests the page under its category",
			[]string{"<a href=\"/category/berita-kota/\">Berita Kota</a>\n<ul class=\"sub-nav\">\n<li><a href=\"/tentang-kami/\">Tentang kami</a></li>\n</ul>",
				`<a href="/tag/banjir/">Banjir terkini</a>`}, nil)
		reader.Run(t, scenario.Scenario{Name: "the order follows the moves", URL: "/", ExpectedStatus: http.StatusOK,
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				cat, video, tag := strings.Index(r.Body, ">Berita Kota<"), strings.Index(r.Body, ">Kanal video<"), strings.Index(r.Body, ">Banjir terkini<")
				if !(cat < video && video < tag) {
					t.Errorf("menu order: category at %d, custom link at %d, tag at %d", cat, video, tag)
				}
			}})
		ed.Run(t, scenario.Scenario{Name: "the editor lists the items with the moves each may make", URL: "/admin/menus", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`class="menu-item depth-1"`, `value="outdent"`, `value="Banjir terkini"`}})

		post("an English menu is separate", url.Values{"op": {"add"}, "lang": {"en"}, "kind": {"custom"}, "url": {"/about/"}, "label": {"About us"}}, http.StatusSeeOther)
		s.Follow(t)
		reader.Run(t,
			scenario.Scenario{Name: "an English story shows the English menu", URL: english.Path(model.Permalinks{Loc: jakarta(t)}),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`<a href="/about/">About us</a>`}, NotExpectedContent: []string{">Banjir terkini<"}},
			scenario.Scenario{Name: "the Indonesian pages keep the Indonesian menu", URL: "/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{">Banjir terkini<"}, NotExpectedContent: []string{">About us<"}})

		post("deleting an item takes its children along", url.Values{"op": {"delete"}, "lang": {"id"}, "item": {item("id", 0)}}, http.StatusSeeOther)
		home("the deleted item and its child are gone", []string{">Kanal video<"}, []string{`<li><a href="/category/berita-kota/">Berita Kota</a>`, ">Tentang kami<"})
		post("the menu is removed", url.Values{"op": {"remove"}, "lang": {"id"}}, http.StatusSeeOther)
		home("the automatic menu is back", []string{`<a href="/kontak/">Kontak</a>`}, []string{">Kanal video<"})
	})
}
