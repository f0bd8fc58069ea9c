package wxr

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"warta/internal/model"
	"warta/internal/store"
)

// Export writes the whole site as WXR 1.2, the version WordPress's importer
// reads, article by article (one in memory at a time). baseURL is the
// site's public URL, used for links and base_site_url. WordPress keeps
// posts and attachments in one id space, so attachments are numbered after
// the highest article id. progress, when set, is called after each
// article with the articles written and their total.
func Export(ctx context.Context, st *store.Store, w io.Writer, baseURL string, progress func(done, total int)) error {
	settings, err := st.Settings(ctx)
	if err != nil {
		return err
	}
	loc := settings.Location()
	links, err := st.PermalinksFor(ctx, settings)
	if err != nil {
		return err
	}
	base := strings.TrimRight(baseURL, "/")
	bw := bufio.NewWriterSize(w, 64<<10)
	e := &exporter{w: bw, loc: loc, links: links, base: base}

	articleIDs, err := st.ArticleIDs(ctx)
	if err != nil {
		return err
	}
	if n := len(articleIDs); n > 0 {
		e.mediaOffset = articleIDs[n-1]
	}
	users, err := st.AllUsers(ctx)
	if err != nil {
		return err
	}
	e.logins = map[int64]string{}
	for _, u := range users {
		e.logins[u.ID] = u.Login
	}

	e.printf(`<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file written by warta, for WordPress's importer. -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
`)
	e.el(1, "title", settings.Title, false)
	e.el(1, "link", base, false)
	e.el(1, "description", settings.Tagline, false)
	e.el(1, "pubDate", time.Now().UTC().Format(time.RFC1123Z), false)
	e.el(1, "language", settings.Language, false)
	e.el(1, "wp:wxr_version", "1.2", false)
	e.el(1, "wp:base_site_url", base, false)
	e.el(1, "wp:base_blog_url", base, false)
	for _, u := range users {
		e.printf("\t<wp:author>")
		e.el(0, "wp:author_id", strconv.FormatInt(u.ID, 10), false)
		e.el(0, "wp:author_login", u.Login, true)
		e.el(0, "wp:author_email", u.Email, true)
		e.el(0, "wp:author_display_name", u.DisplayName, true)
		e.el(0, "wp:author_first_name", "", true)
		e.el(0, "wp:author_last_name", "", true)
		e.printf("</wp:author>\n")
	}
	for _, taxo := range []string{model.TaxonomyCategory, model.TaxonomyTag} {
		terms, err := st.Terms(ctx, taxo)
		if err != nil {
			return err
		}
		slugs := map[int64]string{}
		for _, t := range terms {
			slugs[t.ID] = t.Slug
			e.termOffset = max(e.termOffset, t.ID)
		}
		// WordPress creates categories in file order: parents first.
		for _, t := range parentsFirst(terms) {
			if taxo == model.TaxonomyCategory {
				e.printf("\t<wp:category>")
				e.el(0, "wp:term_id", strconv.FormatInt(t.ID, 10), false)
				e.el(0, "wp:category_nicename", t.Slug, true)
				e.el(0, "wp:category_parent", slugs[t.ParentID], true)
				e.el(0, "wp:cat_name", t.Name, true)
				e.el(0, "wp:category_description", t.Description, true)
				e.printf("</wp:category>\n")
			} else {
				e.printf("\t<wp:tag>")
				e.el(0, "wp:term_id", strconv.FormatInt(t.ID, 10), false)
				e.el(0, "wp:tag_slug", t.Slug, true)
				e.el(0, "wp:tag_name", t.Name, true)
				e.el(0, "wp:tag_description", t.Description, true)
				e.printf("</wp:tag>\n")
			}
		}
	}
	// Custom taxonomies' terms, kept by an import.
	custom, err := st.WPTerms(ctx)
	if err != nil {
		return err
	}
	menus, err := st.WPMenus(ctx)
	if err != nil {
		return err
	}
	e.menuTerms(menus)
	for _, t := range custom {
		e.printf("\t<wp:term>")
		e.el(0, "wp:term_taxonomy", t.Taxonomy, true)
		e.el(0, "wp:term_slug", t.Slug, true)
		e.el(0, "wp:term_parent", t.Parent, true)
		e.el(0, "wp:term_name", t.Name, true)
		e.el(0, "wp:term_description", t.Description, true)
		e.printf("</wp:term>\n")
	}
	for i, id := range articleIDs {
		if err := ctx.Err(); err != nil {
			return err
		}
		a, err := st.ArticleByID(ctx, id)
		if err != nil {
			return err
		}
		comments, err := st.AllComments(ctx, id)
		if err != nil {
			return err
		}
		seo, err := st.ArticleSEO(ctx, id)
		if err != nil {
			return err
		}
		custom, err := st.ArticleWPTerms(ctx, id)
		if err != nil {
			return err
		}
		corrections, err := st.Corrections(ctx, id)
		if err != nil {
			return err
		}
		tk, err := st.TakedownOf(ctx, id)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
		e.article(a, comments, seo, custom, pressMeta(a, corrections, tk))
		if progress != nil {
			progress(i+1, len(articleIDs))
		}
	}
	mediaIDs, err := st.MediaIDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range mediaIDs {
		m, err := st.Media(ctx, id)
		if err != nil {
			return err
		}
		e.media(m)
	}
	after := e.mediaOffset
	if n := len(mediaIDs); n > 0 {
		after += mediaIDs[n-1]
	}
	items, err := menuItems(ctx, st, menus, after)
	if err != nil {
		return err
	}
	for _, x := range items {
		e.menuItem(x)
	}
	e.printf("</channel>\n</rss>\n")
	if e.err != nil {
		return fmt.Errorf("wxr: export: %w", e.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("wxr: export: %w", err)
	}
	return nil
}

// parentsFirst orders categories so each comes after its parent.
func parentsFirst(terms []model.Term) []model.Term {
	out := make([]model.Term, 0, len(terms))
	placed := map[int64]bool{}
	for len(out) < len(terms) {
		progress := false
		for _, t := range terms {
			if !placed[t.ID] && (t.ParentID == 0 || placed[t.ParentID] || !hasTerm(terms, t.ParentID)) {
				out = append(out, t)
				placed[t.ID] = true
				progress = true
			}
		}
		if !progress { // a cycle: write the rest as they are
			for _, t := range terms {
				if !placed[t.ID] {
					out = append(out, t)
					placed[t.ID] = true
				}
			}
		}
	}
	return out
}

func hasTerm(terms []model.Term, id int64) bool {
	for _, t := range terms {
		if t.ID == id {
			return true
		}
	}
	return false
}

type exporter struct {
	w           *bufio.Writer
	err         error
	loc         *time.Location
	links       model.Permalinks
	base        string
	mediaOffset int64
	termOffset  int64 // the highest term id: menus' terms come after
	logins      map[int64]string
}

func (e *exporter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// el writes <name>value</name>, as CDATA when cdata is set (the way
// WordPress writes free text), indented by tabs (0: inline).
func (e *exporter) el(tabs int, name, value string, cdata bool) {
	v := xmlEscape(value)
	if cdata {
		v = cdataOf(value)
	}
	if tabs > 0 {
		e.printf("%s<%s>%s</%s>\n", strings.Repeat("\t", tabs), name, v, name)
	} else {
		e.printf("<%s>%s</%s>", name, v, name)
	}
}

// cdataOf wraps s in CDATA, splitting any "]]>" inside it as WordPress does.
func cdataOf(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

var xmlReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func xmlEscape(s string) string { return xmlReplacer.Replace(s) }

// wpStatuses maps warta's statuses back onto WordPress's.
var wpStatuses = map[model.Status]string{
	model.StatusPublished: "publish", model.StatusScheduled: "future", model.StatusDraft: "draft",
	model.StatusPending: "pending", model.StatusPrivate: "private", model.StatusTrash: "trash",
}

var wpCommentStatuses = map[model.CommentStatus]string{
	model.CommentApproved: "1", model.CommentPending: "0", model.CommentSpam: "spam", model.CommentTrash: "trash",
}

const wpDate = "2006-01-02 15:04:05"

func (e *exporter) dates(t time.Time) (local, gmt string) {
	if t.IsZero() {
		return "0000-00-00 00:00:00", "0000-00-00 00:00:00"
	}
	return t.In(e.loc).Format(wpDate), t.UTC().Format(wpDate)
}

func (e *exporter) article(a *model.Article, comments []model.Comment, seo model.SEO, custom []model.WPTerm, press [][2]string) {
	link := e.base + a.Path(e.links)
	if a.Status != model.StatusPublished {
		link = e.base + "/?p=" + strconv.FormatInt(a.ID, 10)
	}
	// The body is finished HTML: a Custom HTML block keeps WordPress from
	// adding paragraphs to it. Embeds travel as embed blocks (oEmbeds) or
	// [video]/[audio] shortcodes.
	content := "<!-- wp:html -->\n" + string(a.BodyHTML) + "\n<!-- /wp:html -->"
	for _, em := range a.Embeds {
		switch em.Provider {
		case "video", "audio":
			content += "\n\n[" + em.Provider + ` src="` + strings.ReplaceAll(em.URL, `"`, "%22") + `"][/` + em.Provider + "]"
		default:
			attrs, _ := json.Marshal(map[string]string{"url": em.URL})
			content += "\n\n<!-- wp:embed " + string(attrs) + " -->\n<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\n" +
				em.URL + "\n</div></figure>\n<!-- /wp:embed -->"
		}
	}
	e.printf("\t<item>\n")
	e.el(2, "title", a.Title, false)
	e.el(2, "link", link, false)
	if !a.PublishedAt.IsZero() {
		e.el(2, "pubDate", a.PublishedAt.UTC().Format(time.RFC1123Z), false)
	}
	if len(a.Bylines) > 0 {
		e.el(2, "dc:creator", e.logins[a.Bylines[0].User.ID], true)
	}
	e.printf("\t\t<guid isPermaLink=\"false\">%s</guid>\n", xmlEscape(e.base+"/?p="+strconv.FormatInt(a.ID, 10)))
	e.el(2, "description", "", false)
	e.el(2, "content:encoded", content, true)
	e.el(2, "excerpt:encoded", a.Excerpt, true)
	e.el(2, "wp:post_id", strconv.FormatInt(a.ID, 10), false)
	local, gmt := e.dates(a.PublishedAt)
	e.el(2, "wp:post_date", local, true)
	e.el(2, "wp:post_date_gmt", gmt, true)
	local, gmt = e.dates(a.ModifiedAt)
	e.el(2, "wp:post_modified", local, true)
	e.el(2, "wp:post_modified_gmt", gmt, true)
	e.el(2, "wp:comment_status", a.CommentStatus, true)
	e.el(2, "wp:ping_status", a.CommentStatus, true)
	e.el(2, "wp:post_name", a.Slug, true)
	e.el(2, "wp:status", wpStatuses[a.Status], true)
	e.el(2, "wp:post_parent", strconv.FormatInt(a.ParentID, 10), false)
	e.el(2, "wp:menu_order", strconv.Itoa(a.MenuOrder), false)
	e.el(2, "wp:post_type", string(a.Type), true)
	e.el(2, "wp:post_password", a.Password, true)
	sticky := "0"
	if a.Sticky {
		sticky = "1"
	}
	e.el(2, "wp:is_sticky", sticky, false)
	for _, t := range a.Categories {
		e.printf("\t\t<category domain=\"category\" nicename=\"%s\">%s</category>\n", xmlEscape(t.Slug), cdataOf(t.Name))
	}
	for _, t := range a.Tags {
		e.printf("\t\t<category domain=\"post_tag\" nicename=\"%s\">%s</category>\n", xmlEscape(t.Slug), cdataOf(t.Name))
	}
	// Bylines after the first as Co-Authors Plus writes them, and the
	// custom taxonomies' terms, as WordPress names them.
	for i, b := range a.Bylines {
		if login := e.logins[b.User.ID]; i > 0 && login != "" {
			e.printf("\t\t<category domain=\"author\" nicename=\"%s\">%s</category>\n", xmlEscape("cap-"+login), cdataOf(login))
		}
	}
	for _, t := range custom {
		e.printf("\t\t<category domain=\"%s\" nicename=\"%s\">%s</category>\n", xmlEscape(t.Taxonomy), xmlEscape(t.Slug), cdataOf(t.Name))
	}
	// SEO fields as Yoast keeps them, which Rank Math also imports.
	noindex := ""
	if seo.NoIndex {
		noindex = "1"
	}
	image := seo.Image
	if strings.HasPrefix(image, "/") {
		image = e.base + image // Yoast keeps absolute URLs
	}
	for _, m := range append([][2]string{{"_yoast_wpseo_title", seo.Title}, {"_yoast_wpseo_metadesc", seo.Description},
		{"_yoast_wpseo_canonical", seo.Canonical}, {"_yoast_wpseo_meta-robots-noindex", noindex},
		{"_yoast_wpseo_opengraph-image", image}}, press...) {
		if m[1] != "" {
			e.printf("\t\t<wp:postmeta>")
			e.el(0, "wp:meta_key", m[0], true)
			e.el(0, "wp:meta_value", m[1], true)
			e.printf("</wp:postmeta>\n")
		}
	}
	if a.FeaturedMediaID != 0 {
		e.printf("\t\t<wp:postmeta>")
		e.el(0, "wp:meta_key", "_thumbnail_id", true)
		e.el(0, "wp:meta_value", strconv.FormatInt(e.mediaOffset+a.FeaturedMediaID, 10), true)
		e.printf("</wp:postmeta>\n")
	}
	for _, c := range comments {
		e.comment(c)
	}
	e.printf("\t</item>\n")
}

func (e *exporter) comment(c model.Comment) {
	typ := ""
	if c.Kind == model.CommentKindPingback || c.Kind == model.CommentKindTrackback {
		typ = c.Kind
	} else {
		typ = "comment"
	}
	local, gmt := e.dates(c.CreatedAt)
	e.printf("\t\t<wp:comment>\n")
	e.el(3, "wp:comment_id", strconv.FormatInt(c.ID, 10), false)
	e.el(3, "wp:comment_author", c.AuthorName, true)
	e.el(3, "wp:comment_author_email", c.AuthorEmail, true)
	e.el(3, "wp:comment_author_url", c.AuthorURL, false)
	e.el(3, "wp:comment_author_IP", c.IP, true)
	e.el(3, "wp:comment_date", local, true)
	e.el(3, "wp:comment_date_gmt", gmt, true)
	e.el(3, "wp:comment_content", commentText(string(c.Content)), true)
	e.el(3, "wp:comment_approved", wpCommentStatuses[c.Status], true)
	e.el(3, "wp:comment_type", typ, true)
	e.el(3, "wp:comment_parent", strconv.FormatInt(c.ParentID, 10), false)
	e.el(3, "wp:comment_user_id", strconv.FormatInt(c.UserID, 10), false)
	e.printf("\t\t</wp:comment>\n")
}

func (e *exporter) media(m *model.Media) {
	id := strconv.FormatInt(e.mediaOffset+m.ID, 10)
	url := e.base + m.URL()
	local, gmt := e.dates(m.CreatedAt)
	e.printf("\t<item>\n")
	name := m.Path[strings.LastIndex(m.Path, "/")+1:]
	e.el(2, "title", name, false)
	e.el(2, "link", e.base+"/?attachment_id="+id, false)
	e.el(2, "dc:creator", e.logins[m.UploaderID], true)
	e.printf("\t\t<guid isPermaLink=\"false\">%s</guid>\n", xmlEscape(url))
	e.el(2, "description", "", false)
	e.el(2, "content:encoded", "", true)
	e.el(2, "excerpt:encoded", m.Caption, true)
	e.el(2, "wp:post_id", id, false)
	e.el(2, "wp:post_date", local, true)
	e.el(2, "wp:post_date_gmt", gmt, true)
	e.el(2, "wp:post_name", slugify(strings.TrimSuffix(name, pathExt(name))), true)
	e.el(2, "wp:status", "inherit", true)
	e.el(2, "wp:post_parent", "0", false)
	e.el(2, "wp:post_type", "attachment", true)
	e.el(2, "wp:attachment_url", url, true)
	e.printf("\t\t<wp:postmeta>")
	e.el(0, "wp:meta_key", "_wp_attached_file", true)
	e.el(0, "wp:meta_value", m.Path, true)
	e.printf("</wp:postmeta>\n")
	if m.Alt != "" {
		e.printf("\t\t<wp:postmeta>")
		e.el(0, "wp:meta_key", "_wp_attachment_image_alt", true)
		e.el(0, "wp:meta_value", m.Alt, true)
		e.printf("</wp:postmeta>\n")
	}
	e.printf("\t</item>\n")
}

// commentText turns a stored comment's paragraphs back into the plain text
// with blank lines that WordPress stores and the comment form takes.
func commentText(h string) string {
	h = strings.ReplaceAll(h, "</p>\n<p>", "\n\n")
	h = strings.ReplaceAll(h, "</p><p>", "\n\n")
	h = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(h), "<p>"), "</p>")
	for _, br := range []string{"<br>\n", "<br/>\n", "<br />\n", "<br>", "<br/>", "<br />"} {
		h = strings.ReplaceAll(h, br, "\n")
	}
	return h
}

func pathExt(name string) string {
	if i := strings.LastIndex(name, "."); i > 0 {
		return name[i:]
	}
	return ""
}
