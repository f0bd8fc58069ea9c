package gen_test

import (
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/gen"
)

var now = time.Date(2026, 4, 26, 9, 0, 0, 0, time.UTC)

func TestGenerate(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name+"/writes posts, comments, authors and terms a reader can browse", func(t *testing.T) {
			st := eng.New(t)
			res, err := gen.Generate(t.Context(), st, gen.Options{Articles: 60, Comments: 12, Seed: 7, Now: now, Batch: 25})
			if err != nil {
				t.Fatal(err)
			}
			if res.Articles != 60 || res.Comments != 60*12 {
				t.Fatalf("result = %d posts, %d comments; want 60, 720", res.Articles, res.Comments)
			}
			if n, err := st.CountArticles(t.Context()); err != nil || n != 60 {
				t.Fatalf("CountArticles = %d, %v; want 60", n, err)
			}
			a := res.Newest
			if a == nil || !a.PublishedAt.Before(now) || a.PublishedAt.Before(now.Add(-time.Hour)) {
				t.Fatalf("newest post %+v: want one dated within the hour before now", a)
			}
			if len(a.Bylines) == 0 || len(a.Categories) != 1 || len(a.Tags) == 0 {
				t.Errorf("newest post has bylines %v, categories %v, tags %v; want each filled", a.Bylines, a.Categories, a.Tags)
			}
			body := string(a.BodyHTML)
			if strings.Count(body, "<p>") < 4 || !strings.Contains(body, "<blockquote>") {
				t.Errorf("body has too little structure:\n%s", body)
			}
			comments, err := st.ApprovedComments(t.Context(), a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(comments) != 12 {
				t.Fatalf("newest post has %d approved comments, want 12", len(comments))
			}
			replies := 0
			ids := map[int64]bool{}
			for _, c := range comments {
				if c.ParentID != 0 {
					replies++
					if !ids[c.ParentID] {
						t.Errorf("comment %d replies to %d, which is not an earlier comment of the post", c.ID, c.ParentID)
					}
				}
				ids[c.ID] = true
				if c.CreatedAt.After(now) {
					t.Errorf("comment %d dated %v, after now", c.ID, c.CreatedAt)
				}
			}
			if replies == 0 || replies == len(comments) {
				t.Errorf("%d of %d comments are replies; want a thread", replies, len(comments))
			}
			cats, err := st.Terms(t.Context(), model.TaxonomyCategory)
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, c := range cats {
				total += c.Count
			}
			if len(cats) < 5 || total != 60 {
				t.Errorf("%d categories counting %d posts; want several counting all 60", len(cats), total)
			}
		})
	}
}

func TestGenerateIsDeterministicAndVaried(t *testing.T) {
	titles := func() []string {
		st := storetest.New(t)
		res, err := gen.Generate(t.Context(), st, gen.Options{Articles: 40, Seed: 3, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for id := res.Newest.ID; id < res.Newest.ID+40; id++ {
			a, err := st.ArticleByID(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, a.Lang+" "+a.Title)
		}
		return out
	}
	first, second := titles(), titles()
	if strings.Join(first, "\n") != strings.Join(second, "\n") {
		t.Fatalf("the same seed wrote different sites:\n%v\n%v", first, second)
	}
	seen, langs := map[string]bool{}, map[string]int{}
	for _, s := range first {
		seen[s] = true
		langs[s[:2]]++
	}
	if len(seen) < 35 {
		t.Errorf("only %d distinct titles among 40", len(seen))
	}
	if langs["id"] == 0 || langs["en"] == 0 {
		t.Errorf("languages %v: want posts in both Indonesian and English", langs)
	}
}

func TestGenerateTwiceAddsPosts(t *testing.T) {
	st := storetest.New(t)
	for range 2 {
		if _, err := gen.Generate(t.Context(), st, gen.Options{Articles: 10, Comments: 1, Seed: 1, Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := st.CountArticles(t.Context()); err != nil || n != 20 {
		t.Fatalf("CountArticles after two runs = %d, %v; want 20", n, err)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		st := storetest.New(b)
		b.StartTimer()
		if _, err := gen.Generate(b.Context(), st, gen.Options{Articles: 500, Comments: 30, Seed: 1, Now: now}); err != nil {
			b.Fatal(err)
		}
	}
}
