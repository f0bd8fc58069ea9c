package publishing_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/publishing"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

func TestPublishing(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		for _, tc := range []struct {
			name string
			run  func(*testing.T, *newsroom)
		}{
			{"each role publishes what WordPress lets it", testRolesPublish},
			{"each role edits whose articles WordPress lets it", testRolesEdit},
			{"each role trashes and deletes what WordPress lets it", testRolesRemove},
			{"slugs are made from titles, cleaned, and kept free", testSlugs},
			{"statuses and times follow the chosen action", testStatusAndTime},
			{"what readers would see wrong is refused, field by field", testValidation},
			{"every save keeps a revision, and a revision can be restored", testRevisions},
			{"terms typed by name are made once and reused", testTerms},
			{"bylines credit the writer and whom editors name", testBylines},
			{"trash and restore", testTrashRestore},
		} {
			t.Run(eng.Name+"/"+tc.name, func(t *testing.T) { tc.run(t, newNewsroom(t, eng.New(t))) })
		}
	}
}

// newsroom is a store with one user of each role.
type newsroom struct {
	st                                        *store.Store
	admin, editor, author, other, contributor *model.User
	now                                       time.Time
}

func newNewsroom(t *testing.T, st *store.Store) *newsroom {
	return &newsroom{
		st:          st,
		admin:       member(t, st, "Admin Situs", model.RoleAdministrator),
		editor:      member(t, st, "Sari Editor", model.RoleEditor),
		author:      member(t, st, "Budi Penulis", model.RoleAuthor),
		other:       member(t, st, "Dewi Penulis", model.RoleAuthor),
		contributor: member(t, st, "Eko Kontributor", model.RoleContributor),
		now:         time.Date(2026, 4, 26, 9, 0, 0, 0, time.UTC),
	}
}

func member(t *testing.T, st *store.Store, name string, role model.Role) *model.User {
	t.Helper()
	u := storetest.User(t, st, name)
	if err := st.SetUserRole(t.Context(), u.ID, role); err != nil {
		t.Fatal(err)
	}
	u.Role = role
	return u
}

// save is publishing.Save at the newsroom's clock.
func (n *newsroom) save(t *testing.T, u *model.User, in publishing.Input) (*model.Article, error) {
	t.Helper()
	return publishing.Save(t.Context(), n.st, u, in, n.now)
}

// mustSave saves in as u and fails the test on any error.
func (n *newsroom) mustSave(t *testing.T, u *model.User, in publishing.Input) *model.Article {
	t.Helper()
	a, err := n.save(t, u, in)
	if err != nil {
		t.Fatalf("%s saving %q: %v", u.Role, in.Title, err)
	}
	return a
}

