package wxr

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// snapshot is what a round trip must keep, keyed by type and slug.
func snapshot(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	settings, _ := st.Settings(ctx)
	loc := settings.Location()
	ids, err := st.ArticleIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	slugOf := map[int64]string{}
	arts := []*model.Article{}
	for _, id := range ids {
		a, err := st.ArticleByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		slugOf[a.ID] = a.Slug
		arts = append(arts, a)
	}
	for _, a := range arts {
		var terms, bylines, embeds []string
		for _, tm := range slices.Concat(a.Categories, a.Tags) {
			terms = append(terms, tm.Taxonomy+":"+tm.Slug+":"+tm.Name)
		}
		slices.Sort(terms)
		for _, b := range a.Bylines {
			bylines = append(bylines, b.User.Slug)
		}
		for _, e := range a.Embeds {
			embeds = append(embeds, e.Provider+" "+e.URL)
		}
		featured := ""
		if a.FeaturedImage != nil {
			featured = a.FeaturedImage.Path + " " + a.FeaturedImage.Alt
		}
		path := ""
		if a.Status == model.StatusPublished {
			path = a.Path(model.Permalinks{Loc: loc})
		}
		out[string(a.Type)+" "+a.Slug] = strings.Join([]string{a.Title, string(a.BodyHTML), string(a.Status),
			a.PublishedAt.String(), a.Password, a.CommentStatus, a.Excerpt, path, slugOf[a.ParentID],
			featured, strings.Join(terms, ","), strings.Join(bylines, ","), strings.Join(embeds, ","),
			strings.Repeat("*", a.MenuOrder), map[bool]string{true: "sticky"}[a.Sticky]}, "\n")
		cs, err := st.AllComments(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]string{}
		for _, c := range cs {
			byID[c.ID] = c.AuthorName
		}
		for _, c := range cs {
			out["comment "+a.Slug+" "+c.AuthorName] = strings.Join([]string{string(c.Content), string(c.Status), c.Kind,
				c.AuthorEmail, c.AuthorURL, c.CreatedAt.String(), byID[c.ParentID]}, "\n")
		}
	}
	for _, taxo := range []string{model.TaxonomyCategory, model.TaxonomyTag} {
		terms, _ := st.Terms(ctx, taxo)
		names := map[int64]string{}
		for _, tm := range terms {
			names[tm.ID] = tm.Slug
		}
		for _, tm := range terms {
			out["term "+taxo+" "+tm.Slug] = tm.Name + "\n" + tm.Description + "\n" + names[tm.ParentID]
		}
	}
	return out
}

func TestExportRoundTrip(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			first, files := eng.New(t), t.TempDir()
			if _, err := Import(ctx, first, "testdata/full.wxr", Options{UploadsDir: "testdata/uploads", Media: media.NewFolder(files)}); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Export(ctx, first, &buf, "https://warta.example", nil); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(t.TempDir(), "export.wxr")
			if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			second := eng.New(t)
			// The files come along, as the first site's media folder.
			rep, err := Import(ctx, second, p, Options{UploadsDir: files, Media: media.NewFolder(t.TempDir())})
			if err != nil {
				t.Fatalf("the export does not import: %v\n%s", err, buf.String())
			}
			if len(rep.Skips) != 0 {
				t.Errorf("the round trip skipped %+v", rep.Skips)
			}
			want, got := snapshot(t, first), snapshot(t, second)
			if len(want) != 9+8+2+2 {
				t.Errorf("the first import holds %d items, want 9 articles, 8 comments, 2 categories and 2 tags", len(want))
			}
			for k, w := range want {
				if g, ok := got[k]; !ok {
					t.Errorf("%s is lost", k)
				} else if g != w {
					t.Errorf("%s changed:\n got %q\nwant %q", k, g, w)
				}
			}
			for k := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("%s appeared", k)
				}
			}
			if !strings.Contains(buf.String(), "<wp:wxr_version>1.2</wp:wxr_version>") ||
				!strings.Contains(buf.String(), `xmlns:wp="http://wordpress.org/export/1.2/"`) {
				t.Errorf("not WXR 1.2 as WordPress writes it")
			}
		})
	}
}
