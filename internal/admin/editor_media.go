package admin

import (
	"encoding/json"
	"net/http"
	"path"
	"strconv"

	"warta/internal/auth"
	"warta/internal/model"
)

// pickerSize is how many media items one page of the editor's library
// dialog holds; the dialog asks for the next page when the writer wants
// more.
const pickerSize = 50

// pickerItem is a media item as the editor's library dialog lists it.
type pickerItem struct {
	ID      int64  `json:"id"`
	URL     string `json:"url"`
	Thumb   string `json:"thumb"`
	Name    string `json:"name"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
}

// pickerPage is one page of the library dialog: the images found, how
// many items match in all, and the offset of the next page (0 when this
// is the last).
type pickerPage struct {
	Items []pickerItem `json:"items"`
	Total int          `json:"total"`
	Next  int          `json:"next"`
}

// mediaPicker answers the editor's library dialog, for a writer who may
// upload (and so insert) files: one page of the images whose file name,
// alt text or caption has words starting with those of q (the whole
// library when q is empty), newest first, searched in the database so
// that the oldest photo of a large archive is found as fast as the newest.
func (h *Handler) mediaPicker(w http.ResponseWriter, r *request) error {
	if !r.can(auth.UploadFiles) {
		return model.ErrForbidden
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	offset = max(offset, 0)
	items, total, err := h.store.SearchMedia(r.Context(), r.URL.Query().Get("q"), pickerSize, offset)
	if err != nil {
		return err
	}
	page := pickerPage{Items: make([]pickerItem, 0, len(items)), Total: total}
	if offset+pickerSize < total {
		page.Next = offset + pickerSize
	}
	for _, m := range items {
		if m.Width == 0 { // not an image
			continue
		}
		thumb := m.URL()
		if len(m.Variants) > 0 {
			thumb = m.Variants[0].URL()
		}
		page.Items = append(page.Items, pickerItem{ID: m.ID, URL: m.URL(), Thumb: thumb, Name: path.Base(m.Path),
			Width: m.Width, Height: m.Height, Alt: m.Alt, Caption: m.Caption})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "private, no-store")
	return json.NewEncoder(w).Encode(page)
}
