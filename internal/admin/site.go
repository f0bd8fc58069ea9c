package admin

import (
	"errors"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/slug"
	"warta/internal/store"
)

// moreRoutes registers the screens that run the house: users, categories
// and tags, settings and the audit log.
func (h *Handler) moreRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/users/{$}", h.page(h.showUsers))
	mux.Handle("POST /admin/users/{$}", h.page(h.addUser))
	mux.Handle("POST /admin/users/{id}/role", h.page(h.setRole))
	mux.Handle("GET /admin/categories/{$}", h.page(h.showTerms(model.TaxonomyCategory)))
	mux.Handle("GET /admin/tags/{$}", h.page(h.showTerms(model.TaxonomyTag)))
	mux.Handle("POST /admin/terms/{$}", h.page(h.saveTerm))
	mux.Handle("POST /admin/terms/{id}/delete", h.page(h.deleteTerm))
	mux.Handle("GET /admin/settings", h.page(h.showSettings))
	mux.Handle("POST /admin/settings", h.page(h.saveSettings))
	mux.Handle("GET /admin/audit", h.page(h.showAudit))
}

type usersData struct {
	Users []model.User
	New   auth.NewUser
	Roles []model.Role
}

var roles = []model.Role{model.RoleAdministrator, model.RoleEditor, model.RoleAuthor, model.RoleContributor}

func (h *Handler) showUsers(w http.ResponseWriter, r *request) error {
	return h.renderUsers(w, r, http.StatusOK, auth.NewUser{Role: model.RoleAuthor}, nil)
}

func (h *Handler) renderUsers(w http.ResponseWriter, r *request, status int, in auth.NewUser, errs map[string]string) error {
	if !r.can(auth.ManageUsers) {
		return model.ErrForbidden
	}
	users, err := h.store.Users(r.Context())
	if err != nil {
		return err
	}
	in.Password = ""
	v := h.newView(r, r.p.T("admin.nav.users"), "users", usersData{Users: users, New: in, Roles: roles})
	v.Errors = errs
	return h.render(w, status, "users.html", v)
}

func (h *Handler) addUser(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageUsers) {
		return model.ErrForbidden
	}
	in := auth.NewUser{Login: r.PostFormValue("login"), Email: r.PostFormValue("email"),
		DisplayName: r.PostFormValue("name"), Role: model.Role(r.PostFormValue("role")), Password: r.PostFormValue("password")}
	u, err := auth.CreateUser(r.Context(), h.store, in)
	var verr *model.ValidationError
	if errors.As(err, &verr) {
		return h.renderUsers(w, r, http.StatusUnprocessableEntity, in, verr.Fields)
	}
	if err != nil {
		return err
	}
	h.audit(r.Context(), r, "user.add", "user", u.ID, u.Login+" ("+string(u.Role)+")")
	http.Redirect(w, r.Request, "/admin/users/?notice=user", http.StatusSeeOther)
	return nil
}

func (h *Handler) setRole(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageUsers) {
		return model.ErrForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	role := model.Role(r.PostFormValue("role"))
	if !role.Valid() {
		return h.renderUsers(w, r, http.StatusUnprocessableEntity, auth.NewUser{}, map[string]string{"role": "auth.err.role"})
	}
	// The last administrator cannot step down: someone must run the site.
	if id == r.user().ID && role != model.RoleAdministrator {
		n, err := h.store.CountAdministrators(r.Context())
		if err != nil {
			return err
		}
		if n <= 1 {
			return h.renderUsers(w, r, http.StatusUnprocessableEntity, auth.NewUser{}, map[string]string{"role": "admin.err.last_admin"})
		}
	}
	if err := h.store.SetUserRole(r.Context(), id, role); err != nil {
		return err
	}
	h.audit(r.Context(), r, "user.role", "user", id, string(role))
	http.Redirect(w, r.Request, "/admin/users/?notice=user", http.StatusSeeOther)
	return nil
}

type termsData struct {
	Taxonomy string
	Rows     []termRow
	All      []model.Term
	New      model.Term
}

func (h *Handler) showTerms(taxonomy string) handlerFunc {
	return func(w http.ResponseWriter, r *request) error {
		return h.renderTerms(w, r, http.StatusOK, taxonomy, model.Term{Taxonomy: taxonomy}, nil)
	}
}

func (h *Handler) renderTerms(w http.ResponseWriter, r *request, status int, taxonomy string, in model.Term, errs map[string]string) error {
	if !r.can(auth.ManageCategories) {
		return model.ErrForbidden
	}
	terms, err := h.store.Terms(r.Context(), taxonomy)
	if err != nil {
		return err
	}
	d := termsData{Taxonomy: taxonomy, All: terms, New: in}
	if taxonomy == model.TaxonomyCategory {
		d.Rows = treeOrder(terms)
	} else {
		for _, t := range terms {
			d.Rows = append(d.Rows, termRow{Term: t})
		}
	}
	nav, title := "categories", r.p.T("admin.nav.categories")
	if taxonomy == model.TaxonomyTag {
		nav, title = "tags", r.p.T("admin.nav.tags")
	}
	v := h.newView(r, title, nav, d)
	v.Errors = errs
	return h.render(w, status, "terms.html", v)
}

