package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/publishing"
	"warta/internal/store"
)

// editorData is what the editor's template shows.
type editorData struct {
	Article      *model.Article // the stored article; nil while new
	In           publishing.Input
	Type         model.ArticleType
	Action       string
	CategoryIDs  []int64
	Categories   []termRow
	Users        []model.User
	Bylines      []publishing.BylineInput
	BylineRoles  []string
	Library      []*model.Media
	Embeds       []publishing.EmbedInput
	Translations []model.Article
	Others       []model.Article // articles this one may be linked to as a translation
	Pages        []model.Article // possible parents of a page
	FeaturedAlt  string
	CanPublish   bool
	publishWording
	Conflict   *conflict // set on the page that answers a stale save
	PreviewURL string    // a shareable preview of a stored article not yet public
	// Autosave is the writer's autosaved edits of an article already out,
	// newer than the article: the page offers them (or holds them, with
	// ?autosave=1).
	Autosave     *model.Autosave
	AutosaveUsed bool        // the form holds the autosave
	LockedBy     *model.User // another writer editing the article now
}

type termRow struct {
	model.Term
	Depth int
}

func (h *Handler) newArticle(typ model.ArticleType) handlerFunc {
	return func(w http.ResponseWriter, r *request) error {
		if typ == model.TypePage && !r.can(auth.EditPages) {
			return model.ErrForbidden
		}
		in := publishing.Input{Type: typ, CommentsOpen: typ == model.TypePost, Lang: r.st.Language,
			Format: model.FormatHTML}
		return h.renderEditor(w, r, http.StatusOK, nil, in, nil)
	}
}

func (h *Handler) editArticle(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := h.store.ArticleByID(r.Context(), id)
	if err != nil {
		return err
	}
	if !auth.CanEdit(r.user(), a) {
		return model.ErrForbidden
	}
	in := inputFrom(a)
	seo, err := h.store.ArticleSEO(r.Context(), a.ID)
	if err != nil {
		return err
	}
	in.SEO = &seo
	as, err := h.pendingAutosave(r, a)
	if err != nil {
		return err
	}
	if as != nil && r.URL.Query().Get("autosave") == "1" {
		in.Title, in.Body, in.Excerpt = as.Title, string(as.BodyHTML), as.Excerpt
	}
	return h.renderEditorWith(w, r, http.StatusOK, a, in, nil, nil, as)
}

// inputFrom fills the form from a stored article.
func inputFrom(a *model.Article) publishing.Input {
	// The editor writes HTML: it opens the stored body, whatever it was
	// written in (a body still in Markdown is saved as HTML from now on).
	in := publishing.Input{ID: a.ID, Type: a.Type, Title: a.Title, Slug: a.Slug, Body: string(a.BodyHTML),
		Format: model.FormatHTML, Excerpt: a.Excerpt, Status: a.Status, PublishAt: a.PublishedAt,
		FeaturedID: a.FeaturedMediaID, Lang: a.Lang, SourceName: a.SourceName, SourceURL: a.SourceURL,
		Sticky: a.Sticky, CommentsOpen: a.CommentStatus == model.CommentsOpen, ParentID: a.ParentID, MenuOrder: a.MenuOrder,
		Unverified: a.Unverified, Sponsored: a.Sponsored}
	for _, c := range a.Categories {
		in.CategoryIDs = append(in.CategoryIDs, c.ID)
	}
	names := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		names[i] = t.Name
	}
	in.Tags = strings.Join(names, ", ")
	for _, b := range a.Bylines {
		in.Bylines = append(in.Bylines, publishing.BylineInput{UserID: b.User.ID, Role: b.Role})
	}
	for _, e := range a.Embeds {
		in.Embeds = append(in.Embeds, publishing.EmbedInput{URL: e.URL, Title: e.Title,
			Duration: publishing.FormatDuration(e.Duration)})
	}
	return in
}

func (h *Handler) renderEditor(w http.ResponseWriter, r *request, status int, a *model.Article, in publishing.Input, errs map[string]string) error {
	return h.renderEditorWith(w, r, status, a, in, errs, nil, nil)
}

