package wxr

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"image"
	_ "image/gif" // image sizes of imported attachments
	_ "image/jpeg"
	_ "image/png"
	"io"
	"mime"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/store"
)

func (im *importer) item(it *Item) error {
	key := itemKey(it)
	switch it.Type {
	case "post", "page":
		return im.article(it, key)
	case "attachment":
		return im.attachment(it, key)
	case "nav_menu_item":
		return im.menuItem(it, key)
	case "":
		im.report.skip("post", key, it.Title, message("wxr.skip.no_type"))
	default:
		im.report.skip("post", key, it.Title, message("wxr.skip.item_type", it.Type))
	}
	return nil
}

// itemKey is what an item is known by from one import to the next: its
// WordPress id; for an item without one (WordPress's preview export, some
// third-party exports), its guid, else its link, else its type, date and
// title, so that such items neither overwrite each other nor come twice.
func itemKey(it *Item) string {
	switch {
	case it.ID != 0:
		return strconv.FormatInt(it.ID, 10)
	case strings.TrimSpace(it.GUID) != "":
		return "guid:" + strings.TrimSpace(it.GUID)
	case strings.TrimSpace(it.Link) != "":
		return "link:" + strings.TrimSpace(it.Link)
	}
	return "item:" + digest(it.Type, it.PostDateGMT, it.PostDate, it.Title)
}

// creatorLogin reads an item's dc:creator leniently: stray angle brackets,
// quotes and spaces (a malformed "<dc:creator>>login") are dropped, and a
// creator that is not a login of the export's authors but their display
// name, or differs in case, is that author's login.
func (im *importer) creatorLogin(creator string) string {
	login := strings.Trim(creator, " \t\r\n<>\"'")
	if l, ok := im.authorLogins[strings.ToLower(login)]; ok {
		return l
	}
	return login
}

// statuses maps WordPress post statuses onto warta's.
var statuses = map[string]model.Status{
	"publish": model.StatusPublished,
	"future":  model.StatusScheduled,
	"draft":   model.StatusDraft,
	"pending": model.StatusPending,
	"private": model.StatusPrivate,
	"trash":   model.StatusTrash,
}

