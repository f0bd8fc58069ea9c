package storetest

import (
	"fmt"
	"html/template"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"warta/internal/model"
	"warta/internal/store"
)

// seq makes default slugs, logins and paths unique within a test binary.
var seq atomic.Int64

// User inserts an author named name (login and slug derived from it, email
// at example.test, no password) and returns it with its ID.
func User(t testing.TB, st *store.Store, name string) *model.User {
	t.Helper()
	slug := Slug(name)
	u := &model.User{
		Login:       slug,
		Email:       slug + "@example.test",
		DisplayName: name,
		Slug:        slug,
		Role:        model.RoleAuthor,
	}
	if err := st.InsertUser(t.Context(), u); err != nil {
		t.Fatalf("storetest: user %q: %v", name, err)
	}
	return u
}

// Term inserts a top-level category or tag (model.TaxonomyCategory or
// model.TaxonomyTag) named name, slug derived from it, and returns it with
// its ID.
func Term(t testing.TB, st *store.Store, taxonomy, name string) *model.Term {
	t.Helper()
	term := &model.Term{Taxonomy: taxonomy, Slug: Slug(name), Name: name}
	if err := st.InsertTerm(t.Context(), term); err != nil {
		t.Fatalf("storetest: %s %q: %v", taxonomy, name, err)
	}
	return term
}

// Image inserts a 1200×800 JPEG media item with a 600×400 variant, at a
// unique path, and returns it with its ID.
func Image(t testing.TB, st *store.Store) *model.Media {
	t.Helper()
	n := seq.Add(1)
	m := &model.Media{
		Path:     fmt.Sprintf("2024/04/image-%d.jpg", n),
		MimeType: "image/jpeg",
		Size:     120_000,
		Width:    1200,
		Height:   800,
		Alt:      fmt.Sprintf("Image %d", n),
		Variants: []model.MediaVariant{{Path: fmt.Sprintf("2024/04/image-%d-600x400.jpg", n), Width: 600, Height: 400}},
	}
	if err := st.InsertMedia(t.Context(), m); err != nil {
		t.Fatalf("storetest: image: %v", err)
	}
	return m
}

// Post inserts a published post and returns it with its ID. Defaults: a
// unique title and slug ("Post 7", "post-7"), a one-paragraph body, language
// "id", comments open, published an hour ago, and — when edit leaves no
// byline — a new author of its own. edit, which may be nil, changes the
// article before it is stored (set Status for a draft, Type for a page,
// PublishedAt for an order).
func Post(t testing.TB, st *store.Store, edit func(*model.Article)) *model.Article {
	t.Helper()
	n := seq.Add(1)
	a := &model.Article{
		Type:          model.TypePost,
		Slug:          fmt.Sprintf("post-%d", n),
		Title:         fmt.Sprintf("Post %d", n),
		BodyHTML:      template.HTML(fmt.Sprintf("<p>Body of post %d.</p>", n)),
		SourceFormat:  model.FormatHTML,
		Excerpt:       fmt.Sprintf("Body of post %d.", n),
		Status:        model.StatusPublished,
		PublishedAt:   time.Now().UTC().Add(-time.Hour),
		Lang:          "id",
		CommentStatus: model.CommentsOpen,
	}
	if edit != nil {
		edit(a)
	}
	if len(a.Bylines) == 0 {
		u := User(t, st, fmt.Sprintf("Author %d", n))
		a.Bylines = []model.Byline{{User: *u, Role: model.BylineAuthor}}
	}
	if err := st.InsertArticle(t.Context(), a); err != nil {
		t.Fatalf("storetest: post %q: %v", a.Slug, err)
	}
	return a
}

// Comment inserts an approved comment on the article articleID and returns
// it with its ID. edit, which may be nil, changes it before it is stored
// (set Status, ParentID or CreatedAt).
func Comment(t testing.TB, st *store.Store, articleID int64, edit func(*model.Comment)) *model.Comment {
	t.Helper()
	n := seq.Add(1)
	c := &model.Comment{
		ArticleID:   articleID,
		AuthorName:  fmt.Sprintf("Reader %d", n),
		AuthorEmail: fmt.Sprintf("reader%d@example.test", n),
		Content:     template.HTML(fmt.Sprintf("<p>Comment %d.</p>", n)),
		Status:      model.CommentApproved,
		Kind:        model.CommentKindComment,
		IP:          "192.0.2.1",
		UserAgent:   "storetest",
	}
	if edit != nil {
		edit(c)
	}
	if err := st.InsertComment(t.Context(), c); err != nil {
		t.Fatalf("storetest: comment on %d: %v", articleID, err)
	}
	return c
}

// Slug turns a name into the slug the builders use: lower-case ASCII
// letters and digits, other runs of characters as one '-' ("Jawa Barat" →
// "jawa-barat"). It is for fixtures, not the product's slug rules.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