func (h *Handler) renderEditorWith(w http.ResponseWriter, r *request, status int, a *model.Article, in publishing.Input, errs map[string]string, c *conflict, as *model.Autosave) error {
	ctx := r.Context()
	d := editorData{Article: a, In: in, Type: in.Type, Action: "/admin/articles/new", CategoryIDs: in.CategoryIDs, Conflict: c, Autosave: as,
		BylineRoles: []string{model.BylineAuthor, model.BylineReporter, model.BylineEditor, model.BylinePhotographer}}
	if d.Type == "" {
		d.Type = model.TypePost
	}
	if a != nil {
		d.Action = "/admin/articles/" + strconv.FormatInt(a.ID, 10)
		d.CanPublish = auth.CanPublish(r.user(), a)
		group, err := h.store.ArticlesInGroup(ctx, a.TranslationGroup)
		if err != nil {
			return err
		}
		for _, t := range group {
			if t.ID != a.ID {
				d.Translations = append(d.Translations, t)
			}
		}
	} else {
		d.CanPublish = auth.CanPublish(r.user(), &model.Article{Type: d.Type})
	}
	if in.Format == model.FormatMarkdown && in.Body != "" {
		// A scripted post in Markdown that failed comes back to the
		// editor, which writes HTML: it opens the Markdown's rendering.
		if p, err := publishing.RenderBody(in.Body, in.Format); err == nil {
			in.Body, in.Format = string(p), model.FormatHTML
			d.In = in
		}
	}
	d.publishWording = wording(r, a, in, h.now())
	d.PreviewURL = h.previewURL(r, a)
	d.AutosaveUsed = as != nil && r.URL.Query().Get("autosave") == "1"
	if a != nil {
		// Opening the editor takes the editing lock, or shows who has it.
		var err error
		if d.LockedBy, err = h.lockArticle(r, a, false); err != nil {
			return err
		}
	}
	cats, err := h.store.Terms(ctx, model.TaxonomyCategory)
	if err != nil {
		return err
	}
	d.Categories = treeOrder(cats)
	if r.can(auth.EditOthersPosts) {
		if d.Users, err = h.store.Users(ctx); err != nil {
			return err
		}
		d.Bylines = append(d.Bylines, in.Bylines...)
		if len(d.Bylines) == 0 {
			d.Bylines = []publishing.BylineInput{{UserID: r.user().ID, Role: model.BylineAuthor}}
		}
		for len(d.Bylines) < 3 {
			d.Bylines = append(d.Bylines, publishing.BylineInput{})
		}
	}
	if d.Library, _, err = h.store.MediaLibrary(ctx, 24, 0); err != nil {
		return err
	}
	if in.FeaturedID != 0 {
		found := false
		for _, m := range d.Library {
			if m.ID == in.FeaturedID {
				found, d.FeaturedAlt = true, m.Alt
			}
		}
		if !found {
			if m, err := h.store.Media(ctx, in.FeaturedID); err == nil {
				d.Library = append([]*model.Media{m}, d.Library...)
				d.FeaturedAlt = m.Alt
			}
		}
	}
	d.Embeds = append(d.Embeds, in.Embeds...)
	if len(d.Embeds) < 3 {
		d.Embeds = append(d.Embeds, publishing.EmbedInput{})
	}
	others, _, err := h.store.AdminArticles(ctx, store.AdminQuery{Type: d.Type, Limit: 100})
	if err != nil {
		return err
	}
	for _, o := range others {
		if a == nil || o.ID != a.ID {
			d.Others = append(d.Others, o)
		}
	}
	if d.Type == model.TypePage {
		d.Pages = d.Others
	}
	title := r.p.T("admin.editor.new")
	if a != nil {
		title = r.p.T("admin.editor.edit")
	}
	nav := "articles"
	if d.Type == model.TypePage {
		nav = "pages"
	}
	v := h.newView(r, title, nav, d)
	v.Errors = errs
	if a != nil && a.Status == model.StatusScheduled && v.Notice == "admin.notice.scheduled" {
		v.Notice, v.NoticeAt = "admin.notice.scheduled_at", r.p.DateTime(a.PublishedAt, r.st.Location())
	}
	return h.render(w, status, "edit.html", v)
}

// treeOrder puts categories under their parents, depth-first, each with
// its depth.
func treeOrder(terms []model.Term) []termRow {
	children := map[int64][]model.Term{}
	ids := map[int64]bool{}
	for _, t := range terms {
		ids[t.ID] = true
	}
	for _, t := range terms {
		parent := t.ParentID
		if !ids[parent] {
			parent = 0
		}
		children[parent] = append(children[parent], t)
	}
	var out []termRow
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, t := range children[parent] {
			if depth > 10 {
				return
			}
			out = append(out, termRow{Term: t, Depth: depth})
			walk(t.ID, depth+1)
		}
	}
	walk(0, 0)
	return out
}

