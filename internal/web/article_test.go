package web_test

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// The public site's handler tests run declared scenarios
// (internal/tools/scenario) against the whole site over a real store.

// newSite is the whole site over st at https://warta.example, with the
// settings edit changes (nil: the defaults, an Indonesian site in
// Asia/Jakarta).
func newSite(t *testing.T, st *store.Store, edit func(*model.Settings)) *scenario.Site {
	t.Helper()
	return scenario.New(t, st, scenario.Options{BaseURL: "https://warta.example", Settings: edit})
}

// movedTo is a request sent on for good (301) to to.
func movedTo(path, to string) scenario.Scenario {
	return scenario.Scenario{Name: path + " is sent to " + to, URL: path, ExpectedStatus: http.StatusMovedPermanently,
		ExpectedHeaders: map[string]string{"Location": to}}
}

// notFound is a request answered 404, sent nowhere, with the page holding
// content.
func notFound(path string, content ...string) scenario.Scenario {
	return scenario.Scenario{Name: path + " is not found", URL: path, ExpectedStatus: http.StatusNotFound,
		ExpectedHeaders: map[string]string{"Location": scenario.NoHeader}, ExpectedContent: content}
}

// story is the reference article of the design brief and what surrounds it.
type story struct {
	article            *model.Article
	path               string
	budi, siti, andi   *model.User
	politik            *model.Term
	pemilu             *model.Term
	related, unrelated *model.Article
	first, reply       *model.Comment
	deep               *model.Comment
	pending, spam      *model.Comment
}

// published is 20:00 UTC on Thursday 25 April 2024: already Friday 26 April,
// 03:00, in Jakarta.
var published = time.Date(2024, 4, 25, 20, 0, 0, 0, time.UTC)

const storyBody = `<p>Debat berlangsung sengit sejak menit pertama.</p>
<figure class="quote"><blockquote><p>Kami akan menurunkan harga pangan.</p></blockquote><figcaption>— <cite>Ani Wijaya</cite>, calon presiden</figcaption></figure>
<p>Lawannya menjawab bahwa <q>janji itu sudah terdengar lima tahun lalu</q>.</p>`

