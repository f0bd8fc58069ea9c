package admin

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/store"
)

// frontRoutes registers the front page screen, where editors pin the lead
// and secondary stories, choose and order the section blocks and set the
// breaking-news line.
func (h *Handler) frontRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/front", h.page(h.showFront))
	mux.Handle("POST /admin/front", h.page(h.saveFront))
}

// frontSlots is how many secondary stories an editor may pin.
const frontSlots = 4

// frontChoices is how many recent stories the screen offers to pin.
const frontChoices = 60

// frontData fills the front page screen.
type frontData struct {
	Lead     int64
	Pinned   []int64 // frontSlots entries; 0: filled from the newest
	Stories  []model.Article
	Sections []frontSectionRow
	Breaking struct{ Text, URL, Until string }
	Accent   string
	Accents  []string
	Footer   string
	Social   model.Social
	// SocialNames are the platforms the footer may link, in order.
	SocialNames []string
}

// frontSectionRow is a category with its place among the front page's
// blocks; 0: no block.
type frontSectionRow struct {
	Term  model.Term
	Order string
}

func (h *Handler) showFront(w http.ResponseWriter, r *request) error {
	s := r.st
	d := frontData{Lead: int64(s.FrontLead), Pinned: s.FrontPinnedIDs()}
	d.Breaking.Text, d.Breaking.URL = s.BreakingText, s.BreakingURL
	d.Breaking.Until = inputTime(s.BreakingExpiry(), s.Location())
	d.Accent, d.Footer, d.Social = s.AccentName(), s.FooterText, s.Social
	order := map[string]string{}
	for i, slug := range s.FrontSectionSlugs() {
		order[slug] = strconv.Itoa(i + 1)
	}
	return h.renderFront(w, r, http.StatusOK, d, order, nil)
}

func (h *Handler) renderFront(w http.ResponseWriter, r *request, status int, d frontData, order map[string]string, errs map[string]string) error {
	if !r.can(auth.EditOthersPosts) {
		return model.ErrForbidden
	}
	ctx := r.Context()
	recent, err := h.store.PublishedPage(ctx, store.ListQuery{Limit: frontChoices})
	if err != nil {
		return err
	}
	// Pinned stories older than the offered ones stay offered.
	var missing []int64
	for _, id := range append([]int64{d.Lead}, d.Pinned...) {
		if id > 0 && !slices.ContainsFunc(recent, func(a model.Article) bool { return a.ID == id }) {
			missing = append(missing, id)
		}
	}
	older, err := h.store.PublishedPosts(ctx, missing)
	if err != nil {
		return err
	}
	d.Stories = append(recent, older...)
	d.Accents, d.SocialNames = model.Accents, model.SocialNames()
	for len(d.Pinned) < frontSlots {
		d.Pinned = append(d.Pinned, 0)
	}
	cats, err := h.store.Terms(ctx, model.TaxonomyCategory)
	if err != nil {
		return err
	}
	for _, c := range cats {
		d.Sections = append(d.Sections, frontSectionRow{Term: c, Order: order[c.Slug]})
	}
	v := h.newView(r, r.p.T("admin.front.title"), "front", d)
	v.Errors = errs
	return h.render(w, status, "front_settings.html", v)
}

func (h *Handler) saveFront(w http.ResponseWriter, r *request) error {
	if !r.can(auth.EditOthersPosts) {
		return model.ErrForbidden
	}
	s := r.st
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	errs := map[string]string{}
	id := func(field string) int64 {
		v := f(field)
		if v == "" || v == "0" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			errs[field] = "admin.err.invalid"
			return 0
		}
		return n
	}
	d := frontData{Lead: id("lead")}
	var pinned []string
	for i := range frontSlots {
		n := id("pinned_" + strconv.Itoa(i))
		d.Pinned = append(d.Pinned, n)
		if n > 0 && n != d.Lead && !slices.Contains(pinned, strconv.FormatInt(n, 10)) {
			pinned = append(pinned, strconv.FormatInt(n, 10))
		}
	}
	// Sections: each category's place, 1 first; empty or 0 means no block.
	cats, err := h.store.Terms(r.Context(), model.TaxonomyCategory)
	if err != nil {
		return err
	}
	order := map[string]string{}
	type placed struct {
		slug string
		n    int
	}
	var blocks []placed
	for _, c := range cats {
		raw := f("section_" + strconv.FormatInt(c.ID, 10))
		order[c.Slug] = raw
		if raw == "" || raw == "0" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 || n > 99 {
			errs["section_"+strconv.FormatInt(c.ID, 10)] = "admin.front.err.order"
			continue
		}
		blocks = append(blocks, placed{c.Slug, n})
	}
	slices.SortStableFunc(blocks, func(a, b placed) int { return a.n - b.n })
	var slugs []string
	for _, b := range blocks {
		slugs = append(slugs, b.slug)
	}
	d.Breaking.Text, d.Breaking.URL, d.Breaking.Until = f("breaking_text"), f("breaking_url"), f("breaking_until")
	if len(d.Breaking.Text) > 300 {
		errs["breaking_text"] = "admin.front.err.breaking_long"
	}
	if u := d.Breaking.URL; u != "" {
		p, err := url.Parse(u)
		if err != nil || !(p.Scheme == "https" || p.Scheme == "http" || (p.Scheme == "" && strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//"))) {
			errs["breaking_url"] = "admin.front.err.url"
		}
	}
	var until time.Time
	if d.Breaking.Until != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", d.Breaking.Until, s.Location())
		if err != nil {
			t, err = time.ParseInLocation("2006-01-02T15:04:05", d.Breaking.Until, s.Location())
		}
		if err != nil {
			errs["breaking_until"] = "admin.front.err.until"
		}
		until = t
	}
	d.Accent = f("accent")
	if !slices.Contains(model.Accents, d.Accent) {
		errs["accent"] = "admin.err.invalid"
	}
	d.Footer = strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("footer_text"), "\r\n", "\n"))
	if len(d.Footer) > 1000 {
		errs["footer_text"] = "admin.front.err.footer_long"
	}
	for _, name := range model.SocialNames() {
		*d.Social.Field(name) = r.PostFormValue("social_" + name)
	}
	var verr model.ValidationError
	model.NormalizeSocial(&d.Social, &verr)
	for f, key := range verr.Fields {
		errs[f] = key
	}
	if len(errs) > 0 {
		return h.renderFront(w, r, http.StatusUnprocessableEntity, d, order, errs)
	}
	s.FrontLead = int(d.Lead)
	s.FrontPinned = strings.Join(pinned, ",")
	s.FrontSections = strings.Join(slugs, ",")
	s.BreakingText, s.BreakingURL, s.BreakingUntil = d.Breaking.Text, d.Breaking.URL, ""
	s.Accent, s.FooterText, s.Social = d.Accent, d.Footer, d.Social
	if !until.IsZero() {
		s.BreakingUntil = until.UTC().Format(time.RFC3339)
	}
	if err := h.store.SaveSettings(r.Context(), s); err != nil {
		return err
	}
	h.audit(r.Context(), r, "settings.front", "settings", 0, "")
	http.Redirect(w, r.Request, "/admin/front?notice=saved", http.StatusSeeOther)
	return nil
}
