package cli

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// checkDiscovery reads the demo site as a crawler, a feed reader and a
// searcher would: every URL in the sitemaps and every feed item answers,
// and search finds a story by another form of its words.
func checkDiscovery(t *testing.T, base string) {
	t.Helper()
	path := func(loc string) string {
		u, err := url.Parse(loc)
		if err != nil || u.Scheme+"://"+u.Host != base {
			t.Fatalf("%q is not an absolute URL on %s", loc, base)
		}
		return u.RequestURI()
	}
	t.Run("every URL in the sitemaps answers 200", func(t *testing.T) {
		var idx struct {
			Locs []string `xml:"sitemap>loc"`
		}
		_, _, body := get(t, base, "/sitemap.xml")
		if err := xml.Unmarshal([]byte(body), &idx); err != nil || len(idx.Locs) < 5 {
			t.Fatalf("sitemap index: %v, %d children", err, len(idx.Locs))
		}
		n := 0
		for _, child := range append(idx.Locs, base+"/news-sitemap.xml") {
			var set struct {
				Locs   []string `xml:"url>loc"`
				Images []string `xml:"url>image>loc"`
			}
			status, _, body := get(t, base, path(child))
			if err := xml.Unmarshal([]byte(body), &set); err != nil || status != http.StatusOK {
				t.Fatalf("%s: %d %v", child, status, err)
			}
			for _, loc := range append(set.Locs, set.Images...) {
				n++
				if status, _, _ := get(t, base, path(loc)); status != http.StatusOK {
					t.Errorf("%s lists %s, which answers %d", child, loc, status)
				}
			}
		}
		if n < 20 {
			t.Errorf("only %d URLs in the sitemaps", n)
		}
	})
	t.Run("feed items link to live pages", func(t *testing.T) {
		var rss struct {
			Links []string `xml:"channel>item>link"`
		}
		_, _, body := get(t, base, "/feed/")
		if err := xml.Unmarshal([]byte(body), &rss); err != nil || len(rss.Links) == 0 {
			t.Fatalf("/feed/: %v, %d items", err, len(rss.Links))
		}
		var jf struct {
			Items []struct {
				URL string `json:"url"`
			} `json:"items"`
		}
		_, _, body = get(t, base, "/feed.json")
		if err := json.Unmarshal([]byte(body), &jf); err != nil || len(jf.Items) != len(rss.Links) {
			t.Fatalf("/feed.json: %v, %d items", err, len(jf.Items))
		}
		for i, link := range rss.Links {
			if jf.Items[i].URL != link {
				t.Errorf("item %d: RSS %s, JSON %s", i, link, jf.Items[i].URL)
			}
			if status, _, _ := get(t, base, path(link)); status != http.StatusOK {
				t.Errorf("feed item %s answers %d", link, status)
			}
		}
	})
	t.Run("search finds a story by another form of its words", func(t *testing.T) {
		status, _, body := get(t, base, "/search?q=membangun+tanggul")
		if status != http.StatusOK || !strings.Contains(body, "/tanggul-kali-wening-tahap-dua/") || !strings.Contains(body, "<mark>Pembangunan</mark>") {
			t.Errorf("search for “membangun tanggul”: %d, finds the dike's second stage: %v", status, strings.Contains(body, "tahap-dua"))
		}
	})
}
