package store_test

import (
	"database/sql"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// TestParseTime checks the store's reader of SQLite's time text against
// time.Parse, which it must agree with to the nanosecond and the location
// (UTC) on every form warta writes, and fall back to on anything else.
func TestParseTime(t *testing.T) {
	const layout = "2006-01-02 15:04:05.999999999-07:00" // _time_format=sqlite
	check := func(t *testing.T, s string, want time.Time) {
		t.Helper()
		got, err := store.ParseTime(s)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", s, err)
			return
		}
		if got != want { // == also compares the location
			t.Errorf("ParseTime(%q) = %v (%v), want %v", s, got, got.Location(), want)
		}
	}
	t.Run("what the driver writes, any fraction and zone", func(t *testing.T) {
		zones := []*time.Location{time.UTC, time.FixedZone("", 7*3600), time.FixedZone("", -(5*3600 + 30*60)),
			time.FixedZone("", 14*3600), time.FixedZone("", -12*3600)}
		rng := rand.New(rand.NewPCG(7, 11))
		for i := range 20000 {
			// From year 1 to 9999: every instant warta may store.
			sec := rng.Int64N(253402300800-62135596800) - 62135596800
			tm := time.Unix(sec, 0).In(zones[i%len(zones)])
			// Whole seconds, milli-, micro- and nanoseconds, trailing zeros.
			switch i % 4 {
			case 1:
				tm = tm.Add(time.Duration(rng.IntN(1000)) * time.Millisecond)
			case 2:
				tm = tm.Add(time.Duration(rng.IntN(1e6)) * time.Microsecond)
			case 3:
				tm = tm.Add(time.Duration(rng.IntN(1e9)))
			}
			s := tm.Format(layout)
			want, err := time.Parse(layout, s)
			if err != nil {
				t.Fatal(err)
			}
			check(t, s, want.UTC())
			if !want.Equal(tm) {
				t.Fatalf("%q does not round trip through time.Parse", s)
			}
		}
		check(t, "2026-03-15 09:17:37.882908+00:00", time.Date(2026, 3, 15, 9, 17, 37, 882908000, time.UTC))
		check(t, "2024-02-29 23:59:59+07:00", time.Date(2024, 2, 29, 16, 59, 59, 0, time.UTC))
		check(t, "2024-01-01 00:30:00.5+01:00", time.Date(2023, 12, 31, 23, 30, 0, 5e8, time.UTC))
	})
	t.Run("the other forms the driver reads", func(t *testing.T) {
		for _, tt := range []struct {
			in   string
			want time.Time
		}{
			{"2026-03-15T09:17:37.5+07:00", time.Date(2026, 3, 15, 2, 17, 37, 5e8, time.UTC)},
			{"2026-03-15 09:17:37.882908", time.Date(2026, 3, 15, 9, 17, 37, 882908000, time.UTC)},
			{"2026-03-15T09:17:37", time.Date(2026, 3, 15, 9, 17, 37, 0, time.UTC)},
			{"2026-03-15T09:17:37Z", time.Date(2026, 3, 15, 9, 17, 37, 0, time.UTC)},
			{"2026-03-15 09:17", time.Date(2026, 3, 15, 9, 17, 0, 0, time.UTC)},
			{"2026-03-15T09:17", time.Date(2026, 3, 15, 9, 17, 0, 0, time.UTC)},
			{"2026-03-15", time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)},
			// Go's time.String, as the driver writes without _time_format.
			{"2026-03-15 16:17:37.882908 +0700 WIB", time.Date(2026, 3, 15, 9, 17, 37, 882908000, time.UTC)},
			{"2026-03-15 09:17:37.882908 +0000 UTC m=+0.000123", time.Date(2026, 3, 15, 9, 17, 37, 882908000, time.UTC)},
			// Not the exact form the fast reader takes, but time.Parse's.
			{"2026-03-15 9:17:37+00:00", time.Date(2026, 3, 15, 9, 17, 37, 0, time.UTC)},
			{"2026-03-15 09:17:37,25+00:00", time.Date(2026, 3, 15, 9, 17, 37, 25e7, time.UTC)},
			{"2026-03-15 09:17:37.1234567891+00:00", time.Date(2026, 3, 15, 9, 17, 37, 123456789, time.UTC)},
		} {
			check(t, tt.in, tt.want)
		}
	})
	t.Run("what is not a time is an error", func(t *testing.T) {
		for _, s := range []string{"", "not a time", "2026-02-30 10:00:00+00:00", "2026-13-01 10:00:00+00:00",
			"2026-03-15 24:00:00+00:00", "2026-03-15 09:60:00+00:00", "2026-03-15 09:17:60+00:00",
			"2026-03-15 09:17:37.+00:00", "2026-03-15 09:17:37+00:00 extra", "2026-03-15 09:17:37+0a:00",
			"2026-03-15 09:17:37.88290x+00:00"} {
			if got, err := store.ParseTime(s); err == nil {
				t.Errorf("ParseTime(%q) = %v, want an error", s, got)
			}
		}
	})
}

