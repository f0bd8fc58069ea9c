package wpapi

import (
	"bytes"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/server"
)

func TestUploadMedia(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		aut := model.RoleAuthor
		disp := func(name string) map[string]string {
			return map[string]string{"Content-Disposition": `attachment; filename="` + name + `"`}
		}
		a := s.call(t, "POST", "/wp-json/wp/v2/media?alt_text=Pasar+pagi&caption=Suasana", aut,
			rawBody{data: pngBytes(t, 900, 40), contentType: "image/png", header: disp("Pasar Pagi.png")})
		if a.code != http.StatusCreated || a.str("media_type") != "image" || a.str("mime_type") != "image/png" ||
			a.str("alt_text") != "Pasar pagi" || a.part("caption", "raw") != "Suasana" || a.obj["author"] != float64(s.users[aut].ID) {
			t.Fatalf("raw upload: %d %s", a.code, a.raw)
		}
		// A write answers in the edit context.
		wantKeys := slices.Sorted(slices.Values(append(slices.Clone(golden["media"]), "generated_slug", "missing_image_sizes", "permalink_template")))
		if k := keys(a.obj); !slices.Equal(k, wantKeys) {
			t.Errorf("media fields %q, want %q", k, wantKeys)
		}
		if !strings.HasPrefix(a.header.Get("Location"), "https://warta.example/wp-json/wp/v2/media/") {
			t.Errorf("Location %q", a.header.Get("Location"))
		}
		src := strings.TrimPrefix(a.str("source_url"), "https://warta.example")
		if f := s.call(t, "GET", src, "", nil); f.code != 200 || !bytes.HasPrefix([]byte(f.raw), []byte("\x89PNG")) {
			t.Errorf("the file at %s: %d", src, f.code)
		}
		sizes := a.obj["media_details"].(map[string]any)["sizes"].(map[string]any)
		if sizes["480w"] == nil || sizes["800w"] == nil {
			t.Errorf("resized copies %v", sizes)
		}

		// Multipart, as browsers and most clients send it.
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "foto.png")
		fw.Write(pngBytes(t, 30, 20))
		mw.WriteField("alt_text", "Foto kecil")
		mw.Close()
		m := s.call(t, "POST", "/wp-json/wp/v2/media", aut, rawBody{data: body.Bytes(), contentType: mw.FormDataContentType()})
		if m.code != 201 || m.str("alt_text") != "Foto kecil" {
			t.Errorf("multipart upload: %d %s", m.code, m.raw)
		}

		// The uploaded image can be a post's featured image.
		p := s.call(t, "POST", "/wp-json/wp/v2/posts", aut, map[string]any{"title": "Dengan foto", "content": "x",
			"status": "publish", "featured_media": a.id()})
		if p.code != 201 || p.obj["featured_media"] != float64(a.id()) {
			t.Errorf("featured image: %d %s", p.code, p.raw)
		}

		png := pngBytes(t, 8, 8)
		wantError(t, "text as an image", s.call(t, "POST", "/wp-json/wp/v2/media", aut,
			rawBody{data: []byte("bukan gambar sama sekali"), contentType: "image/png", header: disp("a.png")}), 400, "rest_upload_invalid_type")
		wantError(t, "broken PNG", s.call(t, "POST", "/wp-json/wp/v2/media", aut,
			rawBody{data: png[:40], contentType: "image/png", header: disp("a.png")}), 400, "rest_upload_invalid_image")
		big := append(bytes.Clone(png), make([]byte, 10<<20)...)
		wantError(t, "over 10 MB", s.call(t, "POST", "/wp-json/wp/v2/media", aut,
			rawBody{data: big, contentType: "image/png", header: disp("a.png")}), 413, "rest_upload_file_too_big")
		wantError(t, "no Content-Disposition", s.call(t, "POST", "/wp-json/wp/v2/media", aut,
			rawBody{data: png, contentType: "image/png"}), 400, "rest_upload_no_content_disposition")
		wantError(t, "no file name", s.call(t, "POST", "/wp-json/wp/v2/media", aut,
			rawBody{data: png, contentType: "image/png", header: map[string]string{"Content-Disposition": "attachment"}}), 400, "rest_upload_invalid_disposition")
		wantError(t, "empty body", s.call(t, "POST", "/wp-json/wp/v2/media", aut,
			rawBody{data: nil, contentType: "image/png", header: disp("a.png")}), 400, "rest_upload_no_data")
		wantError(t, "anonymous upload", s.call(t, "POST", "/wp-json/wp/v2/media", "",
			rawBody{data: png, contentType: "image/png", header: disp("a.png")}), 401, "rest_cannot_create")
		if l := s.call(t, "GET", "/wp-json/wp/v2/media", "", nil); len(l.list) != 2 {
			t.Errorf("%d items in the library after two good uploads and six bad ones", len(l.list))
		}
	})
}

