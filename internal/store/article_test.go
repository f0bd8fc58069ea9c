package store_test

import (
	"errors"
	"html/template"
	"slices"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

func testArticleRoundTrip(t *testing.T, st *store.Store) {
	ctx := t.Context()
	reporter := storetest.User(t, st, "Siti Rahma")
	photographer := storetest.User(t, st, "Agus Foto")
	nasional := storetest.Term(t, st, model.TaxonomyCategory, "Nasional")
	metro := storetest.Term(t, st, model.TaxonomyCategory, "Metro")
	banjir := storetest.Term(t, st, model.TaxonomyTag, "Banjir")
	hujan := storetest.Term(t, st, model.TaxonomyTag, "Hujan")
	img := storetest.Image(t, st)
	published := time.Date(2024, 4, 26, 3, 0, 0, 0, time.UTC)

	in := &model.Article{
		Type:     model.TypePost,
		Slug:     "banjir-kemang",
		Title:    "Banjir di Kemang",
		BodyHTML: template.HTML(`<p>Air naik.</p><figure class="quote"><blockquote><p>Kami siap.</p></blockquote></figure>`),
		Source:   "Air naik.\n\n> Kami siap.", SourceFormat: model.FormatMarkdown,
		Excerpt: "Air naik.", Status: model.StatusPublished, PublishedAt: published,
		// The photographer was created last but is credited second: order
		// comes from the byline list, not from user ids.
		Bylines: []model.Byline{
			{User: *photographer, Role: model.BylinePhotographer},
			{User: *reporter, Role: model.BylineReporter},
		},
		Lang: "id", TranslationGroup: "banjir-2024",
		Categories:      []model.Term{*nasional, *metro},
		Tags:            []model.Term{*hujan, *banjir},
		FeaturedMediaID: img.ID,
		Embeds: []model.Embed{
			{Provider: "youtube", URL: "https://youtu.be/abc", EmbedURL: "https://www.youtube-nocookie.com/embed/abc",
				Title: "Banjir Kemang", Duration: 3*time.Minute + 6*time.Second, PosterURL: "/media/2024/04/poster.jpg"},
			{Provider: "vimeo", URL: "https://vimeo.com/1", EmbedURL: "https://player.vimeo.com/video/1", Title: "Wawancara", Duration: time.Hour},
		},
		Sticky: true, CommentStatus: model.CommentsClosed,
		SourceName: "Antara", SourceURL: "https://antaranews.example/banjir",
	}
	if err := st.InsertArticle(ctx, in); err != nil {
		t.Fatal(err)
	}
	if in.ID == 0 || in.CreatedAt.IsZero() || in.ModifiedAt.IsZero() {
		t.Fatalf("InsertArticle left ID = %d, CreatedAt = %v, ModifiedAt = %v", in.ID, in.CreatedAt, in.ModifiedAt)
	}
	storetest.Comment(t, st, in.ID, nil)
	storetest.Comment(t, st, in.ID, func(c *model.Comment) { c.Status = model.CommentPending })

	got, err := st.PublishedArticle(ctx, model.TypePost, "banjir-kemang")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != in.ID || got.Title != in.Title || got.BodyHTML != in.BodyHTML || got.Source != in.Source ||
		got.SourceFormat != model.FormatMarkdown || got.Excerpt != in.Excerpt || got.Lang != "id" ||
		got.TranslationGroup != "banjir-2024" || !got.Sticky || got.CommentStatus != model.CommentsClosed ||
		got.SourceName != "Antara" || got.SourceURL != in.SourceURL || !got.PublishedAt.Equal(published) {
		t.Errorf("PublishedArticle fields = %+v\nwant those of %+v", *got, *in)
	}
	if got.Path(model.Permalinks{Loc: time.UTC}) != "/2024/04/26/banjir-kemang/" {
		t.Errorf("path = %s", got.Path(model.Permalinks{Loc: time.UTC}))
	}

	type credit struct {
		ID         int64
		Name, Slug string
		Role       string
		Email      string
	}
	var credits []credit
	for _, b := range got.Bylines {
		credits = append(credits, credit{b.User.ID, b.User.DisplayName, b.User.Slug, b.Role, b.User.Email})
	}
	wantCredits := []credit{
		{photographer.ID, "Agus Foto", "agus-foto", model.BylinePhotographer, ""},
		{reporter.ID, "Siti Rahma", "siti-rahma", model.BylineReporter, ""},
	}
	if !slices.Equal(credits, wantCredits) {
		t.Errorf("bylines = %+v, want %+v (no email)", credits, wantCredits)
	}
	if names := termNames(got.Categories); !slices.Equal(names, []string{"Metro", "Nasional"}) {
		t.Errorf("categories = %v, want Metro, Nasional", names)
	}
	if names := termNames(got.Tags); !slices.Equal(names, []string{"Banjir", "Hujan"}) {
		t.Errorf("tags = %v, want Banjir, Hujan", names)
	}
	if len(got.Embeds) != 2 {
		t.Fatalf("embeds = %+v, want 2", got.Embeds)
	}
	for i, e := range got.Embeds {
		want := in.Embeds[i]
		if e != want {
			t.Errorf("embed %d = %+v, want %+v", i, e, want)
		}
	}
	if got.Embeds[0].Duration != 186*time.Second {
		t.Errorf("first embed runs %v, want 3m6s", got.Embeds[0].Duration)
	}
	if got.FeaturedImage == nil || got.FeaturedImage.Path != img.Path ||
		!slices.Equal(got.FeaturedImage.Variants, img.Variants) {
		t.Errorf("featured image = %+v, want %+v", got.FeaturedImage, img)
	}
	if got.CommentCount != 1 {
		t.Errorf("CommentCount = %d, want 1 (the pending comment does not count)", got.CommentCount)
	}

	byID, err := st.ArticleByID(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if byID.Slug != in.Slug || len(byID.Bylines) != 2 || len(byID.Embeds) != 2 || byID.FeaturedImage == nil {
		t.Errorf("ArticleByID = %+v, want it as fully loaded as PublishedArticle", *byID)
	}
	if _, err := st.ArticleByID(ctx, in.ID+1000); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown article id: error = %v, want ErrNotFound", err)
	}

	// What a comment post needs: enough for the permalink and the mail
	// to the authors, whatever the permalink names.
	toComment, err := st.ArticleToComment(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	links := model.Permalinks{Loc: time.UTC, Structure: "/%category%/%author%/%postname%/"}
	if toComment.CommentStatus != model.CommentsClosed || len(toComment.Bylines) != 2 ||
		toComment.Path(links) != got.Path(links) {
		t.Errorf("ArticleToComment = %+v: path %s, want %s", *toComment, toComment.Path(links), got.Path(links))
	}
	if _, err := st.ArticleToComment(ctx, in.ID+1000); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown article id: error = %v, want ErrNotFound", err)
	}
}

func termNames(terms []model.Term) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.Name
	}
	return out
}

