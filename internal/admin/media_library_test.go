package admin_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"html/template"
	"image"
	"image/jpeg"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// uploadFile sends one file through the library's form and returns the item
// it made.
func uploadFile(t *testing.T, s *scenario.Site, c *scenario.Client, name string, data []byte, alt string) *model.Media {
	t.Helper()
	c.Do(t, scenario.Scenario{Name: "the library", URL: "/admin/media/", ExpectedStatus: http.StatusOK})
	r := c.Do(t, scenario.Scenario{Name: "upload " + name, Method: http.MethodPost, URL: "/admin/media/", Form: url.Values{"alt": {alt}},
		Files: map[string]map[string][]byte{"file": {name: data}}, ExpectedStatus: http.StatusSeeOther})
	u, err := url.Parse(r.Location())
	if err != nil {
		t.Fatal(err)
	}
	id, _ := strconv.ParseInt(u.Query().Get("new"), 10, 64)
	m, err := s.Store.Media(t.Context(), id)
	if err != nil {
		t.Fatalf("the item uploaded as %s (%s): %v", name, r.Location(), err)
	}
	return m
}

// mediaFiles lists every file of m the site serves: the original, its
// sizes and whatever else was made of it.
func mediaFiles(m *model.Media) []string {
	out := []string{m.URL()}
	for _, v := range m.Variants {
		out = append(out, v.URL())
	}
	for _, p := range m.RenditionPaths() {
		out = append(out, "/media/"+p)
	}
	return out
}

// Deleting a file takes it off the site at once, through the page cache
// as `warta serve` runs it: its address and every size answer 404, and
// the cached pages that showed it (the article, the front page) are
// dropped, so that none is served again naming it.
func TestMediaDeleteThroughThePageCache(t *testing.T) {
	scenario.Engines(t, scenario.Options{PageCache: true}, func(t *testing.T, s *scenario.Site) {
		ed := s.As(t, s.User(t, "redaktur", model.RoleEditor))
		m := uploadFile(t, s, ed, "banjir.png", pngImage(t, 900, 500), "Banjir di Kampung Melayu")
		featuring := storetest.Post(t, s.Store, func(a *model.Article) { a.Title = "Banjir surut"; a.FeaturedMediaID = m.ID })
		showing := storetest.Post(t, s.Store, func(a *model.Article) {
			a.Title = "Warga kembali"
			a.BodyHTML = template.HTML(`<p><img src="/media/` + m.Variants[0].Path + `" alt="Banjir"></p>`)
		})
		s.Follow(t)
		stem := strings.TrimSuffix(m.Path, ".png")
		reader := s.Browser()
		pages := []string{"/", publicPath(t, s, featuring.ID), publicPath(t, s, showing.ID)}
		for _, p := range pages {
			reader.Do(t, scenario.Scenario{Name: "the page, rendered", URL: p, ExpectedStatus: http.StatusOK, ExpectedContent: []string{stem}})
			reader.Do(t, scenario.Scenario{Name: "the page, from the cache", URL: p, ExpectedStatus: http.StatusOK,
				ExpectedHeaders: map[string]string{"X-Cache": "HIT"}, ExpectedContent: []string{stem}})
		}
		files := mediaFiles(m)
		if len(files) < 3 {
			t.Fatalf("files of the upload: %q", files)
		}
		for _, f := range files {
			reader.Do(t, scenario.Scenario{Name: "the file " + f, URL: f, ExpectedStatus: http.StatusOK})
		}

		confirm := "/admin/media/" + strconv.FormatInt(m.ID, 10) + "/delete"
		ed.Do(t, scenario.Scenario{Name: "the confirmation asks first, naming both articles", URL: confirm, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"2 articles or pages still show it", "Banjir surut", "Warga kembali"}})
		ed.Do(t, scenario.Scenario{Name: "deleting", Method: http.MethodPost, URL: confirm, Form: url.Values{}, ExpectedStatus: http.StatusSeeOther})
		// Every file is gone before the change reaches the cache: the
		// site reads the storage on each request.
		for _, f := range files {
			reader.Do(t, scenario.Scenario{Name: "the deleted file " + f, URL: f, ExpectedStatus: http.StatusNotFound,
				ExpectedHeaders: map[string]string{"Cache-Control": scenario.NoHeader}})
		}
		s.Follow(t) // as serve's follower does within a second
		// The front page and the featuring article no longer show it; the
		// article whose text shows it is rendered again too (its text
		// still names the file, as the confirmation warned).
		for i, p := range pages {
			sc := scenario.Scenario{Name: "the page after the deletion", URL: p, ExpectedStatus: http.StatusOK,
				ExpectedHeaders: map[string]string{"X-Cache": "MISS"}}
			if i < 2 {
				sc.NotExpectedContent = []string{stem}
			}
			reader.Do(t, sc)
		}
	})
}

