package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/media"
	"warta/internal/model"
)

// The media library: a page of items, newest first, searched by file
// name, alt text or caption (a GET form, so a search is a link), and the
// upload form. The upload's size is checked from its Content-Length
// before a byte of it is read, and again while it is read (a chunked body
// declares none); the same file uploaded again is not stored twice.

func (h *Handler) mediaRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/media/{$}", h.page(h.showMedia))
	// The CSRF token is checked by the handler, once the size is known
	// to be allowed: reading it from the form would read the whole body.
	mux.Handle("POST /admin/media/{$}", h.handle(true, h.uploadMedia, streamedCSRF))
	mux.Handle("POST /admin/media/{id}", h.page(h.saveMediaText))
	h.mediaItemRoutes(mux)
	h.mediaDeleteRoutes(mux)
}

// mediaPerPage is the number of items on a page of the library.
const mediaPerPage = 30

// maxSearch bounds the library's search text, in bytes.
const maxSearch = 200

type mediaData struct {
	Items      []*model.Media
	Query      string // the search, "" for the whole library
	Total      int    // the items found
	Page       int
	Pages      int
	Edit       int64 // the item whose form failed
	Alt        string
	Caption    string
	MaxMB      int64
	UploadedID int64
	// Duplicates are the items that uploads just now found already in
	// the library.
	Duplicates []*model.Media
	// UserID and EditOthers decide which items show a delete link: one's
	// own uploads, or everyone's for editors.
	UserID     int64
	EditOthers bool
}

// PageURL is the library's page n, with the same search.
func (d mediaData) PageURL(n int) string {
	v := url.Values{}
	if d.Query != "" {
		v.Set("q", d.Query)
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return "/admin/media/"
	}
	return "/admin/media/?" + v.Encode()
}

// maxUpload is the largest upload the library takes, in bytes.
func (h *Handler) maxUpload() int64 {
	if h.maxUploadBytes > 0 {
		return h.maxUploadBytes
	}
	return media.DefaultMaxBytes
}

// formOverhead is what a multipart form adds to its files: boundaries,
// part headers, the token, alt text and caption.
const formOverhead = 64 << 10

func (h *Handler) showMedia(w http.ResponseWriter, r *request) error {
	return h.renderMedia(w, r, http.StatusOK, nil, nil)
}

func (h *Handler) renderMedia(w http.ResponseWriter, r *request, status int, errs map[string]string, args []any) error {
	if !r.can(auth.UploadFiles) {
		return model.ErrForbidden
	}
	q := r.URL.Query()
	d := mediaData{Page: 1, MaxMB: h.maxUpload() >> 20, UserID: r.user().ID, EditOthers: r.can(auth.EditOthersPosts),
		Query: strings.TrimSpace(q.Get("q"))}
	if len(d.Query) > maxSearch {
		d.Query = d.Query[:maxSearch]
		d.Query = strings.ToValidUTF8(d.Query, "")
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		d.Page = n
	}
	d.UploadedID, _ = strconv.ParseInt(q.Get("new"), 10, 64)
	for i, s := range q["dup"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || i >= 20 {
			continue
		}
		if m, err := h.store.Media(r.Context(), id); err == nil {
			d.Duplicates = append(d.Duplicates, m)
		}
	}
	items, total, err := h.store.SearchMedia(r.Context(), d.Query, mediaPerPage, (d.Page-1)*mediaPerPage)
	if err != nil {
		return err
	}
	d.Items, d.Total, d.Pages = items, total, max(1, (total+mediaPerPage-1)/mediaPerPage)
	title := r.p.T("admin.nav.media")
	if d.Query != "" {
		title = r.p.T("admin.media.search_title", d.Query)
	}
	v := h.newView(r, title, "media", d)
	v.Errors = errs
	if args != nil {
		v.ErrArgs = map[string][]any{"file": args}
	}
	return h.render(w, status, "media.html", v)
}

// uploadFail answers an upload refused: the problem named at the file's
// field, with the status.
type uploadFail func(status int, ue *media.UploadError) error

