package hostile_test

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/hostile"
)

// htmlElements are the feed elements whose text a feed reader renders as
// HTML: RSS's content:encoded and description, Atom's content and summary.
var htmlElements = map[string]bool{"encoded": true, "description": true, "content": true, "summary": true}

// TestHostileFeeds reads every feed of the hostile site — the site's, the
// archives', the comments' — as a feed reader would: each must be
// well-formed, and no HTML it hands a reader to render may hold live
// markup. Chromium shows a feed as text, so this is where a payload in a
// feed would be caught.
func TestHostileFeeds(t *testing.T) {
	site := hostileSite(t, storetest.New(t))
	c := site.app.client(t)
	feeds := 0
	for _, path := range site.paths {
		if !strings.HasSuffix(path, "/feed/") && !strings.HasSuffix(path, "/feed/atom/") && !strings.HasSuffix(path, ".json") {
			continue
		}
		feeds++
		r := c.get(path)
		if r.status != http.StatusOK {
			t.Errorf("%s: %d", path, r.status)
			continue
		}
		if strings.HasSuffix(path, ".json") {
			var jf struct {
				Items []struct {
					ContentHTML string `json:"content_html"`
				} `json:"items"`
			}
			if err := json.Unmarshal([]byte(r.body), &jf); err != nil {
				t.Errorf("%s is not JSON: %v", path, err)
			}
			for _, it := range jf.Items {
				if bad := hostile.LiveMarkup(it.ContentHTML); bad != "" {
					t.Errorf("%s: live markup in content_html: %s", path, bad)
				}
			}
			continue
		}
		d := xml.NewDecoder(strings.NewReader(r.body))
		d.Strict = true
		var open []string
		for {
			tok, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Errorf("%s is not well-formed XML: %v", path, err)
				break
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				open = append(open, tok.Name.Local)
			case xml.EndElement:
				open = open[:len(open)-1]
			case xml.CharData:
				if len(open) > 0 && htmlElements[open[len(open)-1]] {
					if bad := hostile.LiveMarkup(string(tok)); bad != "" {
						t.Errorf("%s: live markup in <%s>: %s", path, open[len(open)-1], bad)
					}
				}
			}
		}
	}
	if feeds < 10 {
		t.Fatalf("only %d feeds among the hostile site's pages", feeds)
	}
}

// restRoutes are the REST API's GET routes and the query parameters each
// reads; %s is where a payload goes.
var restTargets = []string{
	"/wp-json/wp/v2/posts?search=%s",
	"/wp-json/wp/v2/posts?slug=%s",
	"/wp-json/wp/v2/posts?page=%s",
	"/wp-json/wp/v2/posts?per_page=%s",
	"/wp-json/wp/v2/posts?author=%s",
	"/wp-json/wp/v2/posts?categories=%s",
	"/wp-json/wp/v2/posts?tags=%s",
	"/wp-json/wp/v2/posts?include=%s",
	"/wp-json/wp/v2/posts?exclude=%s",
	"/wp-json/wp/v2/posts?orderby=%s",
	"/wp-json/wp/v2/posts?order=%s",
	"/wp-json/wp/v2/posts?after=%s",
	"/wp-json/wp/v2/posts?before=%s",
	"/wp-json/wp/v2/posts?status=%s",
	"/wp-json/wp/v2/posts?_fields=%s",
	"/wp-json/wp/v2/posts?context=%s",
	"/wp-json/wp/v2/posts/%s",
	"/wp-json/wp/v2/pages?slug=%s",
	"/wp-json/wp/v2/categories?search=%s",
	"/wp-json/wp/v2/categories?slug=%s",
	"/wp-json/wp/v2/tags?search=%s",
	"/wp-json/wp/v2/users?search=%s",
	"/wp-json/wp/v2/users/%s",
	"/wp-json/wp/v2/comments?search=%s",
	"/wp-json/wp/v2/comments?post=%s",
	"/wp-json/wp/v2/search?search=%s",
	"/wp-json/wp/v2/search?type=%s",
	"/wp-json/wp/v2/types/%s",
	"/wp-json/wp/v2/taxonomies/%s",
	"/wp-json/%s",
	"/?rest_route=/wp/v2/posts&search=%s",
	"/?rest_route=%s",
}

// feedTargets are feed paths with a payload in them.
var feedTargets = []string{
	"/category/%s/feed/",
	"/tag/%s/feed/atom/",
	"/author/%s/feed.json",
	"/2024/04/26/%s/feed/",
	"/2024/04/26/%s/feed/atom/",
	"/%s/feed/",
	"/feed/%s",
	"/comments/feed/%s",
}

// TestHostileQueries sends every payload in every REST API query
// parameter and path, and in every feed path, through the whole site:
// the API always answers well-formed JSON, an error with WordPress's
// error object and its status, never a server error; a feed path with a
// payload is a plain 404 or a redirect, never a page echoing it.
func TestHostileQueries(t *testing.T) {
	st := storetest.New(t)
	a := newApp(t, st)
	cat := storetest.Term(t, st, model.TaxonomyCategory, "Berita")
	post := storetest.Post(t, st, func(p *model.Article) { p.Categories = []model.Term{*cat} })
	storetest.Comment(t, st, post.ID, nil)
	c := a.client(t)
	var payloads []string
	for _, p := range append(hostile.Markup(0), hostile.URLs(0)...) {
		payloads = append(payloads, p.Text)
	}
	payloads = append(payloads, hostile.SQLProbes...)
	for _, pattern := range restTargets {
		for _, p := range payloads {
			target := probeTarget(pattern, p)
			r := c.get(target)
			if r.status >= 500 {
				t.Errorf("GET %s: %d", target, r.status)
				continue
			}
			if r.status == http.StatusMovedPermanently {
				continue
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("GET %s: Content-Type %q", target, ct)
			}
			if !json.Valid([]byte(r.body)) {
				t.Errorf("GET %s: %d, not JSON: %.300s", target, r.status, r.body)
				continue
			}
			if r.status >= 400 {
				var e struct {
					Code string `json:"code"`
					Data struct {
						Status int `json:"status"`
					} `json:"data"`
				}
				if err := json.Unmarshal([]byte(r.body), &e); err != nil || !strings.HasPrefix(e.Code, "rest_") || e.Data.Status != r.status {
					t.Errorf("GET %s: %d without WordPress's error object: %.300s", target, r.status, r.body)
				}
			}
		}
	}
	for _, pattern := range feedTargets {
		for _, p := range payloads {
			target := probeTarget(pattern, p)
			r := c.get(target)
			switch {
			case r.status >= 500:
				t.Errorf("GET %s: %d", target, r.status)
			case r.status == http.StatusOK && !strings.Contains(pattern, "/%s/feed/"):
				t.Errorf("GET %s: 200 for a feed that does not exist", target)
			case strings.Contains(r.body, p) && len(p) > 3:
				t.Errorf("GET %s: %d echoes the payload %q", target, r.status, p)
			}
			if bad := hostile.LiveMarkup(r.body); bad != "" && strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
				t.Errorf("GET %s: live markup: %s", target, bad)
			}
		}
	}
}
