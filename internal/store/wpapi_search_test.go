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

// TestAPISearch checks the REST lists' search= as a client of the
// WordPress API sees it: every word must be found, in the title, the
// excerpt or the text, in any of its forms; the other filters and the
// order still apply; drafts are found for those who may list them; a
// protected post's text is not searched.
func TestAPISearch(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			ctx := t.Context()
			cat := storetest.Term(t, st, model.TaxonomyCategory, "Ekonomi")
			now := time.Now().UTC()
			post := func(title, body string, edit func(*model.Article)) int64 {
				a := storetest.Post(t, st, func(a *model.Article) {
					a.Title, a.BodyHTML, a.Excerpt = title, template.HTML("<p>"+body+"</p>"), ""
					if edit != nil {
						edit(a)
					}
				})
				return a.ID
			}
			nelayan := post("Nelayan Muara Angke", "Harga ikan naik di pelelangan.", func(a *model.Article) {
				a.PublishedAt = now.Add(-3 * time.Hour)
				a.Categories = []model.Term{*cat}
			})
			koperasi := post("Koperasi nelayan dibentuk", "Para nelayan mendirikan koperasi simpan pinjam.", func(a *model.Article) {
				a.PublishedAt = now.Add(-2 * time.Hour)
			})
			draft := post("Rencana koperasi", "Nelayan menunggu izin.", func(a *model.Article) { a.Status = model.StatusDraft })
			post("Tertutup", "Nelayan bersaksi.", func(a *model.Article) { a.Password = "rahasia" })
			post("Cuaca", "Hujan deras sepanjang hari.", nil)

			for _, c := range []struct {
				name string
				q    store.APIQuery
				want []int64
			}{
				{"one word, newest first", store.APIQuery{Search: "nelayan"}, []int64{koperasi, nelayan}},
				{"a form of the word", store.APIQuery{Search: "lelang"}, []int64{nelayan}},
				{"every word", store.APIQuery{Search: "nelayan ikan"}, []int64{nelayan}},
				{"a word nowhere", store.APIQuery{Search: "nelayan gempa"}, nil},
				{"with a category", store.APIQuery{Search: "nelayan", Categories: []int64{cat.ID}}, []int64{nelayan}},
				{"oldest first", store.APIQuery{Search: "nelayan", Asc: true}, []int64{nelayan, koperasi}},
				{"drafts too", store.APIQuery{Search: "koperasi", Statuses: []model.Status{model.StatusPublished, model.StatusDraft}, OrderBy: "id"},
					[]int64{draft, koperasi}},
				{"stop words only", store.APIQuery{Search: "yang dan"}, nil},
			} {
				q := c.q
				q.Type, q.Limit = model.TypePost, 10
				list, total, err := st.APIArticles(ctx, q)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				var got []int64
				for _, a := range list {
					got = append(got, a.ID)
				}
				if !slices.Equal(got, c.want) || total != len(c.want) {
					t.Errorf("%s: got %v of %d, want %v", c.name, got, total, c.want)
				}
			}
		})
	}
}
