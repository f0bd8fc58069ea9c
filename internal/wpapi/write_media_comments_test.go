package wpapi_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

func TestUploadMedia(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		aut := model.RoleAuthor
		disp := func(name string) map[string]string {
			return map[string]string{"Content-Disposition": `attachment; filename="` + name + `"`}
		}
		a := s.as(aut).Do(t, rawBody{data: pngBytes(t, 900, 40), contentType: "image/png", header: disp("Pasar Pagi.png")}.in(scenario.Scenario{
			Name: "raw upload", Method: "POST", URL: "/wp-json/wp/v2/media?alt_text=Pasar+pagi&caption=Suasana", ExpectedStatus: http.StatusCreated,
			ExpectedJSON: map[string]any{"media_type": "image", "mime_type": "image/png", "alt_text": "Pasar pagi", "caption.raw": "Suasana",
				"author": s.users[aut].ID}}))
		// A write answers in the edit context.
		wantKeys := slices.Sorted(slices.Values(append(slices.Clone(golden["media"]), "generated_slug", "missing_image_sizes", "permalink_template")))
		if k := keys(a.Object()); !slices.Equal(k, wantKeys) {
			t.Errorf("media fields %q, want %q", k, wantKeys)
		}
		if !strings.HasPrefix(a.Location(), "https://warta.example/wp-json/wp/v2/media/") {
			t.Errorf("Location %q", a.Location())
		}
		src := strings.TrimPrefix(a.Str("source_url"), "https://warta.example")
		if f := s.anon.Do(t, scenario.Scenario{Name: "the file", URL: src, ExpectedStatus: 200}); !strings.HasPrefix(f.Body, "\x89PNG") {
			t.Errorf("the file at %s is not the PNG", src)
		}
		sizes, _ := a.Value("media_details.sizes")
		if m, _ := sizes.(map[string]any); m["480w"] == nil || m["800w"] == nil {
			t.Errorf("resized copies %v", sizes)
		}

		// Multipart, as browsers and most clients send it.
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "foto.png")
		fw.Write(pngBytes(t, 30, 20))
		mw.WriteField("alt_text", "Foto kecil")
		mw.Close()
		s.as(aut).Do(t, rawBody{data: body.Bytes(), contentType: mw.FormDataContentType()}.in(scenario.Scenario{Name: "multipart upload",
			Method: "POST", URL: "/wp-json/wp/v2/media", ExpectedStatus: 201, ExpectedJSON: map[string]any{"alt_text": "Foto kecil"}}))

		// The uploaded image can be a post's featured image.
		s.as(aut).Do(t, scenario.Scenario{Name: "featured image", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON:           map[string]any{"title": "Dengan foto", "content": "x", "status": "publish", "featured_media": a.Int("id")},
			ExpectedStatus: 201, ExpectedJSON: map[string]any{"featured_media": a.Int("id")}})

		png := pngBytes(t, 8, 8)
		s.as(aut).Do(t, rawBody{data: []byte("bukan gambar sama sekali"), contentType: "image/png", header: disp("a.png")}.in(scenario.Scenario{Name: "text as an image", Method: "POST", URL: "/wp-json/wp/v2/media", ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_upload_invalid_type")}))
		s.as(aut).Do(t, rawBody{data: png[:40], contentType: "image/png", header: disp("a.png")}.in(scenario.Scenario{Name: "broken PNG", Method: "POST", URL: "/wp-json/wp/v2/media", ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_upload_invalid_image")}))
		// Within the server's cap for a request, over the library's 25 MB:
		// refused once read.
		big := append(bytes.Clone(png), make([]byte, 25<<20)...)
		s.as(aut).Do(t, rawBody{data: big, contentType: "image/png", header: disp("a.png")}.in(scenario.Scenario{Name: "over 25 MB", Method: "POST", URL: "/wp-json/wp/v2/media", ExpectedStatus: 413,
			ExpectedJSON: map[string]any{"code": "rest_upload_file_too_big", "data.status": 413, "message": "The upload is too large: at most 25 MB at once (one file, or several sent together)."}}))
		s.as(aut).Do(t, rawBody{data: png, contentType: "image/png"}.in(scenario.Scenario{Name: "no Content-Disposition", Method: "POST", URL: "/wp-json/wp/v2/media", ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_upload_no_content_disposition")}))
		s.as(aut).Do(t, rawBody{data: png, contentType: "image/png", header: map[string]string{"Content-Disposition": "attachment"}}.in(scenario.Scenario{Name: "no file name", Method: "POST", URL: "/wp-json/wp/v2/media", ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_upload_invalid_disposition")}))
		s.as(aut).Do(t, rawBody{data: nil, contentType: "image/png", header: disp("a.png")}.in(scenario.Scenario{Name: "empty body", Method: "POST", URL: "/wp-json/wp/v2/media", ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_upload_no_data")}))
		s.as("").Do(t, rawBody{data: png, contentType: "image/png", header: disp("a.png")}.in(scenario.Scenario{Name: "anonymous upload", Method: "POST", URL: "/wp-json/wp/v2/media", ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "rest_cannot_create")}))
		// The same bytes again, under another name: the item already in
		// the library comes back, 200 instead of 201, its text untouched.
		s.as(aut).Do(t, rawBody{data: pngBytes(t, 900, 40), contentType: "image/png", header: disp("lagi.png")}.in(scenario.Scenario{
			Name: "the same file again", Method: "POST", URL: "/wp-json/wp/v2/media?alt_text=Lain", ExpectedStatus: http.StatusOK,
			ExpectedHeaders: map[string]string{"Location": a.Location(), "X-Warta-Duplicate": "true"},
			ExpectedJSON:    map[string]any{"id": a.Int("id"), "alt_text": "Pasar pagi", "source_url": a.Str("source_url")}}))
		if l := s.anon.Do(t, scenario.Scenario{Name: "the library", URL: "/wp-json/wp/v2/media", ExpectedStatus: 200}); len(l.List()) != 2 {
			t.Errorf("%d items in the library after two good uploads, a repeated one and six bad ones", len(l.List()))
		}
		// ?search= finds by file name, alt text or caption, by the start
		// of each word.
		s.anon.Do(t, scenario.Scenario{Name: "searching by file name", URL: "/wp-json/wp/v2/media?search=PASAR", ExpectedStatus: 200,
			ExpectedHeaders: map[string]string{"X-WP-Total": "1"}, ExpectedJSON: map[string]any{"0.id": a.Int("id")}})
		s.anon.Do(t, scenario.Scenario{Name: "searching by alt text", URL: "/wp-json/wp/v2/media?search=foto+kec", ExpectedStatus: 200,
			ExpectedHeaders: map[string]string{"X-WP-Total": "1"}, ExpectedJSON: map[string]any{"0.alt_text": "Foto kecil"}})
		s.anon.Do(t, scenario.Scenario{Name: "searching for what is not there", URL: "/wp-json/wp/v2/media?search=pasar+malam", ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"": []any{}}})
	})
}

func TestComments(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		ctx := t.Context()
		ed, aut := model.RoleEditor, model.RoleAuthor
		p := s.as(aut).Do(t, scenario.Scenario{Name: "a post", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON: map[string]any{"title": "Berita", "content": "x", "status": "publish"}, ExpectedStatus: 201})
		post := p.Int("id")
		anon := map[string]any{"post": post, "author_name": "Pembaca", "author_email": "pembaca@contoh.example",
			"content": "Terima kasih <script>alert(1)</script> atas beritanya."}
		s.as("").Do(t, scenario.Scenario{Name: "anonymous, not allowed", Method: "POST", URL: "/wp-json/wp/v2/comments", JSON: anon, ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "rest_comment_login_required")})

		set, _ := s.Store.Settings(ctx)
		set.RESTAnonymousComments = true
		set.CommentBlocklist = "judi"
		if err := s.Store.SaveSettings(ctx, set); err != nil {
			t.Fatal(err)
		}
		c := s.anon.Do(t, scenario.Scenario{Name: "anonymous comment", Method: "POST", URL: "/wp-json/wp/v2/comments", JSON: anon,
			ExpectedStatus: 201, ExpectedJSON: map[string]any{"status": "hold"}, NotExpectedContent: []string{"pembaca@contoh.example"}})
		if strings.Contains(c.Str("content.rendered"), "<script") {
			t.Errorf("anonymous comment: %s", c.Body)
		}
		if !strings.HasPrefix(c.Location(), "https://warta.example/wp-json/wp/v2/comments/") {
			t.Errorf("Location %q", c.Location())
		}
		s.anon.Do(t, scenario.Scenario{Name: "a held comment is not public", URL: "/wp-json/wp/v2/comments?post=" + strconv.FormatInt(post, 10),
			ExpectedStatus: 200, ExpectedJSON: map[string]any{"": []any{}}})
		s.as("").Do(t, scenario.Scenario{Name: "the same again", Method: "POST", URL: "/wp-json/wp/v2/comments", JSON: anon, ExpectedStatus: 409, ExpectedJSON: scenario.WPError(409, "comment_duplicate")})
		s.as("").Do(t, scenario.Scenario{Name: "no name", Method: "POST", URL: "/wp-json/wp/v2/comments", JSON: map[string]any{"post": post, "content": "x"}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_comment_author_data_required")})
		s.as("").Do(t, scenario.Scenario{Name: "bad email", Method: "POST", URL: "/wp-json/wp/v2/comments", JSON: map[string]any{"post": post,
			"author_name": "A", "author_email": "bukan-email", "content": "Halo"}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_invalid_param")})
		s.as("").Do(t, scenario.Scenario{Name: "empty content", Method: "POST", URL: "/wp-json/wp/v2/comments", JSON: map[string]any{"post": post,
			"author_name": "A", "author_email": "a@contoh.example", "content": "<script></script>"}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_comment_content_invalid")})
		s.as("").Do(t, scenario.Scenario{Name: "no such post", Method: "POST", URL: "/wp-json/wp/v2/comments", JSON: map[string]any{"post": 987654,
			"author_name": "A", "author_email": "a@contoh.example", "content": "Halo"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_comment_invalid_post_id")})
		s.anon.Do(t, scenario.Scenario{Name: "the blocklist, as on the comment form", Method: "POST", URL: "/wp-json/wp/v2/comments",
			JSON:           map[string]any{"post": post, "author_name": "B", "author_email": "b@contoh.example", "content": "Situs judi terbaik"},
			ExpectedStatus: 201, ExpectedJSON: map[string]any{"status": "spam"}})
		s.as("").Do(t, scenario.Scenario{Name: "a reader sets the status", Method: "POST", URL: "/wp-json/wp/v2/comments", JSON: map[string]any{"post": post,
			"author_name": "C", "author_email": "c@contoh.example", "content": "Halo", "status": "approve"}, ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "rest_comment_invalid_status")})

		// Signed in: an editor's comment is out at once, an author's waits
		// for a first approval as anyone's does.
		e := s.as(ed).Do(t, scenario.Scenario{Name: "editor's comment", Method: "POST", URL: "/wp-json/wp/v2/comments",
			JSON: map[string]any{"post": post, "content": "Catatan redaksi."}, ExpectedStatus: 201,
			ExpectedJSON: map[string]any{"status": "approved", "author_name": "Nama editor", "author": s.users[ed].ID}}).Int("id")
		w := s.as(aut).Do(t, scenario.Scenario{Name: "author's reply", Method: "POST", URL: "/wp-json/wp/v2/comments",
			JSON: map[string]any{"post": post, "content": "Tambahan penulis.", "parent": e}, ExpectedStatus: 201,
			ExpectedJSON: map[string]any{"status": "hold", "parent": e}}).Int("id")
		s.as(aut).Do(t, scenario.Scenario{Name: "author moderates", Method: "POST", URL: "/wp-json/wp/v2/comments/" + strconv.FormatInt(w, 10), JSON: map[string]any{"status": "approve"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_edit")})
		s.as(aut).Do(t, scenario.Scenario{Name: "author lists held comments", Method: "GET", URL: "/wp-json/wp/v2/comments?status=hold", ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_forbidden_param")})
		if l := s.as(ed).Do(t, scenario.Scenario{Name: "editor's held comments", URL: "/wp-json/wp/v2/comments?status=hold", ExpectedStatus: 200}); len(l.List()) != 2 {
			t.Errorf("editor's held comments: %s", l.Body)
		}
		s.as(ed).Do(t, scenario.Scenario{Name: "approve", Method: "POST", URL: "/wp-json/wp/v2/comments/" + strconv.FormatInt(w, 10),
			JSON: map[string]any{"status": "approve"}, ExpectedStatus: 200, ExpectedJSON: map[string]any{"status": "approved"}})
		if l := s.anon.Do(t, scenario.Scenario{Name: "public comments after approval", URL: "/wp-json/wp/v2/comments?post=" + strconv.FormatInt(post, 10),
			ExpectedStatus: 200}); len(l.List()) != 2 {
			t.Errorf("public comments after approval: %s", l.Body)
		}
		s.anon.Do(t, scenario.Scenario{Name: "the approved comment is on the article page", URL: strings.TrimPrefix(p.Str("link"), "https://warta.example"),
			ExpectedStatus: 200, ExpectedContent: []string{"Tambahan penulis."}})
		item := "/wp-json/wp/v2/comments/" + strconv.FormatInt(c.Int("id"), 10)
		s.as(ed).Do(t, scenario.Scenario{Name: "trash comment", Method: "DELETE", URL: item, ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"status": "trash"}})
		s.as(ed).Do(t, scenario.Scenario{Name: "trash twice", Method: "DELETE", URL: item, ExpectedStatus: 410, ExpectedJSON: scenario.WPError(410, "rest_already_trashed")})
		s.as(ed).Do(t, scenario.Scenario{Name: "delete comment", Method: "DELETE", URL: item + "?force=true", ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"deleted": true, "previous": scenario.AnyValue}})
		s.as(ed).Do(t, scenario.Scenario{Name: "deleted comment", Method: "DELETE", URL: item + "?force=true", ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "rest_comment_invalid_id")})
		s.as("").Do(t, scenario.Scenario{Name: "anonymous delete", Method: "DELETE", URL: "/wp-json/wp/v2/comments/" + strconv.FormatInt(e, 10), ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "rest_cannot_delete")})

		// Closed comments stay closed.
		closed := s.as(aut).Do(t, scenario.Scenario{Name: "a closed post", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON:           map[string]any{"title": "Tertutup", "content": "x", "status": "publish", "comment_status": "closed"},
			ExpectedStatus: 201})
		s.as(ed).Do(t, scenario.Scenario{Name: "closed", Method: "POST", URL: "/wp-json/wp/v2/comments", JSON: map[string]any{"post": closed.Int("id"), "content": "Halo"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_comment_closed")})
	})
}

// TestRESTWriteRateLimit: past the budget, REST writes get WordPress's
// JSON 429 from the server's rate rules, with Retry-After.
func TestRESTWriteRateLimit(t *testing.T) {
	s := newAPISite(t)
	for i := range 60 {
		s.c.Do(t, scenario.Scenario{Name: "write " + strconv.Itoa(i), Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON: map[string]any{"title": "x"}, ExpectedStatus: http.StatusUnauthorized})
	}
	s.c.Run(t,
		scenario.Scenario{Name: "the 61st write", Method: "POST", URL: "/wp-json/wp/v2/posts", JSON: map[string]any{"title": "x"},
			ExpectedStatus: http.StatusTooManyRequests, ExpectedHeaders: map[string]string{"Retry-After": scenario.AnyValue},
			ExpectedContent: []string{`"code":"rest_too_many_requests"`}, AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if !strings.Contains(r.Header.Get("Content-Type"), "json") {
					t.Errorf("61st write: Content-Type %q", r.Header.Get("Content-Type"))
				}
			}},
		// Reads are not counted.
		scenario.Scenario{Name: "a read after the write budget", URL: "/wp-json/wp/v2/posts", ExpectedStatus: http.StatusOK},
	)
}
