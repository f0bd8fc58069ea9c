package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/hostile"
)

// hostileSite adds to s's site articles and pages carrying the hostile
// payloads in their fields, and returns their paths.
func hostileSite(t *testing.T, st *store.Store, s *story) []string {
	t.Helper()
	loc := jakarta(t)
	markup, urls := hostile.Markup(0), hostile.URLs(0)
	var paths []string
	for i, p := range markup {
		u := urls[i%len(urls)].Text
		author := storetest.User(t, st, fmt.Sprintf("Penulis %d %s", i, p.Text))
		cat := storetest.Term(t, st, model.TaxonomyCategory, fmt.Sprintf("Rubrik %d %s", i, p.Text))
		img := &model.Media{Path: fmt.Sprintf("2024/04/hostile-%d.jpg", i), MimeType: "image/jpeg", Size: 1000, Width: 800, Height: 600,
			Alt: p.Text, Caption: p.Text, Variants: []model.MediaVariant{{Path: fmt.Sprintf("2024/04/hostile-%d-400x300.jpg", i), Width: 400, Height: 300}}}
		if err := st.InsertMedia(t.Context(), img); err != nil {
			t.Fatal(err)
		}
		a := storetest.Post(t, st, func(a *model.Article) {
			a.Slug = fmt.Sprintf("hostile-%d", i)
			a.Title, a.Excerpt = p.Text, p.Text
			a.BodyHTML = template.HTML("<p>" + template.HTMLEscapeString(p.Text) + "</p>")
			a.PublishedAt = published.Add(-time.Duration(i+3) * time.Hour)
			a.ModifiedAt = a.PublishedAt.Add(time.Duration(i%2) * time.Hour)
			a.Bylines = []model.Byline{{User: *author, Role: model.BylineAuthor}, {User: *s.andi, Role: model.BylineEditor}}
			a.Categories = []model.Term{*cat}
			if i%3 != 0 {
				a.Tags = []model.Term{*s.pemilu}
			}
			if i%4 != 1 {
				a.FeaturedMediaID = img.ID
			}
			a.Embeds = []model.Embed{{Provider: "other", URL: u, EmbedURL: u, Title: p.Text, Duration: time.Duration(i) * time.Minute, PosterURL: u}}
			a.SourceName, a.SourceURL = p.Text, u
			switch i % 5 {
			case 1:
				a.Password = "rahasia"
			case 2:
				a.CommentStatus = model.CommentsClosed
			case 3:
				a.Lang = "en"
			}
			if i%7 == 0 {
				a.TranslationGroup = fmt.Sprintf("group-%d", i)
			}
		})
		paths = append(paths, a.Path(model.Permalinks{Loc: loc}))
		if a.TranslationGroup != "" {
			tr := storetest.Post(t, st, func(b *model.Article) {
				b.Slug, b.Title, b.Lang, b.TranslationGroup = fmt.Sprintf("hostile-%d-en", i), p.Text+" (en)", "en", a.TranslationGroup
				b.PublishedAt = a.PublishedAt
			})
			paths = append(paths, tr.Path(model.Permalinks{Loc: loc}))
		}
		parent := storetest.Comment(t, st, a.ID, func(c *model.Comment) {
			c.AuthorName, c.AuthorURL = p.Text, u
			c.Content = template.HTML("<p>" + template.HTMLEscapeString(p.Text) + "</p>")
			c.CreatedAt = a.PublishedAt.Add(time.Hour)
		})
		storetest.Comment(t, st, a.ID, func(c *model.Comment) {
			c.ParentID, c.AuthorName = parent.ID, p.Text
			c.CreatedAt = a.PublishedAt.Add(2 * time.Hour)
		})
		paths = append(paths, paths[len(paths)-1]+"?replytocom="+strconv.FormatInt(parent.ID, 10))
		if i%8 == 0 {
			page := storetest.Post(t, st, func(a *model.Article) {
				a.Type, a.Slug, a.Title = model.TypePage, fmt.Sprintf("halaman-%d", i), p.Text
				a.FeaturedMediaID = img.ID
				a.Embeds = []model.Embed{{Provider: "youtube", URL: u, EmbedURL: u, Title: p.Text, PosterURL: "/media/x.jpg"}}
				if i%16 == 0 {
					a.CommentStatus = model.CommentsClosed
				}
			})
			paths = append(paths, page.Path(model.Permalinks{}), "/category/"+cat.Slug+"/", "/author/"+author.Slug+"/")
		}
	}
	return paths
}

// The JSON-LD of every page is written as encoding/json writes a map: its
// keys in byte order, a key present exactly when the map had it. So the
// typed values that replaced the maps give the same bytes (decoding the
// script into a map and encoding it again gives the script back), and a
// protected article still does not claim to be free to read.
func TestJSONLDKeepsMapOrder(t *testing.T) {
	st := storetest.New(t)
	s := newStory(t, st)
	paths := hostileSite(t, st, s)
	w := newSite(t, st, nil).Client()
	const open = `<script type="application/ld+json">`
	seen := 0
	for _, p := range append([]string{"/", s.path}, paths...) {
		body := w.Get(t, p).Body
		i := strings.Index(body, open)
		if i < 0 {
			continue
		}
		seen++
		raw := body[i+len(open):]
		raw = raw[:strings.Index(raw, "</script>")]
		var v map[string]any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatalf("%s: JSON-LD %s: %v", p, raw, err)
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, []byte(raw)) {
			t.Errorf("%s: the JSON-LD is not what its map would give\npage: %s\nmap:  %s", p, raw, again)
		}
		_, free := v["isAccessibleForFree"]
		if protected := strings.Contains(body, `<p class="notice"`); v["@type"] == "NewsArticle" && free == protected {
			t.Errorf("%s: protected %v, isAccessibleForFree present %v", p, protected, free)
		}
	}
	if seen < 10 {
		t.Errorf("only %d pages had JSON-LD", seen)
	}
}
