package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// TestArticlesReadAsBefore checks, on every engine, that articles read
// with all their parts in one query equal, field for field, what the store
// read with one query per part: the same bylines in order, terms in the
// engine's name order (cases, accents and punctuation included), featured
// images with their variants, embeds, comment counts and times; and that
// an article's approved comments read as before.
func TestArticlesReadAsBefore(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			ctx := t.Context()
			var users []model.Byline
			for i, name := range []string{"Rina Wulandari", "Budi Santoso", "Ayu Lestari"} {
				u := storetest.User(t, st, name)
				users = append(users, model.Byline{User: *u, Role: []string{model.BylineReporter, model.BylineEditor, model.BylinePhotographer}[i]})
			}
			// Names whose order depends on how the engine compares text.
			names := []string{"Banjir", "banjir", "BANJIR", "Édisi Khusus", "apel", "Zebra", "a b", "a-b", "_lain",
				"Ábc", "école", "ziarah", "ß", "123", "Ümbul"}
			var cats, tags []model.Term
			var parent int64
			for i, name := range names {
				for _, tax := range []string{model.TaxonomyCategory, model.TaxonomyTag} {
					term := model.Term{Taxonomy: tax, Slug: fmt.Sprintf("t-%d", i), Name: name, Description: "Tentang " + name}
					if tax == model.TaxonomyCategory {
						term.ParentID = parent
					}
					if err := st.InsertTerm(ctx, &term); err != nil {
						t.Fatal(err)
					}
					if tax == model.TaxonomyCategory {
						parent = term.ID
						cats = append(cats, term)
					} else {
						tags = append(tags, term)
					}
				}
			}
			shared := &model.Media{Path: "2026/03/banjir.jpg", MimeType: "image/jpeg", Size: 250_000, Width: 1600, Height: 900,
				Alt: "Banjir", Caption: "Foto: Ayu", Variants: []model.MediaVariant{
					{Path: "2026/03/banjir-800-b.jpg", Width: 800, Height: 450},
					{Path: "2026/03/banjir-800-A.jpg", Width: 800, Height: 450},
					{Path: "2026/03/banjir-400.jpg", Width: 400, Height: 225},
					{Path: "2026/03/banjir-800-a.jpg", Width: 800, Height: 450},
				}}
			if err := st.InsertMedia(ctx, shared); err != nil {
				t.Fatal(err)
			}
			plain := &model.Media{Path: "2026/03/peta.png", MimeType: "image/png", Width: 300, Height: 300}
			if err := st.InsertMedia(ctx, plain); err != nil {
				t.Fatal(err)
			}
			published := time.Date(2026, 3, 15, 9, 17, 37, 882908000, time.UTC)
			full := storetest.Post(t, st, func(a *model.Article) {
				a.Bylines, a.Categories, a.Tags = []model.Byline{users[2], users[0], users[1]}, cats, tags
				a.FeaturedMediaID, a.TranslationGroup = shared.ID, "banjir"
				a.PublishedAt, a.ModifiedAt = published, published.Add(time.Hour+123456*time.Microsecond)
				a.Embeds = []model.Embed{
					{Provider: "youtube", URL: "https://youtu.be/x", EmbedURL: "https://www.youtube-nocookie.com/embed/x", Title: "Video", Duration: 95 * time.Second},
					{Provider: "vimeo", URL: "https://vimeo.com/2", PosterURL: "/media/p.jpg"},
					{Provider: "youtube", URL: "https://youtu.be/y", Title: "Kedua"},
				}
				a.Source, a.SourceFormat, a.Password, a.SourceName, a.SourceURL = "Air *naik*.", model.FormatMarkdown, "", "Antara", "https://antara.example/"
			})
			var first *model.Comment
			for k := range 6 {
				c := storetest.Comment(t, st, full.ID, func(c *model.Comment) {
					if k%3 == 0 {
						c.Status = model.CommentPending
					}
					c.CreatedAt = published.Add(time.Duration(k)*time.Minute + time.Duration(k)*time.Microsecond)
					c.AuthorURL, c.SpamScore = "https://pembaca.example", 0.25*float64(k)
					if k == 4 {
						c.ParentID, c.Kind = first.ID, model.CommentKindPingback
					}
				})
				if k == 1 {
					first = c
				}
			}
			sharing := storetest.Post(t, st, func(a *model.Article) {
				a.Bylines, a.Tags = users[1:2], tags[3:9]
				a.FeaturedMediaID, a.TranslationGroup, a.Lang = shared.ID, "banjir", "en"
				a.PublishedAt = published.Add(-time.Minute)
			})
			storetest.Comment(t, st, sharing.ID, nil)
			bare := storetest.Post(t, st, func(a *model.Article) {
				a.FeaturedMediaID, a.PublishedAt = plain.ID, published.Add(-time.Hour)
			})
			top := storetest.Post(t, st, func(a *model.Article) { a.Type, a.Slug = model.TypePage, "tentang" })
			child := storetest.Post(t, st, func(a *model.Article) {
				a.Type, a.Slug, a.ParentID, a.Categories = model.TypePage, "redaksi", top.ID, cats[:2]
			})

			for _, in := range []*model.Article{full, sharing, bare, top, child} {
				want := store.ArticleAsBefore(t, st, in.ID, false)
				got, err := st.ArticleByID(ctx, in.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(*got, want) {
					t.Errorf("ArticleByID(%d) =\n%+v\nwant, as read before,\n%+v", in.ID, *got, want)
				}
				pub, err := st.PublishedArticle(ctx, in.Type, in.Slug)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(*pub, want) {
					t.Errorf("PublishedArticle(%q) =\n%+v\nwant, as read before,\n%+v", in.Slug, *pub, want)
				}
				toComment, err := st.ArticleToComment(ctx, in.ID)
				if err != nil {
					t.Fatal(err)
				}
				partial := want
				partial.FeaturedImage, partial.Embeds, partial.CommentCount = nil, nil, 0
				if !reflect.DeepEqual(*toComment, partial) {
					t.Errorf("ArticleToComment(%d) =\n%+v\nwant\n%+v", in.ID, *toComment, partial)
				}
			}
			if len(full.Tags) != len(names) || len(full.Categories) != len(names) {
				t.Fatalf("the article carries %d tags and %d categories, want %d each", len(full.Tags), len(full.Categories), len(names))
			}

			comments, err := st.ApprovedComments(ctx, full.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := store.CommentsAsBefore(t, st, full.ID); len(comments) != 4 || !reflect.DeepEqual(comments, want) {
				t.Errorf("ApprovedComments =\n%+v\nwant, as read before,\n%+v", comments, want)
			}

			list, _, err := st.PublishedArticles(ctx, store.ListQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 3 {
				t.Fatalf("front page lists %d posts, want 3", len(list))
			}
			for _, got := range list {
				if want := store.ArticleAsBefore(t, st, got.ID, true); !reflect.DeepEqual(got, want) {
					t.Errorf("listed %d =\n%+v\nwant, as read before,\n%+v", got.ID, got, want)
				}
			}
			if list[0].FeaturedImage == nil || list[0].FeaturedImage != list[1].FeaturedImage {
				t.Errorf("posts sharing an image: %p and %p, want the same *Media", list[0].FeaturedImage, list[1].FeaturedImage)
			}
			if got := variantPaths(list[0].FeaturedImage); got[0] != "2026/03/banjir-400.jpg" {
				t.Errorf("variants %v, want the narrowest first", got)
			}
			tr, err := st.Translations(ctx, full)
			if err != nil || len(tr) != 1 {
				t.Fatalf("translations = %v, %v", tr, err)
			}
			want := store.ArticleAsBefore(t, st, sharing.ID, false)
			if !reflect.DeepEqual(tr[0].Bylines, want.Bylines) || !reflect.DeepEqual(tr[0].Tags, want.Tags) ||
				tr[0].PublishedAt != want.PublishedAt {
				t.Errorf("translation = %+v, want the bylines, tags and date of %+v", tr[0], want)
			}
		})
	}
}