func newStory(t *testing.T, st *store.Store) *story {
	t.Helper()
	s := &story{
		budi:    storetest.User(t, st, "Budi Santoso"),
		siti:    storetest.User(t, st, "Siti Rahma"),
		andi:    storetest.User(t, st, "Andi Lensa"),
		politik: storetest.Term(t, st, model.TaxonomyCategory, "Politik"),
		pemilu:  storetest.Term(t, st, model.TaxonomyTag, "Pemilu"),
	}
	img := storetest.Image(t, st)
	poster := storetest.Image(t, st)
	s.article = storetest.Post(t, st, func(a *model.Article) {
		a.Slug = "debat-capres-memanas"
		a.Title = "Debat capres memanas di Jakarta"
		a.BodyHTML = template.HTML(storyBody)
		a.Excerpt = "Debat berlangsung sengit sejak menit pertama."
		a.PublishedAt = published
		a.ModifiedAt = published.Add(2 * time.Hour)
		a.Bylines = []model.Byline{
			{User: *s.budi, Role: model.BylineAuthor},
			{User: *s.siti, Role: model.BylineReporter},
			{User: *s.andi, Role: model.BylinePhotographer},
		}
		a.Categories = []model.Term{*s.politik}
		a.Tags = []model.Term{*s.pemilu}
		a.FeaturedMediaID = img.ID
		a.Embeds = []model.Embed{{
			Provider:  "youtube",
			URL:       "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
			EmbedURL:  "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
			Title:     "Cuplikan debat capres",
			Duration:  3*time.Minute + 6*time.Second,
			PosterURL: poster.URL(),
		}}
		a.SourceName = "Kantor Berita Nusantara"
		a.SourceURL = "https://kbn.example/debat"
	})
	s.path = "/2024/04/26/debat-capres-memanas/"
	s.related = storetest.Post(t, st, func(a *model.Article) {
		a.Title = "Jadwal kampanye pemilu diumumkan"
		a.Tags = []model.Term{*s.pemilu}
		a.PublishedAt = published.Add(-24 * time.Hour)
	})
	s.unrelated = storetest.Post(t, st, func(a *model.Article) {
		a.Title = "Resep rendang sederhana"
		a.PublishedAt = published.Add(-48 * time.Hour)
	})
	id := s.article.ID
	s.first = storetest.Comment(t, st, id, func(c *model.Comment) {
		c.AuthorName = "Rina Kartika"
		c.AuthorEmail = "rina.secret@example.test"
		c.AuthorURL = "https://rina.example/"
		c.Content = "<p>Debat yang mencerahkan.</p>"
		c.CreatedAt = published.Add(time.Hour)
	})
	s.reply = storetest.Comment(t, st, id, func(c *model.Comment) {
		c.ParentID = s.first.ID
		c.AuthorName = "Joko Prasetyo"
		c.AuthorEmail = "joko.secret@example.test"
		c.Content = "<p>Setuju, terutama soal pangan.</p>"
		c.CreatedAt = published.Add(2 * time.Hour)
	})
	s.deep = storetest.Comment(t, st, id, func(c *model.Comment) {
		c.ParentID = s.reply.ID
		c.AuthorName = "Wati Lestari"
		c.Content = "<p>Balasan yang sangat dalam.</p>"
		c.CreatedAt = published.Add(3 * time.Hour)
	})
	s.pending = storetest.Comment(t, st, id, func(c *model.Comment) {
		c.Status = model.CommentPending
		c.Content = "<p>Komentar yang menunggu moderasi.</p>"
	})
	s.spam = storetest.Comment(t, st, id, func(c *model.Comment) {
		c.Status = model.CommentSpam
		c.Content = "<p>Beli obat murah di sini.</p>"
	})
	return s
}

func TestArticlePage(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			s := newStory(t, st)
			// Depth 2, so that the reply to the reply shows at the second level.
			w := newSite(t, st, func(set *model.Settings) { set.ThreadDepth = 2 }).Client()
			body := w.Get(t, s.path).Body
			testArticleContent(t, s, body)
			testArticleComments(t, s, w, body)
			testArticleResources(t, body)
		})
	}
}