func TestComments(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		ctx := t.Context()
		ed, aut := model.RoleEditor, model.RoleAuthor
		p := s.call(t, "POST", "/wp-json/wp/v2/posts", aut, map[string]any{"title": "Berita", "content": "x", "status": "publish"})
		post := p.id()
		anon := map[string]any{"post": post, "author_name": "Pembaca", "author_email": "pembaca@contoh.example",
			"content": "Terima kasih <script>alert(1)</script> atas beritanya."}
		wantError(t, "anonymous, not allowed", s.call(t, "POST", "/wp-json/wp/v2/comments", "", anon), 401, "rest_comment_login_required")

		set, _ := s.st.Settings(ctx)
		set.RESTAnonymousComments = true
		set.CommentBlocklist = "judi"
		if err := s.st.SaveSettings(ctx, set); err != nil {
			t.Fatal(err)
		}
		c := s.call(t, "POST", "/wp-json/wp/v2/comments", "", anon)
		if c.code != 201 || c.str("status") != "hold" || strings.Contains(c.raw, "pembaca@contoh.example") ||
			strings.Contains(c.part("content", "rendered"), "<script") {
			t.Errorf("anonymous comment: %d %s", c.code, c.raw)
		}
		if !strings.HasPrefix(c.header.Get("Location"), "https://warta.example/wp-json/wp/v2/comments/") {
			t.Errorf("Location %q", c.header.Get("Location"))
		}
		if l := s.call(t, "GET", "/wp-json/wp/v2/comments?post="+strconv.FormatInt(post, 10), "", nil); len(l.list) != 0 {
			t.Errorf("a held comment is public: %s", l.raw)
		}
		wantError(t, "the same again", s.call(t, "POST", "/wp-json/wp/v2/comments", "", anon), 409, "comment_duplicate")
		wantError(t, "no name", s.call(t, "POST", "/wp-json/wp/v2/comments", "", map[string]any{"post": post, "content": "x"}),
			400, "rest_comment_author_data_required")
		wantError(t, "bad email", s.call(t, "POST", "/wp-json/wp/v2/comments", "", map[string]any{"post": post,
			"author_name": "A", "author_email": "bukan-email", "content": "Halo"}), 400, "rest_invalid_param")
		wantError(t, "empty content", s.call(t, "POST", "/wp-json/wp/v2/comments", "", map[string]any{"post": post,
			"author_name": "A", "author_email": "a@contoh.example", "content": "<script></script>"}), 400, "rest_comment_content_invalid")
		wantError(t, "no such post", s.call(t, "POST", "/wp-json/wp/v2/comments", "", map[string]any{"post": 987654,
			"author_name": "A", "author_email": "a@contoh.example", "content": "Halo"}), 403, "rest_comment_invalid_post_id")
		spam := s.call(t, "POST", "/wp-json/wp/v2/comments", "", map[string]any{"post": post, "author_name": "B",
			"author_email": "b@contoh.example", "content": "Situs judi terbaik"})
		if spam.code != 201 || spam.str("status") != "spam" {
			t.Errorf("the blocklist, as on the comment form: %d %s", spam.code, spam.raw)
		}
		wantError(t, "a reader sets the status", s.call(t, "POST", "/wp-json/wp/v2/comments", "", map[string]any{"post": post,
			"author_name": "C", "author_email": "c@contoh.example", "content": "Halo", "status": "approve"}), 401, "rest_comment_invalid_status")

		// Signed in: an editor's comment is out at once, an author's waits
		// for a first approval as anyone's does.
		e := s.call(t, "POST", "/wp-json/wp/v2/comments", ed, map[string]any{"post": post, "content": "Catatan redaksi."})
		if e.code != 201 || e.str("status") != "approved" || e.str("author_name") != "Nama editor" || e.obj["author"] != float64(s.users[ed].ID) {
			t.Errorf("editor's comment: %d %s", e.code, e.raw)
		}
		w := s.call(t, "POST", "/wp-json/wp/v2/comments", aut, map[string]any{"post": post, "content": "Tambahan penulis.", "parent": e.id()})
		if w.code != 201 || w.str("status") != "hold" || w.obj["parent"] != float64(e.id()) {
			t.Errorf("author's reply: %d %s", w.code, w.raw)
		}
		wantError(t, "author moderates", s.call(t, "POST", "/wp-json/wp/v2/comments/"+strconv.FormatInt(w.id(), 10), aut,
			map[string]any{"status": "approve"}), 403, "rest_cannot_edit")
		wantError(t, "author lists held comments", s.call(t, "GET", "/wp-json/wp/v2/comments?status=hold", aut, nil), 403, "rest_forbidden_param")
		if l := s.call(t, "GET", "/wp-json/wp/v2/comments?status=hold", ed, nil); len(l.list) != 2 {
			t.Errorf("editor's held comments: %s", l.raw)
		}
		ap := s.call(t, "POST", "/wp-json/wp/v2/comments/"+strconv.FormatInt(w.id(), 10), ed, map[string]any{"status": "approve"})
		if ap.code != 200 || ap.str("status") != "approved" {
			t.Errorf("approve: %d %s", ap.code, ap.raw)
		}
		if l := s.call(t, "GET", "/wp-json/wp/v2/comments?post="+strconv.FormatInt(post, 10), "", nil); len(l.list) != 2 {
			t.Errorf("public comments after approval: %s", l.raw)
		}
		page := s.call(t, "GET", strings.TrimPrefix(p.str("link"), "https://warta.example"), "", nil)
		if !strings.Contains(page.raw, "Tambahan penulis.") {
			t.Error("the approved comment is not on the article page")
		}
		item := "/wp-json/wp/v2/comments/" + strconv.FormatInt(c.id(), 10)
		if tr := s.call(t, "DELETE", item, ed, nil); tr.code != 200 || tr.str("status") != "trash" {
			t.Errorf("trash comment: %d %s", tr.code, tr.raw)
		}
		wantError(t, "trash twice", s.call(t, "DELETE", item, ed, nil), 410, "rest_already_trashed")
		if d := s.call(t, "DELETE", item+"?force=true", ed, nil); d.code != 200 || d.obj["deleted"] != true || d.obj["previous"] == nil {
			t.Errorf("delete comment: %d %s", d.code, d.raw)
		}
		wantError(t, "deleted comment", s.call(t, "DELETE", item+"?force=true", ed, nil), 404, "rest_comment_invalid_id")
		wantError(t, "anonymous delete", s.call(t, "DELETE", "/wp-json/wp/v2/comments/"+strconv.FormatInt(e.id(), 10), "", nil), 401, "rest_cannot_delete")

		// Closed comments stay closed.
		closed := s.call(t, "POST", "/wp-json/wp/v2/posts", aut, map[string]any{"title": "Tertutup", "content": "x",
			"status": "publish", "comment_status": "closed"})
		wantError(t, "closed", s.call(t, "POST", "/wp-json/wp/v2/comments", ed, map[string]any{"post": closed.id(), "content": "Halo"}),
			403, "rest_comment_closed")
	})
}

