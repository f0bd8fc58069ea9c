package store_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

func TestRESTWrites(t *testing.T) {
	cases := []struct {
		name string
		run  func(*testing.T, *store.Store)
	}{
		{"application passwords are kept per user, used and revoked", testAppPasswords},
		{"deleting an article for good takes its comments and touches its pages", testDeleteArticle},
		{"the anonymous REST comments switch is saved and read back", testRESTAnonymousSetting},
		{"API lists show a writer their own drafts only", testAPIOwner},
		{"moderators list comments by status", testAPICommentStatuses},
	}
	for _, eng := range storetest.Engines(t) {
		for _, c := range cases {
			t.Run(eng.Name+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				c.run(t, eng.New(t))
			})
		}
	}
}

func testAppPasswords(t *testing.T, st *store.Store) {
	ctx := t.Context()
	ana, budi := storetest.User(t, st, "Ana"), storetest.User(t, st, "Budi")
	t0 := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	p1 := &model.AppPassword{UUID: "11111111-1111-4111-8111-111111111111", UserID: ana.ID, Name: "Ponsel", Hash: "h1", CreatedAt: t0}
	p2 := &model.AppPassword{UUID: "22222222-2222-4222-8222-222222222222", UserID: ana.ID, Name: "Skrip", Hash: "h2", CreatedAt: t0.Add(time.Minute)}
	for _, p := range []*model.AppPassword{p1, p2} {
		if err := st.InsertAppPassword(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	dup := *p1
	if err := st.InsertAppPassword(ctx, &dup); !errors.Is(err, model.ErrConflict) {
		t.Errorf("a second password with the same uuid: %v, want ErrConflict", err)
	}
	list, err := st.AppPasswords(ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "Ponsel" || list[1].Name != "Skrip" || list[0].Hash != "h1" ||
		!list[0].CreatedAt.Equal(t0) || !list[0].LastUsedAt.IsZero() || list[0].LastIP != "" {
		t.Fatalf("Ana's passwords: %+v", list)
	}
	if other, _ := st.AppPasswords(ctx, budi.ID); len(other) != 0 {
		t.Errorf("Budi sees Ana's passwords: %+v", other)
	}
	used := t0.Add(time.Hour)
	if err := st.AppPasswordUsed(ctx, p1.ID, used, "192.0.2.7"); err != nil {
		t.Fatal(err)
	}
	list, _ = st.AppPasswords(ctx, ana.ID)
	if !list[0].LastUsedAt.Equal(used) || list[0].LastIP != "192.0.2.7" {
		t.Errorf("after use: %+v", list[0])
	}
	if err := st.DeleteAppPassword(ctx, budi.ID, p1.UUID); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("Budi revoking Ana's password: %v, want ErrNotFound", err)
	}
	if err := st.DeleteAppPassword(ctx, ana.ID, p1.UUID); err != nil {
		t.Fatal(err)
	}
	list, _ = st.AppPasswords(ctx, ana.ID)
	if len(list) != 1 || list[0].UUID != p2.UUID {
		t.Errorf("after revoking: %+v", list)
	}
}

func testDeleteArticle(t *testing.T, st *store.Store) {
	ctx := t.Context()
	a := storetest.Post(t, st, nil)
	keep := storetest.Post(t, st, nil)
	storetest.Comment(t, st, a.ID, nil)
	c2 := storetest.Comment(t, st, keep.ID, nil)
	before, err := st.ChangesSince(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteArticle(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ArticleByID(ctx, a.ID); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("deleted article still reads: %v", err)
	}
	if err := st.DeleteArticle(ctx, a.ID); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("deleting twice: %v, want ErrNotFound", err)
	}
	if _, err := st.Comment(ctx, c2.ID); err != nil {
		t.Errorf("another article's comment went too: %v", err)
	}
	if revs, _ := st.Revisions(ctx, a.ID); len(revs) != 0 {
		t.Errorf("%d revisions left", len(revs))
	}
	after, err := st.ChangesSince(ctx, before[len(before)-1].ID, 100)
	if err != nil || len(after) != 1 {
		t.Fatalf("changes after delete: %v %v", after, err)
	}
	for _, tag := range []string{store.TagArticle(a.ID), store.TagFront, store.TagFeeds, store.TagComments(a.ID)} {
		if !slices.Contains(after[0].Tags, tag) {
			t.Errorf("delete touches %v, not %s", after[0].Tags, tag)
		}
	}
	hits, _, err := st.APIArticles(ctx, store.APIQuery{Type: model.TypePost, Include: []int64{a.ID}, Limit: 10})
	if err != nil || len(hits) != 0 {
		t.Errorf("API still lists the deleted article: %v %v", hits, err)
	}
}

func testRESTAnonymousSetting(t *testing.T, st *store.Store) {
	ctx := t.Context()
	set, err := st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if set.RESTAnonymousComments {
		t.Fatal("a new site takes anonymous REST comments")
	}
	set.RESTAnonymousComments = true
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Settings(ctx); !got.RESTAnonymousComments {
		t.Error("the switch did not stay on")
	}
	set.RESTAnonymousComments = false
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Settings(ctx); got.RESTAnonymousComments {
		t.Error("the switch did not go off")
	}
}

func testAPIOwner(t *testing.T, st *store.Store) {
	ctx := t.Context()
	ana, budi := storetest.User(t, st, "Ana"), storetest.User(t, st, "Budi")
	post := func(u *model.User, status model.Status) *model.Article {
		return storetest.Post(t, st, func(a *model.Article) {
			a.Bylines = []model.Byline{{User: *u, Role: model.BylineAuthor}}
			a.Status = status
			if status != model.StatusPublished {
				a.PublishedAt = time.Time{}
			}
		})
	}
	anaDraft, budiDraft, budiLive := post(ana, model.StatusDraft), post(budi, model.StatusDraft), post(budi, model.StatusPublished)
	all := []model.Status{model.StatusPublished, model.StatusDraft}
	ids := func(q store.APIQuery) []int64 {
		q.Type, q.Limit, q.OrderBy, q.Asc = model.TypePost, 100, "id", true
		list, total, err := st.APIArticles(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if total != len(list) {
			t.Errorf("total %d for %d items", total, len(list))
		}
		var out []int64
		for _, a := range list {
			out = append(out, a.ID)
		}
		return out
	}
	if got := ids(store.APIQuery{Statuses: all, Owner: ana.ID}); !slices.Equal(got, []int64{anaDraft.ID, budiLive.ID}) {
		t.Errorf("Ana sees %v, want her draft %d and the published %d", got, anaDraft.ID, budiLive.ID)
	}
	if got := ids(store.APIQuery{Statuses: all}); !slices.Equal(got, []int64{anaDraft.ID, budiDraft.ID, budiLive.ID}) {
		t.Errorf("an editor sees %v", got)
	}
}

func testAPICommentStatuses(t *testing.T, st *store.Store) {
	ctx := t.Context()
	a := storetest.Post(t, st, nil)
	ok := storetest.Comment(t, st, a.ID, func(c *model.Comment) { c.Status = model.CommentApproved })
	wait := storetest.Comment(t, st, a.ID, func(c *model.Comment) { c.Status = model.CommentPending })
	list, total, err := st.APIComments(ctx, store.CommentQuery{Statuses: []model.CommentStatus{model.CommentPending}, Limit: 10})
	if err != nil || total != 1 || len(list) != 1 || list[0].ID != wait.ID || list[0].Status != model.CommentPending {
		t.Errorf("pending: %+v %d %v", list, total, err)
	}
	list, _, _ = st.APIComments(ctx, store.CommentQuery{Limit: 10})
	if len(list) != 1 || list[0].ID != ok.ID {
		t.Errorf("public: %+v", list)
	}
}
