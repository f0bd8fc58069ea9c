package store_test

import (
	"html/template"
	"slices"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// TestAPICommentSearch holds the REST API's comment ?search= to WordPress's
// meaning while an index answers it: a comment matches when its text holds
// the search as a substring, in any case, with % and _ standing for
// themselves; the index follows edits and deletions, also an article's.
func TestAPICommentSearch(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			t.Parallel()
			st := eng.New(t)
			ctx := t.Context()
			a := storetest.Post(t, st, nil)
			b := storetest.Post(t, st, nil)
			t0 := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
			n := 0
			comment := func(articleID int64, text string, status model.CommentStatus) int64 {
				n++
				return storetest.Comment(t, st, articleID, func(c *model.Comment) {
					c.Content = template.HTML("<p>" + text + "</p>")
					c.Status = status
					c.CreatedAt = t0.Add(time.Duration(n) * time.Minute)
				}).ID
			}
			thanks := comment(a.ID, "Terima KASIH atas liputannya, Pak.", model.CommentApproved)
			price := comment(a.ID, "Harga cabai naik 50% minggu ini.", model.CommentApproved)
			road := comment(b.ID, "Jalan_raya rusak lagi.", model.CommentApproved)
			pity := comment(b.ID, "Kasihan warga yang kebanjiran.", model.CommentApproved)
			comment(b.ID, "Turun 50 persen.", model.CommentApproved)
			comment(b.ID, "Jalan raya macet.", model.CommentApproved)
			held := comment(a.ID, "Kasih sayang untuk semua.", model.CommentPending)

			search := func(text string, statuses ...model.CommentStatus) []int64 {
				t.Helper()
				list, total, err := st.APIComments(ctx, store.CommentQuery{Search: text, Statuses: statuses, Limit: 10})
				if err != nil {
					t.Fatalf("search %q: %v", text, err)
				}
				ids := []int64{}
				for _, c := range list {
					ids = append(ids, c.ID)
				}
				if total != len(ids) {
					t.Errorf("search %q: total %d for %d comments", text, total, len(ids))
				}
				return ids
			}
			want := func(text string, ids ...int64) {
				t.Helper()
				if ids == nil {
					ids = []int64{}
				}
				if got := search(text); !slices.Equal(got, ids) {
					t.Errorf("search %q found %v, want %v", text, got, ids)
				}
			}
			want("kasih", pity, thanks) // inside a word too, newest first, not the held one
			want("ASIH ATAS", thanks)   // any case, across a space
			want("50%", price)          // not "Turun 50 persen"
			want("n_raya", road)        // not "Jalan raya"
			want("Pa", thanks)          // shorter than three characters
			want(`"kasih`)              // a quote is a character like any other
			want("kebanjiran!")         // every character counts
			if got := search("kasih", model.CommentPending); !slices.Equal(got, []int64{held}) {
				t.Errorf("moderators searching held comments found %v, want %v", got, []int64{held})
			}

			store.ExecWrite(t, st, `UPDATE comments SET content = '<p>Sudah diperbaiki.</p>' WHERE id = $1`, road)
			want("n_raya")
			want("diperbaiki", road)
			if err := st.DeleteComment(ctx, thanks); err != nil {
				t.Fatal(err)
			}
			want("kasih", pity)
			if err := st.DeleteArticle(ctx, b.ID); err != nil {
				t.Fatal(err)
			}
			want("kasih")
			want("diperbaiki")
			later := comment(a.ID, "Kasih, kasih, kasih.", model.CommentApproved)
			want("kasih", later)
		})
	}
}

// TestAPICommentCount holds the REST API's comment total to what
// APIArticles reports: exact up to APICountCap, then a lower bound that
// still offers the next page, so that a word in most comments of a large
// site is not counted whole at every page.
func TestAPICommentCount(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			t.Parallel()
			st := eng.New(t)
			ctx := t.Context()
			a := storetest.Post(t, st, nil)
			t0 := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
			var list []*model.Comment
			for i := range store.APICountCap + 5 {
				list = append(list, &model.Comment{ArticleID: a.ID, AuthorName: "Pembaca", Content: "<p>Terima kasih.</p>",
					Status: model.CommentApproved, Kind: model.CommentKindComment, CreatedAt: t0.Add(time.Duration(i) * time.Minute)})
			}
			if err := st.InsertComments(ctx, list); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				search        string
				offset, total int
				page          int
			}{
				{"", 0, store.APICountCap + 1, 10},
				{"kasih", 0, store.APICountCap + 1, 10},
				{"kasih", 990, store.APICountCap + 1, 10}, // one more page follows
				{"kasih", 1000, store.APICountCap + 5, 5}, // the last page: exact
				{"tidak ada", 0, 0, 0},
			} {
				got, total, err := st.APIComments(ctx, store.CommentQuery{Search: c.search, Limit: 10, Offset: c.offset})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != c.page || total != c.total {
					t.Errorf("search %q from %d: %d comments of %d, want %d of %d", c.search, c.offset, len(got), total, c.page, c.total)
				}
				if len(got) > 0 && got[0].ID != list[len(list)-1-c.offset].ID {
					t.Errorf("search %q from %d: first %d, want %d", c.search, c.offset, got[0].ID, list[len(list)-1-c.offset].ID)
				}
			}
		})
	}
}
