package wxr

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// caseSite is the base_site_url of every file in testdata/cases.
const caseSite = "https://uji.example"

// importCase is one small export in testdata/cases, written for one edge
// case, and what a site must hold after importing it.
type importCase struct {
	uploads bool // import with --uploads testdata/uploads
	// imported counts what the first import adds, by kind.
	imported map[string]int
	// skips names, as "kind key: reason" prefixes, what the first import
	// must report as skipped.
	skips []string
	// redirects maps old links to their new paths ("" for none).
	redirects map[string]string
	check     func(t *testing.T, c *caseRun)
}

type caseRun struct {
	ctx   context.Context
	st    *store.Store
	media string
	rep   *Report
}

func (c *caseRun) article(t *testing.T, wpID string) *model.Article {
	t.Helper()
	return articleOf(t, c.st, caseSite, wpID)
}

func (c *caseRun) comments(t *testing.T, wpID string) map[string]model.Comment {
	t.Helper()
	cs, err := c.st.AllComments(c.ctx, c.article(t, wpID).ID)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]model.Comment{}
	for _, cm := range cs {
		by[cm.AuthorName] = cm
	}
	return by
}

func termSlugs(ts []model.Term) []string {
	var s []string
	for _, t := range ts {
		s = append(s, t.Slug)
	}
	slices.Sort(s)
	return s
}

func TestImportCases(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.wxr")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for name := range importCases {
		want = append(want, "testdata/cases/"+name)
	}
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Fatalf("testdata/cases holds %q, expectations cover %q: every file needs its expectations", files, want)
	}
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			for _, file := range files {
				name := filepath.Base(file)
				tc := importCases[name]
				t.Run(strings.TrimSuffix(name, ".wxr"), func(t *testing.T) {
					runImportCase(t, eng.New(t), file, tc)
				})
			}
		})
	}
}

func runImportCase(t *testing.T, st *store.Store, file string, tc importCase) {
	ctx := context.Background()
	c := &caseRun{ctx: ctx, st: st, media: t.TempDir()}
	opt := Options{}
	if tc.uploads {
		opt = Options{UploadsDir: "testdata/uploads", Media: media.NewFolder(c.media)}
	}
	rep, err := Import(ctx, st, file, opt)
	if err != nil {
		t.Fatal(err)
	}
	c.rep = rep
	for _, k := range []string{"user", "term", "post", "attachment", "comment"} {
		if rep.Imported[k] != tc.imported[k] {
			t.Errorf("imported %d %s, want %d (all: %v)", rep.Imported[k], k, tc.imported[k], rep.Imported)
		}
	}
	var reasons []string
	for _, s := range rep.Skips {
		reasons = append(reasons, s.Kind+" "+s.Key+": "+s.Reason.String())
	}
	if len(reasons) != len(tc.skips) {
		t.Errorf("skipped %q, want %d skips %q", reasons, len(tc.skips), tc.skips)
	}
	for _, want := range tc.skips {
		if !slices.ContainsFunc(reasons, func(r string) bool { return strings.HasPrefix(r, want) }) {
			t.Errorf("skips %q do not name %q", reasons, want)
		}
	}
	for from, want := range tc.redirects {
		if want == "" {
			if r, err := st.RedirectFor(ctx, from); err == nil {
				t.Errorf("%s redirects to %s; want no redirect", from, r.ToPath)
			}
			continue
		}
		if to := redirectTo(t, st, from); to != want {
			t.Errorf("%s → %q, want %q", from, to, want)
		}
	}
	if tc.check != nil {
		tc.check(t, c)
	}

	// Idempotency: the same file again adds and changes nothing, and
	// names everything it skipped.
	articles, _ := st.ArticleIDs(ctx)
	users, _ := st.CountUsers(ctx)
	again, err := Import(ctx, st, file, opt)
	if err != nil {
		t.Fatalf("second import: %v", err)
	}
	for k, n := range again.Imported {
		if n != 0 {
			t.Errorf("second import imported %d %s", n, k)
		}
	}
	for k, n := range again.Updated {
		if n != 0 {
			t.Errorf("second import updated %d %s", n, k)
		}
	}
	total := 0
	for _, n := range again.Skipped {
		total += n
	}
	if total != len(again.Skips) {
		t.Errorf("second import counts %d skips but names %d", total, len(again.Skips))
	}
	for _, k := range []string{"post", "attachment", "comment"} {
		if n := rep.Imported[k]; again.Skipped[k] < n {
			t.Errorf("second import skipped %d %s, want at least the %d imported before", again.Skipped[k], k, n)
		}
	}
	for _, s := range again.Skips {
		if s.Reason.Key == "" || s.Key == "" {
			t.Errorf("skip %+v does not say what and why", s)
		}
	}
	after, _ := st.ArticleIDs(ctx)
	users2, _ := st.CountUsers(ctx)
	if !slices.Equal(articles, after) || users != users2 {
		t.Errorf("second import changed articles %v → %v, users %d → %d", articles, after, users, users2)
	}
	if tc.check != nil {
		t.Run("after a second import", func(t *testing.T) { tc.check(t, c) })
	}
}
