package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/gen2brain/avif"
	"github.com/gen2brain/webp"
	xdraw "golang.org/x/image/draw"

	"warta/internal/model"
	"warta/internal/store"
)

// The encoders' settings. scripts/image-formats.sh measures them against
// the JPEG variants (docs/images.md has the figures): on generated photos
// WebP q80 is about half the JPEG's bytes and AVIF q60 about a quarter, at
// a somewhat lower SSIM (they smooth sensor grain that JPEG keeps).
const (
	WebPQuality = 80
	WebPMethod  = 4 // 0 fastest … 6 smallest
	AVIFQuality = 60
	AVIFSpeed   = 8 // 0 slowest and smallest … 10 fastest
)

// EncodeFormat writes img in the format named f ("webp" or "avif").
func EncodeFormat(w io.Writer, img image.Image, f string) error {
	switch f {
	case "webp":
		return webp.Encode(w, img, webp.Options{Quality: WebPQuality, Method: WebPMethod})
	case "avif":
		return avif.Encode(w, img, avif.Options{Quality: AVIFQuality, QualityAlpha: AVIFQuality, Speed: AVIFSpeed})
	}
	return fmt.Errorf("media: no encoder for %q", f)
}

// WantedRenditions is what m.Renditions holds once every file it can have
// is made, with its crops around the focal point (fx, fy).
func WantedRenditions(m *model.Media, fx, fy float64) string {
	var words []string
	if m.CanHaveFormats() {
		for _, f := range model.Formats {
			words = append(words, f.Name)
		}
	}
	words = append(words, "crop:"+strconv.Itoa(model.FocalThousandths(fx))+","+strconv.Itoa(model.FocalThousandths(fy)))
	return strings.Join(words, " ")
}

// Renditions makes what media item id lacks of its WebP and AVIF copies and
// its crops around the editor's focal point, records them, and removes
// crops cut around an earlier focal point. With force it remakes them all.
// It reports whether it made anything. An item whose original cannot be
// read or decoded is an error; nothing is recorded for it.
func Renditions(ctx context.Context, st *store.Store, files Storage, id int64, force bool) (bool, error) {
	return renditions(ctx, st, files, id, force, false)
}

// SetFocal records the focal point (fractions of the width and height) of
// media item id and recuts its crops around it, at once: the WebP and AVIF
// copies are left to RunRenditions.
func SetFocal(ctx context.Context, st *store.Store, files Storage, id int64, x, y float64) error {
	if x < 0 || x > 1 || y < 0 || y > 1 {
		return &UploadError{Key: "media.err.focal"}
	}
	if err := st.SetMediaFocal(ctx, id, x, y); err != nil {
		return err
	}
	_, err := renditions(ctx, st, files, id, false, true)
	return err
}

// renditions is Renditions; cropsOnly leaves the formats as they are.
// Another process may record the item's renditions meanwhile (a focal
// point set while the background makes its copies): the record is
// compared and set, and the work done again from what the other left.
func renditions(ctx context.Context, st *store.Store, files Storage, id int64, force, cropsOnly bool) (bool, error) {
	for attempt := 0; ; attempt++ {
		made, err := renditionsOnce(ctx, st, files, id, force, cropsOnly)
		if errors.Is(err, model.ErrConflict) && attempt < 3 {
			continue
		}
		return made, err
	}
}

func renditionsOnce(ctx context.Context, st *store.Store, files Storage, id int64, force, cropsOnly bool) (bool, error) {
	m, err := st.Media(ctx, id)
	if err != nil {
		return false, err
	}
	fx, fy, err := st.MediaFocal(ctx, id)
	if err != nil {
		return false, err
	}
	want := WantedRenditions(m, fx, fy)
	if cropsOnly {
		var words []string
		for _, f := range model.Formats {
			if m.HasRendition(f.Name) {
				words = append(words, f.Name)
			}
		}
		x, y := model.FocalThousandths(fx), model.FocalThousandths(fy)
		want = strings.Join(append(words, "crop:"+strconv.Itoa(x)+","+strconv.Itoa(y)), " ")
	}
	if m.Renditions == want && !force {
		return false, nil
	}
	img, err := loadOriginal(ctx, files, m)
	if err != nil {
		return false, err
	}
	have := *m
	if force {
		have.Renditions = ""
	}
	made := &model.Media{}
	*made = *m
	made.Renditions = want
	for _, f := range model.Formats {
		if !made.HasRendition(f.Name) || have.HasRendition(f.Name) {
			continue
		}
		if err := writeFormat(ctx, files, img, made, f); err != nil {
			return false, err
		}
	}
	x, y, _ := made.CropFocal()
	oldX, oldY, hadCrops := have.CropFocal()
	if !hadCrops || oldX != x || oldY != y {
		if err := writeCrops(ctx, files, img, made.CropsAt(x, y), m.MimeType); err != nil {
			return false, err
		}
	}
	if err := st.SetMediaRenditions(ctx, id, m.Renditions, want); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			// Deleted while its copies were made: the deletion removed
			// what the record listed then, so what was written here
			// would stay in the folder or bucket with nothing naming it.
			for _, p := range made.RenditionPaths() {
				_ = files.Delete(context.WithoutCancel(ctx), p)
			}
		}
		return false, err
	}
	if x0, y0, ok := m.CropFocal(); ok && (x0 != x || y0 != y) {
		// The pages now name the new crops; a page cached elsewhere
		// still naming an old one loses its image for a moment only.
		for _, c := range m.Crops() {
			_ = files.Delete(context.WithoutCancel(ctx), c.Path)
		}
	}
	return true, nil
}

