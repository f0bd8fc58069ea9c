package web_test

import (
	"fmt"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// figureStory publishes a story whose body holds every figure the editor
// writes: an image with caption and credit, a gallery, cards for a
// YouTube video (with a local poster), a post on X (no title typed), and
// cards that must not become cards. It returns the story's path.
func figureStory(t *testing.T, st *store.Store, lang string) (path string, photo, a, b *model.Media) {
	t.Helper()
	photo, a, b = storetest.Image(t, st), storetest.Image(t, st), storetest.Image(t, st)
	poster := storetest.Image(t, st)
	body := fmt.Sprintf(`<p>Pasar dibuka <strong>kembali</strong>.</p>
<figure class="image"><img src="%s" alt="Kios sayur pagi hari" width="1200" height="800"><figcaption>Pedagang membuka kios. <span class="credit">Foto: Andi Lensa</span></figcaption></figure>
<figure class="gallery"><figure class="image"><img src="%s" alt="Lorong timur" width="1200" height="800"></figure><figure class="image"><img src="%s" alt="Lorong barat" width="1200" height="800"><figcaption>Lorong barat</figcaption></figure><figcaption>Sudut-sudut pasar</figcaption></figure>
<figure class="embed" data-provider="youtube"><img src="%s" alt=""><figcaption><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Peresmian pasar</a> <span class="embed-author">Pemkot Wening</span></figcaption></figure>
<figure class="embed" data-provider="x"><img src="https://pbs.twimg.com/media/poster.jpg" alt=""><figcaption><a href="https://x.com/pemkot/status/1790000000000000000">https://x.com/pemkot/status/1790000000000000000</a></figcaption></figure>
<figure class="embed" data-provider="youtube"><figcaption><a href="https://evil.example/watch?v=dQw4w9WgXcQ">Palsu</a></figcaption></figure>
<figure class="embed" data-provider="x"><figcaption><a href="javascript:alert(1)">Jahat</a></figcaption></figure>
<figure class="image"><img src="https://elsewhere.example/a.jpg" alt="Luar"></figure>`,
		photo.URL(), a.URL(), b.URL(), poster.URL())
	art := storetest.Post(t, st, func(x *model.Article) {
		x.Slug = "pasar-dibuka-" + lang
		x.Lang = lang
		x.BodyHTML = sanitize.ArticleHTML(body)
		x.PublishedAt = published
	})
	return art.Path(model.Permalinks{Loc: jakarta(t)}), photo, a, b
}

func TestStoryFigures(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			path, photo, a, b := figureStory(t, st, "id")
			pathEN, _, _, _ := figureStory(t, st, "en")
			w := newSite(t, st, nil).Client()
			body := w.Get(t, path).Body
			article := scenario.Element(body, `class="article-body"`)

			t.Run("an image is a figure with the srcset of its media item, its caption and credit", func(t *testing.T) {
				fig := scenario.Element(article, `class="image"`)
				scenario.Contains(t, fig, `<img src="`+photo.URL()+`" srcset="`+photo.Variants[0].URL()+` 600w, `+photo.URL()+` 1200w"`,
					`sizes="(min-width: 46rem) 44rem, 100vw"`, `width="1200" height="800"`, `alt="Kios sayur pagi hari"`, `loading="lazy"`,
					`<figcaption>Pedagang membuka kios. <span class="credit">Foto: Andi Lensa</span></figcaption>`)
			})
			t.Run("a gallery is a grid of figures, each with its srcset", func(t *testing.T) {
				g := scenario.Element(article, `class="gallery gallery-2"`)
				scenario.Contains(t, g, `srcset="`+a.Variants[0].URL()+` 600w`, `srcset="`+b.Variants[0].URL()+` 600w`,
					`alt="Lorong timur"`, `<figcaption>Lorong barat</figcaption>`, `<figcaption>Sudut-sudut pasar</figcaption>`)
				if n := strings.Count(g, "<figure"); n != 3 {
					t.Errorf("the gallery holds %d figures, want itself and two", n)
				}
			})
			t.Run("a YouTube card links the video, names it, and waits for a click to frame the player", func(t *testing.T) {
				card := scenario.Element(article, `class="video-card embed-card embed-youtube"`)
				scenario.Contains(t, card, `href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"`,
					`data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`, `data-provider="youtube"`,
					`<span class="video-card-title">Peresmian pasar</span>`, `<span class="embed-card-author">Pemkot Wening</span>`,
					`class="video-card-poster" src="/media/`, `Putar video`)
			})
			t.Run("a post on X without a typed title is named by its platform, in the page's language", func(t *testing.T) {
				card := scenario.Element(article, `class="video-card embed-card embed-x"`)
				scenario.Contains(t, card, `href="https://x.com/pemkot/status/1790000000000000000"`,
					`data-embed="https://platform.twitter.com/embed/Tweet.html?dnt=true&amp;id=1790000000000000000"`,
					`<span class="video-card-title">Kiriman di X</span>`, `Tampilkan kiriman`)
				scenario.Contains(t, scenario.Element(w.Get(t, pathEN).Body, `class="video-card embed-card embed-x"`),
					`<span class="video-card-title">Post on X</span>`, `Show the post`)
			})
			t.Run("no card asks its platform for anything: no frame, script, platform image or preconnect", func(t *testing.T) {
				for _, bad := range []string{"<iframe", "<script src=\"http", "twimg.com", "preconnect", "dns-prefetch"} {
					if strings.Contains(body, bad) {
						t.Errorf("the page holds %q", bad)
					}
				}
			})
			t.Run("a card whose link is not its platform's, or was refused, is no card", func(t *testing.T) {
				if n := strings.Count(article, `class="video-card embed-card`); n != 2 {
					t.Errorf("%d cards, want the YouTube and the X one", n)
				}
				scenario.Contains(t, article, `<a href="https://evil.example/watch?v=dQw4w9WgXcQ">Palsu</a>`, `<figcaption>Jahat</figcaption>`)
				if strings.Contains(article, "javascript:") || strings.Contains(article, `data-embed="https://evil`) {
					t.Errorf("a hostile card came through:\n%s", article)
				}
			})
			t.Run("an image not of this site is shown as stored, without srcset", func(t *testing.T) {
				scenario.Contains(t, article, `<figure class="image"><img src="https://elsewhere.example/a.jpg" alt="Luar"></figure>`)
			})
		})
	}
}
