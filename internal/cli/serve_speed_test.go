package cli

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
)

var (
	relatedSection = regexp.MustCompile(`(?s)<section class="related".*?</section>`)
	relatedLink    = regexp.MustCompile(`<h3 class="related-title"><a href="(/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/)">`)
)

// Without the page cache, serve still keeps each article's related list
// between changes; a change made by another process must reach it.
func TestRelatedListFollowsChangesFromAnotherProcess(t *testing.T) {
	base, dataDir := startServe(t, "--cache-disabled")
	cli := openAside(t, "", dataDir)
	path, _ := firstArticle(t, base, cli)
	related := func() string {
		_, _, page := fetch(t, base, path)
		return relatedSection.FindString(page)
	}
	m := relatedLink.FindStringSubmatch(related())
	if m == nil {
		t.Fatalf("the article %s shows no related article", path)
	}
	slug := strings.Split(strings.Trim(m[1], "/"), "/")[3]
	rel, err := cli.PublishedArticle(t.Context(), model.TypePost, slug)
	if err != nil {
		t.Fatal(err)
	}
	related() // the list is now kept in memory
	const title = "Judul baru dari proses lain"
	rel.Title = title
	if err := cli.UpdateArticle(t.Context(), rel, 0); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for !strings.Contains(related(), title) {
		if time.Since(start) > time.Second {
			t.Fatalf("the related articles of %s still lack the new title after a second:\n%s", path, related())
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("the new title showed after %v", time.Since(start))
}
