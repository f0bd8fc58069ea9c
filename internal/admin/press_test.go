package admin_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// The press guideline's article flags, set in the newsroom and shown to
// readers: a story published before verification, and paid content.
func TestPressFlags(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ed := s.As(t, s.User(t, "sari", model.RoleEditor))
		reader := s.Client() // the site's own language: Indonesian

		form := url.Values{"title": {"Jembatan Kali Wening Retak"}, "body": {"Warga melaporkan retakan panjang."},
			"status": {"published"}, "comments_open": {"1"}, "unverified": {"1"}}
		id := savedID(t, ed.Do(t, scenario.Scenario{Name: "publish a story still being verified", Method: http.MethodPost,
			URL: "/admin/articles/new", Form: form, ExpectedStatus: http.StatusSeeOther}))
		path := publicPath(t, s, id)
		notice := "Berita ini diterbitkan sebelum verifikasi selesai."
		reader.Run(t,
			scenario.Scenario{Name: "the story tells readers it is being verified", URL: path, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`class="notice notice-unverified"`, notice}, NotExpectedContent: []string{`class="verified"`}},
			scenario.Scenario{Name: "its card on the front page says so", URL: "/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`<p class="card-flag card-unverified">Sedang dalam verifikasi</p>`}},
			scenario.Scenario{Name: "its feed item says so", URL: "/feed/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Sedang dalam verifikasi: berita ini diterbitkan sebelum verifikasi selesai."}},
			scenario.Scenario{Name: "the Google News sitemap leaves it out", URL: "/news-sitemap.xml", ExpectedStatus: http.StatusOK,
				NotExpectedContent: []string{path}},
		)

		ed.Do(t, scenario.Scenario{Name: "the newsroom's list shows which stories are being verified", URL: "/admin/articles/",
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`<span class="tag">Being verified</span>`}})

		// Verified: the notice goes, the time is shown, the News sitemap lists it.
		edit := "/admin/articles/" + strconv.FormatInt(id, 10)
		ed.Do(t, scenario.Scenario{Name: "the editor shows the flag ticked", URL: edit, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`name="unverified" value="1" checked`}})
		form.Del("unverified")
		form.Set("slug", "jembatan-kali-wening-retak")
		ed.Do(t, scenario.Scenario{Name: "clear the flag", Method: http.MethodPost, URL: edit, Form: form, ExpectedStatus: http.StatusSeeOther})
		a, err := s.Store.ArticleByID(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Unverified || a.VerifiedAt.IsZero() {
			t.Fatalf("after clearing: Unverified %v, VerifiedAt %v", a.Unverified, a.VerifiedAt)
		}
		reader.Run(t,
			scenario.Scenario{Name: "the story shows when it was verified", URL: path, ExpectedStatus: http.StatusOK,
				ExpectedContent:    []string{`<span class="verified"> · Diverifikasi <time datetime="` + a.VerifiedAt.UTC().Format("2006-01-02T15:04:05Z07:00")},
				NotExpectedContent: []string{notice}},
			scenario.Scenario{Name: "the Google News sitemap lists it", URL: "/news-sitemap.xml", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{path}},
		)
		admin := s.As(t, s.User(t, "admin", model.RoleAdministrator))
		admin.Do(t, scenario.Scenario{Name: "the audit log records the verification", URL: "/admin/audit", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Finished verifying a story"}})

		// Paid content: one label wherever it shows, links out marked sponsored.
		ad := url.Values{"title": {"Liburan Hemat ke Danau Wening"}, "body": {"Pesan paket di [Wening Tour](https://tour.example/paket)."},
			"status": {"published"}, "sponsored": {"1"}}
		adID := savedID(t, ed.Do(t, scenario.Scenario{Name: "publish sponsored content", Method: http.MethodPost,
			URL: "/admin/articles/new", Form: ad, ExpectedStatus: http.StatusSeeOther}))
		adPath := publicPath(t, s, adID)
		reader.Run(t,
			scenario.Scenario{Name: "the page labels it and marks its links sponsored", URL: adPath, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`<p class="label-sponsored">Advertorial</p>`,
					`<a href="https://tour.example/paket" rel="sponsored noopener">Wening Tour</a>`, `"@type":"AdvertiserContentArticle"`}},
			scenario.Scenario{Name: "its card is labelled", URL: "/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`<p class="card-flag card-sponsored">Advertorial</p>`}},
			scenario.Scenario{Name: "its search result is labelled", URL: "/search?q=liburan+hemat", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"<div class=\"search-text\">\n<p class=\"card-flag card-sponsored\">Advertorial</p>"}},
			scenario.Scenario{Name: "its feed item is labelled", URL: "/feed/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"<title>Advertorial: Liburan Hemat ke Danau Wening</title>", `<a href="https://tour.example/paket" rel="sponsored noopener">`}},
			scenario.Scenario{Name: "Google News is not offered paid content", URL: "/news-sitemap.xml", ExpectedStatus: http.StatusOK,
				NotExpectedContent: []string{adPath}},
		)
	})
}

