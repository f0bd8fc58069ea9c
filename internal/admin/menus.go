package admin

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/slug"
)

// menuRoutes registers the menu editor: one menu per language, shown as
// the site's header navigation. Every change is a plain form, so the
// editor works without script.
func (h *Handler) menuRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/menus", h.page(h.showMenus))
	mux.Handle("POST /admin/menus", h.page(h.changeMenu))
}

// menuLabelMax bounds an item's label.
const menuLabelMax = 100

// menusData fills the menu editor.
type menusData struct {
	Lang      string
	Langs     []string
	Menu      model.Menu
	Rows      []menuRow
	Cats      []model.Term
	Pages     []model.Article
	Imported  []model.WPMenu
	Add       menuAdd // the add form's values, kept when refused
	Automatic bool    // no menu: the header shows the automatic one
}

// menuRow is one item as the editor lists it.
type menuRow struct {
	model.MenuItem
	Target                    string // what it links, in words: the page's title, the URL
	Gone                      bool   // its category, tag or page is gone or unpublished
	Up, Down, Indent, Outdent bool
}

// menuAdd is what the add form sent.
type menuAdd struct {
	Kind, Target, Tag, Label, URL string
}

func (h *Handler) showMenus(w http.ResponseWriter, r *request) error {
	return h.renderMenus(w, r, http.StatusOK, menuLang(r), menuAdd{Kind: model.MenuCategory}, nil)
}

// menuLang is the language the request names, else the site's.
func menuLang(r *request) string {
	lang := r.FormValue("lang")
	if !slices.Contains(locale.Languages(), lang) {
		lang = locale.New(r.st.Language).Lang()
	}
	return lang
}

func (h *Handler) renderMenus(w http.ResponseWriter, r *request, status int, lang string, add menuAdd, errs map[string]string) error {
	if !r.can(auth.EditOthersPosts) {
		return model.ErrForbidden
	}
	ctx := r.Context()
	m, err := h.store.Menu(ctx, lang)
	if err != nil {
		return err
	}
	d := menusData{Lang: lang, Langs: locale.Languages(), Menu: m, Add: add, Automatic: m.ID == 0}
	if d.Cats, err = h.store.Terms(ctx, model.TaxonomyCategory); err != nil {
		return err
	}
	if d.Pages, err = h.store.PublishedPages(ctx); err != nil {
		return err
	}
	if d.Imported, err = h.store.WPMenus(ctx); err != nil {
		return err
	}
	pages := map[int64]model.Article{}
	for _, p := range d.Pages {
		pages[p.ID] = p
	}
	for _, it := range m.Items {
		row := menuRow{MenuItem: it}
		switch it.Kind {
		case model.MenuCategory, model.MenuTag:
			row.Target, row.Gone = it.Name, it.Slug == ""
		case model.MenuPage:
			p, ok := pages[it.TargetID]
			row.Target, row.Gone = p.Title, !ok
		default:
			row.Target = it.URL
		}
		// What each button would change: a button that would not is not shown.
		for _, op := range []string{model.MenuUp, model.MenuDown, model.MenuIndent, model.MenuOutdent} {
			try := model.Menu{Items: slices.Clone(m.Items)}
			ok := try.Apply(op, it.ID)
			switch op {
			case model.MenuUp:
				row.Up = ok
			case model.MenuDown:
				row.Down = ok
			case model.MenuIndent:
				row.Indent = ok
			case model.MenuOutdent:
				row.Outdent = ok
			}
		}
		d.Rows = append(d.Rows, row)
	}
	v := h.newView(r, r.p.T("admin.menus.title"), "menus", d)
	v.Errors = errs
	return h.render(w, status, "menus.html", v)
}

