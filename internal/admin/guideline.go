package admin

import (
	"errors"
	"net/http"
	"strconv"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/publishing"
)

// guidelineRoutes registers the screen of an article's press guideline
// record (Pedoman Pemberitaan Media Siber): its corrections, updates and
// rights of reply, and taking it down for a guideline reason.
func (h *Handler) guidelineRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/articles/{id}/guideline", h.page(h.showGuideline))
	mux.Handle("POST /admin/articles/{id}/corrections", h.page(h.addCorrection))
	mux.Handle("POST /admin/articles/{id}/corrections/{cid}/delete", h.page(h.deleteCorrection))
	mux.Handle("POST /admin/articles/{id}/takedown", h.page(h.takeDown))
	mux.Handle("POST /admin/articles/{id}/takedown/lift", h.page(h.liftTakedown))
}

type guidelineData struct {
	Article     *model.Article
	Corrections []model.Correction
	In          publishing.CorrectionInput // what was typed, kept when it was refused
	Kinds       []string
	Takedown    *model.Takedown // nil when the story was not taken down
	Reasons     []string
	Reason      string // the takedown form as typed, kept when it was refused
	Note        string
}

// guidelineView loads the article of the path for someone who may edit it.
func (h *Handler) guidelineView(r *request) (*guidelineData, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	a, err := h.store.ArticleByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !auth.CanEdit(r.user(), a) {
		return nil, model.ErrForbidden
	}
	list, err := h.store.Corrections(r.Context(), id)
	if err != nil {
		return nil, err
	}
	d := &guidelineData{Article: a, Corrections: list, In: publishing.CorrectionInput{Kind: model.CorrectionFix},
		Kinds: []string{model.CorrectionFix, model.CorrectionUpdate, model.CorrectionReply}, Reasons: model.TakedownReasons}
	if d.Takedown, err = h.store.TakedownOf(r.Context(), id); err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	return d, nil
}

func (h *Handler) renderGuideline(w http.ResponseWriter, r *request, status int, d *guidelineData, errs map[string]string) error {
	v := h.newView(r, r.p.T("admin.guideline.title", d.Article.Title), "articles", d)
	v.Errors = errs
	return h.render(w, status, "guideline.html", v)
}

func (h *Handler) showGuideline(w http.ResponseWriter, r *request) error {
	d, err := h.guidelineView(r)
	if err != nil {
		return err
	}
	return h.renderGuideline(w, r, http.StatusOK, d, nil)
}

func (h *Handler) addCorrection(w http.ResponseWriter, r *request) error {
	d, err := h.guidelineView(r)
	if err != nil {
		return err
	}
	d.In = publishing.CorrectionInput{Kind: r.PostFormValue("kind"), Body: r.PostFormValue("body"),
		Party: r.PostFormValue("party"), StatementURL: r.PostFormValue("statement_url")}
	_, err = publishing.AddCorrection(r.Context(), h.store, r.user(), d.Article.ID, d.In, h.now())
	var verr *model.ValidationError
	if errors.As(err, &verr) {
		return h.renderGuideline(w, r, http.StatusUnprocessableEntity, d, verr.Fields)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r.Request, "/admin/articles/"+strconv.FormatInt(d.Article.ID, 10)+"/guideline?notice=saved#corrections", http.StatusSeeOther)
	return nil
}

func (h *Handler) deleteCorrection(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cid, err := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	if err != nil {
		return model.ErrNotFound
	}
	if err := publishing.DeleteCorrection(r.Context(), h.store, r.user(), id, cid); err != nil {
		return err
	}
	http.Redirect(w, r.Request, "/admin/articles/"+strconv.FormatInt(id, 10)+"/guideline?notice=saved#corrections", http.StatusSeeOther)
	return nil
}

func (h *Handler) takeDown(w http.ResponseWriter, r *request) error {
	d, err := h.guidelineView(r)
	if err != nil {
		return err
	}
	d.Reason, d.Note = r.PostFormValue("reason"), r.PostFormValue("note")
	_, err = publishing.TakeDown(r.Context(), h.store, r.user(), d.Article.ID, d.Reason, d.Note, h.now())
	var verr *model.ValidationError
	if errors.As(err, &verr) {
		return h.renderGuideline(w, r, http.StatusUnprocessableEntity, d, verr.Fields)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r.Request, "/admin/articles/"+strconv.FormatInt(d.Article.ID, 10)+"/guideline?notice=saved#takedown", http.StatusSeeOther)
	return nil
}

func (h *Handler) liftTakedown(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := publishing.LiftTakedown(r.Context(), h.store, r.user(), id); err != nil {
		return err
	}
	http.Redirect(w, r.Request, "/admin/articles/"+strconv.FormatInt(id, 10)+"/guideline?notice=saved#takedown", http.StatusSeeOther)
	return nil
}