// limitUpload refuses an upload whose declared length is over the limit,
// before reading it, and caps the reading of one that declares none. It
// then parses the form and checks its CSRF token. ok is false when it has
// answered the request: through fail for a file too big or a broken form
// (err is then what fail returned), with the error page for a bad token.
func (h *Handler) limitUpload(w http.ResponseWriter, r *request, fail uploadFail) (ok bool, err error) {
	limit := h.maxUpload() + formOverhead
	tooBig := func() (bool, error) {
		w.Header().Set("Connection", "close") // the rest of the body is not read
		return false, fail(http.StatusRequestEntityTooLarge, media.TooBig(h.maxUpload()))
	}
	if r.ContentLength > limit {
		return tooBig()
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := parseForm(r); err != nil {
		var over *http.MaxBytesError
		if errors.As(err, &over) {
			return tooBig()
		}
		return false, fail(http.StatusBadRequest, &media.UploadError{Key: "media.err.broken"})
	}
	if !r.ses.CheckCSRF(csrfFrom(r.Request)) {
		h.renderError(w, r, http.StatusForbidden, "admin.err.csrf")
		return false, nil
	}
	return true, nil
}

// uploadStatus is the status of an answer naming ue: 413 for a file over
// the limit, 422 for any other problem with it.
func uploadStatus(ue *media.UploadError) int {
	if ue.Key == "media.err.too_big" {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusUnprocessableEntity
}

// uploadMedia takes one or more files from the picker or a drop. The
// script asks for JSON (Accept: application/json) and gets the item back
// (the one already in the library, with "duplicate": true, for a file
// uploaded before); a plain form gets the library back.
func (h *Handler) uploadMedia(w http.ResponseWriter, r *request) error {
	if !r.can(auth.UploadFiles) {
		return model.ErrForbidden
	}
	wantJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
	fail := func(status int, ue *media.UploadError) error {
		key, args := ue.Message()
		if wantJSON {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			return json.NewEncoder(w).Encode(map[string]string{"error": r.p.T(key, args...)})
		}
		return h.renderMedia(w, r, status, map[string]string{"file": key}, args)
	}
	if ok, err := h.limitUpload(w, r, fail); !ok {
		return err
	}
	var files = r.MultipartForm.File["file"]
	if len(files) == 0 {
		return fail(http.StatusUnprocessableEntity, &media.UploadError{Key: "media.err.none"})
	}
	var last *model.Media
	var dups []string
	lastDup := false
	for _, fh := range files {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		m, existed, err := media.Add(r.Context(), h.store, h.media, media.Upload{Body: f, Name: fh.Filename,
			UploaderID: r.user().ID, Now: h.now().UTC(), MaxBytes: h.maxUpload()})
		f.Close()
		if ue, ok := media.AsUploadError(err); ok {
			return fail(uploadStatus(ue), ue)
		}
		if err != nil {
			return err
		}
		last, lastDup = m, existed
		if existed {
			dups = append(dups, strconv.FormatInt(m.ID, 10))
			continue
		}
		alt := strings.TrimSpace(r.FormValue("alt"))
		if alt != "" && len(files) == 1 {
			if err := h.store.UpdateMediaText(r.Context(), m.ID, alt, strings.TrimSpace(r.FormValue("caption"))); err != nil {
				return err
			}
			m.Alt = alt
		}
		h.audit(r.Context(), r, "media.upload", "media", m.ID, m.Path)
	}
	if wantJSON {
		w.Header().Set("Content-Type", "application/json")
		out := map[string]any{"id": last.ID, "url": last.URL(), "width": last.Width,
			"height": last.Height, "alt": last.Alt}
		if lastDup {
			out["duplicate"] = true
			out["message"] = r.p.T("admin.media.duplicate_json")
			out["edit"] = "/admin/media/" + strconv.FormatInt(last.ID, 10)
		}
		return json.NewEncoder(w).Encode(out)
	}
	to := url.Values{}
	if len(dups) < len(files) {
		to.Set("notice", "uploaded")
		to.Set("new", strconv.FormatInt(last.ID, 10))
	}
	to["dup"] = dups
	http.Redirect(w, r.Request, "/admin/media/?"+to.Encode(), http.StatusSeeOther)
	return nil
}

func (h *Handler) saveMediaText(w http.ResponseWriter, r *request) error {
	if !r.can(auth.UploadFiles) {
		return model.ErrForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	alt, caption := strings.TrimSpace(r.PostFormValue("alt")), strings.TrimSpace(r.PostFormValue("caption"))
	fromItem := r.PostFormValue("from") == "item"
	if len(alt) > 500 || len(caption) > 1000 {
		errs := map[string]string{"alt": "media.err.text_long"}
		if fromItem {
			return h.renderMediaItem(w, r, http.StatusUnprocessableEntity, errs, nil)
		}
		return h.renderMedia(w, r, http.StatusUnprocessableEntity, errs, nil)
	}
	if err := h.store.UpdateMediaText(r.Context(), id, alt, caption); err != nil {
		return err
	}
	h.audit(r.Context(), r, "media.edit", "media", id, alt)
	if fromItem {
		http.Redirect(w, r.Request, "/admin/media/"+strconv.FormatInt(id, 10)+"?notice=saved", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r.Request, "/admin/media/?notice=saved#media-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
