package store_test

import (
	"errors"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
)

func TestMovedArticlesLeaveRedirects(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			ctx := t.Context()
			a := storetest.Post(t, st, func(a *model.Article) {
				a.Slug = "lama"
				a.PublishedAt = time.Date(2024, 4, 26, 3, 0, 0, 0, time.UTC)
			})
			wantRedirect := func(t *testing.T, from, to string) {
				t.Helper()
				r, err := st.RedirectFor(ctx, from)
				if err != nil || r.ToPath != to || r.Status != 301 {
					t.Errorf("redirect from %s: %+v %v, want 301 to %s", from, r, err, to)
				}
			}
			noRedirect := func(t *testing.T, from string) {
				t.Helper()
				if r, err := st.RedirectFor(ctx, from); !errors.Is(err, model.ErrNotFound) {
					t.Errorf("redirect from %s: %+v %v, want none", from, r, err)
				}
			}
			update := func(t *testing.T, edit func(*model.Article)) {
				t.Helper()
				cur, err := st.ArticleByID(ctx, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				edit(cur)
				if err := st.UpdateArticle(ctx, cur, 0); err != nil {
					t.Fatal(err)
				}
			}

			t.Run("a new slug sends the old URL on", func(t *testing.T) {
				update(t, func(a *model.Article) { a.Slug = "baru" })
				wantRedirect(t, "/2024/04/26/lama/", "/2024/04/26/baru/")
			})
			t.Run("a new date too, with no chain of redirects", func(t *testing.T) {
				update(t, func(a *model.Article) { a.PublishedAt = time.Date(2024, 5, 1, 3, 0, 0, 0, time.UTC) })
				wantRedirect(t, "/2024/04/26/baru/", "/2024/05/01/baru/")
				wantRedirect(t, "/2024/04/26/lama/", "/2024/05/01/baru/")
			})
			t.Run("an edit that keeps the URL adds nothing", func(t *testing.T) {
				update(t, func(a *model.Article) { a.Title = "Judul lain" })
				noRedirect(t, "/2024/05/01/baru/")
			})
			t.Run("going back to an old slug makes no loop", func(t *testing.T) {
				update(t, func(a *model.Article) { a.Slug, a.PublishedAt = "lama", time.Date(2024, 4, 26, 3, 0, 0, 0, time.UTC) })
				noRedirect(t, "/2024/04/26/lama/")
				wantRedirect(t, "/2024/05/01/baru/", "/2024/04/26/lama/")
				wantRedirect(t, "/2024/04/26/baru/", "/2024/04/26/lama/")
			})
			t.Run("a draft's slug leaves nothing behind", func(t *testing.T) {
				d := storetest.Post(t, st, func(a *model.Article) { a.Status, a.Slug = model.StatusDraft, "draf" })
				d.Slug = "draf-baru"
				if err := st.UpdateArticle(ctx, d, 0); err != nil {
					t.Fatal(err)
				}
				var n int
				for _, p := range []string{"/draf/", "/" + d.PublishedAt.Format("2006/01/02") + "/draf/"} {
					if _, err := st.RedirectFor(ctx, p); err == nil {
						n++
					}
				}
				if n != 0 {
					t.Errorf("an unpublished article left %d redirects", n)
				}
			})
			t.Run("under another structure the redirect follows it", func(t *testing.T) {
				set, err := st.Settings(ctx)
				if err != nil {
					t.Fatal(err)
				}
				set.ChangePermalink("/%category%/%postname%/")
				if err := st.SaveSettings(ctx, set); err != nil {
					t.Fatal(err)
				}
				parent := storetest.Term(t, st, model.TaxonomyCategory, "Berita")
				child := &model.Term{Taxonomy: model.TaxonomyCategory, Slug: "daerah", Name: "Daerah", ParentID: parent.ID}
				if err := st.InsertTerm(ctx, child); err != nil {
					t.Fatal(err)
				}
				update(t, func(a *model.Article) { a.Categories = []model.Term{*child} })
				wantRedirect(t, "/uncategorized/lama/", "/berita/daerah/lama/")
			})
		})
	}
}

func TestRenamedTermsLeaveRedirects(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			ctx := t.Context()
			tag := storetest.Term(t, st, model.TaxonomyTag, "Banjir")
			tag.Slug = "banjir-rob"
			if err := st.UpdateTerm(ctx, tag); err != nil {
				t.Fatal(err)
			}
			r, err := st.RedirectFor(ctx, "/tag/banjir/")
			if err != nil || r.ToPath != "/tag/banjir-rob/" {
				t.Fatalf("renamed tag: %+v %v", r, err)
			}
			tag.Slug = "banjir"
			if err := st.UpdateTerm(ctx, tag); err != nil {
				t.Fatal(err)
			}
			if r, err := st.RedirectFor(ctx, "/tag/banjir/"); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("renamed back: a redirect from the live archive remains: %+v", r)
			}
			if r, err := st.RedirectFor(ctx, "/tag/banjir-rob/"); err != nil || r.ToPath != "/tag/banjir/" {
				t.Errorf("renamed back: %+v %v", r, err)
			}
		})
	}
}
