package admin_test

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/tools/testenv"
)

// Deleting from the media library: a confirmation that names the articles
// still showing the file, then the record, the file and all its sizes go,
// in the audit log too. Authors delete their own uploads, editors anyone's.
func TestMediaDelete(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		testMediaDelete(t, s, func(t *testing.T) []string {
			var left []string
			err := s.Media.Walk(t.Context(), func(i media.Info) error { left = append(left, i.Key); return nil })
			if err != nil {
				t.Fatal(err)
			}
			return left
		})
	})
}

// The same in an S3 bucket (a real SeaweedFS server).
func TestMediaDeleteInABucket(t *testing.T) {
	weed := testenv.StartSeaweed(t)
	bucket := weed.Bucket(t)
	files, err := media.NewS3(t.Context(), "s3://"+bucket+"/situs", weed.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	s := scenario.New(t, storetest.New(t), scenario.Options{Media: files})
	testMediaDelete(t, s, func(t *testing.T) []string { return weed.Keys(t, bucket, "situs/") })
}

// testMediaDelete runs the deletion on s; stored lists what its media
// storage holds.
func testMediaDelete(t *testing.T, s *scenario.Site, stored func(t *testing.T) []string) {
	ctx := t.Context()
	author := s.As(t, s.User(t, "penulis", model.RoleAuthor))
	author.Do(t, scenario.Scenario{Name: "the library", URL: "/admin/media/", ExpectedStatus: http.StatusOK})
	author.Do(t, scenario.Scenario{Name: "upload", Method: http.MethodPost, URL: "/admin/media/", Form: url.Values{"alt": {"Perahu nelayan"}},
		Files: map[string]map[string][]byte{"file": {"perahu.png": pngImage(t, 900, 500)}}, ExpectedStatus: http.StatusSeeOther})
	list, _, err := s.Store.MediaLibrary(ctx, 10, 0)
	if err != nil || len(list) != 1 || len(list[0].Variants) != 2 {
		t.Fatalf("library: %+v %v", list, err)
	}
	m := list[0]
	// The file, its two sizes and whatever else was made of it (crops).
	if keys, want := stored(t), 3+len(m.RenditionPaths()); len(keys) != want {
		t.Fatalf("stored after the upload: %q, want the file, two sizes and %d more files", keys, want-3)
	}
	featuring := storetest.Post(t, s.Store, func(a *model.Article) { a.Title = "Nelayan pulang"; a.FeaturedMediaID = m.ID })
	storetest.Post(t, s.Store, func(a *model.Article) {
		a.Title, a.Status = "Draf perahu", model.StatusDraft
		a.BodyHTML = template.HTML(`<p><img src="/media/` + m.Variants[0].Path + `" alt="Perahu"></p>`)
	})
	id := strconv.FormatInt(m.ID, 10)
	confirm := "/admin/media/" + id + "/delete"

	other := s.As(t, s.User(t, "penulis2", model.RoleAuthor))
	other.Do(t, scenario.Scenario{Name: "another author's library", URL: "/admin/media/", ExpectedStatus: http.StatusOK,
		NotExpectedContent: []string{`href="` + confirm + `"`}})
	other.Do(t, scenario.Scenario{Name: "another author asks to delete it", URL: confirm, ExpectedStatus: http.StatusForbidden})
	other.Do(t, scenario.Scenario{Name: "another author deletes it", Method: http.MethodPost, URL: confirm, Form: url.Values{},
		ExpectedStatus: http.StatusForbidden})

	editor := s.As(t, s.User(t, "redaktur", model.RoleEditor))
	editor.Run(t,
		scenario.Scenario{Name: "the library offers deletion", URL: "/admin/media/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`href="` + confirm + `"`}},
		scenario.Scenario{Name: "the confirmation names the articles using it", URL: confirm, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{m.Path, "and its 2 smaller sizes", "2 articles or pages still show it",
				`<a href="/admin/articles/` + strconv.FormatInt(featuring.ID, 10) + `">Nelayan pulang</a> (Published, featured image)`,
				"Draf perahu</a> (Draft)", "broken image", `action="` + confirm + `"`}},
		scenario.Scenario{Name: "a forged request without the token", Method: http.MethodPost, URL: confirm,
			Form: url.Values{"csrf": {"palsu"}}, ExpectedStatus: http.StatusForbidden},
	)
	if _, err := s.Store.Media(ctx, m.ID); err != nil {
		t.Fatalf("the item after a refused deletion: %v", err)
	}
	editor.Do(t, scenario.Scenario{Name: "the confirmation", URL: confirm, ExpectedStatus: http.StatusOK})
	cached := s.Browser().Do(t, scenario.Scenario{Name: "a reader's browser caches the file", URL: m.URL(), ExpectedStatus: http.StatusOK,
		ExpectedHeaders: map[string]string{"Cache-Control": "public, max-age=300"}})
	editor.Do(t, scenario.Scenario{Name: "deleting", Method: http.MethodPost, URL: confirm, Form: url.Values{},
		ExpectedStatus: http.StatusSeeOther, ExpectedHeaders: map[string]string{"Location": "/admin/media/?notice=media_deleted"}})
	editor.Do(t, scenario.Scenario{Name: "the library after", URL: "/admin/media/?notice=media_deleted", ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{"File deleted, with all its sizes."}, NotExpectedContent: []string{m.Path}})
	if keys := stored(t); len(keys) != 0 {
		t.Errorf("left in the media storage: %q", keys)
	}
	if a, _ := s.Store.ArticleByID(ctx, featuring.ID); a == nil || a.FeaturedMediaID != 0 {
		t.Errorf("the featuring article keeps its featured image: %+v", a)
	}
	for _, p := range []string{m.URL(), m.Variants[0].URL()} {
		s.Browser().Do(t, scenario.Scenario{Name: "the deleted file " + p, URL: p, ExpectedStatus: http.StatusNotFound})
	}
	// A cache that kept it and asks again gets the 404, not a 304, and
	// nothing that lets it keep the answer.
	s.Browser().Do(t, scenario.Scenario{Name: "the cached copy revalidated", URL: m.URL(), ExpectedStatus: http.StatusNotFound,
		Headers:         map[string]string{"If-None-Match": cached.Header.Get("ETag"), "If-Modified-Since": cached.Header.Get("Last-Modified")},
		ExpectedHeaders: map[string]string{"Cache-Control": scenario.NoHeader}})
	entries, err := s.Store.AuditEntries(ctx, 10, 0)
	if err != nil || !slices.ContainsFunc(entries, func(e store.AuditEntry) bool {
		return e.Action == "media.delete" && e.ObjectID == m.ID && strings.Contains(e.Detail, m.Path)
	}) {
		t.Errorf("audit log: %+v %v", entries, err)
	}
	editor.Do(t, scenario.Scenario{Name: "the confirmation of a deleted file", URL: confirm, ExpectedStatus: http.StatusNotFound})
	editor.Do(t, scenario.Scenario{Name: "deleting it again", Method: http.MethodPost, URL: confirm, Form: url.Values{},
		ExpectedStatus: http.StatusNotFound})
}
