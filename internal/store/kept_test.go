package store_test

import (
	"cmp"
	"database/sql"
	"fmt"
	"html/template"
	"slices"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/wxr"
)

// TestKeptLists checks that what the kept counts and listing keys answer —
// list totals, every page of every list (the deep ones seek), the sitemap
// pages and the archives' sitemaps — stays exactly what counting the
// articles themselves gives, across publishing, unpublishing, trashing,
// deleting, re-categorising, moving a post to another month, bulk
// inserts and a WordPress import.
func TestKeptLists(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name+"/lists, counts and sitemaps stay exact through every kind of write", func(t *testing.T) {
			st := eng.New(t)
			ctx := t.Context()
			cats := []*model.Term{storetest.Term(t, st, model.TaxonomyCategory, "Politik"),
				storetest.Term(t, st, model.TaxonomyCategory, "Ekonomi"), storetest.Term(t, st, model.TaxonomyCategory, "Olahraga")}
			tag := storetest.Term(t, st, model.TaxonomyTag, "Pemilu")
			users := []*model.User{storetest.User(t, st, "Budi Santoso"), storetest.User(t, st, "Sari Dewi")}
			// 1,150 articles over about three years: posts, some drafts,
			// some pages, a few sticky posts; ids past store.SitemapBucket,
			// so the sitemap has two pages of posts.
			start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
			var list []*model.Article
			for i := range 1150 {
				a := &model.Article{
					Type: model.TypePost, Slug: fmt.Sprintf("kabar-%d", i), Title: fmt.Sprintf("Kabar %d", i),
					BodyHTML: template.HTML("<p>Isi.</p>"), Status: model.StatusPublished, Lang: "id",
					// Every 23 hours, with some sharing one instant (the
					// id breaks ties).
					PublishedAt: start.Add(time.Duration(i-i%7/6) * 23 * time.Hour),
					Categories:  []model.Term{*cats[i%3]},
					Bylines:     []model.Byline{{User: *users[i%2]}},
					Sticky:      i%331 == 5,
				}
				if i%4 == 0 {
					a.Tags = []model.Term{*tag}
				}
				if i%5 == 0 {
					a.Bylines = append(a.Bylines, model.Byline{User: *users[(i+1)%2], Role: model.BylineEditor})
				}
				switch i % 10 {
				case 3:
					a.Status = model.StatusDraft
				case 7:
					if i%20 == 7 {
						a.Type, a.Slug = model.TypePage, fmt.Sprintf("laman-%d", i)
					}
				}
				list = append(list, a)
			}
			for batch := range slices.Chunk(list, 400) {
				if err := st.InsertArticles(ctx, batch); err != nil {
					t.Fatal(err)
				}
			}
			check := func(t *testing.T, step string) {
				t.Helper()
				checkKept(t, st, step, cats, tag, users)
			}
			check(t, "after the bulk insert")

			edit := func(id int64, change func(*model.Article)) {
				t.Helper()
				a, err := st.ArticleByID(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				change(a)
				if err := st.UpdateArticle(ctx, a, users[0].ID); err != nil {
					t.Fatal(err)
				}
			}
			// Publishing drafts, one of them into an old month.
			edit(list[3].ID, func(a *model.Article) { a.Status = model.StatusPublished })
			edit(list[503].ID, func(a *model.Article) {
				a.Status, a.PublishedAt = model.StatusPublished, start.Add(-48*time.Hour)
			})
			check(t, "after publishing drafts")

			// Unpublishing and trashing.
			edit(list[10].ID, func(a *model.Article) { a.Status = model.StatusDraft })
			if err := st.SetArticleStatus(ctx, list[700].ID, model.StatusTrash); err != nil {
				t.Fatal(err)
			}
			if err := st.SetArticleStatus(ctx, list[5].ID, model.StatusTrash); err != nil { // a sticky one
				t.Fatal(err)
			}
			check(t, "after unpublishing and trashing")

			// Restoring from the trash.
			if err := st.SetArticleStatus(ctx, list[700].ID, model.StatusPublished); err != nil {
				t.Fatal(err)
			}
			check(t, "after restoring from the trash")

			// Deleting, among them a post with two bylines and a tag.
			for _, i := range []int{0, 20, 1149, 1001} {
				if err := st.DeleteArticle(ctx, list[i].ID); err != nil {
					t.Fatal(err)
				}
			}
			check(t, "after deleting")

			// Re-categorising, retagging, changing bylines, moving a post
			// to another month.
			edit(list[40].ID, func(a *model.Article) { a.Categories, a.Tags = []model.Term{*cats[2]}, []model.Term{*tag} })
			edit(list[44].ID, func(a *model.Article) { a.Tags = nil })
			edit(list[41].ID, func(a *model.Article) {
				a.Bylines = []model.Byline{{User: *users[1]}, {User: *users[0], Role: model.BylineEditor}}
			})
			edit(list[600].ID, func(a *model.Article) { a.PublishedAt = a.PublishedAt.AddDate(0, 7, 0) })
			edit(list[601].ID, func(a *model.Article) { a.Type = model.TypePage })
			check(t, "after re-categorising and moving")

			// A user deleted with their bylines given to another.
			if err := st.DeleteUser(ctx, users[1].ID, users[0].ID); err != nil {
				t.Fatal(err)
			}
			check(t, "after deleting a user and moving their bylines")

			// A WordPress import, and the same file again.
			for range 2 {
				if _, err := wxr.Import(ctx, st, "../wxr/testdata/full.wxr", wxr.Options{}); err != nil {
					t.Fatal(err)
				}
				check(t, "after a WordPress import")
			}

			// A term deleted.
			if err := st.DeleteTerm(ctx, cats[1].ID); err != nil {
				t.Fatal(err)
			}
			check(t, "after deleting a category")
		})
	}
}