// TestTimesReadBackExactly checks, on every engine, that the times the
// per-request reads return (an article page's, the comment feed's, a
// session's) are exactly the instant stored, in UTC, at every precision
// the store keeps.
func TestTimesReadBackExactly(t *testing.T) {
	jakarta := time.FixedZone("WIB", 7*3600)
	for _, eng := range storetest.Engines(t) {
		for _, at := range []time.Time{
			time.Date(2026, 3, 15, 9, 17, 37, 0, time.UTC),
			time.Date(2026, 3, 15, 9, 17, 37, 5e8, time.UTC),
			time.Date(2026, 3, 15, 9, 17, 37, 882908000, jakarta),
			time.Date(2026, 3, 15, 9, 17, 37, 882908999, jakarta), // stored to the microsecond
			time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC),
		} {
			t.Run(eng.Name+"/"+at.Format(time.RFC3339Nano), func(t *testing.T) {
				st := eng.New(t)
				ctx := t.Context()
				want := at.UTC().Truncate(time.Microsecond)
				img := storetest.Image(t, st)
				a := storetest.Post(t, st, func(a *model.Article) {
					a.PublishedAt, a.CreatedAt, a.ModifiedAt = at, at.Add(-time.Hour), at.Add(time.Minute)
					a.TranslationGroup, a.FeaturedMediaID = "g", img.ID
				})
				storetest.Post(t, st, func(t *model.Article) { t.PublishedAt, t.TranslationGroup, t.Lang = at, "g", "en" })
				storetest.Comment(t, st, a.ID, func(c *model.Comment) { c.CreatedAt = at })

				got, err := st.PublishedArticle(ctx, model.TypePost, a.Slug)
				if err != nil {
					t.Fatal(err)
				}
				tr, err := st.Translations(ctx, got)
				if err != nil || len(tr) != 1 {
					t.Fatalf("translations = %v, %v", tr, err)
				}
				comments, err := st.ApprovedComments(ctx, a.ID)
				if err != nil || len(comments) != 1 {
					t.Fatalf("comments = %v, %v", comments, err)
				}
				list, _, err := st.PublishedArticles(ctx, store.ListQuery{})
				if err != nil || len(list) != 2 {
					t.Fatalf("list = %v, %v", list, err)
				}
				feed, err := st.RecentApprovedComments(ctx, 5)
				if err != nil || len(feed) != 1 {
					t.Fatalf("comment feed = %v, %v", feed, err)
				}
				ses := &store.Session{ID: "s-1", UserID: a.Bylines[0].User.ID, SecretHash: "h",
					CreatedAt: at, ExpiresAt: at.Add(24 * time.Hour), LastSeenAt: at.Add(time.Second)}
				if err := st.InsertSession(ctx, ses); err != nil {
					t.Fatal(err)
				}
				gotSes, _, err := st.SessionUser(ctx, "s-1")
				if err != nil {
					t.Fatal(err)
				}
				for _, tt := range []struct {
					name      string
					got, want time.Time
				}{
					{"published", got.PublishedAt, want},
					{"created", got.CreatedAt, want.Add(-time.Hour)},
					{"modified", got.ModifiedAt, want.Add(time.Minute)},
					{"translation published", tr[0].PublishedAt, want},
					{"comment", comments[0].CreatedAt, want},
					{"listed", list[1].PublishedAt, want},
					{"featured image", got.FeaturedImage.CreatedAt, img.CreatedAt.UTC()},
					{"comment in the feed", feed[0].CreatedAt, want},
					{"article in the feed", feed[0].Article.PublishedAt, want},
					{"session created", gotSes.CreatedAt, want},
					{"session expires", gotSes.ExpiresAt, want.Add(24 * time.Hour)},
					{"session seen", gotSes.LastSeenAt, want.Add(time.Second)},
				} {
					if tt.got != tt.want { // == also compares the location
						t.Errorf("%s at %v (%v), want %v", tt.name, tt.got, tt.got.Location(), tt.want)
					}
				}
			})
		}
	}
}

// TestStoredTimeForms checks that a time stored in another form the SQLite
// driver reads — by an older version of warta, or by hand — reads the same
// through the store as the driver reads the column itself.
func TestStoredTimeForms(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	a := storetest.Post(t, st, nil)
	c := storetest.Comment(t, st, a.ID, nil)
	// A plain connection: the driver parses the TIMESTAMP column itself.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "warta.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, text := range []string{
		"2026-03-15 09:17:37.882908+00:00",
		"2026-03-15 16:17:37+07:00",
		"2026-03-15T09:17:37.5-03:00",
		"2026-03-15 09:17:37.882908",
		"2026-03-15T09:17:37Z",
		"2026-03-15 09:17",
		"2026-03-15",
		"2026-03-15 09:17:37.882908 +0000 UTC",
	} {
		store.ExecWrite(t, st, `UPDATE comments SET created_at = $1 WHERE id = $2`, text, c.ID)
		store.ExecWrite(t, st, `UPDATE articles SET published_at = $1 WHERE id = $2`, text, a.ID)
		var driver time.Time
		if err := db.QueryRow(`SELECT created_at FROM comments WHERE id = ?`, c.ID).Scan(&driver); err != nil {
			t.Fatalf("%q: the driver does not read it: %v", text, err)
		}
		comments, err := st.ApprovedComments(t.Context(), a.ID)
		if err != nil || len(comments) != 1 {
			t.Fatalf("%q: comments = %v, %v", text, comments, err)
		}
		got, err := st.ArticleByID(t.Context(), a.ID)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		for name, at := range map[string]time.Time{"comment": comments[0].CreatedAt, "article": got.PublishedAt} {
			if at != driver.UTC() {
				t.Errorf("%q: %s at %v, the driver reads %v", text, name, at, driver)
			}
		}
	}
	// Text that is no time at all is an error, as it was from the driver.
	store.ExecWrite(t, st, `UPDATE comments SET created_at = 'kemarin' WHERE id = $1`, c.ID)
	if _, err := st.ApprovedComments(t.Context(), a.ID); err == nil {
		t.Error("a comment dated 'kemarin' reads without error")
	}
}