// The library is searched by file name, alt text or caption, the start of
// each word being enough, in a GET form that pages through the results.
func TestMediaSearch(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		au := s.As(t, s.User(t, "penulis", model.RoleAuthor))
		perahu := uploadFile(t, s, au, "Perahu Nelayan.png", pngImage(t, 40, 30), "Perahu di pantai")
		pasar := uploadFile(t, s, au, "pasar.png", pngImage(t, 41, 30), "Pedagang ikan di Pasar Muara Angke")
		if err := s.Store.UpdateMediaText(t.Context(), pasar.ID, pasar.Alt, "Suasana pagi, Jakarta Utara"); err != nil {
			t.Fatal(err)
		}
		uploadFile(t, s, au, "jalan.png", pngImage(t, 42, 30), "Jalan tol")
		for _, c := range []struct{ q, want, not string }{
			{"nelay", perahu.Path, pasar.Path},                           // a file name's word, begun
			{"IKAN muara", pasar.Path, perahu.Path},                      // alt text, any case, every word
			{"jakarta utara", pasar.Path, perahu.Path},                   // the caption
			{"pantai pasar", "No file matches this search", perahu.Path}, // words of two items: neither
		} {
			au.Do(t, scenario.Scenario{Name: "searching " + c.q, URL: "/admin/media/?q=" + url.QueryEscape(c.q), ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{c.want, `value="` + c.q + `"`}, NotExpectedContent: []string{c.not}})
		}
		au.Do(t, scenario.Scenario{Name: "a search's count", URL: "/admin/media/?q=png", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"3 files match.", `href="/admin/media/">Show the whole library`}})
		// 31 more: two pages, whose links keep the search.
		for i := range 31 {
			m := &model.Media{Path: "2026/01/arsip-" + strconv.Itoa(i) + ".png", MimeType: "image/png", Width: 10, Height: 10,
				Alt: "Arsip foto", CreatedAt: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)}
			if err := s.Store.InsertMedia(t.Context(), m); err != nil {
				t.Fatal(err)
			}
		}
		au.Do(t, scenario.Scenario{Name: "a search of two pages", URL: "/admin/media/?q=arsip", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"31 files match.", `href="/admin/media/?page=2&amp;q=arsip"`}, NotExpectedContent: []string{perahu.Path}})
		au.Do(t, scenario.Scenario{Name: "its second page", URL: "/admin/media/?page=2&q=arsip", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"arsip-0.png", `href="/admin/media/?q=arsip"`}, NotExpectedContent: []string{"arsip-30.png"}})
	})
}

