package store_test

import (
	"slices"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

func testApprovedComments(t *testing.T, st *store.Store) {
	ctx := t.Context()
	a := storetest.Post(t, st, nil)
	other := storetest.Post(t, st, nil)
	t0 := time.Date(2024, 4, 26, 12, 0, 0, 0, time.UTC)
	comment := func(name string, status model.CommentStatus, when time.Time, parent int64, articleID int64) *model.Comment {
		return storetest.Comment(t, st, articleID, func(c *model.Comment) {
			c.AuthorName, c.Status, c.CreatedAt, c.ParentID = name, status, when, parent
			c.AuthorEmail = name + "@example.test"
		})
	}
	first := comment("first", model.CommentApproved, t0, 0, a.ID)
	comment("pending", model.CommentPending, t0.Add(time.Minute), 0, a.ID)
	comment("spam", model.CommentSpam, t0.Add(2*time.Minute), 0, a.ID)
	comment("trash", model.CommentTrash, t0.Add(3*time.Minute), 0, a.ID)
	comment("reply", model.CommentApproved, t0.Add(time.Hour), first.ID, a.ID)
	comment("earliest", model.CommentApproved, t0.Add(-time.Hour), 0, a.ID)
	comment("elsewhere", model.CommentApproved, t0, 0, other.ID)

	got, err := st.ApprovedComments(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range got {
		names = append(names, c.AuthorName)
		if c.AuthorEmail != "" || c.IP != "" || c.UserAgent != "" {
			t.Errorf("comment %q exposes email %q, IP %q, user agent %q", c.AuthorName, c.AuthorEmail, c.IP, c.UserAgent)
		}
		if c.ArticleID != a.ID || c.Status != model.CommentApproved || c.Content == "" {
			t.Errorf("comment %+v", c)
		}
	}
	if !slices.Equal(names, []string{"earliest", "first", "reply"}) {
		t.Fatalf("approved comments = %v, want earliest, first, reply", names)
	}
	if got[2].ParentID != first.ID || got[1].ParentID != 0 {
		t.Errorf("reply has parent %d and first %d, want %d and 0", got[2].ParentID, got[1].ParentID, first.ID)
	}

	full, err := st.PublishedArticle(ctx, model.TypePost, a.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if full.CommentCount != 3 {
		t.Errorf("CommentCount = %d, want 3 approved", full.CommentCount)
	}
	none, err := st.ApprovedComments(ctx, a.ID+1000)
	if err != nil || len(none) != 0 {
		t.Errorf("comments of an unknown article = %v, %v; want none", none, err)
	}
}
