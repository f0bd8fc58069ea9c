package wxr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
)

// Options tune an import.
type Options struct {
	// UploadsDir is a copy of the old site's wp-content/uploads; when set,
	// the attachments' files are copied from it into Media.
	UploadsDir string
	// FetchMedia fetches from their old addresses the attachments' files
	// that UploadsDir does not hold (or all of them without it) and the
	// images posts show from other hosts (files.wordpress.com, a CDN),
	// into Media. Off by default: an import then makes no request.
	FetchMedia bool
	// HTTPClient fetches with FetchMedia; nil: one with a minute's timeout.
	HTTPClient *http.Client
	// Media is warta's media storage (a folder or a bucket), required
	// with UploadsDir or FetchMedia.
	Media media.Storage
	// Progress, when set, is told how far the import has come: first while
	// the file is checked (phase "check", in bytes of the file), then
	// while its records are written (phase "import", in records). It is
	// called often and must be cheap (a progress.Reporter's Set is).
	Progress func(phase string, done, total int64)
	// KeepPermalinks sets the site's permalink structure to the one the
	// export's post links follow, so that they answer as they are rather
	// than through redirects.
	KeepPermalinks bool
}

// Skip names an item that was not imported, and why.
type Skip struct {
	Kind   string // "user", "term", "post", "attachment", "comment"
	Key    string // the WordPress id, login or slug
	Title  string
	Reason Message // "wxr.skip.*"
}

// Report says what an import did.
type Report struct {
	Imported map[string]int // by kind
	Updated  map[string]int
	Skipped  map[string]int
	Skips    []Skip
	Files    int // attachment files copied
	// Fetched and FetchFailed count the files FetchMedia fetched and
	// could not fetch.
	Fetched, FetchFailed int
	// Menus and MenuItems count the navigation menus kept (stored, and
	// shown where the theme has a menu); CustomTerms counts, by taxonomy,
	// the terms of custom taxonomies (neither category nor tag), kept with
	// their articles, browsable at /{taxonomy}/{slug}/ as on WordPress,
	// and exported again.
	Menus, MenuItems int
	CustomTerms      map[string]int
	// RemoteImages counts, by host, the distinct images posts show from
	// other hosts that were not copied (without FetchMedia, or failed).
	RemoteImages map[string]int
	Notes        []Message // "wxr.note.*": what the import changed or could not do
	// Permalink is the structure most of the export's post links follow
	// ("" when none could be read); PermalinkMatches of PermalinkPosts
	// published posts follow it.
	Permalink        string
	PermalinkMatches int
	PermalinkPosts   int
	// PermalinkKept is set when the import made Permalink the site's
	// structure (Options.KeepPermalinks).
	PermalinkKept bool
}

func newReport() *Report {
	return &Report{Imported: map[string]int{}, Updated: map[string]int{}, Skipped: map[string]int{},
		RemoteImages: map[string]int{}, CustomTerms: map[string]int{}}
}

// SkipCount is how many records of one kind were skipped for one reason.
type SkipCount struct {
	Kind   string
	Reason Message
	Count  int
}

// SkipCounts groups the skipped records by kind (users, terms, posts,
// attachments, comments, in that order) and reason, the most frequent
// reason of each kind first.
func (r *Report) SkipCounts() []SkipCount {
	idx := map[[2]string]int{}
	var out []SkipCount
	for _, s := range r.Skips {
		k := [2]string{s.Kind, s.Reason.String()}
		if i, ok := idx[k]; ok {
			out[i].Count++
			continue
		}
		idx[k] = len(out)
		out = append(out, SkipCount{Kind: s.Kind, Reason: s.Reason, Count: 1})
	}
	order := map[string]int{"user": 0, "term": 1, "post": 2, "attachment": 3, "comment": 4}
	slices.SortStableFunc(out, func(a, b SkipCount) int {
		if a.Kind != b.Kind {
			return order[a.Kind] - order[b.Kind]
		}
		return b.Count - a.Count
	})
	return out
}

func (r *Report) skip(kind, key, title string, reason Message) {
	r.Skipped[kind]++
	r.Skips = append(r.Skips, Skip{Kind: kind, Key: key, Title: title, Reason: reason})
}

// attachment is what the first pass keeps of each attachment: enough to
// resolve galleries, featured images and file copies.
type attachment struct {
	rel string // path under the uploads folder: 2024/04/photo.jpg
	alt string
	url string // wp:attachment_url, where FetchMedia finds the file
	has bool   // a file to copy was found (uploads or fetched)
}

