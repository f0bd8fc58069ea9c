package model

import (
	"testing"
	"time"
)

func TestArticlePathUnderEachStructure(t *testing.T) {
	// 23:30 UTC on the 25th is already the 26th in Jakarta.
	a := &Article{ID: 42, Type: TypePost, Slug: "harga-ikan", PublishedAt: time.Date(2024, 4, 25, 23, 30, 5, 0, time.UTC),
		Categories: []Term{{ID: 9, Slug: "pasar"}, {ID: 7, Slug: "nelayan"}},
		Bylines:    []Byline{{User: User{Slug: "sari"}}, {User: User{Slug: "budi"}}}}
	cats := []Term{{ID: 3, Slug: "ekonomi"}, {ID: 7, Slug: "nelayan", ParentID: 3}, {ID: 9, Slug: "pasar"}}
	for _, tc := range []struct{ structure, want string }{
		{"/%year%/%monthnum%/%day%/%postname%/", "/2024/04/26/harga-ikan/"},
		{"/%year%/%monthnum%/%postname%/", "/2024/04/harga-ikan/"},
		{"/archives/%post_id%", "/archives/42"},
		{"/%postname%/", "/harga-ikan/"},
		{"/%category%/%postname%/", "/ekonomi/nelayan/harga-ikan/"},
		{"/%author%/%postname%.html", "/sari/harga-ikan.html"},
		{"/%year%/%hour%%minute%%second%-%post_id%/", "/2024/063005-42/"},
	} {
		st := DefaultSettings()
		st.PermalinkStructure = tc.structure
		if got := a.Path(NewPermalinks(st, cats)); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.structure, got, tc.want)
		}
		m, ok := MatchPermalink(tc.structure, tc.want)
		if !ok || m.Slug != "" && m.Slug != a.Slug || m.ID != 0 && m.ID != a.ID || m.Slug == "" && m.ID == 0 {
			t.Errorf("%s does not read back %s: %+v %v", tc.structure, tc.want, m, ok)
		}
	}
	t.Run("a page is at its slug whatever the structure", func(t *testing.T) {
		p := &Article{Type: TypePage, Slug: "tentang"}
		if got := p.Path(Permalinks{Structure: "/archives/%post_id%"}); got != "/tentang/" {
			t.Errorf("page: %s", got)
		}
	})
	t.Run("a post without a category is uncategorized, as in WordPress", func(t *testing.T) {
		b := &Article{Type: TypePost, Slug: "x", PublishedAt: a.PublishedAt}
		if got := b.Path(Permalinks{Structure: "/%category%/%postname%/"}); got != "/uncategorized/x/" {
			t.Errorf("got %s", got)
		}
	})
}

func TestValidatePermalink(t *testing.T) {
	for s, want := range map[string]string{
		"/%year%/%monthnum%/%day%/%postname%/": "",
		"/archives/%post_id%":                  "",
		"/berita/%category%/%postname%.html":   "",
		"":                                     "admin.err.permalink_empty",
		"%postname%":                           "admin.err.permalink_chars",
		"/news/?p=%post_id%":                   "admin.err.permalink_chars",
		"/%year%/%monthnum%/":                  "admin.err.permalink_needs",
		"/%year%/%slug%/%post_id%":             "admin.err.permalink_tag",
		"/%postname%/%postname%/":              "admin.err.permalink_twice",
		"/category/%postname%/":                "admin.err.permalink_reserved",
		"/Feed/%postname%/":                    "admin.err.permalink_reserved",
		"/wp-json/%post_id%":                   "admin.err.permalink_reserved",
		"/healthz/%postname%/":                 "admin.err.permalink_reserved",
		"/redaksi/%postname%/":                 "",
		"/%postname%/100%":                     "admin.err.permalink_tag",
	} {
		if got := ValidatePermalink(s); got != want {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}

func TestMatchPermalinkRefusesOtherShapes(t *testing.T) {
	for _, tc := range []struct{ structure, path string }{
		{"/%year%/%monthnum%/%day%/%postname%/", "/2024/04/harga-ikan/"},
		{"/archives/%post_id%", "/archives/harga-ikan"},
		{"/%postname%/", "/a/b/"},
		{"/%year%/%postname%/", "/24/harga/"},
	} {
		if m, ok := MatchPermalink(tc.structure, tc.path); ok {
			t.Errorf("%s matched %s: %+v", tc.structure, tc.path, m)
		}
	}
}

func TestChangePermalinkRemembersTheOldStructure(t *testing.T) {
	st := DefaultSettings()
	st.ChangePermalink("/%postname%/")
	st.ChangePermalink("/archives/%post_id%")
	fb := st.PermalinkFallbacks()
	if len(fb) < 2 || fb[0] != "/%postname%/" || fb[1] != DefaultPermalink {
		t.Errorf("fallbacks %q, want the earlier structures first, newest first", fb)
	}
	for _, s := range fb {
		if s == st.PermalinkStructure {
			t.Errorf("the current structure %s is among its own fallbacks", s)
		}
	}
}
