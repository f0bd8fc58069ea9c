package hostile_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"warta/internal/model"
	"warta/internal/tools/hostile"
	"warta/internal/wxr"
)

var commentIDInLocation = regexp.MustCompile(`(?:#comment-|unapproved=)(\d+)`)

// plantCommentForm posts every payload as a reader through POST /comments
// (name, website and comment; the email must be an address to be kept),
// twice: the first batch is approved through the newsroom's comment
// queue and shows on the article, the second waits in the queue. A form
// carrying every payload in every field at once is also sent from the
// article page in Chromium, where it is refused and shown again as typed.
func plantCommentForm(p *plant, base int) {
	t := p.t
	a := p.article(&model.Article{Title: "Berita untuk komentar pembaca"})
	reader := p.app.client(t)
	urls, markup := hostile.URLs(base), hostile.Markup(base)
	var approve []string
	for batch := range 2 {
		for i, m := range markup {
			form := url.Values{
				"article_id": {strconv.FormatInt(a.ID, 10)},
				"name":       {m.Text},
				"email":      {fmt.Sprintf("pembaca-%d-%d@example.test", batch, i)},
				"url":        {urls[i%len(urls)].Text},
				// Words around it: a comment of nothing but a script is
				// empty once sanitized, and refused for that.
				"comment": {"Komentar " + m.Text + " selesai"},
				"token":   {reader.get("/comments/token").body},
			}
			r := reader.post("/comments", form)
			if r.status == http.StatusUnprocessableEntity {
				// The website was refused: the form comes back as typed.
				if bad := hostile.LiveMarkup(r.body); bad != "" {
					t.Fatalf("the refused comment form for %s shows live markup: %s", m.Name, bad)
				}
				form.Set("url", "")
				r = reader.post("/comments", form)
			}
			mm := commentIDInLocation.FindStringSubmatch(r.location)
			if r.status != http.StatusSeeOther || mm == nil {
				t.Fatalf("comment with %s: %d to %q\n%.2000s", m.Name, r.status, r.location, r.body)
			}
			if batch == 0 {
				approve = append(approve, mm[1])
			}
		}
	}
	p.editor.get("/admin/comments/?status=pending")
	r := p.editor.post("/admin/comments/", url.Values{"action": {"approve"}, "id": approve, "from": {"pending"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("approving in the comment queue: %d\n%.2000s", r.status, r.body)
	}
	for _, id := range approve {
		n, _ := strconv.ParseInt(id, 10, 64)
		if c, err := p.st.Comment(t.Context(), n); err != nil || c.Status != model.CommentApproved {
			t.Fatalf("comment %s is not approved after the queue's approve: %v", id, err)
		}
	}
	p.visit(a.Path(model.Permalinks{Loc: p.set.Location()}) + "feed/")
	p.visitAdmin("/admin/comments/?status=pending")
	p.visitAdmin("/admin/comments/?status=approved")
	p.visitAdmin("/admin/comments/" + approve[0] + "/reply")
	p.submits = append(p.submits, submit{page: a.Path(model.Permalinks{Loc: p.set.Location()}), fields: map[string]string{
		"name": hostile.Joined(markup), "email": hostile.Joined(markup), "url": hostile.Joined(urls), "comment": hostile.Joined(markup),
	}})
}

// articleForm is the newsroom's article form as a browser sends it.
func articleForm(title, body, status string) url.Values {
	return url.Values{"type": {"post"}, "title": {title}, "body": {body}, "format": {model.FormatMarkdown},
		"status": {status}, "lang": {"id"}, "comments_open": {"1"}}
}

// saveAndPublish saves form as a contributor (submitted for review), then
// the editor opens it and publishes it as it is. It returns the published
// article.
func saveAndPublish(p *plant, contributor *client, form url.Values) *model.Article {
	t := p.t
	t.Helper()
	contributor.get("/admin/articles/new")
	form.Set("status", string(model.StatusPending))
	r := contributor.post("/admin/articles/new", form)
	m := regexp.MustCompile(`^/admin/articles/(\d+)`).FindStringSubmatch(r.location)
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("contributor's save: %d to %q\n%.3000s", r.status, r.location, r.body)
	}
	p.editor.get(m[0])
	form.Set("status", string(model.StatusPublished))
	form.Del("csrf")
	if r := p.editor.post(m[0], form); r.status != http.StatusSeeOther {
		t.Fatalf("editor's publish: %d\n%.3000s", r.status, r.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	a, err := p.st.ArticleByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != model.StatusPublished {
		t.Fatalf("article %d is %s after the editor published it", id, a.Status)
	}
	p.visit(a.Path(model.Permalinks{Loc: p.set.Location()}))
	p.visitAdmin(m[0])
	return a
}

// plantNewsroomForm sends the payloads through the newsroom's article form
// as a contributor types them — titles (cut to the 300 characters a title
// may have), slug, excerpt, a Markdown body with raw HTML in it, a
// category created on the spot and tags — and has an editor publish each.
func plantNewsroomForm(p *plant, base int) {
	t := p.t
	contributor := p.app.client(t).signIn(p.app.user(t, "kontributor", model.RoleContributor))
	markup := hostile.Markup(base)
	var titles []string
	cur := ""
	for _, m := range markup {
		if len(cur)+len(m.Text)+1 > 300 {
			titles = append(titles, cur)
			cur = ""
		}
		cur = strings.TrimSpace(cur + " " + m.Text)
	}
	titles = append(titles, cur)
	for i, title := range titles {
		form := articleForm(title, "Isi berita biasa.", "")
		if i == 0 {
			// An image needs its alt text to be published, so the body's
			// images carry one; their handlers are as hostile as ever.
			body := strings.NewReplacer("<img ", `<img alt="gambar" `, "<IMG ", `<IMG ALT="gambar" `).Replace(hostile.Joined(markup))
			n := strconv.Itoa(base + 99)
			form = articleForm(title, "# Judul\n\n"+body+"\n\n[tautan](javascript:__pwn("+n+"))\n\n![gambar](javascript:__pwn("+n+"))\n\n<https://example.com/\"onmouseover=\"__pwn("+n+")>\n", "")
			form.Set("slug", markup[1].Text)
			form.Set("excerpt", hostile.Joined(markup))
			form.Set("new_categories", markup[0].Text)
			var tags []string
			for _, m := range markup[:8] {
				tags = append(tags, m.Text)
			}
			form.Set("tags", strings.Join(tags, ","))
		}
		a := saveAndPublish(p, contributor, form)
		for _, term := range append(a.Categories, a.Tags...) {
			p.visit("/" + map[string]string{model.TaxonomyCategory: "category", model.TaxonomyTag: "tag"}[term.Taxonomy] + "/" + term.Slug + "/")
			p.visit("/" + map[string]string{model.TaxonomyCategory: "category", model.TaxonomyTag: "tag"}[term.Taxonomy] + "/" + term.Slug + "/feed/")
		}
		if i == 0 && len(a.Categories) == 0 {
			t.Fatalf("the category typed in the form was not created")
		}
	}
}

// plantNewsroomURLs sends each URL payload as an article's source link,
// video URL and poster, with markup payloads as the source's name and the
// video's title. A URL the form refuses comes back in the editor as typed
// (checked here) and is then replaced by a good one so the names still
// reach the page.
func plantNewsroomURLs(p *plant, base int) {
	t := p.t
	contributor := p.app.client(t).signIn(p.app.user(t, "kontributor2", model.RoleContributor))
	markup := hostile.Markup(base)
	for i, u := range hostile.URLs(base) {
		form := articleForm("Sumber dan video "+strconv.Itoa(i), "Isi berita dengan video.", "")
		form.Set("source_name", markup[i%len(markup)].Text)
		form.Set("source_url", u.Text)
		form.Set("embed_url", u.Text)
		form.Set("embed_title", markup[(i+1)%len(markup)].Text)
		form.Set("embed_duration", "03:06")
		form.Set("embed_poster", u.Text)
		contributor.get("/admin/articles/new")
		form.Set("status", string(model.StatusPending))
		r := contributor.post("/admin/articles/new", form)
		switch r.status {
		case http.StatusUnprocessableEntity:
			if bad := hostile.LiveMarkup(r.body); bad != "" {
				t.Fatalf("the editor refusing %s shows live markup: %s", u.Name, bad)
			}
			form.Set("source_url", "https://sumber.example/asli")
			form.Set("embed_url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
		case http.StatusSeeOther:
			t.Logf("the form took %s as a URL", u.Name)
		default:
			t.Fatalf("saving %s: %d\n%.2000s", u.Name, r.status, r.body)
		}
		form.Del("csrf")
		saveAndPublish(p, contributor, form)
	}
}

// plantSearch puts the payloads in the search box: all at once, and a
// few alone, on /search and on the front page's ?s=.
func plantSearch(p *plant, base int) {
	markup := hostile.Markup(base)
	p.visit("/search?q=" + url.QueryEscape(hostile.Joined(markup)))
	p.visit("/?s=" + url.QueryEscape(hostile.Joined(hostile.URLs(base))))
	for _, i := range []int{0, 1, 17, 18, 19, 26} {
		p.visit("/search?q=" + url.QueryEscape(markup[i].Text))
	}
	p.visit("/search?q=" + url.QueryEscape(markup[2].Text) + "&paged=" + url.QueryEscape(markup[3].Text))
}

// plantAdminFilters puts the payloads in the newsroom's list filters: the
// comment queue's status, the article and page lists' search and status.
func plantAdminFilters(p *plant, base int) {
	all := url.QueryEscape(hostile.Joined(hostile.Markup(base)))
	p.visitAdmin("/admin/comments/?status=" + all + "&page=" + all)
	p.visitAdmin("/admin/articles/?s=" + all + "&status=" + all)
	p.visitAdmin("/admin/articles/?s=" + all + "&status=publish&page=" + all)
	p.visitAdmin("/admin/pages/?s=" + all + "&status=" + all)
	p.visitAdmin("/admin/articles/?notice=" + all)
}

// plantWXR imports a WordPress export whose titles, contents, excerpts,
// comment authors and texts, category names and author display names are
// payloads, and visits the pages showing them.
func plantWXR(p *plant, base int) {
	t := p.t
	markup := hostile.Markup(base)
	cdata := func(s string) string { return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>" }
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Situs lama</title>
	<link>https://lama.example</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://lama.example</wp:base_site_url>
`)
	fmt.Fprintf(&b, "\t<wp:author><wp:author_id>90</wp:author_id><wp:author_login>penulis-wxr</wp:author_login><wp:author_email>wxr@lama.example</wp:author_email><wp:author_display_name>%s</wp:author_display_name></wp:author>\n", cdata(hostile.Joined(markup)))
	fmt.Fprintf(&b, "\t<wp:category><wp:term_id>91</wp:term_id><wp:category_nicename>rubrik-wxr</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>%s</wp:cat_name></wp:category>\n", cdata(hostile.Joined(markup)))
	for i, m := range markup {
		fmt.Fprintf(&b, `	<item>
		<title>%s</title>
		<link>https://lama.example/wxr-%d/</link>
		<dc:creator>penulis-wxr</dc:creator>
		<content:encoded>%s</content:encoded>
		<excerpt:encoded>%s</excerpt:encoded>
		<wp:post_id>%d</wp:post_id>
		<wp:post_date_gmt>2023-08-17 01:%02d:00</wp:post_date_gmt>
		<wp:post_name>wxr-%d</wp:post_name>
		<wp:status>publish</wp:status>
		<wp:post_type>post</wp:post_type>
		<category domain="category" nicename="rubrik-wxr">%s</category>
		<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author>%s</wp:comment_author><wp:comment_author_email>c%d@lama.example</wp:comment_author_email><wp:comment_author_url>%s</wp:comment_author_url><wp:comment_date_gmt>2023-08-18 01:00:00</wp:comment_date_gmt><wp:comment_content>%s</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
	</item>
`, cdata(m.Text), i, cdata(m.Text+"\n\n"+hostile.Joined(markup)), cdata(m.Text), 100+i, i, i, cdata(hostile.Joined(markup)),
			500+i, cdata(m.Text), i, cdata(hostile.URLs(base)[i%6].Text), cdata(m.Text))
	}
	b.WriteString("</channel>\n</rss>\n")
	path := filepath.Join(t.TempDir(), "hostile.wxr")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := wxr.Import(t.Context(), p.st, path, wxr.Options{}); err != nil {
		t.Fatalf("import: %v", err)
	}
	for i := range markup {
		a, err := p.st.ArticleBySlug(t.Context(), model.TypePost, "wxr-"+strconv.Itoa(i))
		if err != nil {
			t.Fatalf("imported post wxr-%d: %v", i, err)
		}
		if i%8 == 0 {
			p.visit(a.Path(model.Permalinks{Loc: p.set.Location()}))
		}
	}
	u, err := p.st.UserByLogin(t.Context(), "penulis-wxr")
	if err != nil {
		t.Fatal(err)
	}
	p.visit("/author/" + u.Slug + "/")
	p.visit("/author/" + u.Slug + "/feed/")
	p.visit("/category/rubrik-wxr/")
	p.visit("/category/rubrik-wxr/feed/")
}