func (im *importer) article(it *Item, key string) error {
	status, ok := statuses[it.Status]
	if !ok {
		im.report.skip("post", key, it.Title, message("wxr.skip.status", it.Status))
		return nil
	}
	hash := digest(it.Title, it.Content, it.Excerpt, it.Status, it.Name, it.PostDate, it.PostDateGMT,
		it.Modified, it.Password, strconv.FormatBool(it.Sticky), it.CommentStatus, it.Creator,
		strconv.FormatInt(it.Parent, 10), strconv.Itoa(it.MenuOrder), it.MetaValue("_thumbnail_id"), fmt.Sprint(it.Terms), fieldsDigest(it))
	id, old, err := im.mapped("post", key)
	if err != nil {
		return err
	}
	if id != 0 && old == hash {
		im.report.skip("post", key, it.Title, message("wxr.skip.unchanged"))
		return im.comments(it, id)
	}
	a := &model.Article{
		ID: id, Type: model.ArticleType(it.Type), Title: it.Title, Status: status,
		SourceFormat: model.FormatHTML, Password: it.Password, Sticky: it.Sticky && it.Type == "post",
		MenuOrder: it.MenuOrder, CommentStatus: model.CommentsOpen, Lang: im.lang(),
	}
	if it.CommentStatus == "closed" {
		a.CommentStatus = model.CommentsClosed
	}
	p := im.prepare(it)
	a.Excerpt = p.excerpt
	im.countRemote(p.hits)
	im.queueBodyUploads(p.uploads)
	a.BodyHTML, a.Embeds = p.html, p.embeds
	a.PublishedAt = im.when(it.PostDateGMT, it.PostDate)
	if (status == model.StatusDraft || status == model.StatusPending) && im.when(it.PostDateGMT, "").IsZero() {
		// WordPress's zero GMT date on a draft means "publish when published".
		a.PublishedAt = time.Time{}
	}
	a.ModifiedAt = im.when(it.ModifiedGMT, it.Modified)
	if a.PublishedAt.IsZero() && (status == model.StatusPublished || status == model.StatusScheduled) {
		a.PublishedAt = im.when("", it.PubDate)
		if a.PublishedAt.IsZero() {
			a.PublishedAt = time.Now().UTC()
		}
	}
	a.CreatedAt = a.PublishedAt
	if a.CreatedAt.IsZero() {
		a.CreatedAt = time.Now().UTC()
	}
	if a.ModifiedAt.IsZero() {
		a.ModifiedAt = a.CreatedAt
	}
	slug := decodeSlug(it.Name)
	if slug == "" {
		slug = slugify(it.Title)
	}
	if slug == "" {
		slug = it.Type + "-" + key
	}
	if a.Slug, err = im.freeSlug("articles", it.Type, slug, id); err != nil {
		return err
	}
	if a.Slug != slug {
		im.report.Notes = append(im.report.Notes, message("wxr.note.slug_taken."+it.Type, key, slug, a.Slug))
	}
	if login := im.creatorLogin(it.Creator); login != "" {
		uid, err := im.ensureUser(login, nil)
		if err != nil {
			return err
		}
		a.Bylines = []model.Byline{{User: model.User{ID: uid}, Role: model.BylineAuthor}}
	}
	if err := im.addCoAuthors(it, a); err != nil {
		return err
	}
	for _, t := range it.Terms {
		taxo := wartaTaxonomy(t.Domain)
		if taxo == "" || it.Type != "post" {
			continue
		}
		tid, err := im.termID(taxo, decodeSlug(t.Nicename), t.Name)
		if err != nil {
			return err
		}
		if taxo == model.TaxonomyCategory {
			a.Categories = append(a.Categories, model.Term{ID: tid})
		} else {
			a.Tags = append(a.Tags, model.Term{ID: tid})
		}
	}
	pressFlags(it, a)
	// The SEO fields are written, and recorded in the revision, with the
	// article; a new article without any has none to remove.
	if seo := seoOf(it); id != 0 || !seo.Empty() {
		seo.Image = im.localURLs(seo.Image) // an upload copied is shown from here
		a.SEO = &seo
	}
	if err := im.tx.SaveArticle(a, &p.search); err != nil {
		return err
	}
	if err := im.articleFields(it, a, id != 0); err != nil {
		return err
	}
	// A new article has no corrections or takedown to replace.
	corrections, tk := pressEntries(it)
	if id != 0 || len(corrections) > 0 {
		if err := im.tx.SetCorrections(a.ID, corrections); err != nil {
			return err
		}
	}
	if tk != nil && a.Status == model.StatusPublished {
		tk = nil // published again since: the takedown was lifted
	}
	if tk != nil {
		tk.ArticleID = a.ID
	}
	if id != 0 || tk != nil {
		if err := im.tx.SetTakedown(a.ID, tk); err != nil {
			return err
		}
	}
	if id == 0 {
		im.report.Imported["post"]++
	} else {
		im.report.Updated["post"]++
	}
	thumb, _ := strconv.ParseInt(strings.TrimSpace(it.MetaValue("_thumbnail_id")), 10, 64)
	if id != 0 || it.Parent != 0 || thumb != 0 {
		// A new article without a parent or a featured image has none to set.
		im.articleLinks = append(im.articleLinks, articleLink{id: a.ID, wpParent: it.Parent, wpThumb: thumb})
	}
	if err := im.redirects(it, a); err != nil {
		return err
	}
	if err := im.setMapped("post", key, it.ID, a.ID, hash); err != nil {
		return err
	}
	return im.comments(it, a.ID)
}

// redirects sends the old permalink and the ?p= / ?page_id= links to the
// article's warta path. A redirect to itself is never written: with a
// matching permalink setting the old URL is simply the new one.
func (im *importer) redirects(it *Item, a *model.Article) error {
	if a.Status != model.StatusPublished {
		return nil // a redirect would reveal the slug of what readers cannot see
	}
	for _, b := range a.Bylines {
		im.publishedAuthors[b.User.ID] = true
	}
	var from []string
	if it.ID != 0 {
		from = append(from, "/?p="+strconv.FormatInt(it.ID, 10))
		if it.Type == "page" {
			from = append(from, "/?page_id="+strconv.FormatInt(it.ID, 10))
		}
	}
	if p := im.oldPath(it.Link); p != "" {
		from = append(from, p)
		if strings.HasSuffix(p, "/") && len(p) > 1 {
			from = append(from, strings.TrimSuffix(p, "/"))
		}
	}
	if a.Type == model.TypePage {
		// A page's path holds its parents', known once every page is in.
		im.pageRedirects = append(im.pageRedirects, pageRedirect{id: a.ID, slug: a.Slug, from: from})
		return nil
	}
	return im.setRedirects(from, im.linkPath(a))
}

