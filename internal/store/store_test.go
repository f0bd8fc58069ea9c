package store_test

import (
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// TestStore runs one list of cases on every engine storetest offers:
// SQLite always, PostgreSQL when WARTA_TEST_POSTGRES_URL is set.
func TestStore(t *testing.T) {
	cases := []struct {
		name string
		run  func(*testing.T, *store.Store)
	}{
		{"migrating again keeps the data", testMigrateAgain},
		{"a new site has the default settings", testSettingsDefaults},
		{"saved settings are read back", testSettingsRoundTrip},
		{"users are found by slug and by login in any case", testUserLookup},
		{"a taken login or slug is a conflict", testUserConflict},
		{"terms list by name with parents and published post counts", testTerms},
		{"a term slug is unique within its taxonomy only", testTermConflict},
		{"media comes back with its variants narrowest first", testMedia},
		{"an inserted article reads back with everything it carries", testArticleRoundTrip},
		{"an article slug is unique per type", testArticleConflict},
		{"an article whose byline names no user is not written at all", testArticleForeignKey},
		{"only published articles of the asked type are public", testPublishedArticleVisibility},
		{"inserting an article writes its first revision", testRevisions},
		{"published pages are listed by menu order then title", testPublishedPages},
		{"lists page newest first and count the total", testListPaging},
		{"the front page puts sticky articles first", testListSticky},
		{"a term archive lists only articles carrying the term", testListTerm},
		{"an author archive includes articles where the author is not first", testListAuthor},
		{"list items carry bylines, terms, image and approved comment count", testListLoads},
		{"related articles rank shared tags above a shared category", testRelated},
		{"approved comments leave out the others and keep reply links", testApprovedComments},
		{"redirects are found by their exact path", testRedirects},
		{"times come back as the same instant in UTC", testTimes},
		{"lists order by instant whatever zone times were given in", testTimesOrder},
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

// TestMigrationFoldersMatch keeps the two engines' schemas in step: every
// migration exists for both, under the same name.
func TestMigrationFoldersMatch(t *testing.T) {
	list := func(dir string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	sqlite, postgres := list("migrations/sqlite"), list("migrations/postgres")
	if len(sqlite) == 0 {
		t.Fatal("no migrations in migrations/sqlite")
	}
	if !slices.Equal(sqlite, postgres) {
		t.Errorf("migration files differ:\nsqlite:   %v\npostgres: %v", sqlite, postgres)
	}
}

func testMigrateAgain(t *testing.T, st *store.Store) {
	u := storetest.User(t, st, "Budi Santoso")
	for range 2 {
		if err := st.Migrate(t.Context()); err != nil {
			t.Fatalf("migrate again: %v", err)
		}
	}
	got, err := st.UserBySlug(t.Context(), u.Slug)
	if err != nil {
		t.Fatalf("user after migrating again: %v", err)
	}
	if got.DisplayName != u.DisplayName {
		t.Errorf("display name = %q, want %q", got.DisplayName, u.DisplayName)
	}
}

func testSettingsDefaults(t *testing.T, st *store.Store) {
	got, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if want := model.DefaultSettings(); got != want {
		t.Errorf("settings of a new site = %+v, want the defaults %+v", got, want)
	}
}

func testSettingsRoundTrip(t *testing.T, st *store.Store) {
	want := model.Settings{
		Title:              "Kabar Kota",
		Tagline:            "Berita kota, tiap hari",
		Language:           "en",
		TimeZone:           "Asia/Makassar",
		PostsPerPage:       7,
		PermalinkStructure: "/%postname%/",
		CommentsPerPage:    20,
		ThreadDepth:        3,
		CommentOrder:       "desc",
	}
	if err := st.SaveSettings(t.Context(), want); err != nil {
		t.Fatal(err)
	}
	// Saving again must update, not fail on the existing keys.
	want.Title = "Kabar Kota Baru"
	if err := st.SaveSettings(t.Context(), want); err != nil {
		t.Fatalf("save settings again: %v", err)
	}
	got, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("settings = %+v, want %+v", got, want)
	}
}

func testUserLookup(t *testing.T, st *store.Store) {
	ctx := t.Context()
	if n, err := st.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("CountUsers on a new site = %d, %v; want 0", n, err)
	}
	u := &model.User{
		Login: "budi", Email: "budi@example.test", DisplayName: "Budi Santoso", Slug: "budi-santoso",
		Bio: "Wartawan kota.", URL: "https://budi.example.test", Role: model.RoleEditor, PasswordHash: "$argon2id$x",
	}
	if err := st.InsertUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.CreatedAt.IsZero() {
		t.Fatalf("InsertUser left ID = %d, CreatedAt = %v", u.ID, u.CreatedAt)
	}
	bySlug, err := st.UserBySlug(ctx, "budi-santoso")
	if err != nil {
		t.Fatal(err)
	}
	if *bySlug != *u {
		t.Errorf("UserBySlug = %+v, want %+v", *bySlug, *u)
	}
	byLogin, err := st.UserByLogin(ctx, "BUDI")
	if err != nil {
		t.Fatalf("UserByLogin with other case: %v", err)
	}
	if byLogin.ID != u.ID {
		t.Errorf("UserByLogin(BUDI) = user %d, want %d", byLogin.ID, u.ID)
	}
	if n, err := st.CountUsers(ctx); err != nil || n != 1 {
		t.Errorf("CountUsers = %d, %v; want 1", n, err)
	}
	for name, lookup := range map[string]func() (*model.User, error){
		"slug":  func() (*model.User, error) { return st.UserBySlug(ctx, "nobody") },
		"login": func() (*model.User, error) { return st.UserByLogin(ctx, "nobody") },
	} {
		if got, err := lookup(); !errors.Is(err, model.ErrNotFound) || got != nil {
			t.Errorf("unknown user by %s = %v, %v; want nil, ErrNotFound", name, got, err)
		}
	}
}

func testUserConflict(t *testing.T, st *store.Store) {
	ctx := t.Context()
	storetest.User(t, st, "Budi")
	tests := []struct {
		name string
		user model.User
	}{
		{"same login in other case", model.User{Login: "BUDI", Email: "b2@example.test", DisplayName: "B", Slug: "budi-2", Role: model.RoleAuthor}},
		{"same slug", model.User{Login: "budi2", Email: "b3@example.test", DisplayName: "B", Slug: "budi", Role: model.RoleAuthor}},
	}
	for _, tt := range tests {
		if err := st.InsertUser(ctx, &tt.user); !errors.Is(err, model.ErrConflict) {
			t.Errorf("%s: InsertUser error = %v, want ErrConflict", tt.name, err)
		}
	}
	if n, _ := st.CountUsers(ctx); n != 1 {
		t.Errorf("CountUsers after conflicts = %d, want 1", n)
	}
}

func testTerms(t *testing.T, st *store.Store) {
	ctx := t.Context()
	nasional := storetest.Term(t, st, model.TaxonomyCategory, "Nasional")
	jakarta := &model.Term{Taxonomy: model.TaxonomyCategory, Slug: "jakarta", Name: "Jakarta", ParentID: nasional.ID, Description: "Ibu kota"}
	if err := st.InsertTerm(ctx, jakarta); err != nil {
		t.Fatal(err)
	}
	storetest.Term(t, st, model.TaxonomyCategory, "Ekonomi")
	banjir := storetest.Term(t, st, model.TaxonomyTag, "Banjir")

	// Nasional: two published posts count; a draft, a trashed post and a
	// page carrying it do not.
	storetest.Post(t, st, func(a *model.Article) {
		a.Categories = []model.Term{*nasional, *jakarta}
		a.Tags = []model.Term{*banjir}
	})
	storetest.Post(t, st, func(a *model.Article) { a.Categories = []model.Term{*nasional} })
	storetest.Post(t, st, func(a *model.Article) { a.Categories = []model.Term{*nasional}; a.Status = model.StatusDraft })
	storetest.Post(t, st, func(a *model.Article) { a.Categories = []model.Term{*nasional}; a.Status = model.StatusTrash })
	storetest.Post(t, st, func(a *model.Article) { a.Categories = []model.Term{*nasional}; a.Type = model.TypePage })

	got, err := st.Terms(ctx, model.TaxonomyCategory)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Name   string
		Parent int64
		Count  int
	}
	var rows []row
	for _, term := range got {
		rows = append(rows, row{term.Name, term.ParentID, term.Count})
	}
	want := []row{{"Ekonomi", 0, 0}, {"Jakarta", nasional.ID, 1}, {"Nasional", 0, 2}}
	if !slices.Equal(rows, want) {
		t.Errorf("categories = %+v, want %+v", rows, want)
	}

	one, err := st.TermBySlug(ctx, model.TaxonomyCategory, "jakarta")
	if err != nil {
		t.Fatal(err)
	}
	if one.ID != jakarta.ID || one.Description != "Ibu kota" || one.ParentID != nasional.ID || one.Count != 1 {
		t.Errorf("TermBySlug(jakarta) = %+v", *one)
	}
	if _, err := st.TermBySlug(ctx, model.TaxonomyTag, "jakarta"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a category slug looked up as a tag: error = %v, want ErrNotFound", err)
	}
	tags, err := st.Terms(ctx, model.TaxonomyTag)
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) != 1 || tags[0].Name != "Banjir" || tags[0].Count != 1 {
		t.Errorf("tags = %+v, want only Banjir with 1 post", tags)
	}
}

