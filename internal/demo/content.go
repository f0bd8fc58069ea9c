package demo

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"warta/internal/model"
)

// contentFS holds the demo articles: content/posts/*.md and content/pages/*.md.
//
//go:embed content
var contentFS embed.FS

// An entry is one content file. The file starts with a front matter block
// between two "---" lines, one "key: value" per line, then the Markdown body:
//
//	slug:          the URL slug (required)
//	title:         the headline (required)
//	lang:          "id" or "en" (required)
//	published:     "6d 02:30": six days before the day Seed runs, at 02:30 UTC
//	               (required; at least 1d, and before 17:00 UTC so the date
//	               in Asia/Jakarta is the same day)
//	bylines:       "user-slug role, user-slug role" (required; roles as in model.Byline*)
//	categories:    category slugs, comma-separated
//	tags:          tag slugs, comma-separated
//	excerpt:       plain-text summary (required)
//	sticky:        "true" to pin on the front page
//	comments:      "closed" to close comments
//	translation:   the translation group shared with the other language
//	source_name:   attribution of a syndicated story, with source_url
//	source_url:
//	menu_order:    pages: position in the menu
//	image:         "style palette" of the generated featured image (see images.go)
//	image_alt:     what the picture shows (required with image)
//	image_caption: the caption shown under it
//	video:         "youtube <11-char id> <duration> <title…>"
//	unverified:    "true": published before verification was complete
//	correction:    "<kind> <hours after publication> <text…>": a correction,
//	               update or right of reply (kinds as in model.Correction*)
//	guideline:     pages: "true" for the site's press guideline page
type entry struct {
	file           string
	typ            model.ArticleType
	slug, title    string
	lang           string
	daysAgo        int
	clock          time.Duration // time of day, UTC
	bylines        []bylineRef
	categories     []string
	tags           []string
	excerpt        string
	sticky         bool
	commentsClosed bool
	translation    string
	sourceName     string
	sourceURL      string
	menuOrder      int
	image          *imageSpec
	video          *videoSpec
	unverified     bool
	correction     *correctionSpec
	guideline      bool
	body           string // Markdown
}

type correctionSpec struct {
	kind  string
	after time.Duration
	text  string
}

type bylineRef struct{ user, role string }

type imageSpec struct{ style, palette, alt, caption string }

type videoSpec struct {
	provider, id, title string
	duration            time.Duration
}

// publishedAt returns the entry's publication time for a site seeded at now.
func (e *entry) publishedAt(now time.Time) time.Time {
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day()-e.daysAgo, 0, 0, 0, 0, time.UTC)
	return day.Add(e.clock)
}

// loadEntries parses every content file, posts first, each group in file
// name order.
func loadEntries() ([]entry, error) {
	var entries []entry
	for _, group := range []struct {
		dir string
		typ model.ArticleType
	}{{"content/posts", model.TypePost}, {"content/pages", model.TypePage}} {
		files, err := fs.Glob(contentFS, group.dir+"/*.md")
		if err != nil {
			return nil, fmt.Errorf("demo: list %s: %w", group.dir, err)
		}
		for _, f := range files {
			data, err := contentFS.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("demo: read %s: %w", f, err)
			}
			e, err := parseEntry(string(data))
			if err != nil {
				return nil, fmt.Errorf("demo: %s: %w", f, err)
			}
			e.file, e.typ = path.Base(f), group.typ
			entries = append(entries, e)
		}
	}
	return entries, nil
}

// parseEntry reads one content file. Unknown keys are errors, so a typo in
// the front matter cannot silently drop a field.
func parseEntry(src string) (entry, error) {
	var e entry
	sc := bufio.NewScanner(strings.NewReader(src))
	line := 0
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != "---" {
		return e, fmt.Errorf("line 1: the front matter must start with ---")
	}
	line++
	closed := false
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "---" {
			closed = true
			break
		}
		key, value, ok := strings.Cut(text, ":")
		if !ok {
			return e, fmt.Errorf("line %d: want key: value, got %q", line, text)
		}
		if err := e.set(strings.TrimSpace(key), strings.TrimSpace(value)); err != nil {
			return e, fmt.Errorf("line %d: %w", line, err)
		}
	}
	if !closed {
		return e, fmt.Errorf("the front matter is not closed with ---")
	}
	var body strings.Builder
	for sc.Scan() {
		body.WriteString(sc.Text())
		body.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return e, err
	}
	e.body = strings.TrimSpace(body.String()) + "\n"
	return e, e.check()
}