func testArticleConflict(t *testing.T, st *store.Store) {
	ctx := t.Context()
	storetest.Post(t, st, func(a *model.Article) { a.Slug = "tentang" })
	second := &model.Article{Type: model.TypePost, Slug: "tentang", Title: "Lagi", Status: model.StatusDraft}
	if err := st.InsertArticle(ctx, second); !errors.Is(err, model.ErrConflict) {
		t.Errorf("second post with the slug: error = %v, want ErrConflict", err)
	}
	if second.ID != 0 {
		t.Errorf("a failed insert set ID = %d", second.ID)
	}
	page := &model.Article{Type: model.TypePage, Slug: "tentang", Title: "Tentang kami", Status: model.StatusDraft}
	if err := st.InsertArticle(ctx, page); err != nil {
		t.Errorf("a page with a post's slug: %v", err)
	}
	if n, err := st.CountArticles(ctx); err != nil || n != 2 {
		t.Errorf("CountArticles = %d, %v; want 2", n, err)
	}
}

func testArticleForeignKey(t *testing.T, st *store.Store) {
	ctx := t.Context()
	a := &model.Article{
		Title: "Tanpa penulis", Slug: "tanpa-penulis", Status: model.StatusDraft,
		Bylines: []model.Byline{{User: model.User{ID: 424242}}},
	}
	if err := st.InsertArticle(ctx, a); err == nil {
		t.Fatal("InsertArticle with a byline naming no user succeeded")
	}
	if n, err := st.CountArticles(ctx); err != nil || n != 0 {
		t.Errorf("CountArticles after the failed insert = %d, %v; want 0 (no half-written article)", n, err)
	}
}

