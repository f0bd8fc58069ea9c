package store_test

import (
	"context"
	"errors"
	"html/template"
	"slices"
	"testing"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// Deleting a media item returns it whole (so its files can go), frees
// its paths, unsets it as a featured image and touches the pages that
// showed it, in a body too.
func TestDeleteMedia(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			st := eng.New(t)
			img, other := storetest.Image(t, st), storetest.Image(t, st)
			featured := storetest.Post(t, st, func(a *model.Article) { a.FeaturedMediaID = img.ID })
			shown := storetest.Post(t, st, func(a *model.Article) {
				a.BodyHTML = template.HTML(`<p><img src="/media/` + img.Path + `" alt="x"></p>`)
			})
			storetest.Post(t, st, func(a *model.Article) { // shows the other item only
				a.BodyHTML = template.HTML(`<p><img src="/media/` + other.Path + `" alt="y"></p>`)
			})
			variant := storetest.Post(t, st, func(a *model.Article) {
				a.Status = model.StatusDraft
				a.BodyHTML = template.HTML(`<p><img src="/media/` + img.Variants[0].Path + `" alt="x"></p>`)
			})
			uses, n, err := st.ArticlesUsingMedia(ctx, img.ID, 2)
			if err != nil {
				t.Fatal(err)
			}
			if n != 3 || len(uses) != 2 || uses[0].ID != variant.ID || uses[1].ID != shown.ID || uses[0].Featured || uses[0].Status != model.StatusDraft {
				t.Errorf("articles using the item: %d, %+v; want 3, the newest two (a draft showing a size, a body) first", n, uses)
			}
			if uses, _, _ := st.ArticlesUsingMedia(ctx, img.ID, 10); len(uses) != 3 || !uses[2].Featured || uses[2].ID != featured.ID {
				t.Errorf("the featuring article is not marked: %+v", uses)
			}
			last, _ := st.LastChange(ctx)

			gone, err := st.DeleteMedia(ctx, img.ID)
			if err != nil {
				t.Fatal(err)
			}
			if gone.Path != img.Path || len(gone.Variants) != 1 || gone.Variants[0].Path != img.Variants[0].Path {
				t.Errorf("deleted item %+v, want %+v with its variant", gone, img)
			}
			if _, err := st.Media(ctx, img.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("the item after deletion: %v", err)
			}
			for _, p := range []string{img.Path, img.Variants[0].Path} {
				if _, err := st.MediaByPath(ctx, p); !errors.Is(err, model.ErrNotFound) {
					t.Errorf("%s after deletion: %v, want not found", p, err)
				}
			}
			a, err := st.ArticleByID(ctx, featured.ID)
			if err != nil || a.FeaturedMediaID != 0 {
				t.Errorf("the featuring article: featured %d (%v), want none", a.FeaturedMediaID, err)
			}
			changes, _ := st.ChangesSince(ctx, last, 10)
			if len(changes) != 1 {
				t.Fatalf("changes: %v, want one", changes)
			}
			for _, tag := range []string{store.TagArticle(featured.ID), store.TagArticle(shown.ID), store.TagFront} {
				if !slices.Contains(changes[0].Tags, tag) {
					t.Errorf("deletion does not touch %s: %v", tag, changes[0].Tags)
				}
			}
			if _, err := st.Media(ctx, other.ID); err != nil {
				t.Errorf("another item: %v", err)
			}
			if uses, n, err := st.ArticlesUsingMedia(ctx, img.ID, 10); err != nil || n != 0 || len(uses) != 0 {
				t.Errorf("a deleted item is still used by %d: %+v (%v)", n, uses, err)
			}
			if _, err := st.DeleteMedia(ctx, img.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("deleting twice: %v, want not found", err)
			}
			again := &model.Media{Path: img.Path, MimeType: "image/jpeg", Width: 10, Height: 10}
			if err := st.InsertMedia(ctx, again); err != nil {
				t.Errorf("the freed path cannot be used again: %v", err)
			}
		})
	}
}
