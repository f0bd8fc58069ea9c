package store_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

func TestPublishDue(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name+"/publishes what is due, once, and records its tags", func(t *testing.T) {
			t.Parallel()
			st := eng.New(t)
			ctx := t.Context()
			now := time.Now().UTC()
			cat := storetest.Term(t, st, model.TaxonomyCategory, "Cuaca")
			due := storetest.Post(t, st, func(a *model.Article) {
				a.Status, a.PublishedAt, a.Categories = model.StatusScheduled, now.Add(-time.Minute), []model.Term{*cat}
			})
			later := storetest.Post(t, st, func(a *model.Article) {
				a.Status, a.PublishedAt = model.StatusScheduled, now.Add(time.Hour)
			})
			next, err := st.NextScheduled(ctx)
			if err != nil || !next.Equal(due.PublishedAt) {
				t.Fatalf("NextScheduled = %v, %v; want %v", next, err, due.PublishedAt)
			}
			before, _ := st.LastChange(ctx)

			ids, err := st.PublishDue(ctx, now)
			if err != nil || !slices.Equal(ids, []int64{due.ID}) {
				t.Fatalf("PublishDue = %v, %v; want [%d]", ids, err, due.ID)
			}
			if _, err := st.PublishedArticle(ctx, model.TypePost, due.Slug); err != nil {
				t.Errorf("the due article is not published: %v", err)
			}
			if _, err := st.PublishedArticle(ctx, model.TypePost, later.Slug); err == nil {
				t.Errorf("the article scheduled in an hour is published already")
			}
			changes, err := st.ChangesSince(ctx, before, 10)
			if err != nil || len(changes) != 1 {
				t.Fatalf("changes = %+v, %v; want one", changes, err)
			}
			for _, tag := range []string{store.TagArticle(due.ID), store.TagFront, store.TagFeeds,
				store.TagTerm(cat.ID), store.TagAuthor(due.Bylines[0].User.ID)} {
				if !slices.Contains(changes[0].Tags, tag) {
					t.Errorf("publishing on schedule touched %v, not %s", changes[0].Tags, tag)
				}
			}
			if ids, err := st.PublishDue(ctx, now); err != nil || len(ids) != 0 {
				t.Errorf("a second PublishDue = %v, %v; want nothing", ids, err)
			}
		})
		t.Run(eng.Name+"/callers racing publish each article once", func(t *testing.T) {
			t.Parallel()
			st := eng.New(t)
			now := time.Now().UTC()
			for range 5 {
				storetest.Post(t, st, func(a *model.Article) { a.Status, a.PublishedAt = model.StatusScheduled, now.Add(-time.Second) })
			}
			var mu sync.Mutex
			var all []int64
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					ids, err := st.PublishDue(t.Context(), now)
					if err != nil {
						t.Error(err)
					}
					mu.Lock()
					all = append(all, ids...)
					mu.Unlock()
				})
			}
			wg.Wait()
			if len(all) != 5 {
				t.Errorf("racing callers published %v; want each of the 5 articles once", all)
			}
		})
	}
}
