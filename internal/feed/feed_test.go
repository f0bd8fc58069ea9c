package feed_test

import (
	"encoding/json"
	"encoding/xml"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
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
// protected one, a section, a tag, comments in every status. Its feeds are
// read through the whole site (internal/tools/scenario), as serve mounts
// it, with the options given (the page cache…).
type fixture struct {
	st       *store.Store
	site     *scenario.Site
	flood    *model.Article
	market   *model.Article
	english  *model.Article
	locked   *model.Article
	image    *model.Media
	siti     *model.User
	politics *model.Term
}

func newFixture(t *testing.T, st *store.Store, opts scenario.Options) *fixture {
	opts.BaseURL = base
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
	f.site = scenario.New(t, st, opts)
	return f
}

// reader is a feed reader of f's site.
func (f *fixture) reader() *scenario.Client { return f.site.Client() }

// body fetches path, expecting 200 and the content type of the format.
func (f *fixture) body(t *testing.T, path, contentType string) []byte {
	t.Helper()
	res := f.reader().Get(t, path)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, contentType) {
		t.Errorf("GET %s: Content-Type %q, want %s", path, ct, contentType)
	}
	return []byte(res.Body)
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
			f := newFixture(t, eng.New(t), scenario.Options{})
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
		f.reader().Get(t, u.Path)
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
			f.reader().Get(t, path)
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
		f.reader().Run(t, scenario.Scenario{Name: path + " is not found", URL: path, ExpectedStatus: http.StatusNotFound})
	}
}

func testCommentFeeds(t *testing.T, f *fixture) {
	site := f.rss(t, "/comments/feed/")
	if got := itemTitles(site); len(got) != 1 || !strings.Contains(got[0], "Budi") || !strings.Contains(got[0], "Tanggul Kali Wening jebol") {
		t.Errorf("site comments %v, want Budi's comment only (not spam, pending, or on the protected article)", got)
	}
	path := f.flood.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	for _, p := range []string{path + "feed/", path + "feed/atom/", path + "feed.json", "/comments/feed/atom/", "/comments/feed.json"} {
		f.reader().Run(t, scenario.Scenario{Name: p + " holds the approved comment only", URL: p, ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{"Semoga cepat surut.", "#comment-"},
			NotExpectedContent: []string{"budi@private.example", "Beli obat", "Belum disetujui", "Komentar tertutup"}})
	}
	one := f.rss(t, path+"feed/")
	if len(one.Channel.Items) != 1 || !strings.HasPrefix(one.Channel.Items[0].Link, base+path+"#comment-") {
		t.Errorf("article comments feed: %+v", one.Channel.Items)
	}
	f.reader().Run(t,
		scenario.Scenario{Name: "a protected article has no comment feed",
			URL: f.locked.Path(model.Permalinks{Loc: model.DefaultSettings().Location()}) + "feed/", ExpectedStatus: http.StatusNotFound},
		scenario.Scenario{Name: "an article's comments have no feed/rss/", URL: path + "feed/rss/", ExpectedStatus: http.StatusNotFound})
}

func testConditional(t *testing.T, f *fixture) {
	c := f.reader()
	for _, path := range []string{"/feed/", "/feed/atom/", "/feed.json", "/comments/feed/"} {
		res := c.Do(t, scenario.Scenario{Name: path + " has validators", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedHeaders: map[string]string{"ETag": scenario.AnyValue, "Last-Modified": scenario.AnyValue}})
		etag, modified := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
		c.Run(t,
			scenario.Scenario{Name: path + " with its ETag", URL: path, Headers: map[string]string{"If-None-Match": etag},
				ExpectedStatus: http.StatusNotModified},
			scenario.Scenario{Name: path + " since its Last-Modified", URL: path, Headers: map[string]string{"If-Modified-Since": modified},
				ExpectedStatus: http.StatusNotModified})
	}
	before := c.Get(t, "/feed/").Header.Get("ETag")
	storetest.Post(t, f.st, func(a *model.Article) { a.Title = "Berita terbaru" })
	res := c.Do(t, scenario.Scenario{Name: "the feed after a new post", URL: "/feed/", Headers: map[string]string{"If-None-Match": before},
		ExpectedStatus: http.StatusOK})
	if res.Header.Get("ETag") == before {
		t.Errorf("after a new post: ETag %q (was %q), want a new ETag", res.Header.Get("ETag"), before)
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
	f := newFixture(t, storetest.New(t), scenario.Options{})
	path := f.flood.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	for page, wants := range map[string][]string{
		"/":                   {`<link rel="alternate" type="application/rss+xml" title="Umpan Warta" href="` + base + `/feed/">`, `type="application/atom+xml" title="Umpan Warta" href="` + base + `/feed/atom/"`, `type="application/feed+json" title="Umpan Warta" href="` + base + `/feed.json"`, `href="` + base + `/comments/feed/"`},
		"/category/kota/":     {`href="` + base + `/category/kota/feed/"`, `href="` + base + `/category/kota/feed.json"`, `href="` + base + `/feed/"`},
		"/author/siti-rahma/": {`href="` + base + `/author/siti-rahma/feed/"`},
		path:                  {`href="` + base + path + `feed/"`, `href="` + base + `/feed/"`},
	} {
		b := f.reader().Do(t, scenario.Scenario{Name: page + " announces its feeds", URL: page, ExpectedStatus: http.StatusOK,
			ExpectedContent: wants}).Body
		// Every announced feed answers.
		for _, m := range strings.Split(b, `rel="alternate" type="`)[1:] {
			href := m[strings.Index(m, `href="`)+6:]
			href = href[:strings.Index(href, `"`)]
			f.reader().Get(t, strings.TrimPrefix(href, base))
		}
	}
}

func TestFeedsDeclareCacheTags(t *testing.T) {
	// The page cache in front, as serve runs it.
	f := newFixture(t, storetest.New(t), scenario.Options{PageCache: true})
	c := f.reader()
	flood := f.flood.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	for path, want := range map[string]string{
		"/feed/":                       store.TagFeeds,
		"/category/kota/feed/":         store.TagTerm(f.politics.ID),
		"/author/siti-rahma/feed.json": store.TagAuthor(f.siti.ID),
		flood + "feed/":                store.TagComments(f.flood.ID),
	} {
		c.Get(t, path)
		res := c.Do(t, scenario.Scenario{Name: path + " again is a hit", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedHeaders: map[string]string{"X-Cache": "HIT"}})
		if !strings.Contains(" "+res.Header.Get("Surrogate-Key")+" ", " "+want+" ") {
			t.Errorf("%s: Surrogate-Key %q, want it tagged %s", path, res.Header.Get("Surrogate-Key"), want)
		}
	}
	// A new post is in the site's feed once the change reaches the cache
	// (after at most one stale answer while the feed is rendered again).
	storetest.Post(t, f.st, func(a *model.Article) { a.Title = "Kabar paling baru" })
	f.site.Follow(t)
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(c.Get(t, "/feed/").Body, "Kabar paling baru"); {
		if time.Now().After(deadline) {
			t.Fatal("the site feed still lacks the new post after the change was followed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The site's comment feed is never stored: no tag covers every comment.
	c.Get(t, "/comments/feed/")
	if res := c.Get(t, "/comments/feed/"); res.Header.Get("X-Cache") == "HIT" {
		t.Error("the site comments feed was served from the cache")
	}
}
