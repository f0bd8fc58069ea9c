package web_test

import (
	"bytes"
	"image/jpeg"
	"net/http"
	"strings"
	"testing"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/gen"
	"warta/internal/tools/scenario"
)

// A story whose photo has its WebP and AVIF copies and its crops: pages
// offer the copies in <picture>, and Google News and Discover get the crops.
func TestPictureFormatsAndCrops(t *testing.T) {
	scenario.Engines(t, scenario.Options{BaseURL: "https://warta.example"}, func(t *testing.T, s *scenario.Site) {
		ctx := t.Context()
		var b bytes.Buffer
		if err := jpeg.Encode(&b, gen.Photo(3, 1300, 800), &jpeg.Options{Quality: 88}); err != nil {
			t.Fatal(err)
		}
		user := storetest.User(t, s.Store, "Arif Foto")
		img, err := media.Save(ctx, s.Store, s.Media, &b, "sawah.jpg", user.ID, published)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Store.UpdateMediaText(ctx, img.ID, "Petani menanam padi", ""); err != nil {
			t.Fatal(err)
		}
		post := storetest.Post(t, s.Store, func(a *model.Article) {
			a.Slug, a.Title, a.PublishedAt, a.FeaturedMediaID = "musim-tanam", "Musim tanam tiba", published, img.ID
		})
		path := post.Path(model.Permalinks{Loc: jakarta(t)})
		w := s.Client()

		// At upload: the crops, not yet the copies.
		body := w.Get(t, path).Body
		scenario.Lacks(t, body, "<picture>", "<source")
		base := strings.TrimSuffix(img.Path, ".jpg")
		scenario.Contains(t, body,
			`<meta property="og:image" content="https://warta.example/media/`+base+`-16x9-500-500.jpg">`,
			`<meta property="og:image:width" content="1200">`, `<meta property="og:image:height" content="675">`,
			`<meta name="robots" content="max-image-preview:large">`)

		if _, err := media.Renditions(ctx, s.Store, s.Media, img.ID, false); err != nil {
			t.Fatal(err)
		}
		for _, page := range []string{path, "/"} {
			body = w.Get(t, page).Body
			pic := scenario.Element(body, "<picture>")
			// AVIF first, then WebP; the original and its JPEG sizes
			// last, for browsers that show neither.
			avif, webp, fallback := strings.Index(pic, `<source type="image/avif" srcset="/media/`+base+`-480w.avif 480w, /media/`+base+`-800w.avif 800w, /media/`+base+`-1200w.avif 1200w, /media/`+base+`.avif 1300w" sizes="`),
				strings.Index(pic, `<source type="image/webp" srcset="/media/`+base+`-480w.webp 480w`),
				strings.Index(pic, `<img src="/media/`+img.Path+`" srcset="/media/`+base+`-480w.jpg 480w`)
			if avif < 0 || webp < avif || fallback < webp {
				t.Errorf("%s: picture %s", page, pic)
			}
			if !strings.Contains(pic, `alt="Petani menanam padi"`) {
				t.Errorf("%s: the picture lost its alt text: %s", page, pic)
			}
		}
		body = w.Get(t, path).Body
		ld := scenario.JSONLD(t, body)
		imgs, _ := ld["image"].([]any)
		want := []string{base + "-16x9-500-500.jpg", base + "-4x3-500-500.jpg", base + "-1x1-500-500.jpg"}
		if len(imgs) != 3 {
			t.Fatalf("JSON-LD image %v, want the three crops", ld["image"])
		}
		for i, u := range imgs {
			if u != "https://warta.example/media/"+want[i] {
				t.Errorf("JSON-LD image %d = %v, want %s", i, u, want[i])
			}
		}
		// Every file the page names is served, with its type.
		for _, u := range append(scenario.AttrValues(body, "srcset"), want...) {
			for _, cand := range strings.Split(u, ", ") {
				p := strings.Fields(cand)[0]
				if !strings.HasPrefix(p, "/media/") {
					p = "/media/" + p
				}
				r := w.Get(t, p)
				ext := p[strings.LastIndex(p, ".")+1:]
				if ext == "jpg" {
					ext = "jpeg"
				}
				if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/"+ext {
					t.Errorf("%s: %d %s", p, r.Status, r.Header.Get("Content-Type"))
				}
			}
		}

		// The editor moves the focal point: the page names the new crops.
		if err := media.SetFocal(ctx, s.Store, s.Media, img.ID, 0.2, 0.3); err != nil {
			t.Fatal(err)
		}
		scenario.Contains(t, w.Get(t, path).Body, `<meta property="og:image" content="https://warta.example/media/`+base+`-16x9-200-300.jpg">`)
	})
}