func testArticleContent(t *testing.T, s *story, body string) {
	t.Run("the page and the article carry their languages", func(t *testing.T) {
		scenario.Contains(t, body, `<html lang="id">`, `<article class="article" lang="id" data-views="/views/`)
	})
	t.Run("the headline is the only h1", func(t *testing.T) {
		scenario.Contains(t, body, `<h1 class="article-title">Debat capres memanas di Jakarta</h1>`)
		if n := strings.Count(body, "<h1"); n != 1 {
			t.Errorf("%d h1 elements", n)
		}
	})
	t.Run("the byline names every author, in order, linking their archives", func(t *testing.T) {
		by := scenario.Element(body, `class="byline"`)
		if got, want := scenario.Text(by), "Oleh Budi Santoso dan Siti Rahma · Foto: Andi Lensa"; got != want {
			t.Errorf("byline reads %q, want %q", got, want)
		}
		scenario.Contains(t, by, `<a href="/author/budi-santoso/" rel="author">Budi Santoso</a>`,
			`<a href="/author/siti-rahma/" rel="author">Siti Rahma</a>`, `<a href="/author/andi-lensa/">Andi Lensa</a>`)
	})
	t.Run("the dates are in Indonesian and in the site's time zone", func(t *testing.T) {
		scenario.Contains(t, body,
			`<time datetime="2024-04-25T20:00:00Z">Jumat, 26 April 2024 pukul 03.00 WIB</time>`,
			`Diperbarui <time datetime="2024-04-25T22:00:00Z">Jumat, 26 April 2024 pukul 05.00 WIB</time>`)
	})
	t.Run("the featured image has its variants, size and alt text", func(t *testing.T) {
		img := scenario.Element(body, `class="featured-image"`)
		scenario.Contains(t, img, `srcset="/media/2024/04/image-`, `600w, /media/2024/04/image-`, `1200w"`,
			`sizes="`, `width="1200" height="800"`, `alt="Image `, `fetchpriority="high"`)
	})
	t.Run("the body keeps its quoted statements", func(t *testing.T) {
		scenario.Contains(t, body, `<figure class="quote"><blockquote><p>Kami akan menurunkan harga pangan.</p></blockquote><figcaption>— <cite>Ani Wijaya</cite>, calon presiden</figcaption></figure>`,
			`<q>janji itu sudah terdengar lima tahun lalu</q>`)
	})
	t.Run("the video is a card with poster, title and running time, linking the video", func(t *testing.T) {
		card := scenario.Element(body, `class="video-card"`)
		if card == "" {
			t.Fatal("no video card")
		}
		scenario.Contains(t, card, `href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"`, `Cuplikan debat capres`,
			`<time class="video-card-duration" datetime="PT3M6S">3:06</time>`, `Putar video`,
			`src="/media/2024/04/image-`, `alt="Cuplikan video: Cuplikan debat capres"`)
	})
	t.Run("the source of the story is credited with a link", func(t *testing.T) {
		scenario.Contains(t, scenario.Text(scenario.Element(body, `class="source"`)), "Sumber: Kantor Berita Nusantara")
		scenario.Contains(t, body, `<a href="https://kbn.example/debat">Kantor Berita Nusantara</a>`)
	})
	t.Run("categories and tags link their archives", func(t *testing.T) {
		footer := scenario.Element(body, `class="article-footer"`)
		scenario.Contains(t, footer, `<a href="/category/politik/">Politik</a>`, `<a href="/tag/pemilu/" rel="tag">Pemilu</a>`)
	})
	t.Run("related articles share a term, others do not appear", func(t *testing.T) {
		rel := scenario.Element(body, `class="related"`)
		scenario.Contains(t, rel, "Artikel terkait", s.related.Title, `href="`+s.related.Path(model.Permalinks{Loc: jakarta(t)})+`"`)
		scenario.Lacks(t, rel, s.unrelated.Title)
	})
}