// pageRedirect is what a page's redirects wait for: its parents.
type pageRedirect struct {
	id   int64
	slug string
	from []string
}

// setRedirects sends each old link to to, but never to itself.
func (im *importer) setRedirects(from []string, to string) error {
	for _, f := range from {
		if f == to || f+"/" == to {
			continue
		}
		if err := im.tx.SetRedirect(f, to); err != nil {
			return err
		}
	}
	return nil
}

// oldPath is the path (and query, for ?p= links) of an old permalink on
// the exported site, or "" when it is elsewhere.
func (im *importer) oldPath(link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Path == "" && u.RawQuery == "" {
		return ""
	}
	if base, err := url.Parse(im.siteKey); err == nil && base.Host != "" && !strings.EqualFold(base.Host, u.Host) {
		return ""
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

func (im *importer) attachment(it *Item, key string) error {
	att, ok := im.atts[it.ID]
	if !ok {
		// Without an id, the first pass could not note it.
		att = attachment{rel: uploadPath(it), alt: it.MetaValue("_wp_attachment_image_alt")}
		att.has = im.fileFor(att.rel) != ""
	}
	m := &model.Media{
		Path: att.rel, Alt: att.alt, Caption: strings.TrimSpace(sanitize.Text(it.Excerpt)),
		MimeType:  mime.TypeByExtension(strings.ToLower(path.Ext(att.rel))),
		CreatedAt: im.when(it.PostDateGMT, it.PostDate),
	}
	if m.MimeType == "" {
		m.MimeType = "application/octet-stream"
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now().UTC()
	}
	if login := im.creatorLogin(it.Creator); login != "" {
		uid, err := im.ensureUser(login, nil)
		if err != nil {
			return err
		}
		m.UploaderID = uid
	}
	var copyIt *fileCopy // copied after the commit, and only for a medium saved here
	if !att.has {
		// No file to carry: a medium without one would show as a broken
		// image. One imported earlier with its file is left as it is.
		if id, _, err := im.mapped("attachment", key); err != nil || id != 0 {
			if id != 0 {
				im.report.skip("attachment", key, it.Title, message("wxr.skip.unchanged"))
			}
			return err
		}
		reason := "wxr.skip.no_file"
		if im.opt.UploadsDir != "" || im.opt.FetchMedia {
			reason = "wxr.skip.file_missing"
			im.report.Notes = append(im.report.Notes, message("wxr.note.no_file", key, att.rel))
		}
		im.report.skip("attachment", key, it.Title, message(reason))
		return nil
	}
	src := im.fileFor(att.rel)
	info, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("wxr: %s: %w", src, err)
	}
	m.Size = info.Size()
	if f, err := os.Open(src); err == nil {
		if cfg, _, err := image.DecodeConfig(f); err == nil {
			m.Width, m.Height = cfg.Width, cfg.Height
		}
		f.Close()
	}
	copyIt = &fileCopy{src: src, key: att.rel}
	hash := digest(att.rel, att.alt, m.Caption, it.PostDateGMT, strconv.FormatInt(m.Size, 10))
	id, old, err := im.mapped("attachment", key)
	if err != nil {
		return err
	}
	if id != 0 && old == hash {
		im.report.skip("attachment", key, it.Title, message("wxr.skip.unchanged"))
		if copyIt != nil {
			return im.queueFile(id, *copyIt) // a file deleted since is restored
		}
		return nil
	}
	if id == 0 {
		if existing, err := im.tx.MediaIDByPath(m.Path); err == nil {
			im.report.skip("attachment", key, it.Title, message("wxr.skip.medium_exists"))
			return im.setMapped("attachment", key, it.ID, existing, hash)
		} else if !errors.Is(err, model.ErrNotFound) {
			return err
		}
	}
	m.ID = id
	if err := im.tx.SaveMedia(m); err != nil {
		return err
	}
	if copyIt != nil {
		if err := im.queueFile(m.ID, *copyIt); err != nil {
			return err
		}
	}
	if id == 0 {
		im.report.Imported["attachment"]++
	} else {
		im.report.Updated["attachment"]++
	}
	// ?p=ID and ?attachment_id=ID both reach an attachment on WordPress.
	links := []string{it.Link, it.AttachmentURL}
	if it.ID != 0 {
		links = append(links, "/?p="+strconv.FormatInt(it.ID, 10), "/?attachment_id="+strconv.FormatInt(it.ID, 10))
	}
	for _, link := range links {
		p := link
		if !strings.HasPrefix(p, "/?") {
			p = im.oldPath(link)
		}
		if p != "" && p != m.URL() {
			if err := im.tx.SetRedirect(p, m.URL()); err != nil {
				return err
			}
		}
	}
	return im.setMapped("attachment", key, it.ID, m.ID, hash)
}

// commentStatuses maps wp:comment_approved onto warta's statuses.
var commentStatuses = map[string]model.CommentStatus{
	"1": model.CommentApproved, "0": model.CommentPending, "spam": model.CommentSpam,
	"trash": model.CommentTrash, "post-trashed": model.CommentTrash,
}

func (im *importer) comments(it *Item, articleID int64) error {
	// What each comment is known by and becomes, before any is written:
	// the earlier imports' ids of them all are read in one query, and the
	// new ones written in one INSERT, with their import map rows in one.
	type pending struct {
		key, hash string
		c         *Comment
		wc        *model.Comment
	}
	var list []pending
	keys := make([]string, 0, len(it.Comments))
	seen := map[string]bool{}
	for i := range it.Comments {
		c := &it.Comments[i]
		key := strconv.FormatInt(c.ID, 10)
		if c.ID == 0 {
			// Without an id, a comment is known by its item and place.
			key = itemKey(it) + "#" + strconv.Itoa(i)
		}
		status, ok := commentStatuses[strings.TrimSpace(c.Approved)]
		if !ok {
			im.report.skip("comment", key, c.Author, message("wxr.skip.comment_status", c.Approved))
			continue
		}
		kind := model.CommentKindComment
		switch c.Type {
		case "pingback":
			kind = model.CommentKindPingback
		case "trackback":
			kind = model.CommentKindTrackback
		case "", "comment":
		default:
			im.report.skip("comment", key, c.Author, message("wxr.skip.comment_type", c.Type))
			continue
		}
		hash := digest(c.Author, c.AuthorEmail, c.AuthorURL, c.Content, c.Approved, c.Type, c.DateGMT,
			strconv.FormatInt(c.Parent, 10), strconv.FormatInt(articleID, 10))
		wc := &model.Comment{
			ArticleID: articleID, AuthorName: orDefault(c.Author, "Anonim"), AuthorEmail: strings.TrimSpace(c.AuthorEmail),
			AuthorURL: strings.TrimSpace(c.AuthorURL), UserID: im.wpUsers[c.UserID],
			Content: im.prepare(it).comments[i], Status: status, Kind: kind,
			CreatedAt: im.when(c.DateGMT, c.Date),
		}
		if wc.CreatedAt.IsZero() {
			wc.CreatedAt = time.Now().UTC()
		}
		list = append(list, pending{key: key, hash: hash, c: c, wc: wc})
		if !seen[key] {
			keys = append(keys, key)
			seen[key] = true
		}
	}
	if len(list) == 0 {
		return nil
	}
	if len(keys) < len(list) {
		// A comment id twice in one item: one by one, so the second
		// updates what the first wrote.
		for _, p := range list {
			if err := im.comment(p.key, p.hash, p.c, p.wc); err != nil {
				return err
			}
		}
		return nil
	}
	maps, err := im.tx.MappedMany(im.siteKey, "comment", keys)
	if err != nil {
		return err
	}
	var fresh []*model.Comment
	var freshMaps []store.KeyedMapping
	var parents []int64 // of fresh, WordPress's ids
	for _, p := range list {
		if _, ok := maps[p.key]; ok {
			// Imported before: checked and written one by one (its
			// target may have been deleted since).
			if err := im.comment(p.key, p.hash, p.c, p.wc); err != nil {
				return err
			}
			continue
		}
		fresh = append(fresh, p.wc)
		parents = append(parents, p.c.Parent)
		freshMaps = append(freshMaps, store.KeyedMapping{Key: p.key, Mapping: store.Mapping{WPID: p.c.ID, Hash: p.hash}})
	}
	if len(fresh) == 0 {
		return nil
	}
	if err := im.tx.InsertComments(fresh); err != nil {
		return err
	}
	for i, wc := range fresh {
		freshMaps[i].WartaID = wc.ID
		im.report.Imported["comment"]++
		if parents[i] != 0 {
			im.commentParents = append(im.commentParents, commentParent{id: wc.ID, wpParent: parents[i]})
		}
	}
	return im.tx.SetMappedMany(im.siteKey, "comment", freshMaps)
}

// comment writes one comment known by key, unless an earlier import wrote
// it as it is (hash); wc's ID is set when it is written.
func (im *importer) comment(key, hash string, c *Comment, wc *model.Comment) error {
	id, old, err := im.mapped("comment", key)
	if err != nil {
		return err
	}
	if id != 0 && old == hash {
		im.report.skip("comment", key, c.Author, message("wxr.skip.unchanged"))
		return nil
	}
	wc.ID = id
	if err := im.tx.SaveComment(wc); err != nil {
		return err
	}
	if id == 0 {
		im.report.Imported["comment"]++
	} else {
		im.report.Updated["comment"]++
	}
	if c.Parent != 0 {
		im.commentParents = append(im.commentParents, commentParent{id: wc.ID, wpParent: c.Parent})
	}
	return im.setMapped("comment", key, c.ID, wc.ID, hash)
}

// itemPrep is what of an item is worked out from it alone, and so while
// earlier items are written (importer.read): a post's content converted
// and sanitized, the remote images it shows, its comments sanitized.
type itemPrep struct {
	html     template.HTML
	embeds   []model.Embed
	hits     []remoteHit
	uploads  []fileCopy // files of the old uploads the content shows (bodyUploads)
	comments []template.HTML
	excerpt  string
	search   store.SearchText // of a post or page, for the search index
}

// prepare returns it's itemPrep, working it out on first use. It reads
// only what the first pass left, never changes im, and may run on another
// goroutine than the writes.
func (im *importer) prepare(it *Item) *itemPrep {
	if it.prep != nil {
		return it.prep
	}
	p := &itemPrep{comments: make([]template.HTML, len(it.Comments))}
	if it.Type == "post" || it.Type == "page" {
		content, hits := im.remoteHits(im.localURLs(it.Content))
		body := convertContent(content, im.resolveMedia)
		p.html, p.embeds, p.hits = sanitize.ArticleHTML(body.HTML), body.Embeds, hits
		p.uploads = im.bodyUploads(content)
		p.excerpt = strings.TrimSpace(sanitize.Text(it.Excerpt))
		p.search = store.ArticleSearchText(&model.Article{Lang: im.lang(), Title: it.Title, Excerpt: p.excerpt,
			BodyHTML: p.html, Password: it.Password})
	}
	for i, c := range it.Comments {
		p.comments[i] = sanitize.CommentHTML(c.Content)
	}
	it.prep = p
	return p
}

// lang is the export's language (id-ID, en-US), each article's language;
// "" when it names none.
func (im *importer) lang() string {
	lang, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(im.site.Language)), "-")
	if len(lang) >= 2 && len(lang) <= 3 && strings.Trim(lang, "abcdefghijklmnopqrstuvwxyz") == "" {
		return lang
	}
	return ""
}