func testTermConflict(t *testing.T, st *store.Store) {
	ctx := t.Context()
	storetest.Term(t, st, model.TaxonomyCategory, "Politik")
	err := st.InsertTerm(ctx, &model.Term{Taxonomy: model.TaxonomyCategory, Slug: "politik", Name: "Politik lagi"})
	if !errors.Is(err, model.ErrConflict) {
		t.Errorf("same category slug: error = %v, want ErrConflict", err)
	}
	if err := st.InsertTerm(ctx, &model.Term{Taxonomy: model.TaxonomyTag, Slug: "politik", Name: "politik"}); err != nil {
		t.Errorf("a tag with a category's slug: %v", err)
	}
}

func testMedia(t *testing.T, st *store.Store) {
	ctx := t.Context()
	u := storetest.User(t, st, "Fotografer")
	m := &model.Media{
		UploaderID: u.ID, Path: "2024/04/banjir.jpg", MimeType: "image/jpeg", Size: 345678,
		Width: 2000, Height: 1333, Alt: "Banjir di Kemang", Caption: "Air setinggi lutut.",
		Variants: []model.MediaVariant{
			{Path: "2024/04/banjir-1200x800.jpg", Width: 1200, Height: 800},
			{Path: "2024/04/banjir-600x400.jpg", Width: 600, Height: 400},
		},
	}
	if err := st.InsertMedia(ctx, m); err != nil {
		t.Fatal(err)
	}
	got, err := st.Media(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *m
	want.Variants = []model.MediaVariant{m.Variants[1], m.Variants[0]}
	if !mediaEqual(*got, want) {
		t.Errorf("Media = %+v, want %+v", *got, want)
	}
	if _, err := st.Media(ctx, m.ID+1000); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown media: error = %v, want ErrNotFound", err)
	}
	if err := st.InsertMedia(ctx, &model.Media{Path: m.Path, MimeType: "image/png"}); !errors.Is(err, model.ErrConflict) {
		t.Errorf("same path again: error = %v, want ErrConflict", err)
	}
}

