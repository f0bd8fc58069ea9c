package store_test

import (
	"slices"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

func TestChanges(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			t.Parallel()
			testChanges(t, eng.New(t))
		})
	}
}

func testChanges(t *testing.T, st *store.Store) {
	ctx := t.Context()
	start, err := st.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cat := storetest.Term(t, st, model.TaxonomyCategory, "Politik")
	a := storetest.Post(t, st, func(a *model.Article) { a.Categories = []model.Term{*cat} })
	changes, err := st.ChangesSince(ctx, start, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 {
		t.Fatalf("publishing an article recorded %d changes, want 1: %+v", len(changes), changes)
	}
	for _, want := range []string{store.TagArticle(a.ID), store.TagFront, store.TagFeeds,
		store.TagTerm(cat.ID), store.TagAuthor(a.Bylines[0].User.ID)} {
		if !slices.Contains(changes[0].Tags, want) {
			t.Errorf("publishing touched %v, not %s", changes[0].Tags, want)
		}
	}
	last := changes[0].ID

	storetest.Comment(t, st, a.ID, func(c *model.Comment) { c.Status = model.CommentPending })
	if got, _ := st.ChangesSince(ctx, last, 100); len(got) != 0 {
		t.Errorf("a pending comment, which no reader sees, recorded %+v", got)
	}
	storetest.Comment(t, st, a.ID, nil)
	got, err := st.ChangesSince(ctx, last, 100)
	if err != nil || len(got) != 1 || !slices.Contains(got[0].Tags, store.TagComments(a.ID)) {
		t.Fatalf("an approved comment recorded %+v (%v), want its thread's tag", got, err)
	}
	if latest, _ := st.LastChange(ctx); latest != got[0].ID {
		t.Errorf("LastChange = %d, want %d", latest, got[0].ID)
	}

	if err := st.PruneChanges(ctx, time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if left, _ := st.ChangesSince(ctx, 0, 100); len(left) != 0 {
		t.Errorf("after pruning, %d changes are left", len(left))
	}
}
