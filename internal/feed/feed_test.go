package feed_test

import (
	"encoding/json"
	"encoding/xml"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"warta/internal/feed"
	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/view"
	"warta/internal/web"
)

const base = "https://warta.example"

// rss is what a reader needs of an RSS 2.0 document.
type rss struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title       string `xml:"title"`
		Description string `xml:"description"`
		Language    string `xml:"language"`
		// RSS's own <link> and atom:link rel="self" share the name.
		Links []struct {
			XMLName xml.Name
			Href    string `xml:"href,attr"`
			Rel     string `xml:"rel,attr"`
			Text    string `xml:",chardata"`
		} `xml:"link"`
		Link, Self string // filled from Links
		Items      []struct {
			Title       string   `xml:"title"`
			Link        string   `xml:"link"`
			GUID        string   `xml:"guid"`
			PubDate     string   `xml:"pubDate"`
			Creator     []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Categories  []string `xml:"category"`
			Description string   `xml:"description"`
			Content     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			Enclosure   *struct {
				URL    string `xml:"url,attr"`
				Length string `xml:"length,attr"`
				Type   string `xml:"type,attr"`
			} `xml:"enclosure"`
		} `xml:"item"`
	} `xml:"channel"`
}

type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		Lang      string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Authors   []struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links []struct {
			Rel    string `xml:"rel,attr"`
			Href   string `xml:"href,attr"`
			Type   string `xml:"type,attr"`
			Length string `xml:"length,attr"`
		} `xml:"link"`
		Content struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

type jsonFeed struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Language    string `json:"language"`
	Items       []struct {
		ID            string `json:"id"`
		URL           string `json:"url"`
		Title         string `json:"title"`
		ContentHTML   string `json:"content_html"`
		ContentText   string `json:"content_text"`
		Image         string `json:"image"`
		DatePublished string `json:"date_published"`
		Language      string `json:"language"`
		Authors       []struct {
			Name string `json:"name"`
		} `json:"authors"`
	} `json:"items"`
}

// fixture is a small site: two posts in Indonesian and one in English, a
// protected one, a section, a tag, comments in every status.
type fixture struct {
	st       *store.Store
	mux      *http.ServeMux
	flood    *model.Article
	market   *model.Article
	english  *model.Article
	locked   *model.Article
	image    *model.Media
	siti     *model.User
	politics *model.Term
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	f := &fixture{st: st}
	f.siti = storetest.User(t, st, "Siti Rahma")
	f.politics = storetest.Term(t, st, model.TaxonomyCategory, "Kota")
	tag := storetest.Term(t, st, model.TaxonomyTag, "Banjir")
	f.image = storetest.Image(t, st)
	now := time.Now().UTC().Truncate(time.Second)
	f.flood = storetest.Post(t, st, func(a *model.Article) {
		a.Slug, a.Title = "tanggul-jebol", "Tanggul Kali Wening jebol"
		a.Excerpt = "Air masuk ke kampung."
		a.BodyHTML = template.HTML(`<p>Warga <a href="/tag/banjir/">mengungsi</a> & bertahan.</p><img src="/media/2024/04/peta.png" srcset="/media/a.png 600w, /media/b.png 1200w" alt="Peta">`)
		a.Bylines = []model.Byline{{User: *f.siti, Role: model.BylineAuthor}}
		a.Categories, a.Tags = []model.Term{*f.politics}, []model.Term{*tag}
		a.FeaturedMediaID = f.image.ID
		a.PublishedAt = now.Add(-2 * time.Hour)
	})
	f.market = storetest.Post(t, st, func(a *model.Article) {
		a.Slug, a.Title, a.Excerpt = "pasar-malam", "Pasar malam dibuka", ""
		a.BodyHTML = "<p>Pedagang kembali berjualan di pelabuhan lama.</p>"
		a.PublishedAt = now.Add(-3 * time.Hour)
	})
	f.english = storetest.Post(t, st, func(a *model.Article) {
		a.Slug, a.Title, a.Lang = "night-market", "Night market returns", "en"
		a.PublishedAt = now.Add(-1 * time.Hour)
	})
	f.locked = storetest.Post(t, st, func(a *model.Article) {
		a.Slug, a.Title, a.Password = "rahasia", "Laporan tertutup", "sandi"
		a.BodyHTML = "<p>Isi rahasia.</p>"
		a.Excerpt = "Ringkasan rahasia."
		a.PublishedAt = now.Add(-4 * time.Hour)
	})
	storetest.Comment(t, st, f.flood.ID, func(c *model.Comment) {
		c.AuthorName, c.AuthorEmail = "Budi", "budi@private.example"
		c.Content = "<p>Semoga cepat surut.</p>"
		c.CreatedAt = now.Add(-30 * time.Minute)
	})
	storetest.Comment(t, st, f.flood.ID, func(c *model.Comment) {
		c.AuthorName, c.Status, c.Content = "Spammer", model.CommentSpam, "<p>Beli obat.</p>"
	})
	storetest.Comment(t, st, f.flood.ID, func(c *model.Comment) {
		c.AuthorName, c.Status, c.Content = "Menunggu", model.CommentPending, "<p>Belum disetujui.</p>"
	})
	storetest.Comment(t, st, f.locked.ID, func(c *model.Comment) {
		c.AuthorName, c.Content = "Orang dalam", "<p>Komentar tertutup.</p>"
	})
	f.route(t)
	return f
}