// formInput reads the editor's form.
func formInput(r *request) (publishing.Input, map[string]string) {
	f := r.Form
	errs := map[string]string{}
	in := publishing.Input{
		Type:          model.ArticleType(f.Get("type")),
		Title:         f.Get("title"),
		Slug:          f.Get("slug"),
		Body:          strings.ReplaceAll(f.Get("body"), "\r\n", "\n"),
		Format:        f.Get("format"),
		Excerpt:       f.Get("excerpt"),
		Status:        model.Status(f.Get("status")),
		NewCategories: f.Get("new_categories"),
		Tags:          f.Get("tags"),
		Lang:          f.Get("lang"),
		SourceName:    f.Get("source_name"),
		SourceURL:     f.Get("source_url"),
		Sticky:        f.Get("sticky") == "1",
		CommentsOpen:  f.Get("comments_open") == "1",
		Unverified:    f.Get("unverified") == "1",
		Sponsored:     f.Get("sponsored") == "1",
	}
	if in.Type != model.TypePage {
		in.Type = model.TypePost
	}
	// A scripted post without the SEO fields keeps the article's.
	if _, ok := f["seo_title"]; ok {
		in.SEO = &model.SEO{Title: f.Get("seo_title"), Description: f.Get("seo_description"),
			Canonical: f.Get("seo_canonical"), NoIndex: f.Get("seo_noindex") == "1", Image: f.Get("seo_image")}
	}
	// The newsroom's form sends format=html; a scripted post that names
	// no format is read as Markdown, as publishing reads it.
	if in.Format != model.FormatHTML {
		in.Format = model.FormatMarkdown
	}
	for _, s := range f["category"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			in.CategoryIDs = append(in.CategoryIDs, id)
		}
	}
	users, roles := f["byline_user"], f["byline_role"]
	for i, s := range users {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id == 0 {
			continue
		}
		role := ""
		if i < len(roles) {
			role = roles[i]
		}
		in.Bylines = append(in.Bylines, publishing.BylineInput{UserID: id, Role: role})
	}
	in.FeaturedID, _ = strconv.ParseInt(f.Get("featured"), 10, 64)
	in.TranslationOf, _ = strconv.ParseInt(f.Get("translation_of"), 10, 64)
	in.ParentID, _ = strconv.ParseInt(f.Get("parent"), 10, 64)
	in.MenuOrder, _ = strconv.Atoi(f.Get("menu_order"))
	urls, titles, durations, posters := f["embed_url"], f["embed_title"], f["embed_duration"], f["embed_poster"]
	for i, u := range urls {
		e := publishing.EmbedInput{URL: u}
		if i < len(titles) {
			e.Title = titles[i]
		}
		if i < len(durations) {
			e.Duration = durations[i]
		}
		if i < len(posters) {
			e.PosterMediaID, _ = strconv.ParseInt(posters[i], 10, 64)
		}
		in.Embeds = append(in.Embeds, e)
	}
	if v := f.Get("version"); v != "" {
		in.Version, _ = time.Parse(time.RFC3339Nano, v)
	}
	if s := strings.TrimSpace(f.Get("publish_at")); s != "" {
		t, err := parseInputTime(s, r.st.Location())
		if err != nil {
			errs["publish_at"] = "publish.err.time"
		} else {
			in.PublishAt = t
		}
	}
	return in, errs
}

// parseForm reads a form, multipart or not (the CSRF check may already
// have parsed it).
func parseForm(r *request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if r.MultipartForm == nil {
			return r.ParseMultipartForm(multipartMemory)
		}
		return nil
	}
	return r.ParseForm()
}

