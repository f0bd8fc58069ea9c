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

func TestSearch(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name+"/an Indonesian stem variant finds the article", func(t *testing.T) { testSearchStems(t, eng.New(t)) })
		t.Run(eng.Name+"/title weighs over body and recency breaks near ties", func(t *testing.T) { testSearchRanking(t, eng.New(t)) })
		t.Run(eng.Name+"/quoted phrases match as phrases", func(t *testing.T) { testSearchPhrase(t, eng.New(t)) })
		t.Run(eng.Name+"/category filter, paging and what is never found", func(t *testing.T) { testSearchFilters(t, eng.New(t)) })
		t.Run(eng.Name+"/no article with every word falls back to any word", func(t *testing.T) { testSearchPartial(t, eng.New(t)) })
		t.Run(eng.Name+"/articles written before the index are indexed at start", func(t *testing.T) { testIndexMissing(t, eng.New(t)) })
	}
}

func search(t *testing.T, st *store.Store, q store.SearchQuery) ([]string, int) {
	t.Helper()
	if q.Now.IsZero() {
		q.Now = at(24 * 30)
	}
	res, err := st.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("search %q: %v", q.Text, err)
	}
	return titles(res.Articles), res.Total
}

func post(t *testing.T, st *store.Store, lang, title, body string, i int) *model.Article {
	t.Helper()
	return storetest.Post(t, st, func(a *model.Article) {
		a.Lang, a.Title, a.Excerpt = lang, title, ""
		a.BodyHTML = template.HTML("<p>" + template.HTMLEscapeString(body) + "</p>")
		a.PublishedAt = at(i)
	})
}

func testSearchStems(t *testing.T, st *store.Store) {
	post(t, st, "id", "Warga mempertahankan tanggul", "Banjir tidak datang tahun ini.", 0)
	post(t, st, "en", "Residents defend the flood wall", "The river stayed in its bed while volunteers were cleaning.", 1)
	post(t, st, "id", "Harga cabai turun", "Pedagang pasar senang.", 2)
	for _, tt := range []struct{ q, want string }{
		{"pertahanan", "Warga mempertahankan tanggul"},
		{"bertahan", "Warga mempertahankan tanggul"},
		{"Ketahanan tanggul", "Warga mempertahankan tanggul"},
		{"defended walls", "Residents defend the flood wall"},
		{"clean", "Residents defend the flood wall"},
		{"pedagang harga", "Harga cabai turun"},
	} {
		if got, _ := search(t, st, store.SearchQuery{Text: tt.q}); !slices.Equal(got, []string{tt.want}) {
			t.Errorf("search %q = %v, want [%s]", tt.q, got, tt.want)
		}
	}
	// What readers type is never query syntax to either engine.
	for _, q := range []string{`"a" OR b* NOT c -d (e) 'f' ^g :h {i} ~ \\ NEAR(x y) title:z`, "北京 😀 'tahan'", `tahan" & | ! <-> :*`} {
		if _, err := st.Search(t.Context(), store.SearchQuery{Text: q}); err != nil {
			t.Errorf("search %q: %v", q, err)
		}
	}
	if got, _ := search(t, st, store.SearchQuery{Text: `'tanggul' & !banjir | (pertahanan)`}); !slices.Equal(got, []string{"Warga mempertahankan tanggul"}) {
		t.Errorf("operators are words: got %v", got)
	}
	for _, q := range []string{"", "   ", "yang dan di", "the and of", `""`} {
		if got, total := search(t, st, store.SearchQuery{Text: q}); len(got) != 0 || total != 0 {
			t.Errorf("search %q = %v (%d), want nothing", q, got, total)
		}
	}
}

func testSearchRanking(t *testing.T, st *store.Store) {
	post(t, st, "id", "Pasar malam ramai", "Pedagang menjual jagung bakar. Sungai terlihat dari sini.", 0)
	post(t, st, "id", "Sungai Wening meluap", "Air naik setinggi lutut.", 0)
	post(t, st, "en", "Old harbour river walk", "A walk by the river.", 0)
	post(t, st, "en", "New harbour river walk", "A walk by the river.", 24*20)
	if got, _ := search(t, st, store.SearchQuery{Text: "sungai"}); !slices.Equal(got, []string{"Sungai Wening meluap", "Pasar malam ramai"}) {
		t.Errorf("sungai = %v: the title match must come first", got)
	}
	if got, _ := search(t, st, store.SearchQuery{Text: "harbour river"}); !slices.Equal(got, []string{"New harbour river walk", "Old harbour river walk"}) {
		t.Errorf("harbour river = %v: the newer of two equal matches must come first", got)
	}
}