// route builds the public site and the feeds on a fresh mux, as serve does.
func (f *fixture) route(t *testing.T) {
	v, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	f.mux = http.NewServeMux()
	feeds := feed.New(f.st, feed.Options{BaseURL: base})
	feeds.Routes(f.mux)
	web.New(f.st, v, web.Options{BaseURL: base, CommentFeed: feeds.ArticleComments}).Routes(f.mux)
}

func (f *fixture) get(t *testing.T, path string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	return rec.Result()
}

// body fetches path, expecting 200 and the content type of the format.
func (f *fixture) body(t *testing.T, path, contentType string) []byte {
	t.Helper()
	res := f.get(t, path)
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, res.StatusCode, b)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, contentType) {
		t.Errorf("GET %s: Content-Type %q, want %s", path, ct, contentType)
	}
	return b
}

func (f *fixture) rss(t *testing.T, path string) rss {
	t.Helper()
	var doc rss
	if err := xml.Unmarshal(f.body(t, path, "application/rss+xml"), &doc); err != nil {
		t.Fatalf("%s is not XML: %v", path, err)
	}
	for _, l := range doc.Channel.Links {
		switch {
		case l.XMLName.Space == "http://www.w3.org/2005/Atom" && l.Rel == "self":
			doc.Channel.Self = l.Href
		case l.XMLName.Space == "":
			doc.Channel.Link = l.Text
		}
	}
	if doc.Version != "2.0" || doc.Channel.Title == "" || doc.Channel.Link == "" || doc.Channel.Description == "" {
		t.Errorf("%s: channel lacks version, title, link or description: %+v", path, doc.Channel)
	}
	if doc.Channel.Self != base+path {
		t.Errorf("%s: atom:link self = %+v", path, doc.Channel.Self)
	}
	for _, it := range doc.Channel.Items {
		if it.Title == "" || !strings.HasPrefix(it.Link, base+"/") || it.GUID == "" {
			t.Errorf("%s: item lacks title, absolute link or guid: %+v", path, it)
		}
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
			t.Errorf("%s: pubDate %q: %v", path, it.PubDate, err)
		}
	}
	return doc
}

func itemTitles(doc rss) []string {
	var out []string
	for _, it := range doc.Channel.Items {
		out = append(out, it.Title)
	}
	return out
}

func TestFeeds(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.New(t))
			t.Run("RSS of the site: newest first, full text, absolute URLs, enclosure", func(t *testing.T) { testRSS(t, f) })
			t.Run("Atom and JSON Feed say the same", func(t *testing.T) { testAtomJSON(t, f) })
			t.Run("archive feeds hold their own articles", func(t *testing.T) { testArchiveFeeds(t, f) })
			t.Run("comment feeds hold approved comments and no email", func(t *testing.T) { testCommentFeeds(t, f) })
			t.Run("conditional requests get 304 until the feed changes", func(t *testing.T) { testConditional(t, f) })
			t.Run("summary-only feeds leave the text out", func(t *testing.T) { testSummaryOnly(t, f) })
		})
	}
}

