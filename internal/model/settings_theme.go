package model

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Theme holds the settings of the public site's look that an editor changes
// in the newsroom: how the front page is arranged and the breaking-news
// line. It is part of Settings.
type Theme struct {
	// FrontLead is the id of the story pinned as the front page's lead; 0:
	// the newest story leads.
	FrontLead int
	// FrontPinned lists, comma separated and in order, the ids of the stories
	// pinned to the secondary slots; the slots left fill from the newest.
	FrontPinned string
	// FrontSections lists, comma separated and in order, the slugs of the
	// categories that get a block of their own on the front page.
	FrontSections string
	// BreakingText, when set, is shown in a bar above every page, linked to
	// BreakingURL when that is set, until BreakingUntil (RFC 3339; empty:
	// until an editor removes it).
	BreakingText  string
	BreakingURL   string
	BreakingUntil string
	// Accent names the theme's accent colour, one of Accents; "" is the
	// first. A name, not a colour code: the page carries it as a class, so
	// the Content-Security-Policy keeps refusing inline styles.
	Accent string
	// FooterText is a few plain lines about the newsroom, in the footer.
	FooterText string
	// Social holds the newsroom's pages on other platforms, linked from
	// the footer (social.go).
	Social Social
	// LogoMedia is the media item shown in the header instead of the
	// site's title (its alt text is the title); 0: the title in text.
	LogoMedia int
	// FaviconMedia is the media item the site's icons are cut from, square
	// around its centre, in the sizes browsers and phones ask for; 0: the
	// theme's icon.
	FaviconMedia int
}

// Accents are the accent colours an editor may choose, each with a
// contrast that passes WCAG AA on the theme's light and dark backgrounds.
var Accents = []string{"red", "blue", "green", "purple", "orange"}

// AccentName returns Accent when it is one of Accents, else the first.
func (t Theme) AccentName() string {
	if slices.Contains(Accents, t.Accent) {
		return t.Accent
	}
	return Accents[0]
}

// FrontPinnedIDs returns the ids of FrontPinned, skipping what is not a
// positive number and ids given twice.
func (t Theme) FrontPinnedIDs() []int64 {
	var ids []int64
	for _, f := range strings.Split(t.FrontPinned, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
		if err != nil || id <= 0 || slices.Contains(ids, id) {
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// FrontSectionSlugs returns the slugs of FrontSections, in order, without
// blanks or repeats.
func (t Theme) FrontSectionSlugs() []string {
	var out []string
	for _, f := range strings.Split(t.FrontSections, ",") {
		f = strings.TrimSpace(f)
		if f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// BreakingExpiry returns when the breaking-news line ends; zero when it has
// no end (or the stored time cannot be read).
func (t Theme) BreakingExpiry() time.Time {
	until, err := time.Parse(time.RFC3339, t.BreakingUntil)
	if err != nil {
		return time.Time{}
	}
	return until
}

// BreakingActive reports whether the breaking-news line is shown at now.
func (t Theme) BreakingActive(now time.Time) bool {
	if strings.TrimSpace(t.BreakingText) == "" {
		return false
	}
	until := t.BreakingExpiry()
	return until.IsZero() || now.Before(until)
}
