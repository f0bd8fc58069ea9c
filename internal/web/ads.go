package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/sanitize"
)

// adView is an ad slot as the theme's "ad" template draws it: a labelled
// box of a fixed size (classes, since the policy refuses inline styles)
// holding the editor's creative (model.AdSlot).
type adView struct {
	Name      string // the slot: header, article, sidebar, front
	Kind      string // model.AdImage, AdFrame or AdScript
	Size      string // the wide screens' size, "728x90"
	PhoneSize string // the narrow screens' size; "none": hidden there
	Width     int    // of Size, for the image's attributes
	Height    int
	Src, Link string
	Alt       string
	Lazy      bool // below the first screen: loaded as the reader nears it
	// after is the paragraph (article) or block (front page) it follows.
	after int
}

// newAdView returns the slot's view, or nil when it shows nothing.
func newAdView(name string, s model.AdSlot) *adView {
	if !s.Active() {
		return nil
	}
	v := &adView{Name: name, Kind: s.Kind, Size: s.Size, PhoneSize: s.PhoneSize, Src: s.Src, Link: s.Link, Alt: s.Alt,
		Lazy: name != "header", after: s.After}
	if v.PhoneSize == "" {
		v.PhoneSize = "none"
	}
	w, h, _ := strings.Cut(s.Size, "x")
	v.Width, _ = strconv.Atoi(w)
	v.Height, _ = strconv.Atoi(h)
	return v
}

// noAds takes the ads and the analytics script off a page that is a
// reader's own (their account, their subscriptions): no third party's
// script runs beside what only they should see.
func (l *layout) noAds() {
	l.AdHeader, l.Analytics = nil, ""
}

// allowAdOrigins widens the policy of a public page to the origins the
// editors allowed (model.Ads.Origins); with none, or when the settings
// cannot be read, the default policy stays.
func (h *Handler) allowAdOrigins(ctx context.Context, w http.ResponseWriter) {
	var st model.Settings
	if m := h.memo.data.Load(); h.memo.enabled && m != nil && m.gen == h.memo.gen.Load() {
		st = m.settings
	} else {
		var err error
		if st, err = h.store.Settings(ctx); err != nil {
			return // the page's own read of the settings reports it
		}
	}
	httpx.AllowOrigins(w, st.Ads.OriginList())
}

// articleBody is bodyParts with the in-article ad after its paragraph,
// or at the body's end when the story is shorter; without an ad, the body
// alone.
func (h *Handler) articleBody(ctx context.Context, body template.HTML, ad *adView) ([]bodyPart, error) {
	if ad == nil {
		return h.bodyParts(ctx, body)
	}
	before, after, _ := sanitize.SplitAfterParagraph(body, ad.after)
	parts, err := h.bodyParts(ctx, before)
	if err != nil {
		return nil, err
	}
	parts = append(parts, bodyPart{Ad: ad})
	if after == "" {
		return parts, nil
	}
	rest, err := h.bodyParts(ctx, after)
	return append(parts, rest...), err
}
