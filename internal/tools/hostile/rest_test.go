package hostile_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/auth"
	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/server"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/hostile"
	"warta/internal/view"
	"warta/internal/web"
	"warta/internal/wpapi"
)

// restSurfaces are the inputs of the REST API's writes, numbered apart
// from the site's surfaces (50000 and up).
var restSurfaces = []string{
	"REST post title from a contributor",
	"REST post content from a contributor",
	"REST post excerpt from a contributor",
	"REST comment content and author name (anonymous)",
	"REST comment author URL (anonymous)",
	"REST comment content from a signed-in author",
}

const restBase = 50000

func restSurfaceOf(n string) string {
	var k int
	fmt.Sscan(n, &k)
	if i := (k - restBase) / 1000; k >= restBase && i < len(restSurfaces) {
		return restSurfaces[i]
	}
	return surfaceOf(n)
}

// restClient sends REST writes as a user signed in with an application
// password ("" login: anonymous) straight to the API handler, around the
// server's rate limits, which this many writes from one address would hit.
type restClient struct {
	t   *testing.T
	api http.Handler
	pw  map[string]string
}

func (c *restClient) send(method, route, login string, body map[string]any) map[string]any {
	c.t.Helper()
	out, code := c.try(method, route, login, body)
	if code >= 300 {
		c.t.Fatalf("%s %s as %q: %d %v", method, route, login, code, out)
	}
	return out
}

