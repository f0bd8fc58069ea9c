package store_test

import (
	"fmt"
	"html/template"
	"strings"
	"syscall"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// pageArticle is a published post as a news site's article page shows it:
// two bylines, two categories, four tags, a featured image with variants,
// an embed, a translation and 30 approved comments (a third of them
// replies), among a few hundred other posts with comments of their own.
type pageArticle struct {
	st *store.Store
	a  *model.Article
}

func newPageArticle(t testing.TB, st *store.Store) pageArticle {
	t.Helper()
	ctx := t.Context()
	reporter := storetest.User(t, st, "Rina Wulandari")
	editor := storetest.User(t, st, "Budi Santoso")
	var cats, tags []model.Term
	for _, name := range []string{"Nasional", "Politik"} {
		cats = append(cats, *storetest.Term(t, st, model.TaxonomyCategory, name))
	}
	for _, name := range []string{"Pemilu", "DPR", "Jakarta", "Anggaran"} {
		tags = append(tags, *storetest.Term(t, st, model.TaxonomyTag, name))
	}
	img := storetest.Image(t, st)
	var body strings.Builder
	for i := range 12 {
		fmt.Fprintf(&body, "<p>Paragraf %d: rapat anggaran di gedung DPR berlangsung hingga larut malam, "+
			"dengan perdebatan panjang tentang alokasi dana daerah dan pengawasan belanja negara.</p>", i)
	}
	published := time.Date(2026, 3, 15, 9, 17, 37, 882908000, time.UTC)
	var others []*model.Article
	for i := range 300 {
		others = append(others, &model.Article{
			Type: model.TypePost, Slug: fmt.Sprintf("berita-%d", i), Title: fmt.Sprintf("Berita %d", i),
			BodyHTML: template.HTML(body.String()), Excerpt: "Ringkasan.", Status: model.StatusPublished,
			PublishedAt: published.Add(-time.Duration(i+1) * time.Hour), Lang: "id",
			Bylines:    []model.Byline{{User: *reporter, Role: model.BylineReporter}},
			Categories: cats[:1], Tags: tags[i%4 : i%4+1],
		})
	}
	if err := st.InsertArticles(ctx, others); err != nil {
		t.Fatal(err)
	}
	a := storetest.Post(t, st, func(a *model.Article) {
		a.Slug, a.Title = "rapat-anggaran-dpr", "Rapat anggaran DPR berlangsung hingga larut malam"
		a.BodyHTML, a.Excerpt = template.HTML(body.String()), "Rapat anggaran berlangsung hingga larut malam."
		a.PublishedAt, a.ModifiedAt, a.CreatedAt = published, published.Add(90*time.Minute), published.Add(-2*time.Hour)
		a.TranslationGroup = "rapat-anggaran"
		a.FeaturedMediaID = img.ID
		a.Bylines = []model.Byline{{User: *reporter, Role: model.BylineReporter}, {User: *editor, Role: model.BylineEditor}}
		a.Categories, a.Tags = cats, tags
		a.Embeds = []model.Embed{{Provider: "youtube", URL: "https://www.youtube.com/watch?v=abc123",
			EmbedURL: "https://www.youtube-nocookie.com/embed/abc123", Title: "Rapat anggaran", Duration: 312 * time.Second}}
	})
	storetest.Post(t, st, func(t *model.Article) {
		t.Slug, t.Title, t.Lang, t.TranslationGroup = "budget-meeting", "Budget meeting runs late", "en", "rapat-anggaran"
		t.Bylines = a.Bylines[:1]
	})
	var comments []*model.Comment
	for i, art := range append([]*model.Article{a}, others[:50]...) {
		n := 30
		if i == 0 {
			n = 20 // and 10 replies below
		}
		for k := range n {
			comments = append(comments, &model.Comment{
				ArticleID: art.ID, AuthorName: fmt.Sprintf("Pembaca %d", k), AuthorEmail: "pembaca@example.test",
				AuthorURL: "https://pembaca.example", Content: "<p>Pendapat saya tentang rapat ini: perlu pengawasan lebih ketat.</p>",
				Status: model.CommentApproved, Kind: model.CommentKindComment,
				CreatedAt: published.Add(time.Duration(k)*17*time.Minute + time.Duration(k)*1234567*time.Nanosecond),
			})
		}
	}
	if err := st.InsertComments(ctx, comments); err != nil {
		t.Fatal(err)
	}
	// A third of the article's comments reply to an earlier one.
	var replies []*model.Comment
	for k := range 10 {
		replies = append(replies, &model.Comment{
			ArticleID: a.ID, ParentID: comments[k].ID, AuthorName: "Penjawab", Content: "<p>Setuju.</p>",
			Status: model.CommentApproved, Kind: model.CommentKindComment,
			CreatedAt: published.Add(time.Duration(k)*17*time.Minute + 5*time.Minute),
		})
	}
	if err := st.InsertComments(ctx, replies); err != nil {
		t.Fatal(err)
	}
	return pageArticle{st: st, a: a}
}

// cpuPerOp starts counting and returns what reports the process's CPU
// time (user and system) per op: on a shared machine it depends much less
// on what else runs than the wall time does.
func cpuPerOp(b *testing.B) func() {
	b.ReportAllocs()
	start := processCPU()
	return func() { b.ReportMetric(float64((processCPU()-start).Nanoseconds())/float64(b.N), "cpu-ns/op") }
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPublishedArticle reads one article as its page does.
func BenchmarkPublishedArticle(b *testing.B) {
	p := newPageArticle(b, storetest.New(b))
	defer cpuPerOp(b)()
	for b.Loop() {
		a, err := p.st.PublishedArticle(b.Context(), model.TypePost, p.a.Slug)
		if err != nil || a.ID != p.a.ID {
			b.Fatal(err)
		}
	}
}

// BenchmarkApprovedComments reads the 30 comments an article page shows.
func BenchmarkApprovedComments(b *testing.B) {
	p := newPageArticle(b, storetest.New(b))
	defer cpuPerOp(b)()
	for b.Loop() {
		list, err := p.st.ApprovedComments(b.Context(), p.a.ID)
		if err != nil || len(list) != 30 {
			b.Fatal(len(list), err)
		}
	}
}

// BenchmarkArticlePageReads is every store read of an uncached article
// page but the memoized related articles: the article, its translations
// and its comments.
func BenchmarkArticlePageReads(b *testing.B) {
	p := newPageArticle(b, storetest.New(b))
	ctx := b.Context()
	defer cpuPerOp(b)()
	for b.Loop() {
		a, err := p.st.PublishedArticle(ctx, model.TypePost, p.a.Slug)
		if err != nil {
			b.Fatal(err)
		}
		tr, err := p.st.Translations(ctx, a)
		if err != nil || len(tr) != 1 {
			b.Fatal(len(tr), err)
		}
		list, err := p.st.ApprovedComments(ctx, a.ID)
		if err != nil || len(list) != 30 {
			b.Fatal(len(list), err)
		}
	}
}
