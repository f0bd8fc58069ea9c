package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/view"
)

// Image sizes of the figures in a story's body, matching warta.css.
const (
	sizesBodyImage   = "(min-width: 46rem) 44rem, 100vw"
	sizesGalleryItem = "(min-width: 46rem) 22rem, 50vw"
)

// bodyPart is one piece of an article's body as the theme's "body"
// template shows it: stored markup, or one of the editor's figures with
// what the page adds to it (sanitize.Parts describes the stored forms).
type bodyPart struct {
	HTML    template.HTML
	Image   *bodyImage
	Gallery *bodyGallery
	Embed   *embedCard
	Ad      *adView // the in-article ad (ads.go)
}

// bodyImage is an image figure with the srcset of its media item.
type bodyImage struct {
	picture
	Caption template.HTML
}

type bodyGallery struct {
	Images  []bodyImage
	Caption template.HTML
}

// embedCard is a post on another platform shown as a card, like the video
// card: a link to the post that a click turns into the platform's frame
// (warta.js). Nothing is asked of the platform before the click.
type embedCard struct {
	Provider string
	URL      string // the post
	Player   string // the frame loaded after the click
	Title    string // "" when the writer typed none: the theme names the platform
	Author   string
	Poster   *picture // a local media item; nil when none
	Rel      string   // the link's rel: "sponsored noopener" in paid content
}

// bodyParts returns body as the theme shows it. An image figure whose src
// is a media item of this site gets that item's variants as srcset; an
// embed card whose link is a post of its platform becomes a card. Every
// other piece, and a figure that does not qualify, is shown as stored.
func (h *Handler) bodyParts(ctx context.Context, body template.HTML) ([]bodyPart, error) {
	parts := sanitize.Parts(body)
	out := make([]bodyPart, 0, len(parts))
	for _, p := range parts {
		bp := bodyPart{HTML: p.HTML}
		switch {
		case p.Image != nil:
			img, err := h.bodyImage(ctx, *p.Image, sizesBodyImage)
			if err != nil {
				return nil, err
			}
			bp.Image = img
		case p.Gallery != nil:
			g := &bodyGallery{Caption: p.Gallery.Caption}
			for _, im := range p.Gallery.Images {
				img, err := h.bodyImage(ctx, im, sizesGalleryItem)
				if err != nil {
					return nil, err
				}
				if img == nil {
					g = nil // one image not of this site: the gallery as stored
					break
				}
				g.Images = append(g.Images, *img)
			}
			bp.Gallery = g
		case p.Embed != nil:
			card, err := h.embedCard(ctx, *p.Embed)
			if err != nil {
				return nil, err
			}
			bp.Embed = card
		}
		out = append(out, bp)
	}
	return out, nil
}

// bodyImage is im with the variants of the media item its src names; nil
// when the src is not one of this site's media items.
func (h *Handler) bodyImage(ctx context.Context, im sanitize.Image, sizes string) (*bodyImage, error) {
	m, err := h.localMedia(ctx, im.Src)
	if m == nil || err != nil {
		return nil, err
	}
	p := bodyImage{Caption: im.Caption, picture: picture{Class: im.Class, Src: im.Src, Srcset: view.Srcset(m),
		Width: im.Width, Height: im.Height, Alt: im.Alt, Lazy: true}}
	if p.Width == 0 || p.Height == 0 {
		p.Width, p.Height = m.Width, m.Height
	}
	if p.Srcset != "" {
		p.Sizes = sizes
	}
	return &p, nil
}

// localMedia returns the media item at src, a /media/ path of this site;
// nil for any other src or a file no longer in the library.
func (h *Handler) localMedia(ctx context.Context, src string) (*model.Media, error) {
	path, ok := strings.CutPrefix(src, "/media/")
	if !ok || path == "" || strings.ContainsAny(path, "?#") {
		return nil, nil
	}
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	m, err := h.store.MediaByPath(ctx, path)
	if errors.Is(err, model.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("web: media of the body: %w", err)
	}
	return m, nil
}

