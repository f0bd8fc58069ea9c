package hostile_test

import (
	"fmt"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/store"
	"warta/internal/tools/hostile"
)

// plant is what a surface needs to store its payloads: the store, the
// site's settings, and the list of pages to look at afterwards.
type plant struct {
	t      *testing.T
	st     *store.Store
	set    model.Settings
	author *model.User
	paths  []string
	// The whole site served, for surfaces that go through its handlers,
	// and an editor signed in to it.
	app    *app
	editor *client
	// Newsroom pages to check signed in as the editor.
	adminPaths []string
	// Comment forms a reader fills in and sends from an article page in
	// Chromium; the page answering the submit is checked.
	submits []submit
}

// submit is a comment form filled in on page with fields.
type submit struct {
	page   string
	fields map[string]string
}

// visit adds a page to check.
func (p *plant) visit(path string) { p.paths = append(p.paths, path) }

// visitAdmin adds a newsroom page to check signed in.
func (p *plant) visitAdmin(path string) { p.adminPaths = append(p.adminPaths, path) }

// article stores a published post and visits its page.
func (p *plant) article(a *model.Article) *model.Article {
	p.t.Helper()
	if a.Slug == "" {
		a.Slug = fmt.Sprintf("berita-%d", time.Now().UnixNano())
	}
	if a.Title == "" {
		a.Title = "Berita biasa"
	}
	a.Type = model.TypePost
	a.Status = model.StatusPublished
	a.Lang = "id"
	if a.PublishedAt.IsZero() {
		a.PublishedAt = time.Now().Add(-time.Hour)
	}
	if len(a.Bylines) == 0 {
		a.Bylines = []model.Byline{{User: *p.author}}
	}
	if err := p.st.InsertArticle(p.t.Context(), a); err != nil {
		p.t.Fatalf("plant article: %v", err)
	}
	p.visit(a.Path(model.Permalinks{Loc: p.set.Location()}))
	return a
}

// comment stores an approved comment as the comment form would after
// moderation: content through the comment sanitizer, name and website as
// typed.
func (p *plant) comment(articleID int64, name, url, content string) {
	p.t.Helper()
	c := &model.Comment{
		ArticleID: articleID, AuthorName: name, AuthorEmail: "pembaca@example.test", AuthorURL: url,
		Content: sanitize.CommentHTML(content), Status: model.CommentApproved, Kind: model.CommentKindComment,
		IP: "192.0.2.9", UserAgent: "hostile",
	}
	if err := p.st.InsertComment(p.t.Context(), c); err != nil {
		p.t.Fatalf("plant comment: %v", err)
	}
}

// surface is one input a reader, contributor or importer controls. plant
// stores the payloads numbered from base through it and lists the pages
// that show them.
type surface struct {
	name  string
	plant func(p *plant, base int)
}

