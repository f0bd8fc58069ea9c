package store_test

import (
	"fmt"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
)

func TestTermsWithPosts(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name+"/only terms carrying a published post, by name, with parents", func(t *testing.T) {
			st := eng.New(t)
			nasional := storetest.Term(t, st, model.TaxonomyCategory, "Nasional")
			jakarta := &model.Term{Taxonomy: model.TaxonomyCategory, Slug: "jakarta", Name: "jakarta", ParentID: nasional.ID}
			if err := st.InsertTerm(t.Context(), jakarta); err != nil {
				t.Fatal(err)
			}
			ekonomi := storetest.Term(t, st, model.TaxonomyCategory, "Ekonomi")
			storetest.Term(t, st, model.TaxonomyCategory, "Olahraga") // no article at all
			tag := storetest.Term(t, st, model.TaxonomyTag, "Banjir")
			storetest.Post(t, st, func(a *model.Article) { a.Categories = []model.Term{*jakarta}; a.Tags = []model.Term{*tag} })
			storetest.Post(t, st, func(a *model.Article) { a.Categories = []model.Term{*nasional} })
			// Ekonomi: only a draft, a trashed post and a page.
			storetest.Post(t, st, func(a *model.Article) { a.Categories = []model.Term{*ekonomi}; a.Status = model.StatusDraft })
			storetest.Post(t, st, func(a *model.Article) { a.Categories = []model.Term{*ekonomi}; a.Status = model.StatusTrash })
			storetest.Post(t, st, func(a *model.Article) { a.Categories = []model.Term{*ekonomi}; a.Type = model.TypePage })

			got, err := st.TermsWithPosts(t.Context(), model.TaxonomyCategory)
			if err != nil {
				t.Fatal(err)
			}
			var rows []string
			for _, term := range got {
				rows = append(rows, fmt.Sprintf("%s/%s parent %d", term.Name, term.Slug, term.ParentID))
			}
			want := fmt.Sprint([]string{"jakarta/jakarta parent " + fmt.Sprint(nasional.ID), "Nasional/nasional parent 0"})
			if fmt.Sprint(rows) != want {
				t.Errorf("categories with posts = %v, want %v", rows, want)
			}
			tags, err := st.TermsWithPosts(t.Context(), model.TaxonomyTag)
			if err != nil || len(tags) != 1 || tags[0].ID != tag.ID {
				t.Errorf("tags with posts = %+v, %v", tags, err)
			}
		})
	}
}