func loadOriginal(ctx context.Context, files Storage, m *model.Media) (image.Image, error) {
	r, err := files.Open(ctx, m.Path, 0)
	if err != nil {
		return nil, fmt.Errorf("media: open %s: %w", m.Path, err)
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, DefaultMaxBytes*4))
	if err != nil {
		return nil, fmt.Errorf("media: read %s: %w", m.Path, err)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width*cfg.Height > MaxPixels {
		return nil, fmt.Errorf("media: %s is not an image this site decodes", m.Path)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("media: decode %s: %w", m.Path, err)
	}
	return img, nil
}

// writeFormat writes m's copies in format f, replacing any left by an
// earlier run; the original itself when it is already in f.
func writeFormat(ctx context.Context, files Storage, img image.Image, m *model.Media, f model.ImageFormat) error {
	for _, v := range m.FormatFiles(f) {
		if v.Path == m.Path {
			continue
		}
		src := img
		if v.Width != img.Bounds().Dx() || v.Height != img.Bounds().Dy() {
			src = scale(img, img.Bounds(), v.Width, v.Height)
		}
		buf, err := encodeUntil(ctx, src, f.Name)
		if err != nil {
			return fmt.Errorf("media: encode %s: %w", v.Path, err)
		}
		if err := files.Put(ctx, v.Path, buf, int64(buf.Len()), f.MimeType, true); err != nil {
			return err
		}
	}
	return nil
}

// encodeUntil encodes img in format f, or gives up when ctx ends: an
// encode takes seconds and cannot be interrupted, and a server shutting
// down should not wait for it. The abandoned encode finishes unseen.
func encodeUntil(ctx context.Context, img image.Image, f string) (*bytes.Buffer, error) {
	type result struct {
		buf *bytes.Buffer
		err error
	}
	done := make(chan result, 1)
	go func() {
		var buf bytes.Buffer
		err := EncodeFormat(&buf, img, f)
		done <- result{&buf, err}
	}()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-done:
		return r.buf, r.err
	}
}

func writeCrops(ctx context.Context, files Storage, img image.Image, crops []model.MediaCrop, mime string) error {
	for _, c := range crops {
		region := c.Region.Add(img.Bounds().Min)
		ext, cmime := ".jpg", "image/jpeg"
		if mime != "image/jpeg" {
			ext, cmime = ".png", "image/png"
		}
		b, err := encodeResized(subImage(img, region), c.Width, c.Height, ext)
		if err != nil {
			return err
		}
		if err := files.Put(ctx, c.Path, bytes.NewReader(b), int64(len(b)), cmime, true); err != nil {
			return err
		}
	}
	return nil
}

// subImage is the region r of img, shared, not copied.
func subImage(img image.Image, r image.Rectangle) image.Image {
	if s, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		return s.SubImage(r)
	}
	dst := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	xdraw.Copy(dst, image.Point{}, img, r, xdraw.Src, nil)
	return dst
}

func scale(img image.Image, r image.Rectangle, w, h int) image.Image {
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, r, xdraw.Src, nil)
	return dst
}

// Progress receives how far RenditionsAll has come.
type Progress interface {
	SetTotal(int64)
	Add(int64)
}