func testSearchPhrase(t *testing.T, st *store.Store) {
	post(t, st, "id", "Jalur sepeda baru", "Pemerintah kota membuka jalur sepeda di Jalan Kenari.", 0)
	post(t, st, "id", "Sepeda motor dilarang", "Jalur khusus bus tidak boleh dilalui sepeda motor.", 1)
	if got, _ := search(t, st, store.SearchQuery{Text: `"jalur sepeda"`}); !slices.Equal(got, []string{"Jalur sepeda baru"}) {
		t.Errorf(`"jalur sepeda" = %v, want only the article with the phrase`, got)
	}
	if got, total := search(t, st, store.SearchQuery{Text: `jalur sepeda`}); total != 2 {
		t.Errorf("jalur sepeda (no quotes) = %v, want both", got)
	}
	// Typographic quotes are quotes too; the phrase is stemmed like the text.
	if got, _ := search(t, st, store.SearchQuery{Text: `“membuka jalur”`}); !slices.Equal(got, []string{"Jalur sepeda baru"}) {
		t.Errorf("“membuka jalur” = %v", got)
	}
}

func testSearchFilters(t *testing.T, st *store.Store) {
	sport := storetest.Term(t, st, model.TaxonomyCategory, "Olahraga")
	for i := range 5 {
		a := post(t, st, "id", "Pertandingan sepak bola", "Skor imbang.", i)
		_ = a
	}
	storetest.Post(t, st, func(a *model.Article) {
		a.Title, a.Lang, a.PublishedAt = "Final sepak bola", "id", at(10)
		a.Categories = []model.Term{*sport}
	})
	storetest.Post(t, st, func(a *model.Article) {
		a.Title, a.Lang, a.Status = "Draf sepak bola", "id", model.StatusDraft
	})
	storetest.Post(t, st, func(a *model.Article) {
		a.Title, a.Lang, a.Type = "Halaman sepak bola", "id", model.TypePage
	})
	if got, total := search(t, st, store.SearchQuery{Text: "bola", TermID: sport.ID}); !slices.Equal(got, []string{"Final sepak bola"}) || total != 1 {
		t.Errorf("bola in Olahraga = %v (%d)", got, total)
	}
	seen := map[string]int{}
	for off := 0; off < 8; off += 3 {
		got, total := search(t, st, store.SearchQuery{Text: "bola", Limit: 3, Offset: off})
		if total != 7 {
			t.Errorf("bola: total %d, want 7 (5 posts, the final, the page; never the draft)", total)
		}
		for _, g := range got {
			seen[g]++
		}
	}
	if got, total := search(t, st, store.SearchQuery{Text: "bola", Limit: 3, Offset: 30}); len(got) != 0 || total != 7 {
		t.Errorf("bola past the last page = %v of %d, want none of 7", got, total)
	}
	if seen["Draf sepak bola"] != 0 || seen["Halaman sepak bola"] != 1 || seen["Pertandingan sepak bola"] != 5 {
		t.Errorf("pages of 3 showed %v", seen)
	}
}

func testSearchPartial(t *testing.T, st *store.Store) {
	post(t, st, "id", "Festival layang-layang", "Ratusan layang-layang terbang di pantai.", 0)
	res, err := st.Search(t.Context(), store.SearchQuery{Text: "festival gajah"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Partial || !slices.Equal(titles(res.Articles), []string{"Festival layang-layang"}) {
		t.Errorf("festival gajah = %v partial %v, want the festival as a partial match", titles(res.Articles), res.Partial)
	}
	res, err = st.Search(t.Context(), store.SearchQuery{Text: "festival pantai"})
	if err != nil || res.Partial || res.Total != 1 {
		t.Errorf("festival pantai = %v partial %v err %v, want a full match", titles(res.Articles), res.Partial, err)
	}
}

func testIndexMissing(t *testing.T, st *store.Store) {
	post(t, st, "id", "Sudah terindeks", "Isi.", 0)
	n, err := st.IndexMissing(t.Context())
	if err != nil || n != 0 {
		t.Fatalf("IndexMissing = %d, %v; want 0: InsertArticle indexes", n, err)
	}
	store.DropSearchIndex(t, st)
	if got, _ := search(t, st, store.SearchQuery{Text: "terindeks", Now: time.Now()}); len(got) != 0 {
		t.Fatalf("terindeks = %v after the index was emptied", got)
	}
	if n, err := st.IndexMissing(t.Context()); err != nil || n != 1 {
		t.Fatalf("IndexMissing = %d, %v; want 1", n, err)
	}
	if got, _ := search(t, st, store.SearchQuery{Text: "terindeks", Now: time.Now()}); len(got) != 1 {
		t.Errorf("terindeks = %v after IndexMissing", got)
	}
	// A later start checks only the articles written since: a checked
	// article is not read again (a million of them were, at every start).
	store.DeleteSearchRows(t, st)
	post(t, st, "id", "Baru ditulis", "Isi.", 1)
	if n, err := st.IndexMissing(t.Context()); err != nil || n != 0 {
		t.Errorf("IndexMissing = %d, %v after a restart; want 0: the checked articles are not read again", n, err)
	}
}
