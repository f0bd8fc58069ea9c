package model

import (
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Ads are the advertising an editor places on the public site: four slots
// and the origins the Content-Security-Policy allows them (and an
// analytics script) to load from. It is part of Settings; the zero value
// shows no ad and keeps the default policy.
type Ads struct {
	Header  AdSlot // under the site's header, on every page
	Article AdSlot // inside a story, after paragraph After
	Sidebar AdSlot // beside a story on wide screens, under it on narrow ones
	Front   AdSlot // on the front page, after block After
	// Origins lists, one a line, the origins ("https://ads.example") that
	// scripts, images, frames and connections may come from besides the
	// site itself. Empty: the default policy, as strict as without ads.
	Origins string
	// Analytics is the URL of a script loaded on every public page (a
	// measurement service's tag); its origin must be one of Origins.
	Analytics string
}

// AdSlot is one ad slot. Its space is reserved at a fixed size (Size on
// wide screens, PhoneSize on narrow ones) whatever arrives, so an ad never
// moves the page. The creative is markup the theme writes, never code the
// editor pastes: the policy refuses inline scripts and styles.
type AdSlot struct {
	Kind      string // AdNone, AdImage, AdFrame or AdScript
	Size      string // on wide screens, one of the slot's AdSizes
	PhoneSize string // on narrow screens, one of AdPhoneSizes; "": hidden there
	// Src is the creative: AdImage the image (a path under /media/ of
	// this site or a URL on one of Origins), AdFrame the frame's URL,
	// AdScript the script's URL (both on one of Origins). The script
	// draws into the reserved box, its parent element.
	Src  string
	Link string // AdImage: where a click leads (http(s) URL or a path of this site); "": nowhere
	Alt  string // AdImage: what the image says, for readers who cannot see it
	// After places the Article slot after this paragraph and the Front
	// slot after this block of the front page (1: after the top stories);
	// a story or front page shorter than that shows it at its end.
	After int
}

// What an ad slot holds (AdSlot.Kind).
const (
	AdNone   = ""
	AdImage  = "image"
	AdFrame  = "frame"
	AdScript = "script"
)

// AdKinds are the kinds an editor may choose, AdNone first.
var AdKinds = []string{AdNone, AdImage, AdFrame, AdScript}

// AdSlotNames name the slots, in the order the newsroom lists them.
var AdSlotNames = []string{"header", "article", "sidebar", "front"}

// AdPhoneSizes are the IAB sizes a slot may take on narrow screens (under
// 48rem): each fits a 360 px phone with the page's margins.
var AdPhoneSizes = []string{"320x50", "320x100", "300x250"}

// AdSizes returns the IAB sizes the named slot may take on wide screens:
// those that fit where it sits (a leaderboard across the page, a
// rectangle in the reading column, a skyscraper beside it).
func AdSizes(slot string) []string {
	switch slot {
	case "header":
		return []string{"728x90", "970x90", "970x250"}
	case "article":
		return []string{"300x250", "336x280"}
	case "sidebar":
		return []string{"160x600"}
	case "front":
		return []string{"728x90", "970x90", "970x250", "300x250"}
	}
	return nil
}

// Slot returns the slot named name (one of AdSlotNames), or nil.
func (a *Ads) Slot(name string) *AdSlot {
	switch name {
	case "header":
		return &a.Header
	case "article":
		return &a.Article
	case "sidebar":
		return &a.Sidebar
	case "front":
		return &a.Front
	}
	return nil
}

// Active reports whether the slot shows an ad.
func (s AdSlot) Active() bool { return s.Kind != AdNone && s.Src != "" }

// OriginList returns Origins as a list, in order, without blanks or
// repeats. It does not validate them: ValidateAds did when they were saved.
func (a Ads) OriginList() []string {
	var out []string
	for _, f := range strings.Fields(a.Origins) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// ParseOrigin checks that raw is an origin a policy may list: http:// or
// https://, a host (a name, an IPv4 address or a bracketed IPv6 one) and an
// optional port, with no user, path, query or fragment. The host may start
// with "*." to allow every subdomain of a name of at least two labels
// (ad networks serve from rotating subdomains of their own domain); a bare
// "*", "*.com" or a wildcard anywhere else is refused, since it would let
// in anyone's scripts. It returns the origin in lower case, or "" and the
// message key of the problem.
func ParseOrigin(raw string) (string, string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" {
		return "", "admin.ads.err.origin_scheme"
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(raw, "?") || strings.HasSuffix(raw, "#") {
		return "", "admin.ads.err.origin_path"
	}
	host := strings.ToLower(u.Hostname())
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return "", "admin.ads.err.origin_host"
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return "", "admin.ads.err.origin_host"
	}
	name := strings.TrimPrefix(host, "*.")
	if strings.Contains(name, "*") {
		return "", "admin.ads.err.origin_wildcard"
	}
	if name != host && (net.ParseIP(name) != nil || strings.Count(name, ".") < 1) {
		return "", "admin.ads.err.origin_wildcard"
	}
	if net.ParseIP(name) == nil && !validHostname(name) {
		return "", "admin.ads.err.origin_host"
	}
	out := u.Scheme + "://" + strings.ToLower(u.Host)
	return out, ""
}

// validHostname reports whether name is a DNS name: labels of letters,
// digits and inner hyphens.
func validHostname(name string) bool {
	if name == "" || len(name) > 253 {
		return false
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// allows reports whether the URL u is on one of origins (a "*." origin
// covers its subdomains, not the name itself, as in a policy).
func allows(origins []string, u *url.URL) bool {
	host := strings.ToLower(u.Host)
	for _, o := range origins {
		scheme, rest, _ := strings.Cut(o, "://")
		if scheme != u.Scheme {
			continue
		}
		if rest == host {
			return true
		}
		if sub, ok := strings.CutPrefix(rest, "*"); ok && strings.HasSuffix(host, sub) && len(host) > len(sub) {
			return true
		}
	}
	return false
}

// NormalizeAds cleans a, as an editor typed it, into what is stored:
// origins one a line in lower case, text trimmed. It names the problem of
// each field in verr under the keys the newsroom's form uses ("ad_origins",
// "ad_analytics", "ad_header_src" …). a is changed only where cleaning
// keeps the editor's meaning, so a form re-rendered with it still shows
// what they typed.
func NormalizeAds(a *Ads, verr *ValidationError) {
	var origins []string
	for _, line := range strings.Split(strings.ReplaceAll(a.Origins, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		o, problem := ParseOrigin(line)
		if problem != "" {
			verr.Add("ad_origins", problem)
			continue
		}
		if !slices.Contains(origins, o) {
			origins = append(origins, o)
		}
	}
	if len(origins) > 20 {
		verr.Add("ad_origins", "admin.ads.err.origins_many")
	}
	if _, bad := verr.Fields["ad_origins"]; !bad {
		a.Origins = strings.Join(origins, "\n")
	}
	a.Analytics = strings.TrimSpace(a.Analytics)
	if a.Analytics != "" {
		if problem := remoteSrc(a.Analytics, origins); problem != "" {
			verr.Add("ad_analytics", problem)
		}
	}
	for _, name := range AdSlotNames {
		s := a.Slot(name)
		field := func(f string) string { return "ad_" + name + "_" + f }
		s.Src, s.Link, s.Alt = strings.TrimSpace(s.Src), strings.TrimSpace(s.Link), strings.TrimSpace(s.Alt)
		if !slices.Contains(AdKinds, s.Kind) {
			verr.Add(field("kind"), "admin.err.invalid")
			continue
		}
		if s.Kind == AdNone {
			continue
		}
		if !slices.Contains(AdSizes(name), s.Size) {
			verr.Add(field("size"), "admin.err.invalid")
		}
		if s.PhoneSize != "" && !slices.Contains(AdPhoneSizes, s.PhoneSize) {
			verr.Add(field("phone_size"), "admin.err.invalid")
		}
		if (name == "article" || name == "front") && (s.After < 1 || s.After > 99) {
			verr.Add(field("after"), "admin.ads.err.after")
		}
		switch {
		case s.Src == "":
			verr.Add(field("src"), "admin.ads.err.src_required")
		case s.Kind == AdImage && strings.HasPrefix(s.Src, "/media/") && !strings.Contains(s.Src, "//") && !strings.ContainsAny(s.Src, "?#\\"):
			// An image of this site's media library.
		default:
			if problem := remoteSrc(s.Src, origins); problem != "" {
				verr.Add(field("src"), problem)
			}
		}
		if s.Kind != AdImage {
			s.Link, s.Alt = "", ""
			continue
		}
		if s.Alt == "" {
			verr.Add(field("alt"), "admin.ads.err.alt_required")
		}
		if s.Link != "" {
			u, err := url.Parse(s.Link)
			local := u != nil && u.Scheme == "" && u.Host == "" && strings.HasPrefix(s.Link, "/") && !strings.HasPrefix(s.Link, "//")
			if err != nil || !(local || (u.Scheme == "https" || u.Scheme == "http") && u.Host != "") {
				verr.Add(field("link"), "admin.ads.err.link")
			}
		}
	}
}

// remoteSrc checks a creative's or script's URL: http(s), on one of
// origins. It returns the problem's message key, or "".
func remoteSrc(raw string, origins []string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return "admin.ads.err.src_url"
	}
	if !allows(origins, u) {
		return "admin.ads.err.src_origin"
	}
	return ""
}
