package web

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	_ "image/gif" // the formats media.Save accepts
	_ "image/jpeg"
	"image/png"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"warta/internal/media"
	"warta/internal/model"

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// iconSizes are the square icons cut from the favicon an editor uploaded:
// 32 for browser tabs, 180 for iPhones' home screens (apple-touch-icon),
// 192 for Android's; /favicon.ico holds 16, 32 and 48.
var iconSizes = []int{16, 32, 48, 180, 192}

// iconCache keeps the icons made from the uploaded favicon, by media id
// and size: a few kilobytes, made on the first request for each.
type iconCache struct {
	mu   sync.Mutex
	pngs map[[2]int][]byte
}

// showFavicon answers /favicon.ico, which browsers ask for on every page
// that names no icon of its own (the newsroom's, a feed or an image opened
// in a tab): the uploaded favicon in the sizes an .ico holds, or else a
// redirect to the theme's icon at its content-hashed URL, instead of a 404
// in the console. A day's cache: the icon may change.
func (h *Handler) showFavicon(w http.ResponseWriter, r *http.Request) error {
	st, err := h.store.Settings(r.Context())
	if err != nil {
		return err
	}
	if st.FaviconMedia > 0 {
		var images [][]byte
		for _, size := range []int{16, 32, 48} {
			b, err := h.icon(r, st.FaviconMedia, size)
			if err != nil {
				return err
			}
			images = append(images, b)
		}
		w.Header().Set("Content-Type", "image/x-icon")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		_, err := w.Write(ico(images, []int{16, 32, 48}))
		return err
	}
	p, err := h.view.StaticPath("favicon.svg")
	if err != nil {
		return model.ErrNotFound // a theme without one
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.Redirect(w, r, p, http.StatusFound)
	return nil
}

// showIcon answers /icons/ID-SIZE.png: the favicon media item ID cut
// square at SIZE pixels. The name changes with the upload, so it is cached
// for a year.
func (h *Handler) showIcon(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	idText, sizeText, ok2 := strings.Cut(name, "-")
	id, err1 := strconv.Atoi(idText)
	size, err2 := strconv.Atoi(sizeText)
	if !ok || !ok2 || err1 != nil || err2 != nil || !slices.Contains(iconSizes, size) {
		return model.ErrNotFound
	}
	st, err := h.store.Settings(r.Context())
	if err != nil {
		return err
	}
	if id != st.FaviconMedia || id <= 0 {
		return model.ErrNotFound
	}
	b, err := h.icon(r, id, size)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err = w.Write(b)
	return err
}

// icon returns the PNG of media item id cut square around its centre and
// scaled to size; model.ErrNotFound when the item or its file is gone.
func (h *Handler) icon(r *http.Request, id, size int) ([]byte, error) {
	key := [2]int{id, size}
	h.icons.mu.Lock()
	b, ok := h.icons.pngs[key]
	h.icons.mu.Unlock()
	if ok {
		return b, nil
	}
	if h.files == nil {
		return nil, model.ErrNotFound
	}
	m, err := h.store.Media(r.Context(), int64(id))
	if err != nil {
		return nil, err
	}
	info, err := h.files.Stat(r.Context(), m.Path)
	if err != nil {
		return nil, model.ErrNotFound
	}
	f := media.Seeker(r.Context(), h.files, info)
	defer f.Close()
	src, _, err := image.Decode(io.LimitReader(f, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("web: favicon %d: %w", id, err)
	}
	sb := src.Bounds()
	side := min(sb.Dx(), sb.Dy())
	x0, y0 := sb.Min.X+(sb.Dx()-side)/2, sb.Min.Y+(sb.Dy()-side)/2
	dst := image.NewRGBA(image.Rect(0, 0, size, size))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, image.Rect(x0, y0, x0+side, y0+side), xdraw.Over, nil)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, dst); err != nil {
		return nil, err
	}
	h.icons.mu.Lock()
	if h.icons.pngs == nil || len(h.icons.pngs) > 4*len(iconSizes) {
		h.icons.pngs = map[[2]int][]byte{} // a new favicon: forget the old one's
	}
	h.icons.pngs[key] = buf.Bytes()
	h.icons.mu.Unlock()
	return buf.Bytes(), nil
}

// ico writes an .ico file holding the PNG images of the given sizes (the
// format since Windows Vista, which every browser reads).
func ico(images [][]byte, sizes []int) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	_ = binary.Write(&b, le, [3]uint16{0, 1, uint16(len(images))})
	offset := 6 + 16*len(images)
	for i, img := range images {
		s := byte(sizes[i] % 256) // 0 means 256
		b.Write([]byte{s, s, 0, 0})
		_ = binary.Write(&b, le, [2]uint16{1, 32})
		_ = binary.Write(&b, le, [2]uint32{uint32(len(img)), uint32(offset)})
		offset += len(img)
	}
	for _, img := range images {
		b.Write(img)
	}
	return b.Bytes()
}
