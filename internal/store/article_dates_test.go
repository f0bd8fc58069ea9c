package store_test

import (
	"fmt"
	"html/template"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// TestDateArchives checks that a date archive's total and every one of its
// pages, the deep ones that seek by month included, are exactly the posts
// published in its span of the site's local time, newest first.
func TestDateArchives(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name+"/year, month and day archives in Jakarta time hold exactly their posts", func(t *testing.T) {
			st := eng.New(t)
			ctx := t.Context()
			u := storetest.User(t, st, "Rina")
			// 700 posts every 5 hours from mid-October 2026 (in UTC, so
			// some lie in another month in Jakarta), a few drafts and
			// pages among them.
			start := time.Date(2026, 10, 15, 3, 30, 0, 0, time.UTC)
			var all []*model.Article
			for i := range 700 {
				a := &model.Article{Type: model.TypePost, Slug: fmt.Sprintf("kabar-%d", i), Title: fmt.Sprintf("Kabar %d", i),
					BodyHTML: template.HTML("<p>Isi.</p>"), Status: model.StatusPublished, Lang: "id",
					PublishedAt: start.Add(time.Duration(i) * 5 * time.Hour), Bylines: []model.Byline{{User: *u}}}
				switch i % 17 {
				case 3:
					a.Status = model.StatusDraft
				case 9:
					a.Type = model.TypePage
				}
				all = append(all, a)
			}
			if err := st.InsertArticles(ctx, all); err != nil {
				t.Fatal(err)
			}
			jkt, _ := time.LoadLocation("Asia/Jakarta")
			for _, d := range []model.DateArchive{{Year: 2026}, {Year: 2026, Month: 11}, {Year: 2026, Month: 10},
				{Year: 2026, Month: 11, Day: 1}, {Year: 2027, Month: 1}, {Year: 2025}} {
				from, until := d.Range(jkt)
				var want []string // newest first
				for i := len(all) - 1; i >= 0; i-- {
					a := all[i]
					if a.Type == model.TypePost && a.Status == model.StatusPublished &&
						!a.PublishedAt.Before(from) && a.PublishedAt.Before(until) {
						want = append(want, a.Slug)
					}
				}
				q := store.ListQuery{From: from, Until: until, Limit: 40}
				total, err := st.CountPublished(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if total != len(want) {
					t.Errorf("%s: total %d, want %d", d.Path(), total, len(want))
				}
				for off := 0; off < len(want)+40; off += 40 {
					q.Offset = off
					page, err := st.PublishedPage(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, a := range page {
						got = append(got, a.Slug)
					}
					if exp := want[min(off, len(want)):min(off+40, len(want))]; fmt.Sprint(got) != fmt.Sprint(exp) {
						t.Errorf("%s page at %d: %v, want %v", d.Path(), off, got, exp)
					}
				}
			}
		})
	}
}