// scanned is what the first pass learns of the file.
type scanned struct {
	site   Site
	atts   map[int64]attachment
	total  int
	det    *permalinkDetector
	remote map[string]remoteImage // images on other hosts, by URL
}

// Import reads the WXR file at path into st. It reads the file twice: a
// first pass checks the whole file and notes its attachments, writing
// nothing, so a malformed file stops with its line and column before the
// site is touched; the second pass writes everything in one transaction.
// Importing the same file again adds nothing.
func Import(ctx context.Context, st *store.Store, path string, opt Options) (*Report, error) {
	if (opt.UploadsDir != "" || opt.FetchMedia) && opt.Media == nil {
		return nil, errors.New("wxr: import: a media folder is needed to copy uploads")
	}
	if err := Sniff(path); err != nil {
		return nil, fmt.Errorf("wxr: %s: %w", path, err)
	}
	settings, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	sc, err := scan(path, opt.Progress)
	if err != nil {
		return nil, err
	}
	site, det := sc.site, sc.det
	im := &importer{
		opt: opt, site: site, atts: sc.atts, total: sc.total, loc: settings.Location(),
		report: newReport(), users: map[string]int64{}, wpUsers: map[int64]int64{}, publishedAuthors: map[int64]bool{},
		terms: map[string]int64{}, userSlugs: map[int64]string{}, detector: det,
		remote: sc.remote, remoteCounted: map[string]bool{}, bodyQueued: map[string]bool{}, dirs: map[string][]string{}, siteHostName: det.siteHost, authorLogins: map[string]string{},
		customTerms: map[string]int64{}, menus: map[string]int64{},
	}
	if opt.FetchMedia {
		// Fetched before the transaction, which must stay short: into a
		// folder of our own, copied into the media storage after it.
		if im.fetchDir, err = os.MkdirTemp("", "warta-fetch-"); err != nil {
			return nil, fmt.Errorf("wxr: import: %w", err)
		}
		defer os.RemoveAll(im.fetchDir)
		im.fetch(ctx)
	}
	for id, a := range im.atts {
		a.has = im.fileFor(a.rel) != ""
		im.atts[id] = a
	}
	im.report.Permalink, im.report.PermalinkMatches, im.report.PermalinkPosts = det.detect()
	if strings.Contains(im.report.Permalink, "%post_id%") {
		im.report.Notes = append(im.report.Notes, message("wxr.note.post_ids"))
	}
	if opt.KeepPermalinks {
		if im.report.Permalink == "" {
			return nil, fmt.Errorf("wxr: %s: %w", path, problem("wxr.err.no_permalink"))
		}
		settings.ChangePermalink(im.report.Permalink)
	}
	if im.links, err = st.PermalinksFor(ctx, settings); err != nil {
		return nil, err
	}
	im.siteKey = strings.TrimRight(site.BaseSiteURL, "/")
	if im.siteKey == "" {
		im.siteKey = strings.TrimRight(site.Link, "/")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("wxr: import: %w", err)
	}
	defer f.Close()
	err = st.Import(ctx, func(tx *store.ImportTx) error {
		im.tx = tx
		return im.run(ctx, NewReader(f))
	})
	if err != nil {
		return nil, err
	}
	if opt.KeepPermalinks {
		if err := st.SaveSettings(ctx, settings); err != nil {
			return im.report, err
		}
		im.report.PermalinkKept = true
	}
	if err := im.copyFiles(ctx); err != nil {
		return im.report, err
	}
	// The imported menu becomes the site's navigation, unless an editor
	// already made one (the newsroom's menu editor can switch later).
	if im.report.Menus > 0 {
		if _, err := st.AdoptWPMenu(ctx, settings.Language, im.links); err != nil {
			return im.report, err
		}
	}
	return im.report, nil
}

// readCounter tells progress how many bytes of the file were read.
type readCounter struct {
	r        io.Reader
	n, size  int64
	progress func(phase string, done, total int64)
}

func (c *readCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.progress("check", c.n, c.size)
	return n, err
}