func testPublishedArticleVisibility(t *testing.T, st *store.Store) {
	ctx := t.Context()
	future := time.Now().Add(24 * time.Hour)
	for _, status := range []model.Status{model.StatusDraft, model.StatusPending, model.StatusPrivate, model.StatusTrash} {
		storetest.Post(t, st, func(a *model.Article) { a.Slug = "hidden-" + string(status); a.Status = status })
	}
	storetest.Post(t, st, func(a *model.Article) {
		a.Slug = "hidden-scheduled"
		a.Status = model.StatusScheduled
		a.PublishedAt = future
	})
	storetest.Post(t, st, func(a *model.Article) { a.Slug = "a-page"; a.Type = model.TypePage })
	storetest.Post(t, st, func(a *model.Article) { a.Slug = "a-post" })

	tests := []struct {
		typ  model.ArticleType
		slug string
		want bool
	}{
		{model.TypePost, "a-post", true},
		{model.TypePage, "a-page", true},
		{model.TypePost, "hidden-draft", false},
		{model.TypePost, "hidden-pending", false},
		{model.TypePost, "hidden-private", false},
		{model.TypePost, "hidden-trash", false},
		{model.TypePost, "hidden-scheduled", false},
		{model.TypePost, "a-page", false},
		{model.TypePage, "a-post", false},
		{model.TypePost, "no-such-slug", false},
	}
	for _, tt := range tests {
		got, err := st.PublishedArticle(ctx, tt.typ, tt.slug)
		switch {
		case tt.want && err != nil:
			t.Errorf("PublishedArticle(%s, %s): %v", tt.typ, tt.slug, err)
		case !tt.want && (!errors.Is(err, model.ErrNotFound) || got != nil):
			t.Errorf("PublishedArticle(%s, %s) = %v, %v; want nil, ErrNotFound", tt.typ, tt.slug, got, err)
		}
	}
	// The hidden ones exist: the newsroom finds them by id.
	if n, _ := st.CountArticles(ctx); n != 7 {
		t.Errorf("CountArticles = %d, want 7", n)
	}
}

func testRevisions(t *testing.T, st *store.Store) {
	ctx := t.Context()
	a := storetest.Post(t, st, func(a *model.Article) {
		a.Title = "Judul pertama"
		a.BodyHTML = "<p>Isi pertama.</p>"
		a.Source = "Isi pertama."
	})
	revs, err := st.Revisions(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 1 {
		t.Fatalf("revisions = %+v, want 1", revs)
	}
	r := revs[0]
	if r.ArticleID != a.ID || r.Title != "Judul pertama" || r.BodyHTML != "<p>Isi pertama.</p>" ||
		r.Source != "Isi pertama." || r.AuthorID != a.Bylines[0].User.ID || !r.CreatedAt.Equal(a.ModifiedAt) {
		t.Errorf("revision = %+v, want the article as saved by %d at %v", r, a.Bylines[0].User.ID, a.ModifiedAt)
	}
	none, err := st.Revisions(ctx, a.ID+1000)
	if err != nil || len(none) != 0 {
		t.Errorf("revisions of an unknown article = %v, %v; want none", none, err)
	}
}

func testPublishedPages(t *testing.T, st *store.Store) {
	page := func(title string, order int, parent int64, status model.Status) *model.Article {
		return storetest.Post(t, st, func(a *model.Article) {
			a.Type, a.Title, a.Slug, a.MenuOrder, a.ParentID, a.Status = model.TypePage, title, storetest.Slug(title), order, parent, status
		})
	}
	about := page("Tentang", 2, 0, model.StatusPublished)
	page("Redaksi", 1, about.ID, model.StatusPublished)
	page("Kontak", 1, 0, model.StatusPublished)
	page("Rahasia", 0, 0, model.StatusDraft)
	storetest.Post(t, st, nil) // a post is not a page

	got, err := st.PublishedPages(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if names := titles(got); !slices.Equal(names, []string{"Kontak", "Redaksi", "Tentang"}) {
		t.Fatalf("pages = %v, want Kontak, Redaksi, Tentang", names)
	}
	if got[1].ParentID != about.ID || got[1].Slug != "redaksi" || got[1].MenuOrder != 1 || got[1].Type != model.TypePage {
		t.Errorf("Redaksi = %+v, want slug redaksi under %d", got[1], about.ID)
	}
}
