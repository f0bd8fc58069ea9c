package publishing

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"warta/internal/model"
)

var youtubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)

// ParseVideoURL recognises a pasted video link: YouTube (watch, youtu.be,
// shorts, embed) and Vimeo become players that set no cookie; any other
// https link is kept as a plain "other" link with no player. ok is false
// for something that is not an http(s) URL.
func ParseVideoURL(raw string) (provider, embedURL string, ok bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", "", false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	host = strings.TrimPrefix(host, "m.")
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch host {
	case "youtube.com", "youtube-nocookie.com":
		id := u.Query().Get("v")
		if len(segs) == 2 && (segs[0] == "shorts" || segs[0] == "embed" || segs[0] == "live") {
			id = segs[1]
		}
		if youtubeID.MatchString(id) {
			return "youtube", "https://www.youtube-nocookie.com/embed/" + id, true
		}
	case "youtu.be":
		if len(segs) == 1 && youtubeID.MatchString(segs[0]) {
			return "youtube", "https://www.youtube-nocookie.com/embed/" + segs[0], true
		}
	case "vimeo.com", "player.vimeo.com":
		last := segs[len(segs)-1]
		if _, err := strconv.ParseUint(last, 10, 64); err == nil && last != "" {
			return "vimeo", "https://player.vimeo.com/video/" + last + "?dnt=1", true
		}
	}
	return "other", "", true
}

// ParseDuration reads a running time typed as "3:06", "1:02:03" or "95"
// (seconds). ok is false for anything else.
func ParseDuration(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, false
	}
	var total int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || (i > 0 && n >= 60) {
			return 0, false
		}
		total = total*60 + n
	}
	return time.Duration(total) * time.Second, true
}

// FormatDuration writes d as the editor shows it: "3:06", "1:02:03".
func FormatDuration(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	s := int(d / time.Second)
	if s >= 3600 {
		return strconv.Itoa(s/3600) + ":" + pad2(s/60%60) + ":" + pad2(s%60)
	}
	return strconv.Itoa(s/60) + ":" + pad2(s%60)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// EmbedInput is one video as the editor's form sends it.
type EmbedInput struct {
	URL, Title, Duration string
	PosterMediaID        int64
}

// Embed returns the model embed, or the message key of what is wrong.
func (e EmbedInput) embed(poster *model.Media) (model.Embed, string) {
	provider, embedURL, ok := ParseVideoURL(e.URL)
	if !ok {
		return model.Embed{}, "publish.err.video_url"
	}
	d, ok := ParseDuration(e.Duration)
	if !ok {
		return model.Embed{}, "publish.err.video_duration"
	}
	title := strings.TrimSpace(e.Title)
	if title == "" {
		return model.Embed{}, "publish.err.video_title"
	}
	out := model.Embed{Provider: provider, URL: strings.TrimSpace(e.URL), EmbedURL: embedURL, Title: title, Duration: d}
	if poster != nil {
		out.PosterURL = poster.URL()
		if n := len(poster.Variants); n > 0 {
			// A mid-sized variant is plenty for a card.
			out.PosterURL = poster.Variants[min(n-1, 1)].URL()
		}
	}
	return out, ""
}
