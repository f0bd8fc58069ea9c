package admin_test

import (
	"context"
	"html/template"
	"net/http"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/publishing"
	"warta/internal/tools/scenario"
)

func TestDashboard(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ctx := context.Background()
		editor := s.User(t, "sari", model.RoleEditor)
		author := s.User(t, "budi", model.RoleAuthor)
		contributor := s.User(t, "eko", model.RoleContributor)
		now := time.Now().UTC()
		save := func(u *model.User, in publishing.Input) *model.Article {
			t.Helper()
			a, err := publishing.Save(ctx, s.Store, u, in, now)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		save(author, publishing.Input{Title: "Draf Budi tentang Banjir", Body: "Isi."})
		save(editor, publishing.Input{Title: "Draf Sari tentang Pasar", Body: "Isi."})
		save(contributor, publishing.Input{Title: "Tulisan Eko Menunggu", Body: "Isi.", Status: model.StatusPending})
		save(editor, publishing.Input{Title: "Laporan Terjadwal Besok", Body: "Isi.", Status: model.StatusPublished, PublishAt: now.Add(24 * time.Hour)})
		live := save(editor, publishing.Input{Title: "Berita Terbit", Body: "Isi.", Status: model.StatusPublished, CommentsOpen: true})
		if err := s.Store.InsertComment(ctx, &model.Comment{ArticleID: live.ID, AuthorName: "Rina", AuthorEmail: "rina@pembaca.test",
			Content: template.HTML("<p>Kapan pasar dibuka?</p>"), Status: model.CommentPending, Kind: model.CommentKindComment}); err != nil {
			t.Fatal(err)
		}

		s.As(t, editor).Do(t, scenario.Scenario{Name: "an editor's dashboard", URL: "/admin/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"<h1>Dashboard</h1>", "Draf Sari tentang Pasar", "Tulisan Eko Menunggu", "Laporan Terjadwal Besok",
				"Kapan pasar dibuka?", "Rina", `id="drafts">My drafts <span class="count">(1)</span>`,
				`id="pending">Awaiting review <span class="count">(1)</span>`, `id="scheduled">Scheduled <span class="count">(1)</span>`,
				`id="comments">Comments awaiting moderation <span class="count">(1)</span>`},
			NotExpectedContent: []string{"Draf Budi tentang Banjir"}})
		s.As(t, author).Do(t, scenario.Scenario{Name: "an author's: their own work, no moderation", URL: "/admin/", ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{"Draf Budi tentang Banjir", "Nothing awaits review.", "Nothing is scheduled."},
			NotExpectedContent: []string{"Draf Sari tentang Pasar", "Tulisan Eko Menunggu", "Kapan pasar dibuka?"}})
	})
}