// The same bytes uploaded again are not stored twice: the newsroom says
// the file is in the library already and links to it; the script (and so
// the editor) gets that item back.
func TestMediaDuplicateUpload(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		au := s.As(t, s.User(t, "penulis", model.RoleAuthor))
		img := pngImage(t, 300, 200)
		first := uploadFile(t, s, au, "demo.png", img, "Unjuk rasa")
		if len(first.SHA256) != 64 {
			t.Fatalf("the upload's sum: %q", first.SHA256)
		}
		r := au.Do(t, scenario.Scenario{Name: "the same file under another name", Method: http.MethodPost, URL: "/admin/media/",
			Files: map[string]map[string][]byte{"file": {"salinan.png": img}}, Form: url.Values{}, ExpectedStatus: http.StatusSeeOther})
		au.Do(t, scenario.Scenario{Name: "the library says so", URL: r.Location(), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"This file is already in the library, so it was not stored twice:",
				`<a href="/admin/media/` + strconv.FormatInt(first.ID, 10) + `">` + first.Path + `</a>`}})
		au.Do(t, scenario.Scenario{Name: "the script's upload of it", Method: http.MethodPost, URL: "/admin/media/",
			Headers: map[string]string{"Accept": "application/json", "X-CSRF-Token": au.CSRF()},
			Files:   map[string]map[string][]byte{"file": {"lagi.png": img}}, Form: url.Values{}, ExpectedStatus: http.StatusOK,
			ExpectedJSON: map[string]any{"id": first.ID, "url": first.URL(), "duplicate": true, "alt": "Unjuk rasa",
				"edit": "/admin/media/" + strconv.FormatInt(first.ID, 10)}})
		if _, n, err := s.Store.MediaLibrary(t.Context(), 10, 0); err != nil || n != 1 {
			t.Fatalf("%d items after uploading one file three times (%v)", n, err)
		}
		// An item stored before sums were kept is recognised too: it is
		// read when a file of its size arrives.
		lama := pngImage(t, 200, 300)
		old := &model.Media{Path: "2025/01/lama.png", MimeType: "image/png", Size: int64(len(lama)), Width: 200, Height: 300,
			CreatedAt: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)}
		if err := s.Media.Put(t.Context(), old.Path, bytes.NewReader(lama), old.Size, old.MimeType, false); err != nil {
			t.Fatal(err)
		}
		if err := s.Store.InsertMedia(t.Context(), old); err != nil {
			t.Fatal(err)
		}
		au.Do(t, scenario.Scenario{Name: "an older item's file again", Method: http.MethodPost, URL: "/admin/media/",
			Headers: map[string]string{"Accept": "application/json", "X-CSRF-Token": au.CSRF()},
			Files:   map[string]map[string][]byte{"file": {"lama lagi.png": pngImage(t, 200, 300)}}, Form: url.Values{},
			ExpectedStatus: http.StatusOK, ExpectedJSON: map[string]any{"id": old.ID, "duplicate": true}})
		if m, err := s.Store.Media(t.Context(), old.ID); err != nil || m.SHA256 == "" {
			t.Errorf("the older item's sum after it was read: %+v %v", m, err)
		}
	})
}

