package wxr

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// The press guideline's fields go out as post meta and come back in: a
// round trip keeps the flags, the corrections and replies, and a takedown.
func TestPressMetaRoundTrip(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			first := eng.New(t)
			verified := time.Date(2026, 3, 2, 4, 5, 6, 0, time.UTC)
			story := storetest.Post(t, first, func(a *model.Article) {
				a.Slug, a.Title, a.Sponsored, a.VerifiedAt = "jembatan", "Jembatan", true, verified
			})
			storetest.Post(t, first, func(a *model.Article) { a.Slug, a.Title, a.Unverified = "banjir", "Banjir", true })
			gone := storetest.Post(t, first, func(a *model.Article) { a.Slug, a.Title = "kesaksian", "Kesaksian" })
			fix := model.Correction{Kind: model.CorrectionFix, Body: "Yang benar tiga desa.", CreatedAt: verified.Add(time.Hour)}
			reply := model.Correction{Kind: model.CorrectionReply, Body: "Kami menolak tuduhan itu.\n\nSalam.", Party: "Kepala Desa",
				StatementURL: "https://desa.example/pernyataan", CreatedAt: verified.Add(2 * time.Hour)}
			for _, c := range []*model.Correction{&fix, &reply} {
				if err := first.InsertCorrection(ctx, story, c); err != nil {
					t.Fatal(err)
				}
			}
			tk := &model.Takedown{ArticleID: gone.ID, Reason: model.TakedownTrauma, Note: "Keputusan redaksi.", Path: "/2026/03/02/kesaksian/",
				TakenAt: verified.Add(3 * time.Hour)}
			if err := first.TakeDown(ctx, tk); err != nil {
				t.Fatal(err)
			}

			var buf bytes.Buffer
			if err := Export(ctx, first, &buf, "https://warta.example", nil); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), "<wp:meta_key><![CDATA[_warta_correction]]></wp:meta_key>") {
				t.Fatalf("the export carries no correction meta:\n%s", buf.String())
			}
			p := filepath.Join(t.TempDir(), "export.wxr")
			if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			second := eng.New(t)
			if _, err := Import(ctx, second, p, Options{Media: media.NewFolder(t.TempDir())}); err != nil {
				t.Fatal(err)
			}
			byTitle := func(title string) *model.Article {
				t.Helper()
				list, _, err := second.AdminArticles(ctx, store.AdminQuery{Type: model.TypePost, Limit: 50})
				if err != nil {
					t.Fatal(err)
				}
				for i := range list {
					if list[i].Title == title {
						return &list[i]
					}
				}
				t.Fatalf("%q is lost", title)
				return nil
			}
			a, b, c := byTitle("Jembatan"), byTitle("Banjir"), byTitle("Kesaksian")
			if !a.Sponsored || a.Unverified || !a.VerifiedAt.Equal(verified) || !b.Unverified || b.Sponsored {
				t.Errorf("flags after the round trip: sponsored %v unverified %v verified %v / unverified %v sponsored %v",
					a.Sponsored, a.Unverified, a.VerifiedAt, b.Unverified, b.Sponsored)
			}
			got, err := second.Corrections(ctx, a.ID)
			if err != nil || len(got) != 2 {
				t.Fatalf("corrections after the round trip: %+v (%v)", got, err)
			}
			for i, want := range []model.Correction{fix, reply} {
				g := got[i]
				if g.Kind != want.Kind || g.Body != want.Body || g.Party != want.Party || g.StatementURL != want.StatementURL ||
					!g.CreatedAt.Equal(want.CreatedAt) {
					t.Errorf("correction %d: got %+v, want %+v", i, g, want)
				}
			}
			gotTk, err := second.TakedownOf(ctx, c.ID)
			if err != nil || gotTk.Reason != tk.Reason || gotTk.Note != tk.Note || gotTk.Path != tk.Path || !gotTk.TakenAt.Equal(tk.TakenAt) ||
				c.Status != model.StatusDraft {
				t.Errorf("takedown after the round trip: %+v (%v), status %s", gotTk, err, c.Status)
			}
		})
	}
}
