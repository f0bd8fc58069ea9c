package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

func TestUpdateArticle(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			st := eng.New(t)
			sari, budi := storetest.User(t, st, "Sari"), storetest.User(t, st, "Budi")
			oldCat, newCat := storetest.Term(t, st, model.TaxonomyCategory, "Kota"), storetest.Term(t, st, model.TaxonomyCategory, "Ekonomi")
			a := storetest.Post(t, st, func(a *model.Article) {
				a.Status = model.StatusPublished
				a.Bylines = []model.Byline{{User: *sari}}
				a.Categories = []model.Term{*oldCat}
			})
			other := storetest.Post(t, st, nil)
			last, err := st.LastChange(ctx)
			if err != nil {
				t.Fatal(err)
			}

			a.Title = "Judul Baru"
			a.Bylines = []model.Byline{{User: *budi, Role: model.BylineReporter}, {User: *sari, Role: model.BylinePhotographer}}
			a.Categories = []model.Term{*newCat}
			a.Embeds = []model.Embed{{Provider: "vimeo", URL: "https://vimeo.com/1", EmbedURL: "https://player.vimeo.com/video/1", Title: "Video"}}
			if err := st.UpdateArticle(ctx, a, budi.ID); err != nil {
				t.Fatal(err)
			}
			got, err := st.ArticleByID(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != "Judul Baru" || len(got.Bylines) != 2 || got.Bylines[0].User.ID != budi.ID ||
				got.Bylines[1].Role != model.BylinePhotographer || len(got.Categories) != 1 || got.Categories[0].ID != newCat.ID ||
				len(got.Embeds) != 1 || got.Embeds[0].Title != "Video" {
				t.Errorf("stored after update: %+v", got)
			}
			revs, _ := st.Revisions(ctx, a.ID)
			if len(revs) != 2 || revs[0].Title != "Judul Baru" || revs[0].AuthorID != budi.ID {
				t.Errorf("revisions after update: %+v", revs)
			}

			changes, err := st.ChangesSince(ctx, last, 10)
			if err != nil || len(changes) != 1 {
				t.Fatalf("changes after one update: %v, %v", changes, err)
			}
			for _, want := range []string{store.TagArticle(a.ID), store.TagFront, store.TagFeeds, store.TagTerm(oldCat.ID),
				store.TagTerm(newCat.ID), store.TagAuthor(sari.ID), store.TagAuthor(budi.ID)} {
				if !slices.Contains(changes[0].Tags, want) {
					t.Errorf("the update does not touch %s: %v", want, changes[0].Tags)
				}
			}

			a.Slug = other.Slug
			if err := st.UpdateArticle(ctx, a, budi.ID); !errors.Is(err, model.ErrConflict) {
				t.Errorf("taking another article's slug: %v", err)
			}
			ghost := *a
			ghost.ID = 99999
			if err := st.UpdateArticle(ctx, &ghost, budi.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("updating a missing article: %v", err)
			}

			last, _ = st.LastChange(ctx)
			if err := st.SetArticleStatus(ctx, a.ID, model.StatusTrash); err != nil {
				t.Fatal(err)
			}
			if _, err := st.PublishedArticle(ctx, model.TypePost, got.Slug); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("a trashed article is still published: %v", err)
			}
			changes, _ = st.ChangesSince(ctx, last, 10)
			if len(changes) != 1 || !slices.Contains(changes[0].Tags, store.TagArticle(a.ID)) || !slices.Contains(changes[0].Tags, store.TagTerm(newCat.ID)) {
				t.Errorf("trash touches %v", changes)
			}
		})
	}
}

// TestUpdateArticleKeepsWhatItIsNotTold: an edit built without loading
// the article (no type, no creation time) keeps the stored ones, and an
// edit never changes who an article was created by or when.
func TestUpdateArticleKeepsWhatItIsNotTold(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			st := eng.New(t)
			created := time.Date(2024, 4, 26, 8, 30, 0, 0, time.UTC)
			page := storetest.Post(t, st, func(a *model.Article) { a.Type = model.TypePage; a.CreatedAt = created })
			edit := &model.Article{ID: page.ID, Slug: page.Slug, Title: "Tentang kami", BodyHTML: "<p>Baru.</p>",
				Status: model.StatusPublished, PublishedAt: page.PublishedAt, Bylines: page.Bylines}
			if err := st.UpdateArticle(ctx, edit, page.Bylines[0].User.ID); err != nil {
				t.Fatal(err)
			}
			got, err := st.ArticleByID(ctx, page.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Type != model.TypePage || !got.CreatedAt.Equal(created) || got.Title != "Tentang kami" || got.BodyHTML != "<p>Baru.</p>" {
				t.Errorf("after an edit without type and creation time: %s created %v, %q %q", got.Type, got.CreatedAt, got.Title, got.BodyHTML)
			}
			if !got.ModifiedAt.After(created) {
				t.Errorf("modified at %v", got.ModifiedAt)
			}
		})
	}
}

func TestMediaTextTouchesArticles(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			st := eng.New(t)
			img := storetest.Image(t, st)
			a := storetest.Post(t, st, func(a *model.Article) { a.FeaturedMediaID = img.ID; a.Status = model.StatusPublished })
			last, _ := st.LastChange(ctx)
			if err := st.UpdateMediaText(ctx, img.ID, "Perahu di muara", "Foto: Redaksi"); err != nil {
				t.Fatal(err)
			}
			m, _ := st.Media(ctx, img.ID)
			if m.Alt != "Perahu di muara" || m.Caption != "Foto: Redaksi" {
				t.Errorf("media after update: %+v", m)
			}
			changes, _ := st.ChangesSince(ctx, last, 10)
			if len(changes) != 1 || !slices.Contains(changes[0].Tags, store.TagArticle(a.ID)) {
				t.Errorf("changing alt text touches %v", changes)
			}
			list, total, err := st.MediaLibrary(ctx, 10, 0)
			if err != nil || total != 1 || len(list) != 1 || list[0].ID != img.ID {
				t.Errorf("library: %v %d %v", list, total, err)
			}
		})
	}
}
