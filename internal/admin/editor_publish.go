package admin

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/publishing"
)

// publishWording is what the editor's publish box says: the time in the
// site's zone, written year first in the field and in words beside it,
// and the main button named for what it will do.
type publishWording struct {
	PublishAt      string // the field's value, "2006-01-02 15:04"
	PublishAtWords string // the same in the site's language: "Jumat, 26 April 2024 09.00"
	Now            string // the site's time now, as the field writes it, for the script
	Primary        string // message key of the main button: publish, schedule or update
	Version        string // the stored article's ModifiedAt, for the version check
}

func wording(r *request, a *model.Article, in publishing.Input, now time.Time) publishWording {
	loc := r.st.Location()
	w := publishWording{Now: inputTime(now.Truncate(time.Minute), loc), Primary: "admin.editor.publish_now"}
	if !in.PublishAt.IsZero() {
		w.PublishAt = inputTime(in.PublishAt, loc)
		w.PublishAtWords = r.p.DateTime(in.PublishAt, loc)
	}
	switch {
	case a != nil && a.Status == model.StatusPublished:
		w.Primary = "admin.editor.update"
	case in.PublishAt.After(now):
		w.Primary = "admin.editor.schedule"
	}
	if a != nil {
		w.Version = versionOf(a)
	}
	if !in.Version.IsZero() {
		w.Version = in.Version.UTC().Format(time.RFC3339Nano)
	}
	return w
}

// previewFor is how long a shared preview link works.
const previewFor = 7 * 24 * time.Hour

// previewURL is a link that shows a, not yet public, in the site's theme
// to whoever holds it, signed out too, for previewFor; "" for an article
// readers can already see (or that is in the trash).
func (h *Handler) previewURL(r *request, a *model.Article) string {
	if a == nil || a.Status == model.StatusPublished || a.Status == model.StatusTrash {
		return ""
	}
	key, err := httpx.PreviewKey(r.Context(), h.previews, a.ID, h.now().Add(previewFor))
	if err != nil {
		h.log.ErrorContext(r.Context(), "admin: preview link", "err", err)
		return ""
	}
	return h.baseURL + "/preview/" + strconv.FormatInt(a.ID, 10) + "/?k=" + url.QueryEscape(key)
}

// versionOf is the version token of a stored article.
func versionOf(a *model.Article) string { return a.ModifiedAt.UTC().Format(time.RFC3339Nano) }

// conflict is what the page answering a stale save shows: the version
// saved meanwhile, who saved it and when, and the writer's own.
type conflict struct {
	TheirTitle, YourTitle     string
	TheirBody, YourBody       template.HTML
	TheirExcerpt, YourExcerpt string
	SavedBy                   string
	SavedAt                   time.Time
}

// renderConflict answers a save over an article changed since it was
// opened: 409, both versions side by side, and the editor holding the
// writer's text with the new version, so a second press of the button
// saves it on purpose and nothing typed is lost.
func (h *Handler) renderConflict(w http.ResponseWriter, r *request, cur *model.Article, in publishing.Input) error {
	c := &conflict{TheirTitle: cur.Title, YourTitle: in.Title, TheirBody: cur.BodyHTML,
		TheirExcerpt: cur.Excerpt, YourExcerpt: in.Excerpt, SavedAt: cur.ModifiedAt}
	if body, err := publishing.RenderBody(in.Body, in.Format); err == nil {
		c.YourBody = body
	}
	if revs, err := h.store.Revisions(r.Context(), cur.ID); err == nil && len(revs) > 0 && revs[0].AuthorID != 0 {
		if u, err := h.store.UserByID(r.Context(), revs[0].AuthorID); err == nil {
			c.SavedBy = u.DisplayName
		}
	}
	in.Version = cur.ModifiedAt
	in.Status = cur.Status
	return h.renderEditorWith(w, r, http.StatusConflict, cur, in, nil, c, nil)
}
