package demo

import (
	"context"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// seedNow is a fixed "now" so failures are reproducible; 00:30 UTC puts
// the newest article (1d 03:10) less than a day before it.
var seedNow = time.Date(2024, 4, 26, 0, 30, 0, 0, time.UTC)

func TestSeed(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		// One seeded store per engine serves every check: drawing the
		// pictures is the slow part, under -race especially.
		t.Run(eng.Name+"/a new site shows the demo content", func(t *testing.T) {
			st := eng.New(t)
			mediaDir := t.TempDir()
			if err := Seed(context.Background(), st, media.NewFolder(mediaDir), seedNow); err != nil {
				t.Fatal(err)
			}
			checkSite(t, st, mediaDir)
			t.Run("a second seed fails and adds nothing", func(t *testing.T) {
				testSeedAgain(t, st, mediaDir)
			})
		})
	}
}

// checkSite looks at the seeded store through the same reads the public
// site uses.
func checkSite(t *testing.T, st *store.Store, mediaDir string) {
	ctx := context.Background()

	t.Run("settings name the site and keep Indonesian in Jakarta", func(t *testing.T) {
		set, err := st.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if set.Title != siteTitle || set.Tagline == "" || set.Language != "id" || set.TimeZone != "Asia/Jakarta" {
			t.Errorf("settings = %+v", set)
		}
	})

	posts, total, err := st.PublishedArticles(ctx, store.ListQuery{StickyFirst: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	bySlug := map[string]model.Article{}
	for _, a := range posts {
		bySlug[a.Slug] = a
	}

	t.Run("published posts exist in both languages, recent and distinct in time", func(t *testing.T) {
		langs := map[string]int{}
		seen := map[time.Time]string{}
		for _, a := range posts {
			langs[a.Lang]++
			if !a.PublishedAt.Before(seedNow) || a.PublishedAt.Before(seedNow.AddDate(0, 0, -22)) {
				t.Errorf("%s published at %v, want within three weeks before %v", a.Slug, a.PublishedAt, seedNow)
			}
			if other, dup := seen[a.PublishedAt]; dup {
				t.Errorf("%s and %s share the time %v", a.Slug, other, a.PublishedAt)
			}
			seen[a.PublishedAt] = a.Slug
			if a.Excerpt == "" || len(a.Bylines) == 0 || len(a.Categories) == 0 {
				t.Errorf("%s lacks an excerpt, byline or category", a.Slug)
			}
		}
		if langs["id"] < 8 || langs["en"] < 4 || total != len(posts) {
			t.Errorf("languages = %v, total %d of %d listed; want ≥8 id and ≥4 en", langs, total, len(posts))
		}
		if len(posts) == 0 || !posts[0].Sticky || posts[0].Slug != "tanggul-kali-wening-tahap-dua" {
			t.Errorf("the sticky flood story should lead the front page")
		}
	})

	t.Run("categories are hierarchical and tags are used", func(t *testing.T) {
		cats, err := st.Terms(ctx, model.TaxonomyCategory)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[int64]string{}
		for _, c := range cats {
			ids[c.ID] = c.Slug
		}
		child := ""
		for _, c := range cats {
			if c.ParentID != 0 {
				child = c.Slug + " < " + ids[c.ParentID]
			}
			if c.Count == 0 {
				t.Errorf("category %s has no posts", c.Slug)
			}
		}
		if len(cats) < 3 || child != "transportasi < kota" {
			t.Errorf("%d categories, child %q; want ≥3 and transportasi under kota", len(cats), child)
		}
		tags, err := st.Terms(ctx, model.TaxonomyTag)
		if err != nil {
			t.Fatal(err)
		}
		if len(tags) < 6 || len(tags) > 10 {
			t.Errorf("%d tags, want 6–10", len(tags))
		}
		for _, tag := range tags {
			if tag.Count == 0 {
				t.Errorf("tag %s has no posts", tag.Slug)
			}
		}
	})

	t.Run("two authors have archives", func(t *testing.T) {
		if n, err := st.CountUsers(ctx); err != nil || n != 2 {
			t.Fatalf("CountUsers = %d, %v; want 2", n, err)
		}
		for _, want := range demoUsers {
			u, err := st.UserBySlug(ctx, want.Slug)
			if err != nil {
				t.Fatal(err)
			}
			if u.DisplayName != want.DisplayName || u.Role != want.Role || u.Bio == "" || u.PasswordHash != "" {
				t.Errorf("user %s = %+v", want.Slug, u)
			}
			list, n, err := st.PublishedArticles(ctx, store.ListQuery{AuthorID: u.ID, Limit: 1})
			if err != nil || n == 0 || len(list) == 0 {
				t.Errorf("author %s has no posts (%v)", u.Slug, err)
			}
		}
	})

	t.Run("the about pages are translations of each other", func(t *testing.T) {
		pages, err := st.PublishedPages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pages) != 3 {
			t.Fatalf("%d pages, want 3", len(pages))
		}
		id, err := st.PublishedArticle(ctx, model.TypePage, "tentang-kami")
		if err != nil {
			t.Fatal(err)
		}
		en, err := st.PublishedArticle(ctx, model.TypePage, "about")
		if err != nil {
			t.Fatal(err)
		}
		if id.Title != "Tentang kami" || en.Title != "About" || id.TranslationGroup == "" || id.TranslationGroup != en.TranslationGroup {
			t.Errorf("pages %q/%q groups %q/%q", id.Title, en.Title, id.TranslationGroup, en.TranslationGroup)
		}
	})

	t.Run("the press guideline: its page, a correction and a story being verified", func(t *testing.T) {
		set, err := st.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		page, err := st.PublishedArticle(ctx, model.TypePage, "pedoman-media-siber")
		if err != nil || int64(set.GuidelinePageID) != page.ID {
			t.Errorf("guideline page setting %d, page %v (%v)", set.GuidelinePageID, page, err)
		}
		flood := bySlug["tanggul-kali-wening-tahap-dua"]
		list, err := st.Corrections(ctx, flood.ID)
		if err != nil || len(list) != 1 || list[0].Kind != model.CorrectionFix || !list[0].CreatedAt.After(flood.PublishedAt) {
			t.Errorf("corrections of the flood story: %+v (%v)", list, err)
		}
		if !bySlug["koridor-5-trans-wening-beroperasi"].Unverified {
			t.Error("the bus story is not marked as being verified")
		}
	})

	t.Run("the flood story has an English translation", func(t *testing.T) {
		id, en := bySlug["tanggul-kali-wening-tahap-dua"], bySlug["wening-river-flood-wall-second-stage"]
		if id.Lang != "id" || en.Lang != "en" || id.TranslationGroup == "" || id.TranslationGroup != en.TranslationGroup {
			t.Errorf("translation group %q (%s) / %q (%s)", id.TranslationGroup, id.Lang, en.TranslationGroup, en.Lang)
		}
	})

	t.Run("the festival story embeds a video with its running time and local poster", func(t *testing.T) {
		a, err := st.PublishedArticle(ctx, model.TypePost, "festival-layang-layang-pantai-wening")
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Embeds) != 1 {
			t.Fatalf("%d embeds, want 1", len(a.Embeds))
		}
		e := a.Embeds[0]
		if e.Provider != "youtube" || e.Duration != 3*time.Minute+6*time.Second || e.Title == "" ||
			!strings.HasPrefix(e.URL, "https://www.youtube.com/watch?v=") ||
			!strings.HasPrefix(e.EmbedURL, "https://www.youtube-nocookie.com/embed/") {
			t.Errorf("embed = %+v", e)
		}
		if !strings.HasPrefix(e.PosterURL, "/media/") {
			t.Fatalf("poster %q is not local", e.PosterURL)
		}
		checkPNG(t, mediaDir, strings.TrimPrefix(e.PosterURL, "/media/"), posterWidth, posterWidth*9/16)
	})

	t.Run("the market story credits a reporter and a photographer", func(t *testing.T) {
		a, err := st.PublishedArticle(ctx, model.TypePost, "pasar-lawang-sari-dibuka-kembali")
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Bylines) != 2 || a.Bylines[0].Role != model.BylineReporter || a.Bylines[1].Role != model.BylinePhotographer ||
			a.Bylines[0].User.Slug == a.Bylines[1].User.Slug || a.Bylines[1].User.DisplayName == "" {
			t.Errorf("bylines = %+v", a.Bylines)
		}
	})

	t.Run("the wire story is attributed and closed to comments", func(t *testing.T) {
		a := bySlug["harga-cabai-mulai-turun"]
		if a.SourceName == "" || !strings.HasPrefix(a.SourceURL, "https://") || !strings.Contains(a.SourceURL, ".example.org/") {
			t.Errorf("source = %q %q", a.SourceName, a.SourceURL)
		}
		if a.CommentStatus != model.CommentsClosed {
			t.Errorf("comment status = %q, want closed", a.CommentStatus)
		}
	})

	t.Run("comments are threaded three deep and the pending one stays hidden", func(t *testing.T) {
		flood := bySlug["tanggul-kali-wening-tahap-dua"]
		cs, err := st.ApprovedComments(ctx, flood.ID)
		if err != nil {
			t.Fatal(err)
		}
		parent := map[int64]int64{}
		withURL := false
		for _, c := range cs {
			parent[c.ID] = c.ParentID
			withURL = withURL || c.AuthorURL != ""
			if c.AuthorEmail != "" {
				t.Errorf("comment %d exposes an email on a public read", c.ID)
			}
			if !strings.HasPrefix(string(c.Content), "<p>") {
				t.Errorf("comment %d content %q is not paragraphs", c.ID, c.Content)
			}
		}
		depth := 0
		for id := range parent {
			d := 1
			for p := parent[id]; p != 0; p = parent[p] {
				d++
			}
			depth = max(depth, d)
		}
		if depth < 3 || !withURL || flood.CommentCount != len(cs) {
			t.Errorf("depth %d, a website given %v, count %d of %d", depth, withURL, flood.CommentCount, len(cs))
		}
		var commented int
		for _, a := range posts {
			if a.CommentCount > 0 {
				commented++
			}
		}
		if commented < 3 {
			t.Errorf("%d articles have comments, want 3 or more", commented)
		}
		bus := bySlug["koridor-5-trans-wening-beroperasi"]
		pending, err := st.ApprovedComments(ctx, bus.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) != 0 || bus.CommentCount != 0 {
			t.Errorf("the pending comment shows: %d approved, count %d", len(pending), bus.CommentCount)
		}
	})

	t.Run("featured images and their variants are on disk at their stated sizes", func(t *testing.T) {
		withImage := 0
		for _, a := range posts {
			m := a.FeaturedImage
			if m == nil {
				continue
			}
			withImage++
			if m.Alt == "" || m.Caption == "" || m.MimeType != "image/png" {
				t.Errorf("%s: media %+v", a.Slug, m)
			}
			size := checkPNG(t, mediaDir, m.Path, m.Width, m.Height)
			if size != m.Size {
				t.Errorf("%s: stored size %d, file has %d", m.Path, m.Size, size)
			}
			if len(m.Variants) != len(imageSizes)-1 {
				t.Errorf("%s: %d variants", m.Path, len(m.Variants))
			}
			for _, v := range m.Variants {
				checkPNG(t, mediaDir, v.Path, v.Width, v.Height)
			}
		}
		if withImage < len(posts)*3/4 {
			t.Errorf("%d of %d posts have a featured image", withImage, len(posts))
		}
	})
}