// A correction and a right of reply, recorded in the newsroom, appear at
// the end of the story with a marker at the top, in its structured data,
// on the corrections page and in the corrections feed.
func TestCorrections(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ed := s.As(t, s.User(t, "sari", model.RoleEditor))
		author := s.As(t, s.User(t, "budi", model.RoleAuthor))
		reader := s.Client()

		id := savedID(t, ed.Do(t, scenario.Scenario{Name: "publish a story", Method: http.MethodPost, URL: "/admin/articles/new",
			Form: url.Values{"title": {"Banjir Rendam Tiga Desa"}, "body": {"Banjir merendam tiga desa di tepi Kali Wening."},
				"status": {"published"}}, ExpectedStatus: http.StatusSeeOther}))
		path := publicPath(t, s, id)
		guide := "/admin/articles/" + strconv.FormatInt(id, 10) + "/guideline"
		add := "/admin/articles/" + strconv.FormatInt(id, 10) + "/corrections"
		ed.Run(t,
			scenario.Scenario{Name: "the editor links to the corrections screen", URL: "/admin/articles/" + strconv.FormatInt(id, 10),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`href="` + guide + `"`}},
			scenario.Scenario{Name: "the corrections screen", URL: guide, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"No entries for this story yet."}},
			scenario.Scenario{Name: "a reply without its party is refused, the statement kept", Method: http.MethodPost, URL: add,
				Form:            url.Values{"kind": {"reply"}, "body": {"Kami tidak pernah menolak bantuan."}},
				ExpectedStatus:  http.StatusUnprocessableEntity,
				ExpectedContent: []string{"Name the party who is replying.", "Kami tidak pernah menolak bantuan."}},
			scenario.Scenario{Name: "a link that is not a web address is refused", Method: http.MethodPost, URL: add,
				Form:           url.Values{"kind": {"reply"}, "party": {"Kepala Desa Wening"}, "statement_url": {"javascript:alert(1)"}},
				ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"must be a full web address"}},
			scenario.Scenario{Name: "add a correction", Method: http.MethodPost, URL: add,
				Form:           url.Values{"kind": {"correction"}, "body": {"Sebelumnya tertulis empat desa. Yang benar tiga desa."}},
				ExpectedStatus: http.StatusSeeOther},
			scenario.Scenario{Name: "add a right of reply", Method: http.MethodPost, URL: add,
				Form: url.Values{"kind": {"reply"}, "party": {"Kepala Desa Wening"}, "body": {"Kami tidak pernah menolak bantuan <b>apa pun</b>."},
					"statement_url": {"https://desa-wening.example/pernyataan"}},
				ExpectedStatus: http.StatusSeeOther},
		)
		author.Do(t, scenario.Scenario{Name: "someone else's story is not theirs to correct", Method: http.MethodPost, URL: add,
			Form: url.Values{"kind": {"update"}, "body": {"x"}}, ExpectedStatus: http.StatusForbidden})

		r := reader.Do(t, scenario.Scenario{Name: "the story with its corrections", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`<p class="corrections-marker"><a href="#corrections">`,
				`<section id="corrections" class="corrections"`, "Sebelumnya tertulis empat desa. Yang benar tiga desa.",
				"Hak jawab dari Kepala Desa Wening:", "Kami tidak pernah menolak bantuan &lt;b&gt;apa pun&lt;/b&gt;.",
				`<a href="https://desa-wening.example/pernyataan" rel="nofollow noopener">`}})
		if m, b, c := strings.Index(r.Body, "corrections-marker"), strings.Index(r.Body, `class="article-body"`),
			strings.Index(r.Body, `<section id="corrections"`); !(m < b && b < c) {
			t.Errorf("marker at %d, body at %d, corrections at %d: want the marker above the story and the entries after it", m, b, c)
		}
		ld := scenario.JSONLD(t, r.Body)
		if ld["@context"] != "https://schema.org" || ld["@type"] != "NewsArticle" {
			t.Errorf("JSON-LD is %v of %v", ld["@type"], ld["@context"])
		}
		list, _ := ld["correction"].([]any)
		if len(list) != 2 {
			t.Fatalf("JSON-LD correction: %v", ld["correction"])
		}
		corrections, err := s.Store.Corrections(t.Context(), id)
		if err != nil || len(corrections) != 2 {
			t.Fatalf("stored corrections %v, %v", corrections, err)
		}
		for i, v := range list {
			c, _ := v.(map[string]any)
			at, err := time.Parse(time.RFC3339, fmt.Sprint(c["datePublished"]))
			if c["@type"] != "CorrectionComment" || err != nil || !at.Equal(corrections[i].CreatedAt.Truncate(time.Second)) ||
				c["url"] != s.BaseURL+path+"#correction-"+strconv.FormatInt(corrections[i].ID, 10) {
				t.Errorf("correction %d in JSON-LD: %v (datePublished: %v)", i, c, err)
			}
			if text, _ := c["text"].(string); text == "" {
				t.Errorf("correction %d has no text: %v", i, c)
			}
		}
		if mod, _ := time.Parse(time.RFC3339, fmt.Sprint(ld["dateModified"])); mod.Before(corrections[1].CreatedAt.Truncate(time.Second)) {
			t.Errorf("dateModified %v is before the last correction %v", ld["dateModified"], corrections[1].CreatedAt)
		}

		entry := path + "#correction-" + strconv.FormatInt(corrections[0].ID, 10)
		reader.Run(t,
			scenario.Scenario{Name: "the corrections page lists both, linked to the story", URL: "/ralat/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Ralat, pembaruan, dan hak jawab", `href="` + entry + `"`, "Banjir Rendam Tiga Desa",
					"Yang benar tiga desa.", "Hak jawab dari Kepala Desa Wening:", `<a href="` + s.BaseURL + `/ralat/feed/">`}},
			scenario.Scenario{Name: "the English name leads there", URL: "/corrections/", ExpectedStatus: http.StatusMovedPermanently,
				ExpectedHeaders: map[string]string{"Location": "/ralat/"}},
			scenario.Scenario{Name: "the corrections feed", URL: "/ralat/feed/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"<title>Ralat: Banjir Rendam Tiga Desa</title>", "<title>Hak jawab: Banjir Rendam Tiga Desa</title>",
					"<link>" + s.BaseURL + entry + "</link>"},
				AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
					var rss struct {
						Items []struct{ Title, Link string } `xml:"channel>item"`
					}
					if err := xml.Unmarshal([]byte(r.Body), &rss); err != nil || len(rss.Items) != 2 {
						t.Errorf("the feed is not RSS with two items: %v %+v", err, rss)
					}
				}},
			scenario.Scenario{Name: "the corrections feed in Atom", URL: "/ralat/feed/atom/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Hak jawab: Banjir Rendam Tiga Desa"}},
		)

		admin := s.As(t, s.User(t, "admin", model.RoleAdministrator))
		admin.Do(t, scenario.Scenario{Name: "the audit log names both entries", URL: "/admin/audit", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Added a correction", "Published a right of reply"}})
		del := add + "/" + strconv.FormatInt(corrections[0].ID, 10) + "/delete"
		author.Do(t, scenario.Scenario{Name: "an author may not delete an entry", Method: http.MethodPost, URL: del, Form: url.Values{},
			ExpectedStatus: http.StatusForbidden})
		ed.Do(t, scenario.Scenario{Name: "an editor deletes one recorded by mistake", Method: http.MethodPost, URL: del, Form: url.Values{},
			ExpectedStatus: http.StatusSeeOther})
		reader.Do(t, scenario.Scenario{Name: "the story no longer shows it", URL: path, ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{"Yang benar tiga desa."}, ExpectedContent: []string{"Hak jawab dari Kepala Desa Wening:"}})
	})
}