func testArticleComments(t *testing.T, s *story, w *scenario.Client, body string) {
	commentID := func(c *model.Comment) string { return fmt.Sprintf(`id="comment-%d"`, c.ID) }
	t.Run("the heading counts the approved comments", func(t *testing.T) {
		scenario.Contains(t, body, `<h2 id="comments-title">3 komentar</h2>`)
	})
	t.Run("a reply is nested inside its parent", func(t *testing.T) {
		parent := scenario.Element(body, commentID(s.first))
		if parent == "" {
			t.Fatal("the first comment is missing")
		}
		scenario.Contains(t, parent, `<ol class="children">`, commentID(s.reply), "Setuju, terutama soal pangan.")
	})
	t.Run("a reply deeper than the thread depth is shown at the deepest level", func(t *testing.T) {
		reply := scenario.Element(body, commentID(s.reply))
		scenario.Lacks(t, reply, commentID(s.deep))
		scenario.Contains(t, scenario.Element(body, commentID(s.first)), commentID(s.deep))
	})
	t.Run("a commenter's website is linked as user content", func(t *testing.T) {
		scenario.Contains(t, scenario.Element(body, commentID(s.first)), `<a href="https://rina.example/" rel="ugc nofollow noopener">Rina Kartika</a>`)
	})
	t.Run("each comment has a reply link", func(t *testing.T) {
		scenario.Contains(t, scenario.Element(body, commentID(s.first)), fmt.Sprintf(`href="?replytocom=%d#respond"`, s.first.ID), ">Balas</a>")
	})
	t.Run("pending and spam comments are not shown", func(t *testing.T) {
		scenario.Lacks(t, body, "Komentar yang menunggu moderasi.", "Beli obat murah", commentID(s.pending), commentID(s.spam))
	})
	t.Run("no email address appears anywhere in the page", func(t *testing.T) {
		scenario.Lacks(t, body, "rina.secret", "joko.secret", "@example.test")
	})
	t.Run("the reply form has labelled fields, required markers and the notice", func(t *testing.T) {
		form := scenario.Element(body, `id="respond"`)
		scenario.Contains(t, form, `<form method="post" action="/comments"`,
			"Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *",
			fmt.Sprintf(`<input type="hidden" name="article_id" value="%d">`, s.article.ID),
			`<input type="hidden" name="parent_id" value="0">`,
			"Simpan nama, email, dan situs web saya pada peramban ini untuk komentar berikutnya.",
			`>Kirim Komentar</button>`)
		fields := []struct{ id, label, tag string }{
			{"reply-name", "Nama", `<input id="reply-name" name="name" type="text"`},
			{"reply-email", "Email", `<input id="reply-email" name="email" type="email"`},
			{"reply-url", "Situs web", `<input id="reply-url" name="url" type="url"`},
			{"reply-comment", "Komentar", `<textarea id="reply-comment" name="comment"`},
			{"reply-remember", "Simpan nama", `<input id="reply-remember" name="remember" type="checkbox"`},
		}
		for _, f := range fields {
			label := scenario.Element(form, `<label for="`+f.id+`"`)
			if !strings.Contains(scenario.Text(label), f.label) {
				t.Errorf("label of %s reads %q", f.id, scenario.Text(label))
			}
			scenario.Contains(t, form, f.tag)
		}
		for _, id := range []string{"reply-name", "reply-email", "reply-comment"} {
			start := strings.Index(form, `id="`+id+`"`)
			tag := form[start : start+strings.Index(form[start:], ">")]
			if !strings.Contains(tag, " required") {
				t.Errorf("%s is not required: %s", id, tag)
			}
			if !strings.Contains(scenario.Element(form, `<label for="`+id+`"`), `<span class="required" aria-hidden="true">*</span>`) {
				t.Errorf("the label of %s has no * marker", id)
			}
		}
		if strings.Contains(scenario.Element(form, `<label for="reply-url"`), "*") {
			t.Error("the optional website is marked required")
		}
	})
	t.Run("a reply link prefills the parent and names its author", func(t *testing.T) {
		res := w.Get(t, fmt.Sprintf("%s?replytocom=%d", s.path, s.first.ID)).Body
		scenario.Contains(t, res, fmt.Sprintf(`name="parent_id" value="%d"`, s.first.ID), "Balas ke Rina Kartika", "Batalkan balasan")
	})
	t.Run("a reply link to a comment not shown here is ignored", func(t *testing.T) {
		res := w.Get(t, fmt.Sprintf("%s?replytocom=%d", s.path, s.pending.ID)).Body
		scenario.Contains(t, res, `name="parent_id" value="0"`, "Tinggalkan Balasan")
	})
}

func testArticleResources(t *testing.T, body string) {
	t.Run("no iframe and no third-party resource before a click", func(t *testing.T) {
		scenario.Lacks(t, body, "<iframe", "preconnect", "dns-prefetch")
		for _, attr := range []string{"src", "srcset", "poster"} {
			for _, v := range scenario.AttrValues(body, attr) {
				if strings.Contains(v, "youtube") || strings.Contains(v, "vimeo") || strings.Contains(v, "//") {
					t.Errorf("%s=%q loads from another host", attr, v)
				}
			}
		}
		for _, v := range scenario.AttrValues(body, "href") {
			if strings.Contains(v, "youtube") && !regexp.MustCompile(`^https://www\.youtube\.com/watch`).MatchString(v) {
				t.Errorf("href=%q", v)
			}
		}
	})
	t.Run("no inline script or style", func(t *testing.T) {
		scenario.Lacks(t, body, "<style", " style=", "<script>")
		scenario.Contains(t, body, `<script src="/static/warta.`, `" defer></script>`)
	})
}

