package web

import (
	"fmt"
	"net/http"
	"strconv"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/store"
)

// correctionsPerPage is how many entries the corrections page lists.
const correctionsPerPage = 30

// correctionView is a correction, update or right of reply as the theme
// shows it: on the site-wide page, with the story it belongs to.
type correctionView struct {
	model.Correction
	Story *correctionStory // nil on the story's own page
}

// correctionStory is the story an entry of the corrections page belongs to.
type correctionStory struct {
	Title string
	URL   string // the entry's place on the story's page
	Lang  string
}

// newCorrectionViews prepares entries for the theme.
func newCorrectionViews(list []model.Correction) []correctionView {
	out := make([]correctionView, len(list))
	for i, c := range list {
		out[i] = correctionView{Correction: c}
	}
	return out
}

// correctionsPage is the site's public record of corrections, updates and
// rights of reply, newest first.
type correctionsPage struct {
	layout
	Entries []correctionView
	Older   string // the next page, of older entries; "" on the last
	FeedURL string
}

// showCorrections renders the corrections page at model.CorrectionsPath
// of the site's language; the path of the other language leads there.
// ?before=ID goes on after the entry ID (a page of older entries).
func (h *Handler) showCorrections(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st, err := h.store.Settings(ctx)
	if err != nil {
		return fmt.Errorf("web: settings: %w", err)
	}
	base := model.CorrectionsPath(st.Language)
	if r.URL.Path != base {
		redirect(w, r, base)
		return nil
	}
	var before int64
	if raw := r.URL.Query().Get("before"); raw != "" {
		if before, err = strconv.ParseInt(raw, 10, 64); err != nil || before < 1 {
			return fmt.Errorf("web: corrections before %q: %w", raw, model.ErrNotFound)
		}
	}
	l, err := h.newLayout(ctx, base)
	if err != nil {
		return err
	}
	pagecache.Tag(ctx, store.TagCorrections, store.TagSettings)
	list, err := h.store.PublishedCorrections(ctx, before, correctionsPerPage+1)
	if err != nil {
		return err
	}
	if before != 0 && len(list) == 0 {
		return fmt.Errorf("web: corrections before %d: %w", before, model.ErrNotFound)
	}
	page := correctionsPage{layout: l, FeedURL: h.baseURL + base + "feed/"}
	page.Title = l.printer.T("corrections.title")
	page.Description = l.printer.T("corrections.intro")
	page.NoIndex = before != 0
	page.addFeeds(base, l.printer.T("corrections.feed", st.Title))
	if len(list) > correctionsPerPage {
		list = list[:correctionsPerPage]
		page.Older = base + "?before=" + strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	page.Entries = newCorrectionViews(list)
	for i := range page.Entries {
		e := &page.Entries[i]
		if a := e.Article; a != nil {
			// Own: a story taken off the site must leave this page at once.
			pagecache.Own(ctx, store.TagArticle(a.ID))
			e.Story = &correctionStory{Title: a.Title, URL: a.Path(l.links) + "#correction-" + strconv.FormatInt(e.ID, 10),
				Lang: l.langOf(a)}
		}
	}
	return h.view.Render(w, http.StatusOK, "corrections.html", &page)
}