// resolveLinks sets what could point forward in the file: category
// parents, page parents, featured images and comment threads.
func (im *importer) resolveLinks() error {
	for _, p := range im.termParents {
		var parent int64
		if p.parent != "" {
			var err error
			if parent, err = im.termID(p.taxo, p.parent, p.parent); err != nil {
				return err
			}
		}
		if err := im.tx.SetTermParent(p.id, parent); err != nil {
			return err
		}
	}
	if err := im.childCategoryRedirects(); err != nil {
		return err
	}
	for _, l := range im.articleLinks {
		parent, err := im.lookup("post", l.wpParent)
		if err != nil {
			return err
		}
		thumb, err := im.lookup("attachment", l.wpThumb)
		if err != nil {
			return err
		}
		if err := im.tx.SetArticleLinks(l.id, parent, thumb); err != nil {
			return err
		}
	}
	// WordPress answers ?author=ID with the author's archive.
	for wpID, id := range im.wpUsers {
		if im.publishedAuthors[id] {
			if err := im.tx.SetRedirect("/?author="+strconv.FormatInt(wpID, 10), "/author/"+im.userSlugs[id]+"/"); err != nil {
				return err
			}
		}
	}
	for _, p := range im.pageRedirects {
		parents, err := im.tx.ParentPath(p.id)
		if err != nil {
			return err
		}
		if err := im.setRedirects(p.from, "/"+parents+p.slug+"/"); err != nil {
			return err
		}
	}
	for _, c := range im.commentParents {
		parent, err := im.lookup("comment", c.wpParent)
		if err != nil {
			return err
		}
		if err := im.tx.SetCommentParent(c.id, parent); err != nil {
			return err
		}
	}
	return nil
}

