package admin

import (
	"encoding/json"
	"net/http"
	"path"

	"warta/internal/auth"
	"warta/internal/model"
)

// pickerSize is how many of the newest media items the editor's library
// dialog lists; it filters them as the writer types.
const pickerSize = 200

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

// mediaPicker answers the editor's library dialog: the newest images, as
// JSON, for a writer who may upload (and so insert) files.
func (h *Handler) mediaPicker(w http.ResponseWriter, r *request) error {
	if !r.can(auth.UploadFiles) {
		return model.ErrForbidden
	}
	items, _, err := h.store.MediaLibrary(r.Context(), pickerSize, 0)
	if err != nil {
		return err
	}
	list := make([]pickerItem, 0, len(items))
	for _, m := range items {
		if m.Width == 0 { // not an image
			continue
		}
		thumb := m.URL()
		if len(m.Variants) > 0 {
			thumb = m.Variants[0].URL()
		}
		list = append(list, pickerItem{ID: m.ID, URL: m.URL(), Thumb: thumb, Name: path.Base(m.Path),
			Width: m.Width, Height: m.Height, Alt: m.Alt, Caption: m.Caption})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "private, no-store")
	return json.NewEncoder(w).Encode(list)
}