// keptRef is what the lists hold, computed from the articles and links as
// they are, without the kept counts or listing keys.
type keptRef struct {
	posts   []refPost         // listed posts, newest first (id breaks ties)
	byTerm  map[int64][]int64 // ids in list order
	byUser  map[int64][]int64
	sitemap map[string][]int64 // "post 1" → published ids of page 1, ascending
}

type refPost struct {
	id     int64
	pub    time.Time
	sticky bool
}

func loadRef(t *testing.T, st *store.Store) keptRef {
	t.Helper()
	db := store.WriteDB(st)
	ctx := t.Context()
	ref := keptRef{byTerm: map[int64][]int64{}, byUser: map[int64][]int64{}, sitemap: map[string][]int64{}}
	rows, err := db.QueryContext(ctx, `SELECT id, type, status, published_at, sticky FROM articles ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[int64]bool{}
	for rows.Next() {
		var p refPost
		var typ, status string
		var pub sql.NullTime
		if err := rows.Scan(&p.id, &typ, &status, &pub, &p.sticky); err != nil {
			t.Fatal(err)
		}
		p.pub = pub.Time
		if status != "published" {
			continue
		}
		key := fmt.Sprintf("%s %d", typ, p.id/store.SitemapBucket+1)
		ref.sitemap[key] = append(ref.sitemap[key], p.id)
		if typ == "post" {
			listed[p.id] = true
			ref.posts = append(ref.posts, p)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(ref.posts, func(x, y refPost) int {
		return cmp.Or(y.pub.Compare(x.pub), cmp.Compare(y.id, x.id))
	})
	order := map[int64]int{}
	for i, p := range ref.posts {
		order[p.id] = i
	}
	for _, link := range []struct {
		q  string
		to map[int64][]int64
	}{{`SELECT term_id, article_id FROM article_terms`, ref.byTerm}, {`SELECT user_id, article_id FROM article_authors`, ref.byUser}} {
		rows, err := db.QueryContext(ctx, link.q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var k, id int64
			if err := rows.Scan(&k, &id); err != nil {
				t.Fatal(err)
			}
			if listed[id] {
				link.to[k] = append(link.to[k], id)
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		for _, ids := range link.to {
			slices.SortFunc(ids, func(x, y int64) int { return cmp.Compare(order[x], order[y]) })
		}
	}
	return ref
}

func checkKept(t *testing.T, st *store.Store, step string, cats []*model.Term, tag *model.Term, users []*model.User) {
	t.Helper()
	ctx := t.Context()
	ref := loadRef(t, st)
	var all, front, sticky []int64
	for _, p := range ref.posts {
		all = append(all, p.id)
		if p.sticky {
			sticky = append(sticky, p.id)
		}
	}
	front = append(front, sticky...)
	for _, p := range ref.posts {
		if !p.sticky {
			front = append(front, p.id)
		}
	}
	type list struct {
		name string
		q    store.ListQuery
		want []int64
	}
	lists := []list{{"the front page", store.ListQuery{StickyFirst: true}, front}, {"the feed", store.ListQuery{}, all}}
	for _, c := range append(cats, tag) {
		lists = append(lists, list{"the archive of " + c.Slug, store.ListQuery{TermID: c.ID}, ref.byTerm[c.ID]})
	}
	for _, u := range users {
		lists = append(lists, list{"the archive of " + u.Slug, store.ListQuery{AuthorID: u.ID}, ref.byUser[u.ID]})
	}
	const per = 25
	for _, l := range lists {
		n, err := st.CountPublished(ctx, l.q)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(l.want) {
			t.Errorf("%s: %s counts %d posts, the articles say %d", step, l.name, n, len(l.want))
		}
		for off := 0; off <= len(l.want); off += per {
			q := l.q
			q.Limit, q.Offset = per, off
			page, err := st.PublishedPage(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]int64, len(page))
			for i, a := range page {
				got[i] = a.ID
			}
			want := l.want[off:min(off+per, len(l.want))]
			if !slices.Equal(got, want) {
				t.Fatalf("%s: %s, page at offset %d:\n got %v\nwant %v", step, l.name, off, got, want)
			}
		}
	}

	// The kept rows themselves: no month counted wrong, none left over
	// (a loss counted against a term or user deleted since).
	wantCounts := map[string]int64{}
	month := map[int64]int{}
	for _, p := range ref.posts {
		month[p.id] = p.pub.UTC().Year()*100 + int(p.pub.UTC().Month())
		wantCounts[fmt.Sprintf("all 0 %d", month[p.id])]++
	}
	for scope, by := range map[string]map[int64][]int64{"term": ref.byTerm, "author": ref.byUser} {
		for k, ids := range by {
			for _, id := range ids {
				wantCounts[fmt.Sprintf("%s %d %d", scope, k, month[id])]++
			}
		}
	}
	gotCounts := map[string]int64{}
	rows, err := store.WriteDB(st).QueryContext(ctx, `SELECT scope, ref, month, n FROM post_counts WHERE n <> 0`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var scope string
		var k, m, n int64
		if err := rows.Scan(&scope, &k, &m, &n); err != nil {
			t.Fatal(err)
		}
		gotCounts[fmt.Sprintf("%s %d %d", scope, k, m)] = n
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for key, n := range wantCounts {
		if gotCounts[key] != n {
			t.Errorf("%s: post_counts %s holds %d, the articles say %d", step, key, gotCounts[key], n)
		}
	}
	for key, n := range gotCounts {
		if _, ok := wantCounts[key]; !ok {
			t.Errorf("%s: post_counts %s holds %d, the articles say none", step, key, n)
		}
	}

	pages, err := st.SitemapPages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range pages {
		key := fmt.Sprintf("%s %d", p.Type, p.Number)
		seen[key] = true
		arts, err := st.SitemapPageArticles(ctx, p.Type, p.Number)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]int64, len(arts))
		for i, a := range arts {
			got[i] = a.ID
		}
		if !slices.Equal(got, ref.sitemap[key]) {
			t.Errorf("%s: sitemap %s lists %v, want %v", step, key, got, ref.sitemap[key])
		}
		if p.LastMod.IsZero() {
			t.Errorf("%s: sitemap %s has no lastmod", step, key)
		}
	}
	for key := range ref.sitemap {
		if !seen[key] {
			t.Errorf("%s: the sitemap index lacks %s", step, key)
		}
	}
	if len(seen) != len(ref.sitemap) {
		t.Errorf("%s: the sitemap index lists %d pages, want %d", step, len(seen), len(ref.sitemap))
	}

	archives, err := st.SitemapArchives(ctx, model.TaxonomyCategory)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range archives {
		got = append(got, e.Slug)
	}
	var want []string
	rows, err = store.WriteDB(st).QueryContext(ctx, `SELECT id, slug FROM terms WHERE taxonomy = 'category'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var slug string
		if err := rows.Scan(&id, &slug); err != nil {
			t.Fatal(err)
		}
		if len(ref.byTerm[id]) > 0 {
			want = append(want, slug)
		}
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: the category sitemap lists %v, want %v", step, got, want)
	}
}
