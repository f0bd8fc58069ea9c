package store_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"warta/internal/analyze"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

func TestReindexSearch(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name+"/a new site's index needs no re-index", func(t *testing.T) { testReindexFresh(t, eng.New(t)) })
		t.Run(eng.Name+"/an index an older analyzer wrote is re-analyzed", func(t *testing.T) { testReindexStale(t, eng.New(t)) })
		t.Run(eng.Name+"/an interrupted re-index resumes where it stopped", func(t *testing.T) { testReindexResumes(t, eng.New(t)) })
	}
}

func testReindexFresh(t *testing.T, st *store.Store) {
	post(t, st, "id", "Pembelajaran daring", "Isi.", 0)
	if stale, err := st.SearchIndexStale(t.Context()); err != nil || stale {
		t.Fatalf("SearchIndexStale = %v, %v on a new site; want false", stale, err)
	}
	if n, err := st.ReindexSearch(t.Context(), nil); err != nil || n != 0 {
		t.Errorf("ReindexSearch = %d, %v; want 0", n, err)
	}
}

// staleSite writes n articles about learning and gives their index rows what
// the analyzer before version 2 made of them: "pembelajaran" stemmed to
// "belajar", which a search for "pelajaran" ("ajar") no longer meets.
func staleSite(t *testing.T, st *store.Store, n int) []*model.Article {
	t.Helper()
	var list []*model.Article
	for i := range n {
		a := post(t, st, "id", fmt.Sprintf("Pembelajaran daring %d", i), "Kinerja guru dinilai.", i)
		store.WriteSearchRow(t, st, a.ID, "belajar daring "+strconv.Itoa(i), "kinerja guru nilai")
		list = append(list, a)
	}
	store.SetSearchState(t, st, "1", "")
	return list
}

func testReindexStale(t *testing.T, st *store.Store) {
	staleSite(t, st, 3)
	// A site from before the analyzer had a version, migrated again: the
	// articles' index is not stamped current behind the re-index's back.
	store.SetSearchState(t, st, "", "")
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if stale, err := st.SearchIndexStale(t.Context()); err != nil || !stale {
		t.Fatalf("SearchIndexStale = %v, %v; want true", stale, err)
	}
	now := time.Now()
	if got, _ := search(t, st, store.SearchQuery{Text: "pelajaran", Now: now}); len(got) != 0 {
		t.Fatalf("pelajaran = %v before the re-index; the stale rows should not match", got)
	}
	var calls [][2]int
	n, err := st.ReindexSearch(t.Context(), func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil || n != 3 {
		t.Fatalf("ReindexSearch = %d, %v; want 3", n, err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{3, 3} {
		t.Errorf("progress calls = %v, want them to end at 3 of 3", calls)
	}
	for _, q := range []string{"pelajaran", "belajar", "kerja"} {
		if got, total := search(t, st, store.SearchQuery{Text: q, Now: now}); total != 3 {
			t.Errorf("%s = %v (%d) after the re-index, want all 3", q, got, total)
		}
	}
	if stale, err := st.SearchIndexStale(t.Context()); err != nil || stale {
		t.Errorf("SearchIndexStale = %v, %v after the re-index; want false", stale, err)
	}
	if n, err := st.ReindexSearch(t.Context(), nil); err != nil || n != 0 {
		t.Errorf("second ReindexSearch = %d, %v; want 0", n, err)
	}
}

func testReindexResumes(t *testing.T, st *store.Store) {
	list := staleSite(t, st, 3)
	now := time.Now()
	// A run towards this version stopped after the first article: the
	// next one does the other two and leaves the first as it found it.
	store.SetSearchState(t, st, "1", strconv.Itoa(analyze.Version)+":"+strconv.FormatInt(list[0].ID, 10))
	if n, err := st.ReindexSearch(t.Context(), nil); err != nil || n != 2 {
		t.Fatalf("ReindexSearch = %d, %v; want the 2 after the cursor", n, err)
	}
	got, _ := search(t, st, store.SearchQuery{Text: "pelajaran", Now: now})
	slices.Sort(got)
	if want := []string{"Pembelajaran daring 1", "Pembelajaran daring 2"}; !slices.Equal(got, want) {
		t.Errorf("pelajaran = %v, want %v", got, want)
	}
	// A cursor left by a run towards another version is not trusted.
	staleSite(t, st, 0)
	store.SetSearchState(t, st, "1", "1:"+strconv.FormatInt(list[2].ID, 10))
	if n, err := st.ReindexSearch(t.Context(), nil); err != nil || n != 3 {
		t.Fatalf("ReindexSearch = %d, %v with another version's cursor; want all 3", n, err)
	}
	if _, total := search(t, st, store.SearchQuery{Text: "pelajaran", Now: now}); total != 3 {
		t.Errorf("pelajaran finds %d after the full run, want 3", total)
	}
}