func variantPaths(m *model.Media) []string {
	var out []string
	for _, v := range m.Variants {
		out = append(out, v.Path)
	}
	return out
}

// TestCancelledReadsFail checks that the reads of an article page still
// fail at once, with the context's error, for a request already cancelled
// (a reader who left), though on SQLite they are no longer watched while
// they run.
func TestCancelledReadsFail(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			a := storetest.Post(t, st, func(a *model.Article) { a.TranslationGroup = "g" })
			storetest.Comment(t, st, a.ID, nil)
			// Warm: the statements are prepared and cached.
			if _, err := st.PublishedArticle(t.Context(), model.TypePost, a.Slug); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			if _, err := st.PublishedArticle(ctx, model.TypePost, a.Slug); !errors.Is(err, context.Canceled) {
				t.Errorf("PublishedArticle with a cancelled context: error %v, want context.Canceled", err)
			}
			if _, err := st.ApprovedComments(ctx, a.ID); !errors.Is(err, context.Canceled) {
				t.Errorf("ApprovedComments with a cancelled context: error %v, want context.Canceled", err)
			}
			if _, err := st.Translations(ctx, a); !errors.Is(err, context.Canceled) {
				t.Errorf("Translations with a cancelled context: error %v, want context.Canceled", err)
			}
		})
	}
}