// scan is the first pass: it reads every record, keeping only the
// attachments' paths, and fails on the first malformed byte.
func scan(path string, progress func(phase string, done, total int64)) (*scanned, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("wxr: import: %w", err)
	}
	defer f.Close()
	var in io.Reader = f
	if progress != nil {
		if fi, err := f.Stat(); err == nil {
			in = &readCounter{r: f, size: fi.Size(), progress: progress}
		}
	}
	r := NewReader(in)
	atts := map[int64]attachment{}
	remote := map[string]remoteImage{}
	det := newPermalinkDetector()
	n := 0
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("wxr: %s: %w", path, err)
		}
		n++
		if det.siteHost == "" {
			det.siteHost = siteHost(r.Site())
		}
		switch v := rec.(type) {
		case *Item:
			if v.Type == "attachment" && v.ID != 0 {
				atts[v.ID] = attachment{rel: uploadPath(v), alt: v.MetaValue("_wp_attachment_image_alt"), url: httpURL(v.AttachmentURL)}
			}
			if v.Type == "post" || v.Type == "page" {
				remoteImages(v.Content, det.siteHost, remote)
			}
			det.item(v)
		case *Term:
			det.term(v)
		}
	}
	if r.Site().Version == "" && n > 0 {
		return nil, fmt.Errorf("wxr: %s: %w", path, problem("wxr.err.no_version"))
	}
	return &scanned{site: r.Site(), atts: atts, total: n, det: det, remote: remote}, nil
}

// httpURL is raw when it is an absolute http(s) URL, else "".
func httpURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return raw
	}
	return ""
}

// uploadPath is where an attachment's file lives under wp-content/uploads.
func uploadPath(it *Item) string {
	if p := strings.TrimLeft(it.MetaValue("_wp_attached_file"), "/"); p != "" && safeRel(p) {
		return p
	}
	if i := strings.Index(it.AttachmentURL, "/wp-content/uploads/"); i >= 0 {
		if p := it.AttachmentURL[i+len("/wp-content/uploads/"):]; safeRel(p) {
			return p
		}
	}
	base := it.AttachmentURL[strings.LastIndex(it.AttachmentURL, "/")+1:]
	if !safeRel(base) {
		base = "file"
	}
	return "wp/" + strconv.FormatInt(it.ID, 10) + "/" + base
}

// safeRel reports whether p is a plain relative path that stays inside its
// folder.
func safeRel(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.ContainsAny(p, "?#\x00") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") {
			return false
		}
	}
	return true
}

type importer struct {
	opt     Options
	site    Site
	siteKey string
	atts    map[int64]attachment
	total   int
	loc     *time.Location
	links   model.Permalinks // of the site as the import leaves it
	tx      *store.ImportTx
	report  *Report
	users   map[string]int64 // login (lower case) → warta user id
	wpUsers map[int64]int64  // WordPress user id → warta user id
	terms   map[string]int64 // "category:slug" → warta term id
	// userSlugs and detector name the slugs an article's URL may need.
	userSlugs map[int64]string
	detector  *permalinkDetector
	// Links resolved at the end, when every item has an id.
	termParents   []termParent
	articleLinks  []articleLink
	pageRedirects []pageRedirect
	// publishedAuthors are the users with a byline on a published article:
	// only their ?author= links redirect (to an archive readers can see),
	// so that the links do not reveal who else has an account.
	publishedAuthors map[int64]bool
	commentParents   []commentParent
	files            []fileCopy
	done             int
	// fetchDir holds what FetchMedia fetched; remote are the images posts
	// show from other hosts (remoteCounted: those copied or counted).
	fetchDir      string
	remote        map[string]remoteImage
	remoteCounted map[string]bool
	bodyQueued    map[string]bool     // files of posts' content and attachments' sizes already queued
	dirs          map[string][]string // the uploads folder's listings (uploadsDir)
	siteHostName  string
	// authorLogins maps the export's authors' logins and display names
	// (lower case) to their logins, for dc:creator values that are not
	// quite a login.
	authorLogins map[string]string
	customTerms  map[string]int64 // "taxonomy:slug" → wp_terms id
	menus        map[string]int64 // nav_menu slug → wp_menus id
}

type termParent struct {
	id     int64
	slug   string
	taxo   string
	parent string
}

type articleLink struct {
	id             int64
	wpParent       int64
	wpThumb        int64
	parentIsPage   bool
	hadParentLinks bool
}

type commentParent struct{ id, wpParent int64 }

type fileCopy struct {
	src, key string
	// onlyNew: copied only when the storage has nothing at key, never over
	// a file of the site's own (a post's image that is no attachment).
	onlyNew bool
}