// RenditionsAll makes what every media item lacks (everything with
// force), oldest first, reporting each item done to p when not nil. An
// item that fails is logged and counted in the returned failures; the run
// goes on. It returns how many items it changed.
func RenditionsAll(ctx context.Context, st *store.Store, files Storage, force bool, p Progress, log *slog.Logger) (changed, failed int, err error) {
	ids, err := st.MediaIDs(ctx)
	if err != nil {
		return 0, 0, err
	}
	if p != nil {
		p.SetTotal(int64(len(ids)))
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return changed, failed, err
		}
		did, err := Renditions(ctx, st, files, id, force)
		switch {
		case errors.Is(err, model.ErrNotFound): // deleted meanwhile
		case err != nil:
			failed++
			log.Error("media: renditions", "media", id, "err", err)
		case did:
			changed++
		}
		if p != nil {
			p.Add(1)
		}
	}
	return changed, failed, nil
}

// pending tells RunRenditions of a new upload in this process.
var pending = make(chan struct{}, 1)

func wakeRenditions() {
	select {
	case pending <- struct{}{}:
	default:
	}
}

// uploadCrops cuts the crops of a new upload m from its decoded image
// around the centre, writes them with put and records them in
// m.Renditions: they take a fraction of a second. The WebP and AVIF copies
// take seconds, so RunRenditions makes them after the upload is answered.
func uploadCrops(img image.Image, m *model.Media, put func(key string, b []byte, mime string) error) error {
	m.Renditions = WantedRenditions(&model.Media{}, 0.5, 0.5)
	x, y, _ := m.CropFocal()
	for _, c := range m.CropsAt(x, y) {
		ext, mime := ".jpg", "image/jpeg"
		if m.MimeType != "image/jpeg" {
			ext, mime = ".png", "image/png"
		}
		b, err := encodeResized(subImage(img, c.Region.Add(img.Bounds().Min)), c.Width, c.Height, ext)
		if err == nil {
			err = put(c.Path, b, mime)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// renditionsBatch is how many waiting items RunRenditions lists at a
// time: a new upload waits for at most this many older ones.
const renditionsBatch = 20

// RunRenditions makes the renditions of new and imported items in the
// background until ctx ends: ten seconds after start (the server's first
// requests come first), a moment after an upload in this
// process or a change in the data (wake), and every every for uploads to
// other instances. Newest first, a batch at a time, going back to the
// newest after an upload. It works at low priority: after each item it
// rests as long as the item took (rest), so that an import of thousands of
// photos, all waiting when the server starts, takes at most about half of
// one core and leaves the rest to readers. Items that failed are not
// retried until the process restarts. Instances sharing a store may both
// make an item's files; they write the same bytes.
func RunRenditions(ctx context.Context, st *store.Store, files Storage, wake <-chan struct{}, every time.Duration, log *slog.Logger) {
	runRenditions(ctx, st, files, wake, every, pace{first: 10 * time.Second,
		rest: func(_ int64, took time.Duration) time.Duration { return took }}, log)
}

// pace is when the renditions worker starts, after the server, and how
// long it rests after making the files of item id, which took took.
type pace struct {
	first time.Duration
	rest  func(id int64, took time.Duration) time.Duration
}

// runRenditions is RunRenditions at the pace p.
func runRenditions(ctx context.Context, st *store.Store, files Storage, wake <-chan struct{}, every time.Duration, p pace, log *slog.Logger) {
	failed := map[int64]bool{}
	pause := time.NewTimer(0)
	defer pause.Stop()
	<-pause.C
	pass := func() {
		var before int64
		for {
			ids, err := st.MediaLackingRenditions(ctx, before, renditionsBatch)
			if err != nil {
				if ctx.Err() == nil {
					log.Error("media: renditions: list", "err", err)
				}
				return
			}
			if len(ids) == 0 {
				return
			}
			for _, id := range ids {
				before = id
				if failed[id] {
					continue
				}
				start := time.Now()
				if _, err := Renditions(ctx, st, files, id, false); err != nil && !errors.Is(err, model.ErrNotFound) && ctx.Err() == nil {
					failed[id] = true
					log.Error("media: renditions", "media", id, "err", err)
				}
				pause.Reset(p.rest(id, time.Since(start)))
				restart := false
			resting:
				for {
					select {
					case <-ctx.Done():
						return
					case <-pending:
						restart = true
					case <-pause.C:
						break resting
					}
				}
				if restart {
					before = 0 // a new upload in this process: the newest first
					break
				}
			}
		}
	}
	timer := time.NewTimer(p.first)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
			timer.Reset(3 * time.Second)
		case <-pending:
			timer.Reset(100 * time.Millisecond)
		case <-timer.C:
			pass()
			timer.Reset(every)
		}
	}
}