// saveTerm adds a term (no id) or renames one.
func (h *Handler) saveTerm(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageCategories) {
		return model.ErrForbidden
	}
	t := model.Term{Taxonomy: r.PostFormValue("taxonomy"), Name: strings.TrimSpace(r.PostFormValue("name")),
		Description: strings.TrimSpace(r.PostFormValue("description"))}
	if t.Taxonomy != model.TaxonomyTag {
		t.Taxonomy = model.TaxonomyCategory
		t.ParentID, _ = strconv.ParseInt(r.PostFormValue("parent"), 10, 64)
	}
	t.ID, _ = strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	t.Slug = slug.Make(r.PostFormValue("slug"))
	if t.Slug == "" {
		t.Slug = slug.Make(t.Name)
	}
	errs := map[string]string{}
	if t.Name == "" || len(t.Name) > 100 {
		errs["name"] = "admin.err.term_name"
	}
	if t.ParentID == t.ID && t.ID != 0 {
		t.ParentID = 0
	}
	if len(errs) == 0 {
		var err error
		if t.ID == 0 {
			err = h.store.InsertTerm(r.Context(), &t)
		} else {
			err = h.store.UpdateTerm(r.Context(), &t)
		}
		if errors.Is(err, model.ErrConflict) {
			errs["slug"] = "admin.err.term_slug"
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return h.renderTerms(w, r, http.StatusUnprocessableEntity, t.Taxonomy, t, errs)
	}
	h.audit(r.Context(), r, "term.save", "term", t.ID, t.Name)
	back := "/admin/categories/"
	if t.Taxonomy == model.TaxonomyTag {
		back = "/admin/tags/"
	}
	http.Redirect(w, r.Request, back+"?notice=term", http.StatusSeeOther)
	return nil
}

func (h *Handler) deleteTerm(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageCategories) {
		return model.ErrForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	t, err := h.store.TermByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := h.store.DeleteTerm(r.Context(), id); err != nil {
		return err
	}
	h.audit(r.Context(), r, "term.delete", "term", id, t.Name)
	back := "/admin/categories/"
	if t.Taxonomy == model.TaxonomyTag {
		back = "/admin/tags/"
	}
	http.Redirect(w, r.Request, back+"?notice=term", http.StatusSeeOther)
	return nil
}

// validEmail reports whether a is a bare email address.
func validEmail(a string) bool {
	p, err := mail.ParseAddress(a)
	return err == nil && p.Address == a
}

type settingsData struct {
	S         model.Settings
	Zones     []string
	Languages []string
	Presets   []permalinkChoice
	Custom    bool            // the structure is none of the presets
	Pages     []model.Article // the published pages, one of which may be the guideline page
}

// permalinkChoice is one of the permalink presets, with an example URL.
type permalinkChoice struct {
	Key, Structure, Example string
	Checked                 bool
}

// IsGuideline reports whether the page id is the site's guideline page.
func (d settingsData) IsGuideline(id int64) bool { return id == int64(d.S.GuidelinePageID) }

// newSettingsData fills the settings screen for s.
func newSettingsData(s model.Settings) settingsData {
	d := settingsData{S: s, Zones: zones, Languages: locale.Languages(), Custom: true}
	sample := &model.Article{ID: 123, Type: model.TypePost, Slug: "contoh-artikel",
		PublishedAt: time.Date(2024, 4, 26, 9, 30, 0, 0, s.Location()),
		Categories:  []model.Term{{ID: 1, Slug: "berita"}}}
	for _, p := range model.PermalinkPresets {
		c := permalinkChoice{Key: p.Key, Structure: p.Structure,
			Example: sample.Path(model.Permalinks{Structure: p.Structure, Loc: s.Location()}),
			Checked: p.Structure == s.PermalinkStructure}
		d.Custom = d.Custom && !c.Checked
		d.Presets = append(d.Presets, c)
	}
	return d
}

var zones = []string{"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Asia/Singapore", "Asia/Kuala_Lumpur",
	"Asia/Bangkok", "Asia/Manila", "Australia/Sydney", "Europe/Amsterdam", "Europe/London", "America/New_York", "UTC"}