// load reads an article back from the store, as the site would.
func (n *newsroom) load(t *testing.T, id int64) *model.Article {
	t.Helper()
	a, err := n.st.ArticleByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// draft is a draft by u.
func (n *newsroom) draft(t *testing.T, u *model.User, title string) *model.Article {
	t.Helper()
	return n.mustSave(t, u, publishing.Input{Title: title, Body: "Isi " + title, Status: model.StatusDraft})
}

// published is an article by u, published now.
func (n *newsroom) published(t *testing.T, u *model.User, title string) *model.Article {
	t.Helper()
	return n.mustSave(t, u, publishing.Input{Title: title, Body: "Isi " + title, Status: model.StatusPublished})
}

// fields returns the field → message key map of a *model.ValidationError; nil for any other error.
func fields(err error) map[string]string {
	var v *model.ValidationError
	if errors.As(err, &v) {
		return v.Fields
	}
	return nil
}

func testRolesPublish(t *testing.T, n *newsroom) {
	for _, tc := range []struct {
		who    *model.User
		status model.Status
		page   bool
		ok     bool
	}{
		{n.contributor, model.StatusDraft, false, true},
		{n.contributor, model.StatusPending, false, true},
		{n.contributor, model.StatusPublished, false, false},
		{n.contributor, model.StatusScheduled, false, false},
		{n.contributor, model.StatusPrivate, false, false},
		{n.contributor, model.StatusDraft, true, false},
		{n.author, model.StatusPublished, false, true},
		{n.author, model.StatusPrivate, false, true},
		{n.author, model.StatusDraft, true, false},
		{n.editor, model.StatusPublished, false, true},
		{n.editor, model.StatusPublished, true, true},
		{n.admin, model.StatusPublished, true, true},
		{n.editor, model.StatusTrash, false, false}, // the trash is Trash's
	} {
		typ := model.TypePost
		if tc.page {
			typ = model.TypePage
		}
		name := fmt.Sprintf("%s saves a new %s as %s", tc.who.Role, typ, tc.status)
		t.Run(name, func(t *testing.T) {
			in := publishing.Input{Type: typ, Title: name, Body: "Isi.", Status: tc.status, PublishAt: n.now.Add(time.Hour)}
			if tc.status != model.StatusScheduled {
				in.PublishAt = time.Time{}
			}
			a, err := n.save(t, tc.who, in)
			if !tc.ok {
				if !errors.Is(err, model.ErrForbidden) {
					t.Errorf("err %v, want forbidden", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := n.load(t, a.ID); got.Status != tc.status || got.Type != typ {
				t.Errorf("stored as a %s %s", got.Status, got.Type)
			}
		})
	}
	t.Run("a contributor submits for review and an editor publishes it", func(t *testing.T) {
		a := n.mustSave(t, n.contributor, publishing.Input{Title: "Laporan dari lapangan", Body: "Isi.", Status: model.StatusPending})
		if _, err := n.save(t, n.contributor, publishing.Input{ID: a.ID, Title: a.Title, Body: "Isi.", Status: model.StatusPublished}); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("contributor publishing own pending article: %v", err)
		}
		n.mustSave(t, n.editor, publishing.Input{ID: a.ID, Title: a.Title, Body: "Isi.", Status: model.StatusPublished, CommentsOpen: true})
		if got := n.load(t, a.ID); got.Status != model.StatusPublished || got.PublishedAt != n.now {
			t.Errorf("after the editor: %s at %v", got.Status, got.PublishedAt)
		}
	})
	t.Run("an author cannot publish another author's draft", func(t *testing.T) {
		a := n.draft(t, n.other, "Draf milik Dewi")
		if _, err := n.save(t, n.author, publishing.Input{ID: a.ID, Title: a.Title, Status: model.StatusPublished}); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("err %v, want forbidden", err)
		}
		if got := n.load(t, a.ID); got.Status != model.StatusDraft {
			t.Errorf("the draft is now %s", got.Status)
		}
	})
	t.Run("every role's HTML passes the one sanitizer", func(t *testing.T) {
		for _, u := range []*model.User{n.contributor, n.editor} {
			a := n.mustSave(t, u, publishing.Input{Title: "Format " + string(u.Role),
				Body: `<h2>Sub <mark>judul</mark></h2><p onclick="x()">Isi <script>alert(1)</script></p>`, Format: model.FormatHTML})
			got := string(n.load(t, a.ID).BodyHTML)
			if got != "<h2>Sub judul</h2><p>Isi </p>" {
				t.Errorf("%s's HTML body became %q", u.Role, got)
			}
		}
	})
	t.Run("Markdown is still read when a client names no format", func(t *testing.T) {
		a := n.mustSave(t, n.contributor, publishing.Input{Title: "Markdown", Body: "## Sub"})
		if got := string(n.load(t, a.ID).BodyHTML); !strings.Contains(got, "<h2") {
			t.Errorf("Markdown body became %q", got)
		}
	})
}

func testRolesEdit(t *testing.T, n *newsroom) {
	own := n.draft(t, n.author, "Draf Budi")
	others := n.published(t, n.other, "Berita Dewi")
	contrib := n.mustSave(t, n.contributor, publishing.Input{Title: "Tulisan Eko", Body: "Isi.", Status: model.StatusPending})
	n.mustSave(t, n.editor, publishing.Input{ID: contrib.ID, Title: contrib.Title, Body: "Isi.", Status: model.StatusPublished})
	for _, tc := range []struct {
		name string
		who  *model.User
		a    *model.Article
		ok   bool
	}{
		{"an author edits own draft", n.author, own, true},
		{"an author cannot edit another's article", n.author, others, false},
		{"a contributor cannot edit another's article", n.contributor, own, false},
		{"a contributor cannot edit own article once it is published", n.contributor, contrib, false},
		{"an editor edits anyone's article", n.editor, others, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := n.load(t, tc.a.ID)
			_, err := n.save(t, tc.who, publishing.Input{ID: tc.a.ID, Title: "Diubah oleh " + tc.who.DisplayName, Body: "Isi baru.", Status: before.Status})
			after := n.load(t, tc.a.ID)
			if tc.ok {
				if err != nil || after.Title != "Diubah oleh "+tc.who.DisplayName {
					t.Errorf("err %v, title %q", err, after.Title)
				}
				return
			}
			if !errors.Is(err, model.ErrForbidden) || after.Title != before.Title {
				t.Errorf("err %v, title now %q", err, after.Title)
			}
		})
	}
	t.Run("only editors make a post sticky", func(t *testing.T) {
		a := n.mustSave(t, n.author, publishing.Input{Title: "Ingin di atas", Body: "Isi.", Status: model.StatusPublished, Sticky: true})
		if n.load(t, a.ID).Sticky {
			t.Error("an author's post is sticky")
		}
		n.mustSave(t, n.editor, publishing.Input{ID: a.ID, Title: a.Title, Body: "Isi.", Status: model.StatusPublished, Sticky: true})
		if !n.load(t, a.ID).Sticky {
			t.Error("the editor's sticky was not kept")
		}
	})
}

func testRolesRemove(t *testing.T, n *newsroom) {
	type action struct {
		name string
		do   func(*model.User, int64) error
	}
	for _, act := range []action{
		{"trash", func(u *model.User, id int64) error { return publishing.Trash(t.Context(), n.st, u, id) }},
		{"delete", func(u *model.User, id int64) error { return publishing.Delete(t.Context(), n.st, u, id) }},
	} {
		contribDraft := n.draft(t, n.contributor, "Draf Eko untuk "+act.name)
		contribLive := n.mustSave(t, n.contributor, publishing.Input{Title: "Tulisan Eko untuk " + act.name, Body: "Isi.", Status: model.StatusPending})
		n.mustSave(t, n.editor, publishing.Input{ID: contribLive.ID, Title: contribLive.Title, Body: "Isi.", Status: model.StatusPublished})
		authorLive := n.published(t, n.author, "Berita Budi untuk "+act.name)
		othersLive := n.published(t, n.other, "Berita Dewi untuk "+act.name)
		othersDraft := n.draft(t, n.other, "Draf Dewi untuk "+act.name)
		scheduled := n.mustSave(t, n.author, publishing.Input{Title: "Terjadwal Budi untuk " + act.name, Body: "Isi.",
			Status: model.StatusScheduled, PublishAt: n.now.Add(24 * time.Hour)})
		for _, tc := range []struct {
			name string
			who  *model.User
			a    *model.Article
			ok   bool
		}{
			{"a contributor may %s own draft", n.contributor, contribDraft, true},
			{"a contributor may not %s own article once published", n.contributor, contribLive, false},
			{"an author may not %s another's draft", n.author, othersDraft, false},
			{"an author may not %s another's published article", n.author, othersLive, false},
			{"an author may %s own scheduled article", n.author, scheduled, true},
			{"an author may %s own published article", n.author, authorLive, true},
			{"an editor may %s anyone's published article", n.editor, othersLive, true},
		} {
			t.Run(fmt.Sprintf(tc.name, act.name), func(t *testing.T) {
				err := act.do(tc.who, tc.a.ID)
				got, lerr := n.st.ArticleByID(t.Context(), tc.a.ID)
				gone := errors.Is(lerr, model.ErrNotFound) || (lerr == nil && got.Status == model.StatusTrash)
				if tc.ok && (err != nil || !gone) {
					t.Errorf("err %v; article still there: %+v", err, got)
				}
				if !tc.ok && (!errors.Is(err, model.ErrForbidden) || gone) {
					t.Errorf("err %v; article gone: %v", err, gone)
				}
			})
		}
	}
	t.Run("an article deleted for good takes its comments and revisions", func(t *testing.T) {
		a := n.published(t, n.editor, "Akan dihapus")
		n.mustSave(t, n.editor, publishing.Input{ID: a.ID, Title: "Akan dihapus (revisi)", Body: "Isi.", Status: model.StatusPublished})
		c := storetest.Comment(t, n.st, a.ID, nil)
		if err := publishing.Delete(t.Context(), n.st, n.editor, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := n.st.Comment(t.Context(), c.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("comment after delete: %v", err)
		}
		if revs, _ := n.st.Revisions(t.Context(), a.ID); len(revs) != 0 {
			t.Errorf("%d revisions left", len(revs))
		}
		if err := publishing.Delete(t.Context(), n.st, n.editor, a.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
	})
}

func testSlugs(t *testing.T, n *newsroom) {
	first := n.published(t, n.editor, "Banjir di Kemang, Warga Mengungsi!")
	if first.Slug != "banjir-di-kemang-warga-mengungsi" {
		t.Errorf("slug from the title: %q", first.Slug)
	}
	second := n.published(t, n.editor, "Banjir di Kemang, warga mengungsi")
	third := n.published(t, n.editor, "Banjir di Kemang — warga mengungsi")
	if second.Slug != first.Slug+"-2" || third.Slug != first.Slug+"-3" {
		t.Errorf("same titles: %q, %q", second.Slug, third.Slug)
	}
	t.Run("re-saving keeps the article's own slug", func(t *testing.T) {
		again := n.mustSave(t, n.editor, publishing.Input{ID: second.ID, Title: second.Title, Body: "Diperbarui.", Status: model.StatusPublished})
		if again.Slug != second.Slug {
			t.Errorf("slug moved from %q to %q", second.Slug, again.Slug)
		}
	})
	t.Run("a typed slug is cleaned", func(t *testing.T) {
		a := n.mustSave(t, n.editor, publishing.Input{Title: "Apa saja", Slug: "  Pemilu 2024: Hasil Akhir ", Body: "Isi."})
		if a.Slug != "pemilu-2024-hasil-akhir" {
			t.Errorf("slug %q", a.Slug)
		}
	})
	t.Run("a slug of no letters is refused and the text kept", func(t *testing.T) {
		a, err := n.save(t, n.editor, publishing.Input{Title: "Judul tetap", Slug: "!!!", Body: "Isi tetap."})
		if fields(err)["slug"] == "" {
			t.Fatalf("err %v, want a slug problem", err)
		}
		if a == nil || a.Title != "Judul tetap" || a.Source != "Isi tetap." {
			t.Errorf("the form loses what was typed: %+v", a)
		}
	})
	t.Run("a title of no letters still gets a slug", func(t *testing.T) {
		if a := n.mustSave(t, n.editor, publishing.Input{Title: "???", Body: "Isi."}); a.Slug != "artikel" {
			t.Errorf("slug %q", a.Slug)
		}
	})
	t.Run("pages and posts do not share slugs", func(t *testing.T) {
		p := n.mustSave(t, n.editor, publishing.Input{Type: model.TypePage, Title: "Banjir di Kemang, warga mengungsi", Body: "Halaman.", Status: model.StatusPublished})
		if p.Slug != first.Slug {
			t.Errorf("page slug %q, want %q", p.Slug, first.Slug)
		}
	})
}

func testStatusAndTime(t *testing.T, n *newsroom) {
	t.Run("a draft has no publication time", func(t *testing.T) {
		if a := n.load(t, n.draft(t, n.author, "Draf").ID); !a.PublishedAt.IsZero() {
			t.Errorf("draft published at %v", a.PublishedAt)
		}
	})
	t.Run("publishing stamps now, and later edits keep that time", func(t *testing.T) {
		a := n.published(t, n.author, "Terbit sekarang")
		if got := n.load(t, a.ID); got.PublishedAt != n.now || got.Status != model.StatusPublished {
			t.Fatalf("%s at %v", got.Status, got.PublishedAt)
		}
		saved := n.now
		n.now = n.now.Add(3 * time.Hour)
		defer func() { n.now = saved }()
		n.mustSave(t, n.author, publishing.Input{ID: a.ID, Title: "Terbit sekarang (diperbarui)", Body: "Isi.", Status: model.StatusPublished})
		if got := n.load(t, a.ID); got.PublishedAt != saved {
			t.Errorf("an update moved the publication time to %v", got.PublishedAt)
		}
	})
	t.Run("publishing with a future time schedules", func(t *testing.T) {
		at := n.now.Add(48 * time.Hour)
		a := n.mustSave(t, n.author, publishing.Input{Title: "Untuk lusa", Body: "Isi.", Status: model.StatusPublished, PublishAt: at})
		if got := n.load(t, a.ID); got.Status != model.StatusScheduled || !got.PublishedAt.Equal(at) {
			t.Errorf("%s at %v, want scheduled at %v", got.Status, got.PublishedAt, at)
		}
		if _, err := n.st.PublishedArticle(t.Context(), model.TypePost, a.Slug); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a scheduled article is public: %v", err)
		}
	})
	t.Run("publishing with a past time backdates", func(t *testing.T) {
		at := n.now.AddDate(0, 0, -7)
		a := n.mustSave(t, n.author, publishing.Input{Title: "Minggu lalu", Body: "Isi.", Status: model.StatusPublished, PublishAt: at})
		if got := n.load(t, a.ID); got.Status != model.StatusPublished || !got.PublishedAt.Equal(at) {
			t.Errorf("%s at %v", got.Status, got.PublishedAt)
		}
	})
	t.Run("scheduling needs a time in the future", func(t *testing.T) {
		for _, at := range []time.Time{{}, n.now, n.now.Add(-time.Minute)} {
			_, err := n.save(t, n.author, publishing.Input{Title: "Jadwal", Body: "Isi.", Status: model.StatusScheduled, PublishAt: at})
			if fields(err)["publish_at"] == "" {
				t.Errorf("scheduled at %v: %v", at, err)
			}
		}
	})
	t.Run("back to draft takes an article off the site", func(t *testing.T) {
		a := n.published(t, n.author, "Ditarik")
		n.mustSave(t, n.author, publishing.Input{ID: a.ID, Title: a.Title, Body: "Isi.", Status: model.StatusDraft})
		if _, err := n.st.PublishedArticle(t.Context(), model.TypePost, a.Slug); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a draft is public: %v", err)
		}
	})
	t.Run("publishing tells the pages showing the article", func(t *testing.T) {
		last, err := n.st.LastChange(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		a := n.published(t, n.author, "Baru terbit")
		changes, err := n.st.ChangesSince(t.Context(), last, 100)
		if err != nil {
			t.Fatal(err)
		}
		var tags []string
		for _, c := range changes {
			tags = append(tags, c.Tags...)
		}
		for _, want := range []string{store.TagArticle(a.ID), store.TagFront} {
			if !slices.Contains(tags, want) {
				t.Errorf("changes %v lack %s", tags, want)
			}
		}
	})
}

func testValidation(t *testing.T, n *newsroom) {
	img := storetest.Image(t, n.st)
	noAlt := storetest.Image(t, n.st)
	if err := n.st.UpdateMediaText(t.Context(), noAlt.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		in    publishing.Input
		field string
	}{
		{"a title is required", publishing.Input{Title: "  ", Body: "Isi."}, "title"},
		{"a title has at most 300 bytes", publishing.Input{Title: strings.Repeat("a", 301), Body: "Isi."}, "title"},
		{"an unknown category is named", publishing.Input{Title: "K", CategoryIDs: []int64{987654}}, "categories"},
		{"an unknown tag is named", publishing.Input{Title: "T", TagIDs: []int64{987654}}, "tags"},
		{"an unknown featured image is named", publishing.Input{Title: "F", FeaturedID: 987654}, "featured"},
		{"a source URL must be a web address", publishing.Input{Title: "S", SourceURL: "javascript:alert(1)"}, "source_url"},
		{"an unknown translation is named", publishing.Input{Title: "Tr", TranslationOf: 987654}, "translation_of"},
		{"a published featured image needs alt text", publishing.Input{Title: "A", Status: model.StatusPublished, FeaturedID: noAlt.ID}, "featured"},
		{"a published body image needs alt text", publishing.Input{Title: "B", Status: model.StatusPublished,
			Body: fmt.Sprintf("![](/media/%s)", img.Path)}, "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := n.save(t, n.editor, tc.in)
			if fields(err)[tc.field] == "" {
				t.Fatalf("err %v, want a problem with %s", err, tc.field)
			}
			if a != nil && a.ID != 0 {
				t.Errorf("stored as %d despite the problem", a.ID)
			}
		})
	}
	t.Run("a draft may still lack alt text", func(t *testing.T) {
		n.mustSave(t, n.editor, publishing.Input{Title: "Draf bergambar", FeaturedID: noAlt.ID, Status: model.StatusDraft})
	})
}

func testRevisions(t *testing.T, n *newsroom) {
	a := n.mustSave(t, n.author, publishing.Input{Title: "Versi satu", Body: "Isi *pertama*.", Status: model.StatusDraft})
	n.mustSave(t, n.author, publishing.Input{ID: a.ID, Title: "Versi dua", Body: "Isi kedua.", Status: model.StatusDraft})
	n.mustSave(t, n.author, publishing.Input{ID: a.ID, Title: "Versi tiga", Body: "Isi ketiga.", Status: model.StatusDraft})
	revs, err := n.st.Revisions(t.Context(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, r := range revs {
		titles = append(titles, r.Title)
	}
	if len(revs) < 2 || !slices.Contains(titles, "Versi satu") || !slices.Contains(titles, "Versi dua") {
		t.Fatalf("revisions %q", titles)
	}
	first := revs[slices.Index(titles, "Versi satu")]
	t.Run("another author cannot restore a revision", func(t *testing.T) {
		if _, err := publishing.RestoreRevision(t.Context(), n.st, n.other, first.ID); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("err %v", err)
		}
	})
	t.Run("restoring puts the old text back and can itself be undone", func(t *testing.T) {
		got, err := publishing.RestoreRevision(t.Context(), n.st, n.author, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored := n.load(t, a.ID)
		if got.Title != "Versi satu" || stored.Title != "Versi satu" || stored.Source != "Isi *pertama*." ||
			!strings.Contains(string(stored.BodyHTML), "<em>pertama</em>") {
			t.Errorf("after restore: %q %q %q", stored.Title, stored.Source, stored.BodyHTML)
		}
		after, _ := n.st.Revisions(t.Context(), a.ID)
		if len(after) != len(revs)+1 {
			t.Errorf("%d revisions after the restore, want %d", len(after), len(revs)+1)
		}
		found := false
		for _, r := range after {
			found = found || r.Title == "Versi tiga"
		}
		if !found {
			t.Error("the text replaced by the restore is not kept as a revision")
		}
	})
}

func testTerms(t *testing.T, n *newsroom) {
	a := n.mustSave(t, n.author, publishing.Input{Title: "Bertag", Body: "Isi.", Tags: "Banjir, Kali Wening ,, banjir,  ", NewCategories: "Metro"})
	got := n.load(t, a.ID)
	var tagNames []string
	for _, tg := range got.Tags {
		tagNames = append(tagNames, tg.Name)
	}
	slices.Sort(tagNames)
	if !slices.Equal(tagNames, []string{"Banjir", "Kali Wening"}) {
		t.Errorf("tags %q", tagNames)
	}
	if len(got.Categories) != 1 || got.Categories[0].Name != "Metro" || got.Categories[0].Slug != "metro" {
		t.Errorf("categories %+v", got.Categories)
	}
	b := n.mustSave(t, n.contributor, publishing.Input{Title: "Bertag juga", Body: "Isi.", Tags: "BANJIR", NewCategories: "metro",
		CategoryIDs: []int64{got.Categories[0].ID}})
	again := n.load(t, b.ID)
	if len(again.Tags) != 1 || again.Tags[0].ID != got.Tags[slices.IndexFunc(got.Tags, func(tg model.Term) bool { return tg.Slug == "banjir" })].ID {
		t.Errorf("BANJIR made a new tag: %+v", again.Tags)
	}
	if len(again.Categories) != 1 || again.Categories[0].ID != got.Categories[0].ID {
		t.Errorf("metro chosen and typed: %+v", again.Categories)
	}
	t.Run("a category given as a tag is refused", func(t *testing.T) {
		_, err := n.save(t, n.author, publishing.Input{Title: "Salah", TagIDs: []int64{got.Categories[0].ID}})
		if fields(err)["tags"] == "" {
			t.Errorf("err %v", err)
		}
	})
}

func testBylines(t *testing.T, n *newsroom) {
	photo := member(t, n.st, "Fajar Fotografer", model.RoleAuthor)
	t.Run("an editor credits others in their roles", func(t *testing.T) {
		a := n.mustSave(t, n.editor, publishing.Input{Title: "Liputan bersama", Body: "Isi.", Bylines: []publishing.BylineInput{
			{UserID: n.other.ID, Role: model.BylineReporter}, {UserID: photo.ID, Role: model.BylinePhotographer}, {UserID: n.other.ID, Role: model.BylineEditor}}})
		got := n.load(t, a.ID).Bylines
		if len(got) != 2 || got[0].User.ID != n.other.ID || got[0].Role != model.BylineReporter ||
			got[1].User.ID != photo.ID || got[1].Role != model.BylinePhotographer {
			t.Errorf("bylines %+v", got)
		}
	})
	t.Run("an author who credits others stays credited first", func(t *testing.T) {
		a := n.mustSave(t, n.author, publishing.Input{Title: "Liputan Budi", Body: "Isi.", Bylines: []publishing.BylineInput{{UserID: photo.ID, Role: model.BylinePhotographer}}})
		got := n.load(t, a.ID).Bylines
		if len(got) != 2 || got[0].User.ID != n.author.ID || got[1].User.ID != photo.ID {
			t.Errorf("bylines %+v", got)
		}
	})
	t.Run("an unknown user is named", func(t *testing.T) {
		_, err := n.save(t, n.editor, publishing.Input{Title: "X", Bylines: []publishing.BylineInput{{UserID: 987654}}})
		if fields(err)["bylines"] == "" {
			t.Errorf("err %v", err)
		}
	})
}

func testTrashRestore(t *testing.T, n *newsroom) {
	a := n.published(t, n.author, "Ke tempat sampah")
	if err := publishing.Trash(t.Context(), n.st, n.author, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := n.st.PublishedArticle(t.Context(), model.TypePost, a.Slug); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a trashed article is public: %v", err)
	}
	if err := publishing.Restore(t.Context(), n.st, n.other, a.ID); !errors.Is(err, model.ErrForbidden) {
		t.Errorf("another author restored it: %v", err)
	}
	if err := publishing.Restore(t.Context(), n.st, n.author, a.ID); err != nil {
		t.Fatal(err)
	}
	// WordPress brings it back as a draft: nothing returns to the site unasked.
	if got := n.load(t, a.ID); got.Status != model.StatusDraft || got.Title != "Ke tempat sampah" {
		t.Errorf("restored as %s %q", got.Status, got.Title)
	}
	if err := publishing.Trash(t.Context(), n.st, n.author, 987654); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("trashing an unknown article: %v", err)
	}
}