// checkPNG checks that the file under mediaDir is a PNG of w×h, smaller
// than 60 KB, and returns its size.
func checkPNG(t *testing.T, mediaDir, rel string, w, h int) int64 {
	t.Helper()
	f, err := os.Open(filepath.Join(mediaDir, filepath.FromSlash(rel)))
	if err != nil {
		t.Error(err)
		return 0
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Errorf("%s: %v", rel, err)
		return 0
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != w || cfg.Height != h || fi.Size() >= 60<<10 {
		t.Errorf("%s: %d×%d, %d bytes; want %d×%d under 60 KB", rel, cfg.Width, cfg.Height, fi.Size(), w, h)
	}
	return fi.Size()
}

// testSeedAgain seeds an already seeded store.
func testSeedAgain(t *testing.T, st *store.Store, mediaDir string) {
	ctx := context.Background()
	articles, err := st.CountArticles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	users, err := st.CountUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = Seed(ctx, st, media.NewFolder(mediaDir), seedNow.Add(time.Hour))
	if !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("second Seed = %v, want ErrNotEmpty", err)
	}
	if n, _ := st.CountArticles(ctx); n != articles {
		t.Errorf("articles %d → %d", articles, n)
	}
	if n, _ := st.CountUsers(ctx); n != users {
		t.Errorf("users %d → %d", users, n)
	}
}

// BenchmarkSeed measures a whole seed on SQLite, pictures included.
func BenchmarkSeed(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		st := storetest.New(b)
		dir := b.TempDir()
		b.StartTimer()
		if err := Seed(context.Background(), st, media.NewFolder(dir), seedNow); err != nil {
			b.Fatal(err)
		}
	}
}