func testRSS(t *testing.T, f *fixture) {
	doc := f.rss(t, "/feed/")
	want := []string{"Night market returns", "Tanggul Kali Wening jebol", "Pasar malam dibuka", "Laporan tertutup"}
	if got := itemTitles(doc); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("items %v, want %v", got, want)
	}
	if doc.Channel.Language != "id" || doc.Channel.Link != base+"/" {
		t.Errorf("channel language %q link %q", doc.Channel.Language, doc.Channel.Link)
	}
	flood := doc.Channel.Items[1]
	if flood.Link != base+"/"+flood.Link[len(base)+1:] || !strings.HasSuffix(flood.Link, "/tanggul-jebol/") {
		t.Errorf("link %q", flood.Link)
	}
	if len(flood.Creator) != 1 || flood.Creator[0] != "Siti Rahma" || strings.Join(flood.Categories, ",") != "Kota,Banjir" {
		t.Errorf("creator %v categories %v", flood.Creator, flood.Categories)
	}
	if flood.Enclosure == nil || flood.Enclosure.URL != base+f.image.URL() || flood.Enclosure.Type != "image/jpeg" || flood.Enclosure.Length != "120000" {
		t.Errorf("enclosure %+v", flood.Enclosure)
	}
	for _, w := range []string{`href="` + base + `/tag/banjir/"`, `src="` + base + `/media/2024/04/peta.png"`,
		base + `/media/a.png 600w, ` + base + `/media/b.png 1200w`} {
		if !strings.Contains(flood.Content, w) {
			t.Errorf("content:encoded lacks %q:\n%s", w, flood.Content)
		}
	}
	if flood.Description != "Air masuk ke kampung." {
		t.Errorf("description %q, want the excerpt", flood.Description)
	}
	// Without an excerpt the summary is the start of the text.
	if d := doc.Channel.Items[2].Description; d != "Pedagang kembali berjualan di pelabuhan lama." {
		t.Errorf("market description %q", d)
	}
	locked := doc.Channel.Items[3]
	if locked.Content != "" || strings.Contains(locked.Description, "rahasia") {
		t.Errorf("the protected article's text is in the feed: %q %q", locked.Description, locked.Content)
	}
	// Every item links to a live page.
	for _, it := range doc.Channel.Items {
		u, _ := url.Parse(it.Link)
		if res := f.get(t, u.Path); res.StatusCode != http.StatusOK {
			t.Errorf("item link %s answers %d", it.Link, res.StatusCode)
		}
	}
}

func testAtomJSON(t *testing.T, f *fixture) {
	var a atom
	if err := xml.Unmarshal(f.body(t, "/feed/atom/", "application/atom+xml"), &a); err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Title == "" || len(a.Entries) != 4 {
		t.Fatalf("atom feed: id %q title %q, %d entries", a.ID, a.Title, len(a.Entries))
	}
	if _, err := time.Parse(time.RFC3339, a.Updated); err != nil {
		t.Errorf("updated %q: %v", a.Updated, err)
	}
	for _, e := range a.Entries {
		if e.ID == "" || e.Title == "" || len(e.Authors) == 0 || e.Authors[0].Name == "" || len(e.Links) == 0 {
			t.Errorf("entry lacks id, title, author or link: %+v", e)
		}
		for _, d := range []string{e.Updated, e.Published} {
			if _, err := time.Parse(time.RFC3339, d); err != nil {
				t.Errorf("entry %q date %q: %v", e.Title, d, err)
			}
		}
	}
	if a.Entries[0].Lang != "en" || a.Entries[1].Lang != "" {
		t.Errorf("xml:lang %q %q: want en on the English entry only", a.Entries[0].Lang, a.Entries[1].Lang)
	}
	flood := a.Entries[1]
	hasEnclosure := false
	for _, l := range flood.Links {
		hasEnclosure = hasEnclosure || (l.Rel == "enclosure" && l.Href == base+f.image.URL() && l.Length == "120000")
	}
	if !hasEnclosure || flood.Content.Type != "html" || !strings.Contains(flood.Content.Text, base+"/media/2024/04/peta.png") {
		t.Errorf("flood entry: links %+v content %+v", flood.Links, flood.Content)
	}

	var j jsonFeed
	if err := json.Unmarshal(f.body(t, "/feed.json", "application/feed+json"), &j); err != nil {
		t.Fatal(err)
	}
	if j.Version != "https://jsonfeed.org/version/1.1" || j.HomePageURL != base+"/" || j.FeedURL != base+"/feed.json" || j.Language != "id" {
		t.Errorf("json feed head %+v", j)
	}
	if len(j.Items) != 4 {
		t.Fatalf("%d JSON items", len(j.Items))
	}
	for _, it := range j.Items {
		if it.ID == "" || !strings.HasPrefix(it.URL, base+"/") || (it.ContentHTML == "" && it.ContentText == "") {
			t.Errorf("json item lacks id, url or content: %+v", it)
		}
		if _, err := time.Parse(time.RFC3339, it.DatePublished); err != nil {
			t.Errorf("date_published %q", it.DatePublished)
		}
	}
	if j.Items[0].Language != "en" || j.Items[1].Image != base+f.image.URL() || j.Items[1].Authors[0].Name != "Siti Rahma" {
		t.Errorf("json items: %+v", j.Items[:2])
	}
}

