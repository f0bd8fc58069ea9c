package store_test

import (
	"slices"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// The background worker's list of media items waiting for their crops or
// their WebP and AVIF copies: newest first, a batch at a time, kept by
// every write of an item's renditions, and read from a partial index of
// the waiting items rather than a scan of the whole library.
func TestMediaLackingRenditions(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			ctx := t.Context()
			add := func(name, mime, renditions string) int64 {
				m := &model.Media{Path: "2026/12/" + name, MimeType: mime, Size: 10, Width: 100, Height: 50, Renditions: renditions}
				if err := st.InsertMedia(ctx, m); err != nil {
					t.Fatal(err)
				}
				return m.ID
			}
			fresh := add("baru.png", "image/png", "")                          // an upload: nothing made yet
			done := add("selesai.jpg", "image/jpeg", "webp avif crop:500,500") // everything made
			add("gerak.gif", "image/gif", "crop:500,500")                      // an animation gets crops only
			half := add("separuh.jpg", "image/jpeg", "crop:500,500")           // crops, no WebP or AVIF yet
			lacking := func(name string, before int64, limit int, want ...int64) {
				t.Helper()
				got, err := st.MediaLackingRenditions(ctx, before, limit)
				if err != nil || !slices.Equal(got, want) {
					t.Errorf("%s: %v %v, want %v", name, got, err, want)
				}
			}
			lacking("all waiting, newest first", 0, 10, half, fresh)
			lacking("a batch of one", 0, 1, half)
			lacking("the next batch", half, 1, fresh)
			lacking("past the last", fresh, 1)

			if err := st.SetMediaRenditions(ctx, fresh, "", "webp avif crop:500,500"); err != nil {
				t.Fatal(err)
			}
			lacking("once an item's files are made", 0, 10, half)
			if _, err := st.ReplaceMedia(ctx, &model.Media{ID: done, MimeType: "image/jpeg", Size: 20, Width: 80, Height: 40,
				Renditions: "crop:500,500"}); err != nil {
				t.Fatal(err)
			}
			lacking("a replaced file waits for its copies again", 0, 10, half, done)

			if eng.Name == "sqlite" {
				rows, err := store.WriteDB(st).QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT id FROM media WHERE renditions_pending ORDER BY id DESC LIMIT 20`)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				var plan []string
				for rows.Next() {
					var id, parent, unused int
					var detail string
					if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
						t.Fatal(err)
					}
					plan = append(plan, detail)
				}
				if p := strings.Join(plan, "\n"); !strings.Contains(p, "media_renditions_pending") {
					t.Errorf("the waiting items are not read from their index:\n%s", p)
				}
			}
		})
	}
}