// lookup returns the warta id of a WordPress id of kind, 0 when unknown.
func (im *importer) lookup(kind string, wpID int64) (int64, error) {
	if wpID == 0 {
		return 0, nil
	}
	id, _, err := im.mapped(kind, strconv.FormatInt(wpID, 10))
	return id, err
}

// resolveMedia gives galleries the URL of an attachment from the first pass.
func (im *importer) resolveMedia(wpID int64) (string, string, bool) {
	a, ok := im.atts[wpID]
	if !ok || !a.has {
		return "", "", false
	}
	return "/media/" + a.rel, a.alt, true
}

// localURLs points links to the old site's uploads at warta's media
// folder when the files are being copied.
func (im *importer) localURLs(s string) string {
	if (im.opt.UploadsDir == "" && !im.opt.FetchMedia) || im.siteKey == "" {
		return s
	}
	base := im.siteKey + "/wp-content/uploads/"
	s = strings.ReplaceAll(s, base, "/media/")
	if alt, ok := strings.CutPrefix(base, "http://"); ok {
		s = strings.ReplaceAll(s, "https://"+alt, "/media/")
	}
	return s
}

// copyFiles puts the attachments' files into the media storage, but for
// those already there at their size.
func (im *importer) copyFiles(ctx context.Context) error {
	for _, f := range im.files {
		src, err := os.Stat(f.src)
		if err != nil {
			return fmt.Errorf("wxr: copy %s: %w", f.src, err)
		}
		if info, err := im.opt.Media.Stat(ctx, f.key); err == nil && (f.onlyNew || info.Size == src.Size()) {
			continue
		}
		if err := copyFile(ctx, im.opt.Media, f.src, f.key, src.Size()); err != nil {
			return fmt.Errorf("wxr: copy %s: %w", f.src, err)
		}
		im.report.Files++
	}
	return nil
}

