package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/tools/testenv"
)

// An administrator lists the origins ads may come from and an editor fills
// the slots; readers get the slots in the page and a policy that allows
// exactly those origins, through the page cache, while the newsroom keeps
// the default policy. Bad input is refused with the text kept and the
// problem named.
func TestAdSettings(t *testing.T) {
	scenario.Engines(t, scenario.Options{PageCache: true}, func(t *testing.T, s *scenario.Site) {
		st := s.Store
		story := storetest.Post(t, st, func(a *model.Article) {
			a.Title = "Harga beras naik"
			a.BodyHTML = "<p>Satu.</p><p>Dua.</p><p>Tiga.</p>"
		})
		admin := s.As(t, s.User(t, "kepala", model.RoleAdministrator))
		ed := s.As(t, s.User(t, "meja", model.RoleEditor))
		author := s.As(t, s.User(t, "penulis", model.RoleAuthor))
		reader := s.Client()
		var defaultPolicy string
		reader.Run(t, scenario.Scenario{Name: "before any ad, a reader's page has the default policy", URL: "/", ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{`class="ad `},
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				defaultPolicy = r.Header.Get("Content-Security-Policy")
				if !strings.Contains(defaultPolicy, "script-src 'self';") {
					t.Errorf("default policy %q", defaultPolicy)
				}
			}})

		screens := map[string]string{}
		keep := func(name string) func(testing.TB, *scenario.Site, *scenario.Response) {
			return func(_ testing.TB, _ *scenario.Site, r *scenario.Response) { screens[name] = r.Body }
		}
		form := url.Values{
			"ad_origins":     {"https://ads.example\nhttps://*.cdn.example"},
			"ad_analytics":   {"https://stats.cdn.example/t.js"},
			"ad_header_kind": {"script"}, "ad_header_size": {"728x90"}, "ad_header_phone_size": {"320x50"},
			"ad_header_src":   {"https://ads.example/tag.js"},
			"ad_article_kind": {"image"}, "ad_article_size": {"300x250"}, "ad_article_phone_size": {"300x250"},
			"ad_article_src": {"/media/2026/12/promo.png"}, "ad_article_link": {"https://toko.example/"},
			"ad_article_alt": {"Diskon akhir tahun"}, "ad_article_after": {"2"},
			"ad_sidebar_kind": {"frame"}, "ad_sidebar_size": {"160x600"}, "ad_sidebar_src": {"https://x.cdn.example/frame.html"},
			"ad_front_kind": {""},
		}
		author.Run(t, scenario.Scenario{Name: "an author may not place ads", URL: "/admin/ads", ExpectedStatus: http.StatusForbidden})
		ed.Run(t,
			scenario.Scenario{Name: "an editor sees the slots but not the origins", URL: "/admin/ads", ExpectedStatus: http.StatusOK,
				ExpectedContent:    []string{`name="ad_header_kind"`, `name="ad_article_after"`, `<option value="160x600"`},
				NotExpectedContent: []string{`name="ad_origins"`}},
			scenario.Scenario{Name: "an editor cannot widen the policy", Method: http.MethodPost, URL: "/admin/ads", Form: form,
				ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{`value="https://ads.example/tag.js"`}},
		)
		admin.Run(t,
			scenario.Scenario{Name: "an origin with a path is refused, the text kept", Method: http.MethodPost, URL: "/admin/ads",
				Form:           withField(form, "ad_origins", "https://ads.example/tag.js\nhttps://*.cdn.example"),
				ExpectedStatus: http.StatusUnprocessableEntity, AfterTest: keep("refused"),
				ExpectedContent: []string{"Write the origin alone", ">https://ads.example/tag.js\nhttps://*.cdn.example</textarea>",
					`value="Diskon akhir tahun"`}},
			scenario.Scenario{Name: "a bare wildcard is refused", Method: http.MethodPost, URL: "/admin/ads",
				Form: withField(form, "ad_origins", "https://*"), ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"A * may only start a name"}},
			scenario.Scenario{Name: "a script from an origin not listed is refused", Method: http.MethodPost, URL: "/admin/ads",
				Form: withField(form, "ad_header_src", "https://evil.example/tag.js"), ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"origin is not in the list", `value="https://evil.example/tag.js"`}},
			scenario.Scenario{Name: "an image without alternative text is refused", Method: http.MethodPost, URL: "/admin/ads",
				Form: withField(form, "ad_article_alt", ""), ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"alternative text for readers"}},
			scenario.Scenario{Name: "the ads are saved", Method: http.MethodPost, URL: "/admin/ads", Form: form,
				ExpectedStatus: http.StatusSeeOther},
			scenario.Scenario{Name: "the screen shows what was saved", URL: "/admin/ads", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{">https://ads.example\nhttps://*.cdn.example</textarea>", `value="https://x.cdn.example/frame.html"`,
					`<option value="script" selected>`, `value="2"`},
				AfterTest: func(t testing.TB, s *scenario.Site, r *scenario.Response) {
					keep("saved")(t, s, r)
					if got := r.Header.Get("Content-Security-Policy"); got != defaultPolicy {
						t.Errorf("the newsroom's policy was widened: %q", got)
					}
				}},
		)
		s.Follow(t)
		allowed := " https://ads.example https://*.cdn.example"
		policyHas := func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
			csp := r.Header.Get("Content-Security-Policy")
			for _, want := range []string{"script-src 'self'" + allowed + ";", "img-src 'self' data:" + allowed + ";", "connect-src 'self'" + allowed + ";"} {
				if !strings.Contains(csp, want) {
					t.Errorf("policy lacks %q: %s", want, csp)
				}
			}
		}
		path := story.Path(model.Permalinks{Loc: jakarta(t)})
		for range 2 { // the second answer comes from the page cache, its policy with it
			reader.Run(t, scenario.Scenario{Name: "a story shows the header, in-article and sidebar ads and allows their origins", URL: path,
				ExpectedStatus: http.StatusOK, AfterTest: policyHas,
				ExpectedContent: []string{
					`<script src="https://stats.cdn.example/t.js" async></script>`,
					"<div class=\"ad ad-header ad-p-320x50 ad-w-728x90\">\n<p class=\"ad-label\">Iklan</p>\n<div class=\"ad-box\"><script src=\"https://ads.example/tag.js\" async></script></div>",
					"<p>Dua.</p><div class=\"ad ad-article ad-p-300x250 ad-w-300x250\">",
					`<a href="https://toko.example/" rel="sponsored noopener" target="_blank"><img src="/media/2026/12/promo.png" alt="Diskon akhir tahun" width="300" height="250" loading="lazy"`,
					"</div>\n<p>Tiga.</p>",
					`<div class="article-with-ad">`, `<div class="ad ad-sidebar ad-p-none ad-w-160x600">`,
					`<iframe src="https://x.cdn.example/frame.html" title="Iklan" loading="lazy"`}})
		}
		reader.Run(t, scenario.Scenario{Name: "the front page carries the header ad and the same policy", URL: "/", ExpectedStatus: http.StatusOK,
			AfterTest: policyHas, ExpectedContent: []string{`class="ad ad-header`}, NotExpectedContent: []string{`class="ad ad-front`}})
		reader.Run(t, scenario.Scenario{Name: "the reader account's sign-in page carries no ad", URL: "/account/sign-in", ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{`class="ad `, "stats.cdn.example"}})

		admin.Run(t, scenario.Scenario{Name: "the ads are removed and the origins emptied", Method: http.MethodPost, URL: "/admin/ads",
			Form: url.Values{"ad_origins": {""}}, ExpectedStatus: http.StatusSeeOther})
		s.Follow(t)
		reader.Run(t, scenario.Scenario{Name: "the cached story is dropped: no ad and the default policy again", URL: path, ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{`class="ad `, "ads.example"},
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if got := r.Header.Get("Content-Security-Policy"); got != defaultPolicy {
					t.Errorf("policy after the origins were emptied: %q, want %q", got, defaultPolicy)
				}
			}})
		if s.Store.Engine() == "sqlite" { // the screens are the same on both engines
			testenv.ValidateHTML(t, screens)
		}
	})
}