// The words about a story (byline, dates, labels) are in the story's own
// language, whatever the site's; the site's chrome and the comment section
// stay in the site's.
func TestArticleLabelsInItsOwnLanguage(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			s := newStory(t, st)
			w := newSite(t, st, func(set *model.Settings) { set.Language = "en" }).Client()
			body := w.Get(t, s.path).Body
			t.Run("an Indonesian story on an English site is dated in Indonesian", func(t *testing.T) {
				scenario.Contains(t, body, "Diterbitkan <time", "Jumat, 26 April 2024 pukul 03.00 WIB")
			})
			t.Run("its byline is in Indonesian", func(t *testing.T) {
				if got, want := scenario.Text(scenario.Element(body, `class="byline"`)), "Oleh Budi Santoso dan Siti Rahma · Foto: Andi Lensa"; got != want {
					t.Errorf("byline reads %q, want %q", got, want)
				}
			})
			t.Run("the page is English and the article keeps its own language", func(t *testing.T) {
				scenario.Contains(t, body, `<html lang="en">`, `<article class="article" lang="id" data-views="/views/`)
			})
			t.Run("the comment section is in the site's English", func(t *testing.T) {
				scenario.Contains(t, body, "3 comments", ">Reply</a>", "Leave a Reply",
					"Your email address will not be published. Required fields are marked *",
					"Save my name, email, and website in this browser for the next time I comment.",
					"Related articles")
			})
			en := storetest.Post(t, st, func(a *model.Article) {
				a.Slug, a.Title, a.Lang = "tidal-flood", "Tidal flood recedes", "en"
				a.BodyHTML = "<p>The water went down overnight.</p>"
				a.PublishedAt = published
				a.Bylines = []model.Byline{{User: *s.budi, Role: model.BylineAuthor}, {User: *s.andi, Role: model.BylinePhotographer}}
			})
			w = newSite(t, st, func(set *model.Settings) { set.Language = "id" }).Client()
			body = w.Get(t, en.Path(model.Permalinks{Loc: jakarta(t)})).Body
			t.Run("an English story on an Indonesian site says By and Published", func(t *testing.T) {
				scenario.Contains(t, body, `<html lang="id">`, `<article class="article" lang="en" data-views="/views/`,
					"Published <time", "Friday, 26 April 2024 at 03:00 WIB")
				if got, want := scenario.Text(scenario.Element(body, `class="byline"`)), "By Budi Santoso · Photo: Andi Lensa"; got != want {
					t.Errorf("byline reads %q, want %q", got, want)
				}
				scenario.Lacks(t, body, "Diterbitkan <time")
			})
		})
	}
}

