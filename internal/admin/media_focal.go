package admin

import (
	"net/http"
	"strconv"
	"strings"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/media"
	"warta/internal/model"
)

// The focal point of an image: where its subject is, around which the
// 16:9, 4:3 and 1:1 crops for Google News and Discover are cut. The page
// works without JavaScript: the image is an <input type=image>, whose
// click sends its coordinates with the form, and two number fields take
// the point as percentages for keyboards and screen readers.

func init() { notices["focal_saved"] = "admin.notice.focal_saved" }

func (h *Handler) mediaFocalRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/media/{id}/focal", h.page(h.showMediaFocal))
	mux.Handle("POST /admin/media/{id}/focal", h.page(h.saveMediaFocal))
}

// focalPickWidth is the width the image is shown at to be clicked: a
// click's coordinates are in CSS pixels of the shown image, so the page
// never scales it (it scrolls on a narrower screen instead).
const focalPickWidth = 400

type focalData struct {
	Item         *model.Media
	Pick         string // the image to click: the narrowest variant wide enough, or the original
	PickW, PickH int
	X, Y         string // the point as percentages, as typed or stored
	Crops        []model.MediaCrop
}

func (h *Handler) focalView(r *request) (focalData, error) {
	if !r.can(auth.UploadFiles) {
		return focalData{}, model.ErrForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return focalData{}, err
	}
	m, err := h.store.Media(r.Context(), id)
	if err != nil {
		return focalData{}, err
	}
	if m.UploaderID != r.user().ID && !r.can(auth.EditOthersPosts) {
		return focalData{}, model.ErrForbidden
	}
	fx, fy, err := h.store.MediaFocal(r.Context(), id)
	if err != nil {
		return focalData{}, err
	}
	d := focalData{Item: m, Pick: m.URL(), X: percent(fx), Y: percent(fy), Crops: m.Crops()}
	for _, v := range m.Variants {
		if v.Width >= focalPickWidth {
			d.Pick = v.URL()
			break
		}
	}
	d.PickW = min(focalPickWidth, max(m.Width, 1))
	d.PickH = max(1, d.PickW*m.Height/max(m.Width, 1))
	return d, nil
}

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) }

func (h *Handler) showMediaFocal(w http.ResponseWriter, r *request) error {
	d, err := h.focalView(r)
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "media_focal.html", h.newView(r, r.p.T("admin.media.focal_title"), "media", d))
}

func (h *Handler) saveMediaFocal(w http.ResponseWriter, r *request) error {
	d, err := h.focalView(r)
	if err != nil {
		return err
	}
	x, y, ok := 0.0, 0.0, false
	if px, py := r.PostFormValue("pick.x"), r.PostFormValue("pick.y"); px != "" || py != "" {
		// A click on the image, in pixels of the image as shown.
		cx, errX := strconv.Atoi(px)
		cy, errY := strconv.Atoi(py)
		x, y = float64(cx)/float64(d.PickW), float64(cy)/float64(d.PickH)
		ok = errX == nil && errY == nil
		d.X, d.Y = percent(min(max(x, 0), 1)), percent(min(max(y, 0), 1))
	} else {
		d.X, d.Y = strings.TrimSpace(r.PostFormValue("x")), strings.TrimSpace(r.PostFormValue("y"))
		px, errX := strconv.ParseFloat(strings.ReplaceAll(d.X, ",", "."), 64)
		py, errY := strconv.ParseFloat(strings.ReplaceAll(d.Y, ",", "."), 64)
		x, y, ok = px/100, py/100, errX == nil && errY == nil
	}
	if !ok || x < 0 || x > 1 || y < 0 || y > 1 {
		v := h.newView(r, r.p.T("admin.media.focal_title"), "media", d)
		v.Errors = map[string]string{"focal": "media.err.focal"}
		return h.render(w, http.StatusUnprocessableEntity, "media_focal.html", v)
	}
	err = media.SetFocal(r.Context(), h.store, h.media, d.Item.ID, x, y)
	if key, isUpload := media.IsUploadError(err); isUpload {
		v := h.newView(r, r.p.T("admin.media.focal_title"), "media", d)
		v.Errors = map[string]string{"focal": key}
		return h.render(w, http.StatusUnprocessableEntity, "media_focal.html", v)
	}
	if err != nil {
		return err
	}
	h.audit(r.Context(), r, "media.focal", "media", d.Item.ID, percent(x)+","+percent(y))
	http.Redirect(w, r.Request, "/admin/media/"+strconv.FormatInt(d.Item.ID, 10)+"/focal?notice=focal_saved", http.StatusSeeOther)
	return nil
}