func testArchiveFeeds(t *testing.T, f *fixture) {
	for path, want := range map[string]string{
		"/category/kota/feed/":      "Tanggul Kali Wening jebol",
		"/tag/banjir/feed/":         "Tanggul Kali Wening jebol",
		"/author/siti-rahma/feed/":  "Tanggul Kali Wening jebol",
		"/category/kota/feed/atom/": "",
		"/category/kota/feed.json":  "",
		"/category/kota/feed/rss2/": "Tanggul Kali Wening jebol",
		"/feed/rss/":                "",
	} {
		if want == "" {
			if res := f.get(t, path); res.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", path, res.StatusCode)
			}
			continue
		}
		doc := f.rss(t, path)
		if got := itemTitles(doc); len(got) != 1 || got[0] != want {
			t.Errorf("%s items %v, want [%s]", path, got, want)
		}
		if !strings.Contains(doc.Channel.Title, "Warta") {
			t.Errorf("%s title %q names not the site", path, doc.Channel.Title)
		}
	}
	for _, path := range []string{"/category/nope/feed/", "/tag/nope/feed/atom/", "/author/nope/feed.json"} {
		if res := f.get(t, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}

func testCommentFeeds(t *testing.T, f *fixture) {
	site := f.rss(t, "/comments/feed/")
	if got := itemTitles(site); len(got) != 1 || !strings.Contains(got[0], "Budi") || !strings.Contains(got[0], "Tanggul Kali Wening jebol") {
		t.Errorf("site comments %v, want Budi's comment only (not spam, pending, or on the protected article)", got)
	}
	path := f.flood.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	for _, p := range []string{path + "feed/", path + "feed/atom/", path + "feed.json", "/comments/feed/atom/", "/comments/feed.json"} {
		res := f.get(t, p)
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
		for _, bad := range []string{"budi@private.example", "Beli obat", "Belum disetujui", "Komentar tertutup"} {
			if strings.Contains(string(b), bad) {
				t.Errorf("%s shows %q", p, bad)
			}
		}
		if !strings.Contains(string(b), "Semoga cepat surut.") || !strings.Contains(string(b), "#comment-") {
			t.Errorf("%s lacks the approved comment and its link", p)
		}
	}
	one := f.rss(t, path+"feed/")
	if len(one.Channel.Items) != 1 || !strings.HasPrefix(one.Channel.Items[0].Link, base+path+"#comment-") {
		t.Errorf("article comments feed: %+v", one.Channel.Items)
	}
	if res := f.get(t, f.locked.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})+"feed/"); res.StatusCode != http.StatusNotFound {
		t.Errorf("protected article's comment feed: %d, want 404", res.StatusCode)
	}
	if res := f.get(t, path+"feed/rss/"); res.StatusCode != http.StatusNotFound {
		t.Errorf("%sfeed/rss/: %d, want 404", path, res.StatusCode)
	}
}

func testConditional(t *testing.T, f *fixture) {
	for _, path := range []string{"/feed/", "/feed/atom/", "/feed.json", "/comments/feed/"} {
		res := f.get(t, path)
		etag, modified := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
		if etag == "" || modified == "" {
			t.Fatalf("%s: ETag %q Last-Modified %q", path, etag, modified)
		}
		if res := f.get(t, path, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d, want 304", path, res.StatusCode)
		}
		if res := f.get(t, path, "If-Modified-Since", modified); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s since its Last-Modified: %d, want 304", path, res.StatusCode)
		}
	}
	before := f.get(t, "/feed/").Header.Get("ETag")
	storetest.Post(t, f.st, func(a *model.Article) { a.Title = "Berita terbaru" })
	res := f.get(t, "/feed/", "If-None-Match", before)
	if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == before {
		t.Errorf("after a new post: %d, ETag %q (was %q), want 200 and a new ETag", res.StatusCode, res.Header.Get("ETag"), before)
	}
}