// A story taken down for a guideline reason answers 410 at its URL with the
// reason and the date, and none of its text is left anywhere public.
func TestTakedown(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ed := s.As(t, s.User(t, "sari", model.RoleEditor))
		author := s.As(t, s.User(t, "budi", model.RoleAuthor))
		reader := s.Client()
		// The words below appear only in the story taken down (its tag is
		// the site's, and may stay with an empty archive).
		secret := []string{"Zulkarnaenwibowo", "korbanrahasia"}
		id := savedID(t, ed.Do(t, scenario.Scenario{Name: "publish the story", Method: http.MethodPost, URL: "/admin/articles/new",
			Form: url.Values{"title": {"Kesaksian Zulkarnaenwibowo"}, "body": {"Nama korbanrahasia disebut lengkap."},
				"excerpt": {"Ringkasan korbanrahasia."}, "tags": {"Tagunikrahasia"}, "status": {"published"}, "comments_open": {"1"}},
			ExpectedStatus: http.StatusSeeOther}))
		ed.Do(t, scenario.Scenario{Name: "publish another story", Method: http.MethodPost, URL: "/admin/articles/new",
			Form:           url.Values{"title": {"Pasar Malam Dibuka"}, "body": {"Pasar malam kembali ramai."}, "status": {"published"}},
			ExpectedStatus: http.StatusSeeOther})
		path := publicPath(t, s, id)
		sid := strconv.FormatInt(id, 10)
		ed.Do(t, scenario.Scenario{Name: "a correction names the story on the corrections page", Method: http.MethodPost,
			URL: "/admin/articles/" + sid + "/corrections", Form: url.Values{"kind": {"update"}, "body": {"Diperbarui."}},
			ExpectedStatus: http.StatusSeeOther})
		// Every public place that showed the story, read once before so a
		// cache would hold it.
		public := []string{path, "/", "/feed/", "/feed/atom/", "/feed.json", "/search?q=korbanrahasia", "/sitemap/posts-1.xml",
			"/news-sitemap.xml", "/ralat/", "/ralat/feed/", "/wp-json/wp/v2/posts", "/wp-json/wp/v2/search?search=korbanrahasia",
			"/tag/tagunikrahasia/", path + "feed/"}
		reader.Do(t, scenario.Scenario{Name: "the story before", URL: path, ExpectedStatus: http.StatusOK, ExpectedContent: secret[:2]})
		for _, p := range public[1:] {
			reader.Do(t, scenario.Scenario{Name: "before: " + p + " shows it", URL: p, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{path}})
		}

		form := "/admin/articles/" + sid + "/takedown"
		author.Do(t, scenario.Scenario{Name: "an author may not take a story down", Method: http.MethodPost, URL: form,
			Form: url.Values{"reason": {"trauma"}}, ExpectedStatus: http.StatusForbidden})
		ed.Run(t,
			scenario.Scenario{Name: "the screen offers the takedown", URL: "/admin/articles/" + sid + "/guideline", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`action="` + form + `"`, "To spare victims further trauma"}},
			scenario.Scenario{Name: "a reason not in the guideline is refused, the note kept", Method: http.MethodPost, URL: form,
				Form: url.Values{"reason": {"bosan"}, "note": {"Catatan redaksi 7/2026"}}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"Choose the guideline reason for the takedown.", "Catatan redaksi 7/2026"}},
			scenario.Scenario{Name: "take it down", Method: http.MethodPost, URL: form,
				Form: url.Values{"reason": {"trauma"}, "note": {"Keputusan redaksi 12/2026."}}, ExpectedStatus: http.StatusSeeOther},
		)
		tk, err := s.Store.TakedownOf(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		reader.Do(t, scenario.Scenario{Name: "its URL answers 410 with the reason and the date", URL: path, ExpectedStatus: http.StatusGone,
			ExpectedContent: []string{"Berita ini telah dicabut", "Menghindari trauma korban", "Keputusan redaksi 12/2026.",
				`<time datetime="` + tk.TakenAt.UTC().Format(time.RFC3339)},
			NotExpectedContent: secret})
		gone := map[string]int{path + "feed/": http.StatusNotFound}
		for _, p := range public[1:] {
			want, ok := gone[p]
			if !ok {
				want = http.StatusOK
			}
			lacks := append(slices.Clone(secret), strings.ToLower(secret[0]), path)
			if strings.Contains(p, "search") {
				lacks = []string{secret[0], strings.ToLower(secret[0]), path} // the page repeats the reader's own query
			}
			reader.Do(t, scenario.Scenario{Name: "after: nothing of it in " + p, URL: p, ExpectedStatus: want, NotExpectedContent: lacks})
		}
		reader.Do(t, scenario.Scenario{Name: "REST answers 410 with the reason and none of the story", URL: "/wp-json/wp/v2/posts/" + sid,
			ExpectedStatus: http.StatusGone, ExpectedContent: []string{`"code":"warta_taken_down"`, "Menghindari trauma korban"},
			NotExpectedContent: secret})

		admin := s.As(t, s.User(t, "admin", model.RoleAdministrator))
		admin.Do(t, scenario.Scenario{Name: "the audit log records the takedown", URL: "/admin/audit", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Took a story down"}})
		ed.Run(t,
			scenario.Scenario{Name: "the newsroom keeps the text", URL: "/admin/articles/" + sid, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Nama korbanrahasia disebut lengkap."}},
			scenario.Scenario{Name: "publishing it again is refused while it is taken down", Method: http.MethodPost, URL: "/admin/articles/" + sid,
				Form:           url.Values{"title": {"Kesaksian Zulkarnaenwibowo"}, "body": {"Nama korbanrahasia disebut lengkap."}, "status": {"published"}},
				ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"Lift the takedown"}},
			scenario.Scenario{Name: "lift the takedown", Method: http.MethodPost, URL: form + "/lift", Form: url.Values{},
				ExpectedStatus: http.StatusSeeOther},
		)
		reader.Do(t, scenario.Scenario{Name: "lifted, the URL is an ordinary 404 until it is published again", URL: path,
			ExpectedStatus: http.StatusNotFound, NotExpectedContent: secret})
	})
}