func (h *Handler) showSettings(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageOptions) {
		return model.ErrForbidden
	}
	d := newSettingsData(r.st)
	var err error
	if d.Pages, err = h.store.PublishedPages(r.Context()); err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "settings.html", h.newView(r, r.p.T("admin.nav.settings"), "settings", d))
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageOptions) {
		return model.ErrForbidden
	}
	s := r.st
	f := r.PostFormValue
	s.Title, s.Tagline = strings.TrimSpace(f("title")), strings.TrimSpace(f("tagline"))
	s.Language, s.TimeZone = f("language"), f("time_zone")
	s.CommentOrder = f("comment_order")
	// A preset's radio button wins; "custom" (or none) takes the text box.
	structure := strings.TrimSpace(f("permalink"))
	if p := f("permalink_preset"); p != "" && p != "custom" {
		structure = p
	}
	errs := map[string]string{}
	num := func(field string, lo, hi int, dst *int) {
		n, err := strconv.Atoi(f(field))
		if err != nil || n < lo || n > hi {
			errs[field] = "admin.err.number"
			return
		}
		*dst = n
	}
	num("posts_per_page", 1, 100, &s.PostsPerPage)
	num("comments_per_page", 1, 500, &s.CommentsPerPage)
	num("thread_depth", 1, 10, &s.ThreadDepth)
	num("comments_close_days", 0, 3650, &s.CommentsCloseDays)
	num("comment_min_seconds", 0, 600, &s.CommentMinSeconds)
	num("comment_max_links", 0, 50, &s.CommentMaxLinks)
	num("comment_rate_ip", 0, 1000, &s.CommentRateIP)
	num("comment_rate_email", 0, 1000, &s.CommentRateEmail)
	num("spam_threshold", 1, 100, &s.SpamThreshold)
	num("spam_purge_days", 0, 3650, &s.SpamPurgeDays)
	num("comment_ip_retain_days", 0, 3650, &s.CommentIPRetainDays)
	if f("newsletter_rate") != "" {
		num("newsletter_rate", 0, 10000, &s.NewsletterRate)
	}
	switch m := f("comment_moderation"); m {
	case model.ModerateAlways, model.ModerateFirst, model.ModerateNever:
		s.CommentModeration = m
	default:
		errs["comment_moderation"] = "admin.err.invalid"
	}
	s.RESTAnonymousComments = f("rest_anonymous_comments") == "1"
	s.CommentRegistration = f("comment_registration") == "1"
	s.GuidelinePageID, _ = strconv.Atoi(f("guideline_page"))
	s.TwoFactorRequired = f("two_factor_required") == "1"
	if s.CommentRegistration && !s.MailEnabled() {
		errs["comment_registration"] = "admin.err.registration_mail"
	}
	s.CommentBlocklist = strings.TrimSpace(strings.ReplaceAll(f("comment_blocklist"), "\r\n", "\n"))
	s.ModeratorEmails = strings.TrimSpace(f("moderator_emails"))
	for _, a := range strings.Split(s.ModeratorEmails, ",") {
		if a = strings.TrimSpace(a); a != "" && !validEmail(a) {
			errs["moderator_emails"] = "auth.err.email"
		}
	}
	if s.Title == "" || len(s.Title) > 200 {
		errs["title"] = "admin.err.site_title"
	}
	if !locale.Supported(s.Language) {
		errs["language"] = "admin.err.language"
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" {
		errs["time_zone"] = "admin.err.time_zone"
	}
	if s.CommentOrder != "asc" && s.CommentOrder != "desc" {
		s.CommentOrder = "asc"
	}
	if msg := model.ValidatePermalink(structure); msg != "" {
		errs["permalink"] = msg
		s.PermalinkStructure = structure // shown back as typed
	} else {
		// The structure it replaces is remembered: its URLs keep leading
		// to the posts, with a 301.
		s.ChangePermalink(structure)
	}
	if len(errs) > 0 {
		d := newSettingsData(s)
		var err error
		if d.Pages, err = h.store.PublishedPages(r.Context()); err != nil {
			return err
		}
		if errs["permalink"] != "" {
			d.Custom = true
			for i := range d.Presets {
				d.Presets[i].Checked = false
			}
		}
		v := h.newView(r, r.p.T("admin.nav.settings"), "settings", d)
		v.Errors = errs
		return h.render(w, http.StatusUnprocessableEntity, "settings.html", v)
	}
	if err := h.store.SaveSettings(r.Context(), s); err != nil {
		return err
	}
	h.audit(r.Context(), r, "settings.save", "settings", 0, "")
	http.Redirect(w, r.Request, "/admin/settings?notice=settings", http.StatusSeeOther)
	return nil
}

type auditData struct {
	Entries []store.AuditEntry
	Page    int
	More    bool
}

func (h *Handler) showAudit(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageOptions) {
		return model.ErrForbidden
	}
	page := 1
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
		page = n
	}
	list, err := h.store.AuditEntries(r.Context(), 51, (page-1)*50)
	if err != nil {
		return err
	}
	d := auditData{Entries: list, Page: page}
	if len(list) > 50 {
		d.Entries, d.More = list[:50], true
	}
	return h.render(w, http.StatusOK, "audit.html", h.newView(r, r.p.T("admin.nav.audit"), "audit", d))
}