func mediaEqual(a, b model.Media) bool {
	return a.ID == b.ID && a.UploaderID == b.UploaderID && a.Path == b.Path && a.MimeType == b.MimeType &&
		a.Size == b.Size && a.Width == b.Width && a.Height == b.Height && a.Alt == b.Alt &&
		a.Caption == b.Caption && a.CreatedAt.Equal(b.CreatedAt) && slices.Equal(a.Variants, b.Variants)
}

func testRedirects(t *testing.T, st *store.Store) {
	ctx := t.Context()
	r := &model.Redirect{FromPath: "/?p=123", ToPath: "/2024/04/26/banjir-kemang/"}
	if err := st.InsertRedirect(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := st.RedirectFor(ctx, "/?p=123")
	if err != nil {
		t.Fatal(err)
	}
	if got.ToPath != r.ToPath || got.Status != 301 || got.ID != r.ID {
		t.Errorf("RedirectFor = %+v, want to %s with 301", *got, r.ToPath)
	}
	for _, path := range []string{"/?p=12", "/?P=123", "/"} {
		if _, err := st.RedirectFor(ctx, path); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("RedirectFor(%q) error = %v, want ErrNotFound", path, err)
		}
	}
	if err := st.InsertRedirect(ctx, &model.Redirect{FromPath: "/?p=123", ToPath: "/x/", Status: 302}); !errors.Is(err, model.ErrConflict) {
		t.Errorf("second redirect from the same path: error = %v, want ErrConflict", err)
	}
}