func (im *importer) run(ctx context.Context, r *Reader) error {
	// The file is read, and each post's content converted and sanitized,
	// by a goroutine of its own while this one writes: on two cores the
	// writes no longer wait for the reading.
	recs := make(chan readRecord, 64)
	stop := make(chan struct{})
	defer close(stop)
	go im.read(r, recs, stop)
	for rr := range recs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if rr.err != nil {
			return rr.err // the first pass read the same bytes; a changed file lands here
		}
		var err error
		switch v := rr.rec.(type) {
		case *Author:
			err = im.author(v)
		case *Term:
			err = im.term(v)
		case *Item:
			err = im.item(v)
		}
		if err != nil {
			return err
		}
		im.done++
		if im.opt.Progress != nil {
			im.opt.Progress("import", int64(im.done), int64(im.total))
		}
	}
	return im.resolveLinks()
}

// readRecord is a record of the file, or the error that ended it.
type readRecord struct {
	rec any
	err error
}

// read sends the records of r to recs, the posts' content prepared, until
// the end of the file, an error or stop.
func (im *importer) read(r *Reader, recs chan<- readRecord, stop <-chan struct{}) {
	defer close(recs)
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return
		}
		if it, ok := rec.(*Item); ok && err == nil {
			im.prepare(it)
		}
		select {
		case recs <- readRecord{rec: rec, err: err}:
		case <-stop:
			return
		}
		if err != nil {
			return
		}
	}
}

// mapped returns the live warta id an earlier import made of (kind, key),
// with the hash it had; 0 when there is none or its target was deleted.
func (im *importer) mapped(kind, key string) (int64, string, error) {
	m, err := im.tx.Mapped(im.siteKey, kind, key)
	if errors.Is(err, model.ErrNotFound) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", err
	}
	ok, err := im.tx.Exists(kind, m.WartaID)
	if err != nil || !ok {
		return 0, "", err
	}
	return m.WartaID, m.Hash, nil
}

func (im *importer) setMapped(kind, key string, wpID, id int64, hash string) error {
	return im.tx.SetMapped(im.siteKey, kind, key, store.Mapping{WartaID: id, WPID: wpID, Hash: hash})
}

func (im *importer) author(a *Author) error {
	login := strings.TrimSpace(a.Login)
	if login == "" {
		im.report.skip("user", strconv.FormatInt(a.ID, 10), a.DisplayName, message("wxr.skip.no_login"))
		return nil
	}
	im.authorLogins[strings.ToLower(login)] = login
	if name := strings.ToLower(strings.TrimSpace(a.DisplayName)); name != "" {
		if _, taken := im.authorLogins[name]; !taken {
			im.authorLogins[name] = login
		}
	}
	id, err := im.ensureUser(login, a)
	if err != nil || a.ID == 0 {
		return err
	}
	im.wpUsers[a.ID] = id
	return nil
}

// ensureUser returns the warta user for login, creating one that must set a
// password when neither an earlier import nor the site has it.
func (im *importer) ensureUser(login string, a *Author) (int64, error) {
	if id, ok := im.users[strings.ToLower(login)]; ok {
		return id, nil
	}
	id, _, err := im.mapped("user", strings.ToLower(login))
	if err != nil {
		return 0, err
	}
	if id != 0 {
		im.report.skip("user", login, displayName(login, a), message("wxr.skip.already_imported"))
	} else if id, err = im.tx.UserIDByLogin(login); err == nil {
		im.report.skip("user", login, displayName(login, a),
			message("wxr.skip.login_exists"))
	} else if !errors.Is(err, model.ErrNotFound) {
		return 0, err
	} else {
		u := &model.User{Login: login, DisplayName: displayName(login, a), Role: model.RoleAuthor}
		if a != nil {
			u.Email = strings.TrimSpace(a.Email)
			u.DisplayName = displayName(login, a)
			if a.ID != 0 {
				u.CreatedAt = time.Now()
			}
		}
		if u.Slug, err = im.freeSlug("users", "", slugify(login), 0); err != nil {
			return 0, err
		}
		if err := im.tx.InsertUser(u); err != nil {
			return 0, err
		}
		id = u.ID
		im.report.Imported["user"]++
		im.userSlugs[id] = u.Slug
	}
	if im.userSlugs[id] == "" {
		im.userSlugs[id] = slugify(login)
	}
	var wpID int64
	if a != nil {
		wpID = a.ID
	}
	if err := im.setMapped("user", strings.ToLower(login), wpID, id, ""); err != nil {
		return 0, err
	}
	im.users[strings.ToLower(login)] = id
	return id, nil
}

func displayName(login string, a *Author) string {
	if a == nil {
		return login
	}
	if s := strings.TrimSpace(a.DisplayName); s != "" {
		return s
	}
	if s := strings.TrimSpace(a.FirstName + " " + a.LastName); s != "" {
		return s
	}
	return login
}