// try is send that returns the status instead of failing on an error.
func (c *restClient) try(method, route, login string, body map[string]any) (map[string]any, int) {
	c.t.Helper()
	b, _ := json.Marshal(body)
	req := httptest.NewRequest(method, "/wp-json"+route, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if login != "" {
		req.SetBasicAuth(login, c.pw[login])
	}
	rec := httptest.NewRecorder()
	c.api.ServeHTTP(rec, req)
	var out map[string]any
	json.Unmarshal(rec.Body.Bytes(), &out)
	return out, rec.Code
}

// restHostileSite stores every REST surface's payloads through the API and
// serves the public site through the real server chain.
func restHostileSite(t *testing.T, st *store.Store) (string, []string) {
	t.Helper()
	ctx := t.Context()
	set, err := st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.PostsPerPage = 50
	set.RESTAnonymousComments = true
	// Many comments from one address in a minute: the throttles would
	// refuse them, and it is their text that is under test here.
	set.CommentRateIP, set.CommentRateEmail = 0, 0
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	c := &restClient{t: t, pw: map[string]string{}}
	for _, role := range []model.Role{model.RoleContributor, model.RoleAuthor, model.RoleEditor} {
		u, err := auth.CreateUser(ctx, st, auth.NewUser{Login: string(role), Email: string(role) + "@example.test",
			DisplayName: "Redaksi " + string(role), Role: role, Password: "sandi akun " + string(role)})
		if err != nil {
			t.Fatal(err)
		}
		if _, c.pw[u.Login], err = auth.CreateAppPassword(ctx, st, u, "hostile", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	mediaDir := t.TempDir()
	api := wpapi.New(st, "http://warta.test", nil, wpapi.WithMedia(media.NewFolder(mediaDir)))
	c.api = api
	var paths []string

	// A contributor writes; the editor publishes through the API too when
	// the rules let it (an image without alt text stops publishing, so
	// the body's payloads are published from what the contributor's
	// request stored).
	publish := func(p map[string]any, field string) {
		t.Helper()
		id := int64(p["id"].(float64))
		if p["status"] != "draft" {
			t.Fatalf("a contributor's post is %v", p["status"])
		}
		req := httptest.NewRequest("POST", "/wp-json/wp/v2/posts/"+strconv.FormatInt(id, 10), strings.NewReader(`{"status":"publish"}`))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth("editor", c.pw["editor"])
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		a, err := st.ArticleByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Code != http.StatusOK {
			if field != "content" || !strings.Contains(rec.Body.String(), "content") {
				t.Fatalf("publishing the %s surface: %d %s", field, rec.Code, rec.Body)
			}
			a.Status, a.PublishedAt = model.StatusPublished, time.Now().Add(-time.Minute)
			if err := st.UpdateArticle(ctx, a, 0); err != nil {
				t.Fatal(err)
			}
		}
		paths = append(paths, a.Path(model.Permalinks{Loc: set.Location()}))
	}
	// Titles are at most 300 characters: one post for each payload.
	for _, m := range hostile.Markup(restBase) {
		publish(c.send("POST", "/wp/v2/posts", "contributor", map[string]any{"title": m.Text, "content": "<p>Isi biasa.</p>"}), "title")
	}
	for i, field := range []string{"content", "excerpt"} {
		body := map[string]any{"title": "Berita dari kontributor", "content": "<p>Isi biasa.</p>"}
		body[field] = hostile.Joined(hostile.Markup(restBase + (i+1)*1000))
		publish(c.send("POST", "/wp/v2/posts", "contributor", body), field)
	}

	// Comments on one post: anonymous readers' content, names and
	// websites, and a signed-in author's content; the editor approves
	// each through the API so that the public page shows them.
	post := c.send("POST", "/wp/v2/posts", "editor", map[string]any{"title": "Berita dengan komentar", "content": "<p>Isi.</p>", "status": "publish"})
	postID := post["id"].(float64)
	approve := func(cm map[string]any) {
		c.send("POST", "/wp/v2/comments/"+strconv.FormatInt(int64(cm["id"].(float64)), 10), "editor", map[string]any{"status": "approve"})
	}
	urls := hostile.URLs(restBase + 4000)
	// Text around each payload: one that the sanitizer empties would be
	// refused (as the comment form refuses it) and never shown.
	for i, m := range hostile.Markup(restBase + 3000) {
		approve(c.send("POST", "/wp/v2/comments", "", map[string]any{"post": postID, "author_name": m.Text,
			"author_email": fmt.Sprintf("pembaca%d@example.test", i), "content": "Komentar: " + m.Text}))
	}
	stored := 0
	for i, u := range urls {
		cm, code := c.try("POST", "/wp/v2/comments", "", map[string]any{"post": postID, "author_name": "Pembaca",
			"author_email": fmt.Sprintf("situs%d@example.test", i), "author_url": u.Text, "content": fmt.Sprintf("Komentar %d", i)})
		switch {
		case code == http.StatusCreated:
			approve(cm)
			stored++
		case code == http.StatusBadRequest && cm["code"] == "rest_invalid_param":
			// Refused at the door as the comment form refuses it.
		default:
			t.Fatalf("author_url %q: %d %v", u.Text, code, cm)
		}
	}
	t.Logf("%d of %d hostile websites were accepted (and escaped), the rest refused", stored, len(urls))
	for _, m := range hostile.Markup(restBase + 5000) {
		cm, code := c.try("POST", "/wp/v2/comments", "author", map[string]any{"post": postID, "content": "Penulis: " + m.Text})
		switch {
		case code == http.StatusConflict:
			// Sanitized into the same text as an earlier payload.
		case code != http.StatusCreated:
			t.Fatalf("author's comment %q: %d %v", m.Text, code, cm)
		case cm["status"] != "approved":
			approve(cm)
		}
	}
	a, err := st.ArticleByID(ctx, int64(postID))
	if err != nil {
		t.Fatal(err)
	}
	paths = append(paths, a.Path(model.Permalinks{Loc: set.Location()}), "/")

	v, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	api.Routes(mux)
	web.New(st, v, web.Options{Logger: logger, RESTRoute: api, Media: media.NewFolder(mediaDir)}).Routes(mux)
	srv := httptest.NewServer(server.New(mux, st, logger).Handler())
	t.Cleanup(srv.Close)
	return srv.URL, paths
}

// TestHostileRESTWritesInChromium sends the hostile payloads through the
// REST API's bodies (a contributor's post title, content and excerpt;
// readers' and an author's comments) and checks every page that shows
// them in Chromium, as the site's own surfaces are checked.
func TestHostileRESTWritesInChromium(t *testing.T) {
	st := storetest.New(t)
	base, paths := restHostileSite(t, st)
	// Every payload was stored: the pages are checked with all of them.
	resp, err := http.Get(base + paths[len(paths)-2])
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if n := strings.Count(string(page), `class="comment-body`) + strings.Count(string(page), `id="comment-`); n == 0 {
		t.Fatalf("the comments page shows no comments: %d\n%.2000s", resp.StatusCode, page)
	}
	checkInChromium(t, base, paths, restSurfaceOf)
}