// embedCard is the card of e; nil when e's link is not a post of the
// platform it names.
func (h *Handler) embedCard(ctx context.Context, e sanitize.Embed) (*embedCard, error) {
	player := playerURL(e.Provider, e.URL)
	if player == "" {
		return nil, nil
	}
	card := &embedCard{Provider: e.Provider, URL: e.URL, Player: player, Title: e.Title, Author: e.Author, Rel: e.Rel}
	m, err := h.localMedia(ctx, e.Poster)
	if err != nil {
		return nil, err
	}
	if m != nil {
		card.Poster = &picture{Src: e.Poster, Srcset: view.Srcset(m), Width: m.Width, Height: m.Height, Lazy: true}
		if card.Poster.Srcset != "" {
			card.Poster.Sizes = sizesBodyImage
		}
	}
	return card, nil
}

var (
	youtubeVideo   = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	numericID      = regexp.MustCompile(`^[0-9]{1,25}$`)
	instagramCode  = regexp.MustCompile(`^[A-Za-z0-9_-]{5,40}$`)
	tiktokUser     = regexp.MustCompile(`^@[A-Za-z0-9_.]{1,40}$`)
	facebookSegRun = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,80}$`)
)

// playerURL returns the address of the frame that shows the post at raw
// on its platform, the only kind of address warta.js frames (httpx's
// FrameSources list their origins); "" when raw is not a post of it.
// Frames only: no platform script ever runs on the page.
func playerURL(provider, raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.Port() != "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch provider {
	case "youtube":
		id := ""
		switch host {
		case "youtube.com", "m.youtube.com":
			id = u.Query().Get("v")
			if len(segs) == 2 && (segs[0] == "shorts" || segs[0] == "live" || segs[0] == "embed") {
				id = segs[1]
			}
		case "youtu.be":
			if len(segs) == 1 {
				id = segs[0]
			}
		}
		if youtubeVideo.MatchString(id) {
			return "https://www.youtube-nocookie.com/embed/" + id
		}
	case "vimeo":
		if host == "vimeo.com" && numericID.MatchString(segs[len(segs)-1]) {
			return "https://player.vimeo.com/video/" + segs[len(segs)-1] + "?dnt=1"
		}
	case "x":
		if (host == "x.com" || host == "twitter.com" || host == "mobile.twitter.com") && len(segs) >= 3 &&
			segs[1] == "status" && numericID.MatchString(segs[2]) {
			return "https://platform.twitter.com/embed/Tweet.html?dnt=true&id=" + segs[2]
		}
	case "instagram":
		if host == "instagram.com" && len(segs) >= 2 && (segs[0] == "p" || segs[0] == "reel" || segs[0] == "tv") &&
			instagramCode.MatchString(segs[1]) {
			return "https://www.instagram.com/" + segs[0] + "/" + segs[1] + "/embed/"
		}
	case "tiktok":
		if host == "tiktok.com" && len(segs) == 3 && tiktokUser.MatchString(segs[0]) && segs[1] == "video" &&
			numericID.MatchString(segs[2]) {
			return "https://www.tiktok.com/embed/v2/" + segs[2]
		}
	case "facebook":
		if host != "facebook.com" && host != "m.facebook.com" {
			return ""
		}
		for _, s := range segs {
			if !facebookSegRun.MatchString(s) {
				return ""
			}
		}
		plugin := "post"
		switch {
		case len(segs) == 3 && (segs[1] == "posts" || segs[1] == "videos"):
			if segs[1] == "videos" {
				plugin = "video"
			}
		case len(segs) == 1 && (segs[0] == "permalink.php" || segs[0] == "photo.php" || segs[0] == "photo") && u.RawQuery != "":
		case len(segs) == 1 && segs[0] == "watch" && numericID.MatchString(u.Query().Get("v")):
			plugin = "video"
		default:
			return ""
		}
		post := "https://www.facebook.com" + u.EscapedPath()
		if u.RawQuery != "" {
			post += "?" + u.RawQuery
		}
		return "https://www.facebook.com/plugins/" + plugin + ".php?show_text=true&width=500&href=" + url.QueryEscape(post)
	}
	return ""
}

// Video reports whether the platform's posts are videos, for the card's
// wording ("play video" or "show the post").
func (c *embedCard) Video() bool {
	return c.Provider == "youtube" || c.Provider == "vimeo" || c.Provider == "tiktok"
}

// galleryColumns is how many columns a gallery of n images fills at most.
func (g *bodyGallery) Columns() string { return strconv.Itoa(min(len(g.Images), 3)) }
