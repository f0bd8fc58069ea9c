package wxr

import (
	"encoding/json"
	"html"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"warta/internal/model"
)

// Body is an item's content turned into warta's markup: the HTML (not yet
// sanitized) and the embeds its shortcodes and embed blocks became.
type Body struct {
	HTML   string
	Embeds []model.Embed
}

// mediaResolver gives the URL and alternative text of a WordPress
// attachment id, for galleries.
type mediaResolver func(wpID int64) (url, alt string, ok bool)

var (
	blockComment   = regexp.MustCompile(`<!--\s*(/?)wp:([a-z0-9/-]+)(\s+\{.*?\})?\s*(/?)-->`)
	embedBlock     = regexp.MustCompile(`(?s)<!--\s*wp:(?:core-)?embed(?:/[a-z0-9-]+)?\s+(\{.*?\})\s*-->.*?<!--\s*/wp:(?:core-)?embed(?:/[a-z0-9-]+)?\s*-->`)
	shortcodeAttr  = regexp.MustCompile(`([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))`)
	captionImage   = regexp.MustCompile(`(?s)^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$`)
	shortcodeStart = regexp.MustCompile(`(?m)\[(caption|wp_caption|embed|video|audio|gallery)\b([^\]]*)\]|^[ \t]*(https?://[^\s<>"\[\]]+)[ \t]*$`)
	htmlComment    = regexp.MustCompile(`(?s)<!--.*?-->`)
	youtubeID      = regexp.MustCompile(`^[A-Za-z0-9_-]{6,20}$`)
)

// convertContent turns WordPress content into warta's: block-editor markup
// loses its comments (the HTML between them is already what WordPress
// shows), classic content gets its automatic paragraphs, and the [caption],
// [embed], [video], [audio] and [gallery] shortcodes, embed blocks and
// URLs alone on a line become figures and embeds, in document order.
func convertContent(s string, media mediaResolver) Body {
	var b Body
	isBlocks := blockComment.MatchString(s)
	if isBlocks {
		s = embedBlock.ReplaceAllStringFunc(s, func(m string) string {
			attrs := embedBlock.FindStringSubmatch(m)[1]
			var v struct {
				URL string `json:"url"`
			}
			if json.Unmarshal([]byte(attrs), &v) != nil || v.URL == "" {
				return m
			}
			b.Embeds = append(b.Embeds, embedFor(v.URL))
			return ""
		})
		s = blockComment.ReplaceAllString(s, "")
	}
	// Other HTML comments never show; dropped first, they leave no empty
	// line break behind.
	s = htmlComment.ReplaceAllString(s, "")
	// Shortcodes become placeholders on their own paragraph, so the
	// automatic paragraphs neither wrap nor split the figures they become
	// (WordPress runs shortcodes after wpautop for the same reason).
	var blocks []string
	var out strings.Builder
	pos := 0
	// When nothing can match, the expression, which reads every byte, is
	// not run at all.
	for some := mayHoldShortcodes(s); some && pos < len(s); {
		loc := shortcodeStart.FindStringSubmatchIndex(s[pos:])
		if loc == nil {
			break
		}
		base := pos
		start, end := base+loc[0], base+loc[1]
		out.WriteString(s[pos:start])
		pos = end
		if loc[6] >= 0 { // a URL alone on its line
			if isBlocks || start > 0 && s[start-1] != '\n' {
				out.WriteString(s[start:end])
				continue
			}
			u := strings.TrimSpace(s[start:end])
			if e := embedFor(u); e.Provider != "other" {
				b.Embeds = append(b.Embeds, e)
				continue
			}
			out.WriteString(s[start:end])
			continue
		}
		name, attrs := s[base+loc[2]:base+loc[3]], shortcodeAttrs(s[base+loc[4]:base+loc[5]])
		inner := ""
		if name != "gallery" {
			if i := strings.Index(s[pos:], "[/"+name+"]"); i >= 0 {
				inner = s[pos : pos+i]
				pos += i + len("[/"+name+"]")
			} else if name == "caption" || name == "wp_caption" || name == "embed" {
				out.WriteString(s[start:end]) // unclosed: left as text
				continue
			}
		}
		html := b.shortcode(name, attrs, inner, media)
		if html != "" {
			blocks = append(blocks, html)
			out.WriteString("\n\nwarta-shortcode-" + strconv.Itoa(len(blocks)-1) + "\n\n")
		}
	}
	out.WriteString(s[pos:])
	s = out.String()
	if !isBlocks {
		s = autop(s)
	}
	for i, h := range blocks {
		ph := "warta-shortcode-" + strconv.Itoa(i)
		s = strings.Replace(s, "<p>"+ph+"</p>", h, 1)
		s = strings.Replace(s, ph, h, 1)
	}
	b.HTML = strings.TrimSpace(s)
	return b
}

