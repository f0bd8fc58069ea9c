package web

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
)

// VNUEnv names the environment variable holding the path of the Nu Html
// Checker's vnu.jar (npm package vnu-jar, installed with --ignore-scripts).
// When it is set, TestHTMLIsValid checks every kind of public page with it.
const VNUEnv = "WARTA_VNU_JAR"

func TestHTMLIsValid(t *testing.T) {
	jar := os.Getenv(VNUEnv)
	if jar == "" {
		t.Skipf("%s is not set", VNUEnv)
	}
	st := storetest.New(t)
	s := newStory(t, st)
	storetest.Post(t, st, func(a *model.Article) {
		a.Type = model.TypePage
		a.Slug = "about"
		a.Title = "About us"
		a.Lang = "en"
	})
	locked := storetest.Post(t, st, func(a *model.Article) { a.Password = "rahasia" })
	dir := t.TempDir()
	pages := map[string]string{
		"article":  s.path,
		"reply":    s.path + fmt.Sprintf("?replytocom=%d", s.first.ID),
		"front":    "/",
		"front-2":  "/page/2/",
		"category": "/category/politik/",
		"tag-2":    "/tag/pemilu/page/2/",
		"author":   "/author/siti-rahma/",
		"page":     "/about/",
		"404":      "/nope/",
		"locked":   locked.Path(jakarta(t)),
	}
	for _, lang := range []string{"id", "en"} {
		w := newSite(t, st, "", func(set *model.Settings) {
			set.Language = lang
			set.ThreadDepth = 2
			set.PostsPerPage = 1
		})
		for name, path := range pages {
			res := w.get(t, path)
			if err := os.WriteFile(filepath.Join(dir, lang+"-"+name+".html"), []byte(res.body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	out, err := exec.Command("java", append([]string{"-jar", jar, "--errors-only"}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("the Nu Html Checker found errors (%v):\n%s", err, out)
	}
}