// surfaces lists every input a reader, contributor or importer controls.
// The first entries store through the store's own methods, as the rule
// packages would; those after them go through the real handlers: the
// comment form, the newsroom's article form, the search box, the
// newsroom's list filters and a WXR import.
var surfaces = []surface{
	{"article body written in HTML, through the article sanitizer", func(p *plant, base int) {
		p.article(&model.Article{BodyHTML: sanitize.ArticleHTML(hostile.Joined(hostile.Markup(base)))})
	}},
	{"article body written in Markdown", func(p *plant, base int) {
		src := hostile.Joined(hostile.Markup(base))
		body, err := sanitize.Markdown(src)
		if err != nil {
			p.t.Fatal(err)
		}
		p.article(&model.Article{Source: src, SourceFormat: model.FormatMarkdown, BodyHTML: body})
	}},
	{"article title", func(p *plant, base int) {
		p.article(&model.Article{Title: hostile.Joined(hostile.Markup(base))})
	}},
	{"article excerpt", func(p *plant, base int) {
		p.article(&model.Article{Excerpt: hostile.Joined(hostile.Markup(base))})
	}},
	{"article slug", func(p *plant, base int) {
		// Shown in links on the front page; its own page is not reachable
		// by a path a browser would send, so only the lists are checked.
		a := &model.Article{Slug: hostile.Markup(base)[1].Text}
		p.article(a)
		p.paths = p.paths[:len(p.paths)-1]
	}},
	{"source attribution name and URL, video embed fields", func(p *plant, base int) {
		names := hostile.Markup(base)
		for i, u := range hostile.URLs(base) {
			p.article(&model.Article{
				SourceName: names[i%len(names)].Text,
				SourceURL:  u.Text,
				Embeds: []model.Embed{{
					Provider: "youtube", URL: u.Text, EmbedURL: u.Text, PosterURL: u.Text,
					Title: names[(i+1)%len(names)].Text, Duration: 186 * time.Second,
				}},
			})
		}
	}},
	{"comment content, name and website", func(p *plant, base int) {
		a := p.article(&model.Article{Title: "Berita dengan komentar"})
		urls := hostile.URLs(base)
		for i, m := range hostile.Markup(base) {
			p.comment(a.ID, m.Text, urls[i%len(urls)].Text, m.Text)
		}
	}},
	{"category and tag names and descriptions", func(p *plant, base int) {
		text := hostile.Joined(hostile.Markup(base))
		cat := &model.Term{Taxonomy: model.TaxonomyCategory, Slug: "rubrik-berbahaya", Name: text, Description: text}
		tag := &model.Term{Taxonomy: model.TaxonomyTag, Slug: "label-berbahaya", Name: text, Description: text}
		for _, term := range []*model.Term{cat, tag} {
			if err := p.st.InsertTerm(p.t.Context(), term); err != nil {
				p.t.Fatal(err)
			}
		}
		p.article(&model.Article{Categories: []model.Term{*cat}, Tags: []model.Term{*tag}})
		p.visit("/category/rubrik-berbahaya/")
		p.visit("/tag/label-berbahaya/")
	}},
	{"author display name", func(p *plant, base int) {
		u := &model.User{Login: "penulis-berbahaya", Email: "penulis@example.test", Slug: "penulis-berbahaya",
			DisplayName: hostile.Joined(hostile.Markup(base)), Role: model.RoleContributor}
		if err := p.st.InsertUser(p.t.Context(), u); err != nil {
			p.t.Fatal(err)
		}
		p.article(&model.Article{Bylines: []model.Byline{{User: *u}}})
		p.visit("/author/penulis-berbahaya/")
	}},
	{"site title and tagline", func(p *plant, base int) {
		p.set.Title = hostile.Joined(hostile.Markup(base)[:16])
		p.set.Tagline = hostile.Joined(hostile.Markup(base)[16:])
		if err := p.st.SaveSettings(p.t.Context(), p.set); err != nil {
			p.t.Fatal(err)
		}
	}},
	{"comment form fields, through POST /comments and approved in the newsroom", plantCommentForm},
	{"newsroom article form, from a contributor, published by an editor", plantNewsroomForm},
	{"newsroom article form's source and video fields", plantNewsroomURLs},
	{"search box", plantSearch},
	{"newsroom list filters", plantAdminFilters},
	{"imported WXR", plantWXR},
}

// surfaceOf names the surface a __pwn number came from.
func surfaceOf(n string) string {
	var k int
	fmt.Sscan(n, &k)
	if i := k / 1000; i >= 1 && i <= len(surfaces) {
		return surfaces[i-1].name
	}
	return "unknown surface"
}

// hostileSite serves the whole site through the real server chain
// (security headers included), plants every surface's payloads into st
// and returns what to check.
func hostileSite(t *testing.T, st *store.Store) *plant {
	t.Helper()
	set, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	set.PostsPerPage = 50 // every planted article on the front page
	// Many comments from one address, sent at once by a script.
	set.CommentMinSeconds, set.CommentRateIP, set.CommentRateEmail = 0, 0, 0
	if err := st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	author := &model.User{Login: "redaksi", Email: "redaksi@example.test", Slug: "redaksi", DisplayName: "Redaksi", Role: model.RoleAuthor}
	if err := st.InsertUser(t.Context(), author); err != nil {
		t.Fatal(err)
	}
	a := newApp(t, st)
	p := &plant{t: t, st: st, set: set, author: author, app: a}
	p.editor = a.client(t).signIn(a.user(t, "penyunting", model.RoleEditor))
	for i, s := range surfaces {
		s.plant(p, (i+1)*1000)
	}
	p.visit("/")
	for _, f := range []string{"/feed/", "/feed/atom/", "/feed.json", "/comments/feed/"} {
		p.visit(f)
	}
	p.visitAdmin("/admin/")
	p.visitAdmin("/admin/articles/")
	p.visitAdmin("/admin/categories/")
	p.visitAdmin("/admin/tags/")
	return p
}
