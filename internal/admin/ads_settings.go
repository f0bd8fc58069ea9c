package admin

import (
	"net/http"
	"strconv"
	"strings"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
)

// adsRoutes registers the advertising screen, where editors fill the ad
// slots and administrators list the origins the site's
// Content-Security-Policy lets ads and analytics load from.
func (h *Handler) adsRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/ads", h.page(h.showAds))
	mux.Handle("POST /admin/ads", h.page(h.saveAds))
}

// adsData fills the advertising screen.
type adsData struct {
	Ads   model.Ads
	Slots []adSlotRow
	// Kinds and PhoneSizes are the choices every slot offers.
	Kinds      []string
	PhoneSizes []string
	// Origins: the user may change the origins and the analytics script
	// (administrators: they widen the policy of every public page).
	Origins bool
}

// adSlotRow is one slot's fieldset.
type adSlotRow struct {
	Name  string
	Slot  model.AdSlot
	Sizes []string // the wide sizes the slot may take
	After string   // as typed; "" for slots not placed by number
	// Placed: the slot is placed after a paragraph or block.
	Placed bool
}

func (h *Handler) showAds(w http.ResponseWriter, r *request) error {
	after := map[string]string{}
	for _, name := range model.AdSlotNames {
		if n := r.st.Ads.Slot(name).After; n > 0 {
			after[name] = strconv.Itoa(n)
		}
	}
	return h.renderAds(w, r, http.StatusOK, r.st.Ads, after, nil)
}

func (h *Handler) renderAds(w http.ResponseWriter, r *request, status int, ads model.Ads, after map[string]string, errs map[string]string) error {
	if !r.can(auth.EditOthersPosts) {
		return model.ErrForbidden
	}
	d := adsData{Ads: ads, Kinds: model.AdKinds, PhoneSizes: model.AdPhoneSizes, Origins: r.can(auth.ManageOptions)}
	for _, name := range model.AdSlotNames {
		d.Slots = append(d.Slots, adSlotRow{Name: name, Slot: *ads.Slot(name), Sizes: model.AdSizes(name),
			After: after[name], Placed: name == "article" || name == "front"})
	}
	v := h.newView(r, r.p.T("admin.ads.title"), "ads", d)
	v.Errors = errs
	return h.render(w, status, "ads_settings.html", v)
}

func (h *Handler) saveAds(w http.ResponseWriter, r *request) error {
	if !r.can(auth.EditOthersPosts) {
		return model.ErrForbidden
	}
	s := r.st
	ads := s.Ads // origins and analytics stay unless an administrator changes them
	if r.can(auth.ManageOptions) {
		ads.Origins = r.PostFormValue("ad_origins")
		ads.Analytics = r.PostFormValue("ad_analytics")
	}
	var verr model.ValidationError
	after := map[string]string{}
	for _, name := range model.AdSlotNames {
		f := func(field string) string { return r.PostFormValue("ad_" + name + "_" + field) }
		slot := model.AdSlot{Kind: f("kind"), Size: f("size"), PhoneSize: f("phone_size"), Src: f("src"), Link: f("link"), Alt: f("alt")}
		if name == "article" || name == "front" {
			after[name] = strings.TrimSpace(f("after"))
			if after[name] != "" {
				n, err := strconv.Atoi(after[name])
				if err != nil {
					verr.Add("ad_"+name+"_after", "admin.ads.err.after")
				}
				slot.After = n
			}
		}
		*ads.Slot(name) = slot
	}
	model.NormalizeAds(&ads, &verr)
	if verr.Err() != nil {
		return h.renderAds(w, r, http.StatusUnprocessableEntity, ads, after, verr.Fields)
	}
	s.Ads = ads
	if err := h.store.SaveSettings(r.Context(), s); err != nil {
		return err
	}
	h.audit(r.Context(), r, "settings.ads", "settings", 0, "")
	http.Redirect(w, r.Request, "/admin/ads?notice=saved", http.StatusSeeOther)
	return nil
}