func (h *Handler) changeMenu(w http.ResponseWriter, r *request) error {
	if !r.can(auth.EditOthersPosts) {
		return model.ErrForbidden
	}
	ctx := r.Context()
	lang := menuLang(r)
	m, err := h.store.Menu(ctx, lang)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PostFormValue("item"), 10, 64)
	op := r.PostFormValue("op")
	switch op {
	case "add":
		add := menuAdd{Kind: r.PostFormValue("kind"), Target: r.PostFormValue("target_" + r.PostFormValue("kind")),
			Tag: strings.TrimSpace(r.PostFormValue("tag")), Label: strings.TrimSpace(r.PostFormValue("label")),
			URL: strings.TrimSpace(r.PostFormValue("url"))}
		it, errs, err := h.menuItem(r, add)
		if err != nil {
			return err
		}
		if len(m.Items) >= model.MenuMaxItems {
			errs["label"] = "admin.menus.err.full"
		}
		if len(errs) > 0 {
			return h.renderMenus(w, r, http.StatusUnprocessableEntity, lang, add, errs)
		}
		m.Items = append(m.Items, it)
	case "rename":
		label := strings.TrimSpace(r.PostFormValue("label"))
		k := slices.IndexFunc(m.Items, func(it model.MenuItem) bool { return it.ID == id })
		if k < 0 {
			return model.ErrNotFound
		}
		if len(label) > menuLabelMax || (label == "" && m.Items[k].Kind == model.MenuCustom) {
			return h.renderMenus(w, r, http.StatusUnprocessableEntity, lang, menuAdd{Kind: model.MenuCategory},
				map[string]string{"label_" + strconv.FormatInt(id, 10): "admin.menus.err.label"})
		}
		m.Items[k].Label = label
	case model.MenuUp, model.MenuDown, model.MenuIndent, model.MenuOutdent, model.MenuDelete:
		if !m.Apply(op, id) {
			// A stale page (the menu changed since) or a move that cannot be:
			// show the menu as it is.
			http.Redirect(w, r.Request, "/admin/menus?lang="+lang, http.StatusSeeOther)
			return nil
		}
	case "import":
		wp, err := h.store.WPMenus(ctx)
		if err != nil {
			return err
		}
		k := slices.IndexFunc(wp, func(w model.WPMenu) bool { return w.Slug == r.PostFormValue("source") })
		if k < 0 {
			return h.renderMenus(w, r, http.StatusUnprocessableEntity, lang, menuAdd{Kind: model.MenuCategory},
				map[string]string{"source": "admin.err.invalid"})
		}
		links, err := h.store.PermalinksFor(ctx, r.st)
		if err != nil {
			return err
		}
		if m.Items, err = h.store.MenuFromWP(ctx, wp[k], links); err != nil {
			return err
		}
		m.Source = wp[k].Slug
	case "remove":
		if err := h.store.DeleteMenu(ctx, lang); err != nil {
			return err
		}
		h.audit(ctx, r, "menu.remove", "menu", m.ID, lang)
		http.Redirect(w, r.Request, "/admin/menus?lang="+lang+"&notice=saved", http.StatusSeeOther)
		return nil
	default:
		return h.renderMenus(w, r, http.StatusUnprocessableEntity, lang, menuAdd{Kind: model.MenuCategory},
			map[string]string{"op": "admin.err.invalid"})
	}
	if err := h.store.SaveMenu(ctx, &m); err != nil {
		return err
	}
	h.audit(ctx, r, "menu.change", "menu", m.ID, lang+" "+op)
	http.Redirect(w, r.Request, "/admin/menus?lang="+lang+"&notice=saved", http.StatusSeeOther)
	return nil
}

// menuItem checks what the add form sent and makes the item; errs names
// the fields refused.
func (h *Handler) menuItem(r *request, add menuAdd) (model.MenuItem, map[string]string, error) {
	ctx := r.Context()
	errs := map[string]string{}
	it := model.MenuItem{Kind: add.Kind, Label: add.Label}
	if len(add.Label) > menuLabelMax {
		errs["label"] = "admin.menus.err.label"
	}
	switch add.Kind {
	case model.MenuCategory:
		id, _ := strconv.ParseInt(add.Target, 10, 64)
		t, err := h.store.TermByID(ctx, id)
		if errors.Is(err, model.ErrNotFound) || (err == nil && t.Taxonomy != model.TaxonomyCategory) {
			errs["target_category"] = "admin.menus.err.target"
			return it, errs, nil
		}
		if err != nil {
			return it, errs, err
		}
		it.TargetID = t.ID
	case model.MenuPage:
		id, _ := strconv.ParseInt(add.Target, 10, 64)
		a, err := h.store.ArticleByID(ctx, id)
		if errors.Is(err, model.ErrNotFound) || (err == nil && a.Type != model.TypePage) {
			errs["target_page"] = "admin.menus.err.target"
			return it, errs, nil
		}
		if err != nil {
			return it, errs, err
		}
		it.TargetID = a.ID
	case model.MenuTag:
		t, err := h.store.TermBySlug(ctx, model.TaxonomyTag, slug.Make(add.Tag))
		if errors.Is(err, model.ErrNotFound) || add.Tag == "" {
			errs["tag"] = "admin.menus.err.tag"
			return it, errs, nil
		}
		if err != nil {
			return it, errs, err
		}
		it.TargetID = t.ID
	case model.MenuCustom:
		u, err := url.Parse(add.URL)
		if err != nil || add.URL == "" || !(u.Scheme == "https" || u.Scheme == "http" ||
			(u.Scheme == "" && strings.HasPrefix(add.URL, "/") && !strings.HasPrefix(add.URL, "//"))) {
			errs["url"] = "admin.front.err.url"
		}
		if add.Label == "" {
			errs["label"] = "admin.menus.err.label"
		}
		it.URL = add.URL
	default:
		errs["kind"] = "admin.err.invalid"
	}
	return it, errs, nil
}