// mayHoldShortcodes reports whether s may hold what shortcodeStart finds:
// one of its shortcodes' names after a bracket, or a line starting with an
// http(s) URL. Most posts hold neither, and saying so costs a few scans
// for substrings instead of the expression's walk through every byte.
func mayHoldShortcodes(s string) bool {
	for _, name := range []string{"[caption", "[wp_caption", "[embed", "[video", "[audio", "[gallery"} {
		if strings.Contains(s, name) {
			return true
		}
	}
	for line := range strings.Lines(s) {
		if l := strings.TrimLeft(line, " \t"); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
			return true
		}
	}
	return false
}

// shortcode renders one shortcode as warta markup, or adds it to the
// embeds and returns "".
func (b *Body) shortcode(name string, attrs map[string]string, inner string, media mediaResolver) string {
	switch name {
	case "caption", "wp_caption":
		img, text := inner, attrs["caption"]
		if p := captionImage.FindStringSubmatch(inner); p != nil {
			img = p[1]
			if t := strings.TrimSpace(p[2]); t != "" {
				text = t
			}
		}
		out := `<figure class="wp-caption">` + strings.TrimSpace(img)
		if text != "" {
			out += "<figcaption>" + text + "</figcaption>"
		}
		return out + "</figure>"
	case "embed":
		if u := strings.TrimSpace(html.UnescapeString(inner)); u != "" {
			b.Embeds = append(b.Embeds, embedFor(u))
		}
	case "video", "audio":
		src := attrs["src"]
		for _, k := range []string{"mp4", "m4v", "webm", "ogv", "mp3", "ogg", "m4a", "wav", "flac"} {
			if src == "" {
				src = attrs[k]
			}
		}
		if src == "" {
			src = strings.TrimSpace(inner)
		}
		if src != "" {
			b.Embeds = append(b.Embeds, model.Embed{
				Provider: name, URL: src, EmbedURL: src, Title: path.Base(urlPath(src)),
			})
		}
	case "gallery":
		var imgs strings.Builder
		for _, f := range strings.Split(attrs["ids"]+","+attrs["include"], ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			if err != nil || media == nil {
				continue
			}
			if u, alt, ok := media(id); ok {
				imgs.WriteString(`<img src="` + html.EscapeString(u) + `" alt="` + html.EscapeString(alt) + `" loading="lazy">`)
			}
		}
		if imgs.Len() > 0 {
			return `<figure class="gallery">` + imgs.String() + "</figure>"
		}
	}
	return ""
}

func shortcodeAttrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range shortcodeAttr.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2] + m[3] + m[4])
	}
	return out
}

func urlPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Path
}

// embedFor describes the embed of a pasted URL: YouTube and Vimeo get
// their privacy-friendly players, anything else is kept as a link card.
func embedFor(raw string) model.Embed {
	e := model.Embed{Provider: "other", URL: raw, EmbedURL: raw}
	u, err := url.Parse(raw)
	if err != nil {
		return e
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	var id string
	switch host {
	case "youtube.com", "m.youtube.com":
		id = u.Query().Get("v")
		if rest, ok := strings.CutPrefix(u.Path, "/embed/"); ok {
			id = rest
		}
		if rest, ok := strings.CutPrefix(u.Path, "/shorts/"); ok {
			id = rest
		}
	case "youtu.be":
		id = strings.Trim(u.Path, "/")
	case "vimeo.com", "player.vimeo.com":
		last := path.Base(u.Path)
		if _, err := strconv.ParseUint(last, 10, 64); err == nil {
			e.Provider = "vimeo"
			e.EmbedURL = "https://player.vimeo.com/video/" + last
			e.Title = "Vimeo " + last
		}
		return e
	default:
		e.Title = host
		return e
	}
	if youtubeID.MatchString(id) {
		e.Provider = "youtube"
		e.EmbedURL = "https://www.youtube-nocookie.com/embed/" + id
		e.Title = "YouTube " + id
	}
	return e
}