func testSummaryOnly(t *testing.T, f *fixture) {
	set, err := f.st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	set.FeedContent, set.FeedItems = model.FeedSummary, 2
	if err := f.st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	defer func() {
		set.FeedContent, set.FeedItems = model.FeedFull, 10
		f.st.SaveSettings(t.Context(), set)
	}()
	doc := f.rss(t, "/feed/")
	if len(doc.Channel.Items) != 2 {
		t.Errorf("%d items, want the 2 the setting asks for", len(doc.Channel.Items))
	}
	for _, it := range doc.Channel.Items {
		if it.Content != "" || it.Description == "" {
			t.Errorf("summary-only item %q: content %q description %q", it.Title, it.Content, it.Description)
		}
	}
}

func TestPagesAnnounceTheirFeeds(t *testing.T) {
	f := newFixture(t, storetest.New(t))
	path := f.flood.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	for page, wants := range map[string][]string{
		"/":                   {`<link rel="alternate" type="application/rss+xml" title="Umpan Warta" href="` + base + `/feed/">`, `type="application/atom+xml" title="Umpan Warta" href="` + base + `/feed/atom/"`, `type="application/feed+json" title="Umpan Warta" href="` + base + `/feed.json"`, `href="` + base + `/comments/feed/"`},
		"/category/kota/":     {`href="` + base + `/category/kota/feed/"`, `href="` + base + `/category/kota/feed.json"`, `href="` + base + `/feed/"`},
		"/author/siti-rahma/": {`href="` + base + `/author/siti-rahma/feed/"`},
		path:                  {`href="` + base + path + `feed/"`, `href="` + base + `/feed/"`},
	} {
		res := f.get(t, page)
		b, _ := io.ReadAll(res.Body)
		for _, w := range wants {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %s", page, w)
			}
		}
		// Every announced feed answers.
		for _, m := range strings.Split(string(b), `rel="alternate" type="`)[1:] {
			href := m[strings.Index(m, `href="`)+6:]
			href = href[:strings.Index(href, `"`)]
			if res := f.get(t, strings.TrimPrefix(href, base)); res.StatusCode != http.StatusOK {
				t.Errorf("%s announces %s, which answers %d", page, href, res.StatusCode)
			}
		}
	}
}

func TestFeedsDeclareCacheTags(t *testing.T) {
	f := newFixture(t, storetest.New(t))
	cache := pagecache.New(pagecache.Options{})
	defer cache.Close()
	h := cache.Middleware(pagecache.PathKey, nil, f.mux)
	get := func(path string) *http.Response {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Result()
	}
	flood := f.flood.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	for path, want := range map[string]string{
		"/feed/":                       store.TagFeeds,
		"/category/kota/feed/":         store.TagTerm(f.politics.ID),
		"/author/siti-rahma/feed.json": store.TagAuthor(f.siti.ID),
		flood + "feed/":                store.TagComments(f.flood.ID),
	} {
		get(path)
		res := get(path)
		if res.Header.Get("X-Cache") != "HIT" || !strings.Contains(" "+res.Header.Get("Surrogate-Key")+" ", " "+want+" ") {
			t.Errorf("%s: X-Cache %q Surrogate-Key %q, want a hit tagged %s", path, res.Header.Get("X-Cache"), res.Header.Get("Surrogate-Key"), want)
		}
	}
	// A new post is in the site's feed once its tags are invalidated.
	storetest.Post(t, f.st, func(a *model.Article) { a.Title = "Kabar paling baru" })
	cache.Invalidate(store.TagFeeds)
	if b, _ := io.ReadAll(get("/feed/").Body); !strings.Contains(string(b), "Kabar paling baru") {
		t.Error("the site feed still lacks the new post after TagFeeds was invalidated")
	}
	// The site's comment feed is never stored: no tag covers every comment.
	get("/comments/feed/")
	if res := get("/comments/feed/"); res.Header.Get("X-Cache") == "HIT" {
		t.Error("the site comments feed was served from the cache")
	}
}
