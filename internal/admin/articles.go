package admin

import (
	"net/http"
	"strconv"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/publishing"
	"warta/internal/store"
)

type articleRow struct {
	model.Article
	CanEdit bool
	Views   store.ArticleViews // reads counted over 24 hours, 7 days, in all
}

type listData struct {
	Type     model.ArticleType
	Status   model.Status
	Search   string
	Rows     []*articleRow
	Counts   map[model.Status]int
	All      int
	Statuses []model.Status
	Page     int
	Pages    int
	Base     string
	Mine     bool
}

const perPage = 20

func itoa(n int) string { return strconv.Itoa(n) }

func queryNotice(r *request) string {
	if n := r.URL.Query().Get("notice"); n != "" {
		return "?notice=" + urlQueryEscape(n)
	}
	return ""
}

func (h *Handler) listArticles(typ model.ArticleType) handlerFunc {
	return func(w http.ResponseWriter, r *request) error {
		if typ == model.TypePage && !r.can(auth.EditPages) {
			return model.ErrForbidden
		}
		q := r.URL.Query()
		d := listData{Type: typ, Status: model.Status(q.Get("status")), Search: q.Get("s"), Page: 1}
		if d.Status != "" && !d.Status.Valid() {
			d.Status = ""
		}
		if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
			d.Page = n
		}
		var author int64
		// Those who edit only their own work see only their own work.
		if typ == model.TypePost && !r.can(auth.EditOthersPosts) {
			author = r.user().ID
			d.Mine = true
		}
		list, total, err := h.store.AdminArticles(r.Context(), store.AdminQuery{Type: typ, Status: d.Status,
			AuthorID: author, Search: d.Search, Limit: perPage, Offset: (d.Page - 1) * perPage})
		if err != nil {
			return err
		}
		ids := make([]int64, len(list))
		for i, a := range list {
			ids[i] = a.ID
		}
		// The reads the site counted (web's most-read counts).
		views, err := h.store.ViewsOf(r.Context(), ids, time.Now())
		if err != nil {
			return err
		}
		for _, a := range list {
			d.Rows = append(d.Rows, &articleRow{Article: a, CanEdit: auth.CanEdit(r.user(), &a), Views: views[a.ID]})
		}
		if d.Counts, err = h.store.StatusCounts(r.Context(), typ, author); err != nil {
			return err
		}
		for s, n := range d.Counts {
			if s != model.StatusTrash {
				d.All += n
			}
		}
		d.Statuses = []model.Status{model.StatusDraft, model.StatusPending, model.StatusScheduled,
			model.StatusPublished, model.StatusPrivate, model.StatusTrash}
		d.Pages = max(1, (total+perPage-1)/perPage)
		d.Base = "/admin/articles/"
		nav, title := "articles", r.p.T("admin.nav.articles")
		if typ == model.TypePage {
			d.Base, nav, title = "/admin/pages/", "pages", r.p.T("admin.nav.pages")
		}
		return h.render(w, http.StatusOK, "articles.html", h.newView(r, title, nav, d))
	}
}

func (h *Handler) trashArticle(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := publishing.Trash(r.Context(), h.store, r.user(), id); err != nil {
		return err
	}
	http.Redirect(w, r.Request, listFor(r)+"?notice=trashed", http.StatusSeeOther)
	return nil
}

func (h *Handler) restoreArticle(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := publishing.Restore(r.Context(), h.store, r.user(), id); err != nil {
		return err
	}
	http.Redirect(w, r.Request, "/admin/articles/"+strconv.FormatInt(id, 10)+"?notice=restored", http.StatusSeeOther)
	return nil
}

func listFor(r *request) string {
	if r.PostFormValue("type") == string(model.TypePage) {
		return "/admin/pages/"
	}
	return "/admin/articles/"
}

// pathID reads the {id} of the path; anything but a positive number is 404.
func pathID(r *request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.ErrNotFound
	}
	return id, nil
}