// TestRESTWriteRateLimit: past the budget, REST writes get WordPress's
// JSON 429 from the server's rate rules, with Retry-After.
func TestRESTWriteRateLimit(t *testing.T) {
	s := newWriteSite(t, newAPISite(t).st)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := server.New(s.mux, s.st, logger).Handler()
	var last *httptest.ResponseRecorder
	for i := range 61 {
		req := httptest.NewRequest("POST", "/wp-json/wp/v2/posts", strings.NewReader(`{"title":"x"}`))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "198.51.100.7:4000"
		last = httptest.NewRecorder()
		h.ServeHTTP(last, req)
		if i < 60 && last.Code != http.StatusUnauthorized {
			t.Fatalf("request %d: %d %s", i, last.Code, last.Body)
		}
	}
	if last.Code != http.StatusTooManyRequests || last.Header().Get("Retry-After") == "" ||
		!strings.Contains(last.Body.String(), `"code":"rest_too_many_requests"`) || !strings.Contains(last.Header().Get("Content-Type"), "json") {
		t.Errorf("61st write: %d %v %s", last.Code, last.Header(), last.Body)
	}
	// Reads are not counted.
	req := httptest.NewRequest("GET", "/wp-json/wp/v2/posts", nil)
	req.RemoteAddr = "198.51.100.7:4000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("a read after the write budget: %d", rec.Code)
	}
}