// A file is replaced at its address from the item's page: the new bytes
// are served there, the sizes are made anew and the old ones removed, the
// pages showing it are dropped from the cache, and the audit log says so.
func TestMediaReplace(t *testing.T) {
	scenario.Engines(t, scenario.Options{PageCache: true}, func(t *testing.T, s *scenario.Site) {
		ctx := t.Context()
		au := s.As(t, s.User(t, "penulis", model.RoleAuthor))
		m := uploadFile(t, s, au, "gedung.png", pngImage(t, 900, 500), "Gedung baru")
		if len(m.Variants) != 2 {
			t.Fatalf("sizes of a 900-pixel upload: %+v", m.Variants)
		}
		a := storetest.Post(t, s.Store, func(a *model.Article) { a.Title = "Gedung diresmikan"; a.FeaturedMediaID = m.ID })
		s.Follow(t)
		page := publicPath(t, s, a.ID)
		reader := s.Browser()
		reader.Do(t, scenario.Scenario{Name: "the article", URL: page, ExpectedStatus: http.StatusOK, ExpectedContent: []string{m.Variants[1].Path}})
		reader.Do(t, scenario.Scenario{Name: "the article, cached", URL: page, ExpectedStatus: http.StatusOK,
			ExpectedHeaders: map[string]string{"X-Cache": "HIT"}})

		// A reader's browser (or a CDN) keeps the file a few minutes, then
		// revalidates it with what it was given.
		before := reader.Do(t, scenario.Scenario{Name: "the file, as a browser caches it", URL: m.URL(), ExpectedStatus: http.StatusOK,
			ExpectedHeaders: map[string]string{"Cache-Control": "public, max-age=300", "ETag": scenario.AnyValue, "Last-Modified": scenario.AnyValue}})
		revalidate := map[string]string{"If-None-Match": before.Header.Get("ETag"), "If-Modified-Since": before.Header.Get("Last-Modified")}
		reader.Do(t, scenario.Scenario{Name: "revalidated unchanged", URL: m.URL(), Headers: revalidate, ExpectedStatus: http.StatusNotModified})

		item := "/admin/media/" + strconv.FormatInt(m.ID, 10)
		au.Do(t, scenario.Scenario{Name: "the item's page", URL: item, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{m.URL(), "Gedung diresmikan", `action="` + item + `/replace"`, "Replace the file"}})
		other := s.As(t, s.User(t, "penulis2", model.RoleAuthor))
		other.Do(t, scenario.Scenario{Name: "another author's page of it offers no replacement", URL: item, ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{"/replace"}})
		other.Do(t, scenario.Scenario{Name: "another author replaces it", Method: http.MethodPost, URL: item + "/replace", Form: url.Values{},
			Files: map[string]map[string][]byte{"file": {"x.png": pngImage(t, 600, 300)}}, ExpectedStatus: http.StatusForbidden})
		au.Do(t, scenario.Scenario{Name: "the item's page", URL: item, ExpectedStatus: http.StatusOK})
		au.Do(t, scenario.Scenario{Name: "a JPEG for a PNG", Method: http.MethodPost, URL: item + "/replace", Form: url.Values{},
			Files: map[string]map[string][]byte{"file": {"x.jpg": jpegImage(t, 600, 300)}}, ExpectedStatus: http.StatusUnprocessableEntity,
			ExpectedContent: []string{"must be of the same type", `id="e-file"`}})
		au.Do(t, scenario.Scenario{Name: "replacing", Method: http.MethodPost, URL: item + "/replace", Form: url.Values{},
			Files: map[string]map[string][]byte{"file": {"gedung-2.png": pngImage(t, 600, 300)}}, ExpectedStatus: http.StatusSeeOther,
			ExpectedHeaders: map[string]string{"Location": item + "?notice=replaced"}})
		got, err := s.Store.Media(ctx, m.ID)
		if err != nil || got.Path != m.Path || got.Width != 600 || got.Height != 300 || len(got.Variants) != 1 ||
			got.Variants[0].Path != m.Variants[0].Path || got.Alt != "Gedung baru" {
			t.Fatalf("the item after its replacement: %+v %v", got, err)
		}
		if f := reader.Get(t, m.URL()); !bytes.Equal([]byte(f.Body), pngImage(t, 600, 300)) {
			t.Errorf("the address serves %d bytes, not the new file", len(f.Body))
		}
		f := reader.Do(t, scenario.Scenario{Name: "the cached copy revalidated", URL: m.URL(), Headers: revalidate, ExpectedStatus: http.StatusOK})
		if !bytes.Equal([]byte(f.Body), pngImage(t, 600, 300)) || f.Header.Get("ETag") == before.Header.Get("ETag") {
			t.Errorf("a cache revalidating the old copy got %d bytes with ETag %s (old %s), want the new file",
				len(f.Body), f.Header.Get("ETag"), before.Header.Get("ETag"))
		}
		reader.Do(t, scenario.Scenario{Name: "the size the new file has too", URL: got.Variants[0].URL(), ExpectedStatus: http.StatusOK})
		reader.Do(t, scenario.Scenario{Name: "the size it has no more", URL: m.Variants[1].URL(), ExpectedStatus: http.StatusNotFound})
		for _, p := range m.RenditionPaths() {
			if !slices.Contains(got.RenditionPaths(), p) {
				reader.Do(t, scenario.Scenario{Name: "a crop of the old file", URL: "/media/" + p, ExpectedStatus: http.StatusNotFound})
			}
		}
		s.Follow(t)
		reader.Do(t, scenario.Scenario{Name: "the article after", URL: page, ExpectedStatus: http.StatusOK,
			ExpectedHeaders: map[string]string{"X-Cache": "MISS"}, ExpectedContent: []string{m.URL(), `width="600"`},
			NotExpectedContent: []string{m.Variants[1].Path}})
		entries, err := s.Store.AuditEntries(ctx, 10, 0)
		if err != nil || !slices.ContainsFunc(entries, func(e store.AuditEntry) bool {
			return e.Action == "media.replace" && e.ObjectID == m.ID && e.Detail == m.Path
		}) {
			t.Errorf("audit log: %+v %v", entries, err)
		}
		au.Do(t, scenario.Scenario{Name: "the item's page after", URL: item + "?notice=replaced", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"File replaced at the same address", "600×300"}})
	})
}