func (e *entry) set(key, value string) error {
	var err error
	switch key {
	case "slug":
		e.slug = value
	case "title":
		e.title = value
	case "lang":
		e.lang = value
	case "published":
		e.daysAgo, e.clock, err = parsePublished(value)
	case "bylines":
		for _, b := range list(value) {
			user, role, ok := strings.Cut(b, " ")
			if !ok {
				return fmt.Errorf("byline %q: want user-slug role", b)
			}
			e.bylines = append(e.bylines, bylineRef{user: user, role: strings.TrimSpace(role)})
		}
	case "categories":
		e.categories = list(value)
	case "tags":
		e.tags = list(value)
	case "excerpt":
		e.excerpt = value
	case "sticky":
		e.sticky, err = strconv.ParseBool(value)
	case "comments":
		if value != model.CommentsClosed && value != model.CommentsOpen {
			return fmt.Errorf("comments: want open or closed, got %q", value)
		}
		e.commentsClosed = value == model.CommentsClosed
	case "translation":
		e.translation = value
	case "source_name":
		e.sourceName = value
	case "source_url":
		e.sourceURL = value
	case "menu_order":
		e.menuOrder, err = strconv.Atoi(value)
	case "image":
		style, palette, ok := strings.Cut(value, " ")
		if !ok {
			return fmt.Errorf("image: want style palette, got %q", value)
		}
		e.imageSpec().style, e.imageSpec().palette = style, palette
	case "image_alt":
		e.imageSpec().alt = value
	case "image_caption":
		e.imageSpec().caption = value
	case "video":
		e.video, err = parseVideo(value)
	case "unverified":
		e.unverified, err = strconv.ParseBool(value)
	case "guideline":
		e.guideline, err = strconv.ParseBool(value)
	case "correction":
		f := strings.SplitN(value, " ", 3)
		if len(f) != 3 || !model.ValidCorrectionKind(f[0]) {
			return fmt.Errorf("correction: want kind hours text, got %q", value)
		}
		c := &correctionSpec{kind: f[0], text: f[2]}
		if c.after, err = time.ParseDuration(f[1]); err == nil {
			e.correction = c
		}
	default:
		return fmt.Errorf("unknown key %q", key)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}

func (e *entry) imageSpec() *imageSpec {
	if e.image == nil {
		e.image = &imageSpec{}
	}
	return e.image
}

// check reports the first missing or inconsistent field.
func (e *entry) check() error {
	switch {
	case e.slug == "" || e.title == "" || e.excerpt == "":
		return fmt.Errorf("slug, title and excerpt are required")
	case e.lang != "id" && e.lang != "en":
		return fmt.Errorf("lang: want id or en, got %q", e.lang)
	case e.daysAgo < 1:
		return fmt.Errorf("published is required and at least 1d ago")
	case len(e.bylines) == 0:
		return fmt.Errorf("bylines are required")
	case (e.sourceName == "") != (e.sourceURL == ""):
		return fmt.Errorf("source_name and source_url go together")
	case e.image != nil && (e.image.style == "" || e.image.alt == ""):
		return fmt.Errorf("an image needs a style and an alt text")
	}
	return nil
}

// parsePublished reads "6d 02:30".
func parsePublished(v string) (int, time.Duration, error) {
	days, clock, ok := strings.Cut(v, " ")
	n, err := strconv.Atoi(strings.TrimSuffix(days, "d"))
	if !ok || !strings.HasSuffix(days, "d") || err != nil {
		return 0, 0, fmt.Errorf("want \"<days>d hh:mm\", got %q", v)
	}
	t, err := time.Parse("15:04", clock)
	if err != nil {
		return 0, 0, fmt.Errorf("time of day: %w", err)
	}
	if t.Hour() >= 17 {
		// 17:00 UTC is midnight in Asia/Jakarta: the article's URL date
		// would then differ from its UTC date.
		return 0, 0, fmt.Errorf("time of day %s is not before 17:00 UTC", clock)
	}
	return n, time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// parseVideo reads "youtube Wn7kLp2QxVa 3m06s Title words".
func parseVideo(v string) (*videoSpec, error) {
	f := strings.SplitN(v, " ", 4)
	if len(f) != 4 {
		return nil, fmt.Errorf("want provider id duration title, got %q", v)
	}
	d, err := time.ParseDuration(f[2])
	if err != nil {
		return nil, err
	}
	if f[0] != "youtube" || len(f[1]) != 11 {
		return nil, fmt.Errorf("only youtube videos with an 11-character id are supported, got %q", v)
	}
	return &videoSpec{provider: f[0], id: f[1], duration: d, title: f[3]}, nil
}

// list splits a comma-separated value, dropping empty items.
func list(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