// freeSlug returns slug, or slug-2, slug-3… when another row has it.
func (im *importer) freeSlug(table, typ, slug string, id int64) (string, error) {
	if slug == "" {
		slug = "untitled"
	}
	for i := 1; ; i++ {
		try := slug
		if i > 1 {
			try = slug + "-" + strconv.Itoa(i)
		}
		taken, err := im.tx.SlugTaken(table, typ, try, id)
		if err != nil || !taken {
			return try, err
		}
	}
}

// wartaTaxonomy maps WordPress taxonomies onto warta's two.
func wartaTaxonomy(wp string) string {
	switch wp {
	case "category":
		return model.TaxonomyCategory
	case "post_tag", "tag":
		return model.TaxonomyTag
	}
	return ""
}

func (im *importer) term(t *Term) error {
	taxo := wartaTaxonomy(t.Taxonomy)
	slug := decodeSlug(t.Slug)
	switch {
	case taxo != "":
	case t.Taxonomy == "nav_menu":
		_, err := im.menu(t.Slug, t.Name)
		return err
	case ignoredTaxonomies[t.Taxonomy] || t.Taxonomy == "":
		im.report.skip("term", t.Taxonomy+":"+slug, t.Name, message("wxr.skip.taxonomy", t.Taxonomy))
		return nil
	default:
		_, err := im.customTerm(t, true)
		return err
	}
	key := taxo + ":" + slug
	hash := digest(t.Name, t.Description, t.Parent)
	id, old, err := im.mapped("term", key)
	if err != nil {
		return err
	}
	tm := &model.Term{ID: id, Taxonomy: taxo, Slug: slug, Name: orDefault(t.Name, slug), Description: t.Description}
	switch {
	case id != 0 && old == hash:
		im.report.skip("term", key, t.Name, message("wxr.skip.unchanged"))
		im.terms[key] = id
		return nil
	case id != 0:
		im.report.Updated["term"]++
	default:
		existing, err := im.tx.TermID(taxo, slug)
		switch {
		case err == nil:
			tm.ID = existing
			im.report.skip("term", key, t.Name, message("wxr.skip.exists."+taxo))
			im.terms[key] = existing
			return im.setMapped("term", key, t.ID, existing, hash)
		case !errors.Is(err, model.ErrNotFound):
			return err
		}
		im.report.Imported["term"]++
	}
	if err := im.tx.SaveTerm(tm); err != nil {
		return err
	}
	im.terms[key] = tm.ID
	if err := im.tagRedirect(tm); err != nil {
		return err
	}
	if taxo == model.TaxonomyCategory {
		im.termParents = append(im.termParents, termParent{id: tm.ID, taxo: taxo, slug: slug, parent: decodeSlug(t.Parent)})
		if t.ID != 0 {
			if err := im.tx.SetRedirect("/?cat="+strconv.FormatInt(t.ID, 10), tm.Path()); err != nil {
				return err
			}
		}
	}
	return im.setMapped("term", key, t.ID, tm.ID, hash)
}

// tagRedirect sends WordPress's ?tag=slug link to a tag's archive.
func (im *importer) tagRedirect(tm *model.Term) error {
	if tm.Taxonomy != model.TaxonomyTag {
		return nil
	}
	return im.tx.SetRedirect("/?tag="+url.QueryEscape(tm.Slug), tm.Path())
}

// termID returns the warta term for an item's category or tag, creating it
// when the export did not declare it (WXR 1.0 declares no tags).
func (im *importer) termID(taxo, slug, name string) (int64, error) {
	key := taxo + ":" + slug
	if id, ok := im.terms[key]; ok {
		return id, nil
	}
	id, _, err := im.mapped("term", key)
	if err != nil {
		return 0, err
	}
	if id == 0 {
		if id, err = im.tx.TermID(taxo, slug); errors.Is(err, model.ErrNotFound) {
			tm := &model.Term{Taxonomy: taxo, Slug: slug, Name: orDefault(name, slug)}
			if err := im.tx.SaveTerm(tm); err != nil {
				return 0, err
			}
			id = tm.ID
			im.report.Imported["term"]++
			if err := im.tagRedirect(tm); err != nil {
				return 0, err
			}
		} else if err != nil {
			return 0, err
		}
		if err := im.setMapped("term", key, 0, id, ""); err != nil {
			return 0, err
		}
	}
	im.terms[key] = id
	return id, nil
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