// rawRequest sends head (request line and headers, without the blank line
// that ends them) and no body, and returns the answer the server gives
// without waiting for one.
func rawRequest(t *testing.T, s *scenario.Site, head string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	// The body never comes: an answer after this long was waiting for it.
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, strings.ReplaceAll(head, "\n", "\r\n")+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer before the body: %v", err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// The upload limit (25 MB unless --upload-max-mb says otherwise) is
// checked from Content-Length before a byte of the body is read: the
// newsroom's form comes back naming the problem, the REST API answers a
// JSON error. A body that declares no length is cut off at the limit.
func TestMediaUploadLimit(t *testing.T) {
	s := newSite(t, storetest.New(t))
	u := s.User(t, "penulis", model.RoleAuthor)
	c := s.Browser()
	c.Do(t, scenario.Scenario{Name: "the login form", URL: "/admin/login", ExpectedStatus: http.StatusOK})
	login := c.Do(t, scenario.Scenario{Name: "sign in", Method: http.MethodPost, URL: "/admin/login",
		Form: url.Values{"login": {u.Login}, "password": {scenario.Password(u.Login)}}, ExpectedStatus: http.StatusSeeOther})
	cookie := login.Cookie(auth.CookieName)
	if cookie == nil {
		t.Fatal("no session cookie")
	}
	declared := strconv.Itoa(30 << 20)
	resp := rawRequest(t, s, "POST /admin/media/ HTTP/1.1\nHost: warta.test\nAccept-Language: en\nCookie: "+cookie.Name+"="+cookie.Value+
		"\nContent-Type: multipart/form-data; boundary=xyz\nContent-Length: "+declared)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "The upload is too large: at most 25 MB at once") ||
		!strings.Contains(string(body), `id="e-file"`) || !strings.Contains(string(body), `<form method="post" action="/admin/media/"`) {
		t.Errorf("the form, for 30 MB declared: %d\n%s", resp.StatusCode, body)
	}
	resp = rawRequest(t, s, "POST /admin/media/ HTTP/1.1\nHost: warta.test\nAccept-Language: id\nCookie: "+cookie.Name+"="+cookie.Value+
		"\nContent-Type: multipart/form-data; boundary=xyz\nContent-Length: "+declared)
	if body, _ := io.ReadAll(resp.Body); resp.StatusCode != http.StatusRequestEntityTooLarge ||
		!strings.Contains(string(body), "Unggahan terlalu besar: paling besar 25 MB sekaligus") {
		t.Errorf("the form in Indonesian: %d\n%s", resp.StatusCode, body)
	}
	resp = rawRequest(t, s, "POST /admin/media/7/replace HTTP/1.1\nHost: warta.test\nCookie: "+cookie.Name+"="+cookie.Value+
		"\nContent-Type: multipart/form-data; boundary=xyz\nContent-Length: "+declared)
	if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a replacement of 30 MB declared: %d", resp.StatusCode)
	}
	api := s.AppPassword(t, u)
	resp = rawRequest(t, s, "POST /wp-json/wp/v2/media HTTP/1.1\nHost: warta.test\nAuthorization: Basic "+
		basicAuth(u.Login, api.AppPassword())+"\nContent-Type: image/png\nContent-Disposition: attachment; filename=a.png\nContent-Length: "+declared)
	if body, _ := io.ReadAll(resp.Body); resp.StatusCode != http.StatusRequestEntityTooLarge ||
		!strings.Contains(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(string(body), `"code":"rest_request_too_large"`) {
		t.Errorf("the REST API, for 30 MB declared: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}

	// Chunked, with no length declared: read up to the limit, then refused.
	c.Do(t, scenario.Scenario{Name: "the library", URL: "/admin/media/", ExpectedStatus: http.StatusOK})
	big := append(pngImage(t, 10, 10), make([]byte, 26<<20)...)
	var form bytes.Buffer
	form.WriteString("--xyz\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + c.CSRF() +
		"\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"besar.png\"\r\nContent-Type: image/png\r\n\r\n")
	form.Write(big)
	form.WriteString("\r\n--xyz--\r\n")
	c.Do(t, scenario.Scenario{Name: "a chunked upload over the limit", Method: http.MethodPost, URL: "/admin/media/",
		Body: io.MultiReader(&form), Headers: map[string]string{"Content-Type": "multipart/form-data; boundary=xyz"},
		ExpectedStatus: http.StatusRequestEntityTooLarge, ExpectedContent: []string{"at most 25 MB"}})
	if _, n, _ := s.Store.MediaLibrary(t.Context(), 10, 0); n != 0 {
		t.Errorf("%d items after refused uploads", n)
	}
}

func jpegImage(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func basicAuth(login, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(login + ":" + password))
}
