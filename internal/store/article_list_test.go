package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// at returns a publication time i hours after a fixed morning.
func at(i int) time.Time {
	return time.Date(2024, 4, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
}

// published inserts published posts titled P0…Pn-1, Pi published at at(i).
func published(t *testing.T, st *store.Store, n int, edit func(i int, a *model.Article)) []*model.Article {
	out := make([]*model.Article, n)
	for i := range n {
		out[i] = storetest.Post(t, st, func(a *model.Article) {
			a.Title = fmt.Sprintf("P%d", i)
			a.PublishedAt = at(i)
			if edit != nil {
				edit(i, a)
			}
		})
	}
	return out
}

func testListPaging(t *testing.T, st *store.Store) {
	published(t, st, 5, nil)
	// Same time as P4: the later id comes first.
	storetest.Post(t, st, func(a *model.Article) { a.Title = "P4b"; a.PublishedAt = at(4) })
	// Not listed: a draft, a page, a scheduled post.
	storetest.Post(t, st, func(a *model.Article) { a.Title = "draft"; a.Status = model.StatusDraft })
	storetest.Post(t, st, func(a *model.Article) { a.Title = "page"; a.Type = model.TypePage })
	storetest.Post(t, st, func(a *model.Article) { a.Title = "later"; a.Status = model.StatusScheduled; a.PublishedAt = at(100) })

	tests := []struct {
		limit, offset int
		want          []string
	}{
		{2, 0, []string{"P4b", "P4"}},
		{2, 2, []string{"P3", "P2"}},
		{2, 4, []string{"P1", "P0"}},
		{2, 6, []string{}},
		{0, 0, []string{"P4b", "P4", "P3", "P2", "P1", "P0"}}, // no limit: a page of 10
	}
	for _, tt := range tests {
		list, total, err := st.PublishedArticles(t.Context(), store.ListQuery{Limit: tt.limit, Offset: tt.offset})
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(list); !slices.Equal(got, tt.want) || total != 6 {
			t.Errorf("limit %d offset %d = %v of %d, want %v of 6", tt.limit, tt.offset, got, total, tt.want)
		}
	}

	pages, total, err := st.PublishedArticles(t.Context(), store.ListQuery{Type: model.TypePage})
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(pages); !slices.Equal(got, []string{"page"}) || total != 1 {
		t.Errorf("pages = %v of %d, want [page] of 1", got, total)
	}
}

func testListSticky(t *testing.T, st *store.Store) {
	published(t, st, 3, func(i int, a *model.Article) { a.Sticky = i == 0 })
	tests := []struct {
		stickyFirst bool
		want        []string
	}{
		{true, []string{"P0", "P2", "P1"}},
		{false, []string{"P2", "P1", "P0"}},
	}
	for _, tt := range tests {
		list, _, err := st.PublishedArticles(t.Context(), store.ListQuery{StickyFirst: tt.stickyFirst})
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(list); !slices.Equal(got, tt.want) {
			t.Errorf("StickyFirst %v = %v, want %v", tt.stickyFirst, got, tt.want)
		}
	}
}

func testListTerm(t *testing.T, st *store.Store) {
	banjir := storetest.Term(t, st, model.TaxonomyTag, "Banjir")
	metro := storetest.Term(t, st, model.TaxonomyCategory, "Metro")
	published(t, st, 4, func(i int, a *model.Article) {
		switch i {
		case 1, 3:
			a.Tags = []model.Term{*banjir}
		case 2:
			a.Categories = []model.Term{*metro}
		}
	})
	storetest.Post(t, st, func(a *model.Article) {
		a.Title = "draft"
		a.Status = model.StatusDraft
		a.Tags = []model.Term{*banjir}
	})

	tests := []struct {
		term *model.Term
		want []string
	}{
		{banjir, []string{"P3", "P1"}},
		{metro, []string{"P2"}},
	}
	for _, tt := range tests {
		list, total, err := st.PublishedArticles(t.Context(), store.ListQuery{TermID: tt.term.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(list); !slices.Equal(got, tt.want) || total != len(tt.want) {
			t.Errorf("archive of %s = %v of %d, want %v", tt.term.Name, got, total, tt.want)
		}
	}
}

func testListAuthor(t *testing.T, st *store.Store) {
	siti := storetest.User(t, st, "Siti")
	agus := storetest.User(t, st, "Agus")
	credit := func(users ...*model.User) []model.Byline {
		var out []model.Byline
		for _, u := range users {
			out = append(out, model.Byline{User: *u})
		}
		return out
	}
	published(t, st, 3, func(i int, a *model.Article) {
		a.Bylines = [][]model.Byline{credit(siti), credit(agus, siti), credit(agus)}[i]
	})
	tests := []struct {
		user *model.User
		want []string
	}{
		{siti, []string{"P1", "P0"}}, // second byline on P1
		{agus, []string{"P2", "P1"}},
	}
	for _, tt := range tests {
		list, total, err := st.PublishedArticles(t.Context(), store.ListQuery{AuthorID: tt.user.ID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(list); !slices.Equal(got, tt.want[:1]) || total != len(tt.want) {
			t.Errorf("first page of %s = %v of %d, want %v of %d", tt.user.DisplayName, got, total, tt.want[:1], len(tt.want))
		}
		list, _, err = st.PublishedArticles(t.Context(), store.ListQuery{AuthorID: tt.user.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(list); !slices.Equal(got, tt.want) {
			t.Errorf("archive of %s = %v, want %v", tt.user.DisplayName, got, tt.want)
		}
	}
}

func testListLoads(t *testing.T, st *store.Store) {
	siti := storetest.User(t, st, "Siti")
	agus := storetest.User(t, st, "Agus")
	metro := storetest.Term(t, st, model.TaxonomyCategory, "Metro")
	banjir := storetest.Term(t, st, model.TaxonomyTag, "Banjir")
	img := storetest.Image(t, st)
	posts := published(t, st, 3, func(i int, a *model.Article) {
		if i == 1 {
			a.Bylines = []model.Byline{{User: *agus}, {User: *siti, Role: model.BylinePhotographer}}
			a.Categories = []model.Term{*metro}
			a.Tags = []model.Term{*banjir}
		}
		if i > 0 {
			a.FeaturedMediaID = img.ID // two articles share one image
		}
	})
	storetest.Comment(t, st, posts[1].ID, nil)
	storetest.Comment(t, st, posts[1].ID, nil)
	storetest.Comment(t, st, posts[1].ID, func(c *model.Comment) { c.Status = model.CommentSpam })
	storetest.Comment(t, st, posts[0].ID, nil)

	list, _, err := st.PublishedArticles(t.Context(), store.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(list); !slices.Equal(got, []string{"P2", "P1", "P0"}) {
		t.Fatalf("list = %v", got)
	}
	p2, p1, p0 := list[0], list[1], list[2]
	if len(p1.Bylines) != 2 || p1.Bylines[0].User.DisplayName != "Agus" || p1.Bylines[1].User.Slug != "siti" ||
		p1.Bylines[1].Role != model.BylinePhotographer {
		t.Errorf("P1 bylines = %+v, want Agus then Siti (photographer)", p1.Bylines)
	}
	if len(p0.Bylines) != 1 || len(p2.Bylines) != 1 {
		t.Errorf("P0, P2 bylines = %+v, %+v; want their own author each", p0.Bylines, p2.Bylines)
	}
	if !slices.Equal(termNames(p1.Categories), []string{"Metro"}) || !slices.Equal(termNames(p1.Tags), []string{"Banjir"}) {
		t.Errorf("P1 terms = %v / %v, want Metro / Banjir", termNames(p1.Categories), termNames(p1.Tags))
	}
	if len(p0.Categories)+len(p0.Tags) != 0 {
		t.Errorf("P0 terms = %v / %v, want none", p0.Categories, p0.Tags)
	}
	for _, a := range []model.Article{p1, p2} {
		if a.FeaturedImage == nil || a.FeaturedImage.Path != img.Path || len(a.FeaturedImage.Variants) != 1 {
			t.Errorf("%s featured image = %+v, want %s with its variant", a.Title, a.FeaturedImage, img.Path)
		}
	}
	if p0.FeaturedImage != nil {
		t.Errorf("P0 featured image = %+v, want none", p0.FeaturedImage)
	}
	if counts := []int{p2.CommentCount, p1.CommentCount, p0.CommentCount}; !slices.Equal(counts, []int{0, 2, 1}) {
		t.Errorf("comment counts = %v, want [0 2 1] (spam not counted)", counts)
	}
}

func testRelated(t *testing.T, st *store.Store) {
	banjir := storetest.Term(t, st, model.TaxonomyTag, "Banjir")
	hujan := storetest.Term(t, st, model.TaxonomyTag, "Hujan")
	metro := storetest.Term(t, st, model.TaxonomyCategory, "Metro")
	olahraga := storetest.Term(t, st, model.TaxonomyCategory, "Olahraga")
	tags := func(ts ...*model.Term) []model.Term {
		var out []model.Term
		for _, t := range ts {
			out = append(out, *t)
		}
		return out
	}
	base := storetest.Post(t, st, func(a *model.Article) {
		a.Title, a.PublishedAt = "base", at(10)
		a.Tags, a.Categories = tags(banjir, hujan), tags(metro)
	})
	post := func(title string, i int, status model.Status, tagList, cats []model.Term) {
		storetest.Post(t, st, func(a *model.Article) {
			a.Title, a.PublishedAt, a.Status, a.Tags, a.Categories = title, at(i), status, tagList, cats
		})
	}
	post("one tag and the category", 1, model.StatusPublished, tags(banjir), tags(metro))
	post("one tag", 2, model.StatusPublished, tags(hujan), nil)
	post("the category only, newest", 9, model.StatusPublished, nil, tags(metro))
	post("two tags, draft", 8, model.StatusDraft, tags(banjir, hujan), nil)
	post("nothing shared", 7, model.StatusPublished, nil, tags(olahraga))
	post("one older tag", 0, model.StatusPublished, tags(banjir), tags(olahraga))
	storetest.Post(t, st, func(a *model.Article) { a.Title, a.Type, a.Tags = "a page", model.TypePage, tags(banjir) })

	tests := []struct {
		limit int
		want  []string
	}{
		{10, []string{"one tag and the category", "one tag", "one older tag", "the category only, newest"}},
		{2, []string{"one tag and the category", "one tag"}},
		{0, []string{}},
	}
	for _, tt := range tests {
		list, err := st.RelatedArticles(t.Context(), base, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(list); !slices.Equal(got, tt.want) {
			t.Errorf("related (limit %d) = %v, want %v", tt.limit, got, tt.want)
		}
		for _, a := range list {
			if len(a.Bylines) != 1 || a.Bylines[0].User.DisplayName == "" {
				t.Errorf("related %q has bylines %+v, want its author", a.Title, a.Bylines)
			}
		}
	}
	lonely := storetest.Post(t, st, nil)
	if list, err := st.RelatedArticles(t.Context(), lonely, 5); err != nil || len(list) != 0 {
		t.Errorf("related to an article without terms = %v, %v; want none", titles(list), err)
	}
}

// TestListQueryCount checks that a list page costs the same number of
// queries whatever its length: bylines, terms, images and comment counts
// are loaded for the whole page at once.
func TestListQueryCount(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	tag := storetest.Term(t, st, model.TaxonomyTag, "Banjir")
	cat := storetest.Term(t, st, model.TaxonomyCategory, "Metro")
	posts := published(t, st, 8, func(i int, a *model.Article) {
		a.Tags, a.Categories = []model.Term{*tag}, []model.Term{*cat}
		a.FeaturedMediaID = storetest.Image(t, st).ID
	})
	for _, p := range posts {
		storetest.Comment(t, st, p.ID, nil)
	}
	queries := store.CountReads(t, st, dir)

	cost := func(limit int) int64 {
		before := queries.Load()
		list, _, err := st.PublishedArticles(t.Context(), store.ListQuery{Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != limit || list[limit-1].FeaturedImage == nil || list[limit-1].CommentCount != 1 {
			t.Fatalf("page of %d = %d articles, last %+v", limit, len(list), list[len(list)-1])
		}
		return queries.Load() - before
	}
	one, eight := cost(1), cost(8)
	if one != eight {
		t.Errorf("a page of 1 costs %d queries, a page of 8 costs %d; want the same", one, eight)
	}
	if one > 6 {
		t.Errorf("a list page costs %d queries, want at most 6 (count, page, bylines, terms, images, comment counts)", one)
	}
	before := queries.Load()
	if _, err := st.RelatedArticles(t.Context(), posts[0], 7); err != nil {
		t.Fatal(err)
	}
	// The terms are read too: a permalink structure may name the category.
	if n := queries.Load() - before; n > 4 {
		t.Errorf("related articles cost %d queries, want at most 4 (articles, bylines, terms, images)", n)
	}
}