func TestArticleRouting(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			s := newStory(t, st)
			closed := storetest.Post(t, st, func(a *model.Article) {
				a.Slug = "komentar-ditutup"
				a.CommentStatus = model.CommentsClosed
				a.PublishedAt = published
			})
			draft := storetest.Post(t, st, func(a *model.Article) {
				a.Slug = "masih-draf"
				a.Status = model.StatusDraft
				a.PublishedAt = published
			})
			locked := storetest.Post(t, st, func(a *model.Article) {
				a.Password = "rahasia"
				a.BodyHTML = "<p>Isi rahasia.</p>"
				a.PublishedAt = published
			})
			storetest.Comment(t, st, locked.ID, func(c *model.Comment) { c.Content = "<p>Komentar rahasia.</p>" })
			w := newSite(t, st, nil).Client()
			gone := []string{"Halaman tidak ditemukan", `<nav class="site-nav"`}
			w.Run(t,
				movedTo("/2024/04/25/debat-capres-memanas/", s.path),
				movedTo("/2023/01/01/debat-capres-memanas/?replytocom=1", s.path+"?replytocom=1"),
				movedTo("/2024/4/26/debat-capres-memanas/", s.path),
				movedTo("/2024/04/26/debat-capres-memanas", s.path),
				notFound("/2024/04/26/tidak-ada/", gone...),
				notFound("/2024/04/26/"+draft.Slug+"/", gone...),
				notFound(s.path+"lagi/", gone...),
			)
			t.Run("a password-protected article withholds its body and comments", func(t *testing.T) {
				body := w.Get(t, locked.Path(model.Permalinks{Loc: jakarta(t)})).Body
				scenario.Contains(t, body, locked.Title, "Artikel ini dilindungi kata sandi.")
				scenario.Lacks(t, body, "Isi rahasia.", "Komentar rahasia.", "<form")
			})
			t.Run("comments closed: the thread says so and there is no form", func(t *testing.T) {
				body := w.Get(t, closed.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})).Body
				scenario.Contains(t, body, "Komentar ditutup.")
				scenario.Lacks(t, body, "<form", "replytocom")
			})
		})
	}
}

func jakarta(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestFailedCommentForm sends the comment form with mistakes: the article
// comes back with everything the reader typed and each problem named.
func TestFailedCommentForm(t *testing.T) {
	st := storetest.New(t)
	s := newStory(t, st)
	w := newSite(t, st, nil).Client()
	form := func(parent int64) url.Values {
		return url.Values{"article_id": {strconv.FormatInt(s.article.ID, 10)}, "parent_id": {strconv.FormatInt(parent, 10)},
			"name": {"Dewi"}, "email": {"dewi@contoh"}, "url": {"https://dewi.example/"},
			"comment": {"Menurut saya <b>tidak</b> begitu."}, "remember": {"yes"}}
	}
	body := w.Do(t, scenario.Scenario{Name: "a reply with a wrong email address", Method: http.MethodPost, URL: "/comments",
		Form: form(s.first.ID), ExpectedStatus: http.StatusUnprocessableEntity,
		ExpectedHeaders: map[string]string{"Location": scenario.NoHeader},
		ExpectedContent: []string{`<meta name="robots" content="noindex">`}}).Body
	t.Run("everything the reader typed is kept, escaped", func(t *testing.T) {
		scenario.Contains(t, body, `value="Dewi"`, `value="dewi@contoh"`, `value="https://dewi.example/"`,
			`Menurut saya &lt;b&gt;tidak&lt;/b&gt; begitu.</textarea>`, `value="yes" checked>`,
			fmt.Sprintf(`name="parent_id" value="%d"`, s.first.ID), "Balas ke Rina Kartika")
	})
	t.Run("the summary names the problem and links its field", func(t *testing.T) {
		summary := scenario.Element(body, `class="form-errors"`)
		scenario.Contains(t, summary, `role="alert"`, `<a href="#reply-email">Email: Alamat email tidak valid.</a>`)
	})
	t.Run("the wrong field is marked and described", func(t *testing.T) {
		scenario.Contains(t, body, `aria-invalid="true" aria-describedby="reply-email-error"`,
			`<span id="reply-email-error" class="field-error">Alamat email tidak valid.</span>`)
		scenario.Lacks(t, scenario.Element(body, `<p class="field">`), `aria-invalid`) // the comment field is fine
	})
	t.Run("a reply to a comment not shown names that problem and links the form", func(t *testing.T) {
		w.Do(t, scenario.Scenario{Name: "a reply to a pending comment", Method: http.MethodPost, URL: "/comments",
			Form: form(s.pending.ID), ExpectedStatus: http.StatusUnprocessableEntity,
			ExpectedContent: []string{`<a href="#commentform">Komentar yang Anda balas tidak ditemukan.</a>`, `value="Dewi"`}})
	})
}