func copyFile(ctx context.Context, files media.Storage, src, key string, size int64) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	// Replacing: a file changed or damaged since the last import is
	// copied again whole.
	return files.Put(ctx, key, in, size, mime.TypeByExtension(strings.ToLower(path.Ext(key))), true)
}

// when parses WordPress's GMT date, or the local one in the site's zone.
func (im *importer) when(gmt, local string) time.Time {
	const layout = "2006-01-02 15:04:05"
	if t, err := time.Parse(layout, strings.TrimSpace(gmt)); err == nil && t.Year() > 1 {
		return t.UTC()
	}
	if t, err := time.ParseInLocation(layout, strings.TrimSpace(local), im.loc); err == nil && t.Year() > 1 {
		return t.UTC()
	}
	if t, err := time.Parse(time.RFC1123Z, strings.TrimSpace(local)); err == nil {
		return t.UTC()
	}
	return time.Time{}
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		io.WriteString(h, p)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// decodeSlug undoes WordPress's percent-encoding of non-ASCII slugs.
func decodeSlug(s string) string {
	s = strings.TrimSpace(s)
	if d, err := url.PathUnescape(s); err == nil {
		s = d
	}
	return strings.ToLower(s)
}

// slugify makes a slug of a title: lower-case letters and digits joined by
// hyphens, accents removed.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 190 {
		out = strings.TrimSuffix(out[:190], "-")
	}
	return out
}

// childCategoryRedirects sends WordPress's links of a child category,
// under its parents' slugs (/category/news/economy/), and their feeds, to
// warta's (/category/economy/).
func (im *importer) childCategoryRedirects() error {
	parentOf := map[string]string{}
	for _, p := range im.termParents {
		parentOf[p.slug] = p.parent
	}
	for _, p := range im.termParents {
		if p.parent == "" {
			continue
		}
		path, seen := p.slug, map[string]bool{p.slug: true}
		for par := p.parent; par != "" && !seen[par]; par = parentOf[par] {
			seen[par] = true
			path = par + "/" + path
		}
		from := (&url.URL{Path: "/category/" + path + "/"}).EscapedPath()
		to := "/category/" + p.slug + "/"
		for _, suffix := range []string{"", "feed/"} {
			if err := im.tx.SetRedirect(from+suffix, to+suffix); err != nil {
				return err
			}
		}
	}
	return nil
}