func (h *Handler) saveArticle(w http.ResponseWriter, r *request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var cur *model.Article
	in, errs := formInput(r)
	if r.PathValue("id") != "" {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if cur, err = h.store.ArticleByID(r.Context(), id); err != nil {
			return err
		}
		if !auth.CanEdit(r.user(), cur) {
			return model.ErrForbidden
		}
		in.ID, in.Type = id, cur.Type
	}
	// A featured image uploaded with the form joins the library first, so
	// a form that fails validation does not lose it.
	if file, hdr, err := r.FormFile("featured_upload"); err == nil {
		defer file.Close()
		if !r.can(auth.UploadFiles) {
			return model.ErrForbidden
		}
		m, err := media.Save(r.Context(), h.store, h.media, file, hdr.Filename, r.user().ID, h.now().UTC())
		if key, ok := media.IsUploadError(err); ok {
			errs["featured"] = key
		} else if err != nil {
			return err
		} else {
			in.FeaturedID = m.ID
			h.audit(r.Context(), r, "media.upload", "media", m.ID, m.Path)
		}
	}
	if alt := strings.TrimSpace(r.FormValue("featured_alt")); in.FeaturedID != 0 && alt != "" && r.can(auth.UploadFiles) {
		m, err := h.store.Media(r.Context(), in.FeaturedID)
		if err == nil && m.Alt != alt {
			if err := h.store.UpdateMediaText(r.Context(), m.ID, alt, m.Caption); err != nil {
				return err
			}
		}
	}
	if len(errs) > 0 {
		return h.renderEditor(w, r, http.StatusUnprocessableEntity, cur, in, errs)
	}
	a, err := publishing.Save(r.Context(), h.store, r.user(), in, h.now().UTC())
	var verr *model.ValidationError
	if errors.As(err, &verr) {
		return h.renderEditor(w, r, http.StatusUnprocessableEntity, cur, in, verr.Fields)
	}
	if errors.Is(err, publishing.ErrStale) {
		return h.renderConflict(w, r, a, in)
	}
	if err != nil {
		return err
	}
	notice := "draft"
	switch a.Status {
	case model.StatusPublished:
		notice = "published"
		if cur != nil && cur.Status == model.StatusPublished {
			notice = "updated"
		}
	case model.StatusScheduled:
		notice = "scheduled"
	case model.StatusPending:
		notice = "pending"
	}
	// The writer's autosaved edits are in what was just saved.
	if err := h.store.DeleteAutosave(r.Context(), a.ID, r.user().ID); err != nil {
		return err
	}
	http.Redirect(w, r.Request, "/admin/articles/"+strconv.FormatInt(a.ID, 10)+"?notice="+notice, http.StatusSeeOther)
	return nil
}

// autosave keeps a draft safe while it is written: the script posts the
// form every so often. A draft (or a new article, which becomes one) is
// saved; the edits of an article already out are kept apart as the
// writer's autosave (autosaveOut), so that nothing goes live until saved.
func (h *Handler) autosave(w http.ResponseWriter, r *request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in, _ := formInput(r)
	in.ID, _ = strconv.ParseInt(r.FormValue("id"), 10, 64)
	in.Status = model.StatusDraft
	reply := func(status int, v any) error {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		return json.NewEncoder(w).Encode(v)
	}
	if strings.TrimSpace(in.Title) == "" {
		return reply(http.StatusOK, map[string]any{"saved": false})
	}
	if in.ID != 0 {
		cur, err := h.store.ArticleByID(r.Context(), in.ID)
		if err != nil {
			return err
		}
		if cur.Status != model.StatusDraft {
			return h.autosaveOut(w, r, cur, in)
		}
		in.Type = cur.Type
	}
	in.PublishAt = time.Time{}
	a, err := publishing.Save(r.Context(), h.store, r.user(), in, h.now().UTC())
	var verr *model.ValidationError
	if errors.As(err, &verr) {
		return reply(http.StatusUnprocessableEntity, map[string]any{"saved": false, "errors": verr.Fields})
	}
	if errors.Is(err, publishing.ErrStale) {
		// Saved elsewhere meanwhile: the writer's text stays in the page,
		// and the deliberate save shows both versions.
		return reply(http.StatusConflict, map[string]any{"saved": false, "conflict": true})
	}
	if err != nil {
		return err
	}
	return reply(http.StatusOK, map[string]any{"saved": true, "id": a.ID, "version": versionOf(a),
		"action": "/admin/articles/" + strconv.FormatInt(a.ID, 10), "slug": a.Slug,
		"at": a.ModifiedAt.In(r.st.Location()).Format("15:04:05")})
}

// preview renders the body through the same path as a save.
func (h *Handler) preview(w http.ResponseWriter, r *request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	format := r.FormValue("format")
	if format != model.FormatHTML {
		format = model.FormatMarkdown
	}
	out, err := publishing.RenderBody(r.FormValue("body"), format)
	if err != nil {
		return err
	}
	if out, err = publishing.ResponsiveImages(r.Context(), h.store, out); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err = w.Write([]byte(out))
	return err
}