func testTimes(t *testing.T, st *store.Store) {
	ctx := t.Context()
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	// Nanoseconds: PostgreSQL keeps microseconds, so the store rounds there
	// on both engines and tells the caller what it stored.
	published := time.Date(2024, 4, 26, 9, 30, 15, 123456789, jakarta)
	a := storetest.Post(t, st, func(a *model.Article) {
		a.PublishedAt = published
		a.CreatedAt = published.Add(-time.Hour)
		a.ModifiedAt = published.Add(time.Minute)
	})
	if want := published.Truncate(time.Microsecond); !a.PublishedAt.Equal(want) {
		t.Errorf("InsertArticle set PublishedAt = %v, want %v", a.PublishedAt, want)
	}
	c := storetest.Comment(t, st, a.ID, func(c *model.Comment) { c.CreatedAt = published.Add(2 * time.Hour) })

	got, err := st.ArticleByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	comments, err := st.ApprovedComments(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	revs, err := st.Revisions(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	user, err := st.UserBySlug(ctx, a.Bylines[0].User.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if len(comments) != 1 || len(revs) != 1 {
		t.Fatalf("got %d comments and %d revisions, want 1 and 1", len(comments), len(revs))
	}
	for _, tt := range []struct {
		name      string
		got, want time.Time
	}{
		{"published", got.PublishedAt, a.PublishedAt},
		{"created", got.CreatedAt, a.CreatedAt},
		{"modified", got.ModifiedAt, a.ModifiedAt},
		{"comment", comments[0].CreatedAt, c.CreatedAt},
		{"revision", revs[0].CreatedAt, a.ModifiedAt},
		{"user", user.CreatedAt, a.Bylines[0].User.CreatedAt},
	} {
		if !tt.got.Equal(tt.want) || tt.got.Location() != time.UTC {
			t.Errorf("%s time = %v, want %v in UTC", tt.name, tt.got, tt.want.UTC())
		}
	}
	if got.PublishedAt.In(jakarta).Hour() != 9 {
		t.Errorf("published at %v, want 09:30 in Jakarta", got.PublishedAt.In(jakarta))
	}
}

func testTimesOrder(t *testing.T, st *store.Store) {
	jakarta, _ := time.LoadLocation("Asia/Jakarta")
	newYork, _ := time.LoadLocation("America/New_York")
	// 10:00 in Jakarta is 03:00 UTC; 01:00 in New York (EDT) is 05:00 UTC,
	// later although its wall clock reads earlier.
	early := storetest.Post(t, st, func(a *model.Article) { a.PublishedAt = time.Date(2024, 4, 26, 10, 0, 0, 0, jakarta) })
	late := storetest.Post(t, st, func(a *model.Article) { a.PublishedAt = time.Date(2024, 4, 26, 1, 0, 0, 0, newYork) })
	list, _, err := st.PublishedArticles(t.Context(), store.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := titles(list), []string{late.Title, early.Title}; !slices.Equal(got, want) {
		t.Errorf("newest first = %v, want %v", got, want)
	}
}

// titles returns the articles' titles, to compare orders.
func titles(list []model.Article) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Title
	}
	return out
}
