package admin_test

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
)

func TestCommentQueue(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			s := newSite(t, eng.New(t))
			ctx := context.Background()
			a := storetest.Post(t, s.st, func(a *model.Article) { a.Title = "Tanggul Kali Wening"; a.Status = model.StatusPublished })
			var ids []int64
			for i, name := range []string{"Rina", "Joko", "Spammer Obat"} {
				c := storetest.Comment(t, s.st, a.ID, func(c *model.Comment) {
					c.AuthorName = name
					c.AuthorEmail = strings.ToLower(strings.Fields(name)[0]) + "@pembaca.test"
					c.Content = template.HTML("<p>Komentar nomor " + strconv.Itoa(i+1) + "</p>")
					c.Status = model.CommentPending
					c.SpamScore = float64(i) * 0.45
				})
				ids = append(ids, c.ID)
			}
			path := publicPath(t, s, a.ID)

			author := s.browser(t).as(s.user(t, "penulis", model.RoleAuthor))
			if r := author.get("/admin/comments/"); r.status != http.StatusForbidden {
				t.Errorf("an author opens the comment queue: %d", r.status)
			}
			ed := s.browser(t).as(s.user(t, "sari", model.RoleEditor))
			r := ed.get("/admin/comments/")
			mustContain(t, "the pending queue", r.body, "Rina", "rina@pembaca.test", "Komentar nomor 3", "90%",
				`<span class="badge">3<span class="visually-hidden"> waiting for moderation</span></span>`)

			// Bulk: approve the first two, spam the third.
			r = ed.post("/admin/comments/", url.Values{"from": {"pending"}, "action": {"approve"},
				"id": {strconv.FormatInt(ids[0], 10), strconv.FormatInt(ids[1], 10)}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("bulk approve: %d", r.status)
			}
			ed.post("/admin/comments/", url.Values{"from": {"pending"}, "action": {"spam"}, "id": {strconv.FormatInt(ids[2], 10)}})
			counts, _ := s.st.CommentStatusCounts(ctx)
			if counts[model.CommentApproved] != 2 || counts[model.CommentSpam] != 1 || counts[model.CommentPending] != 0 {
				t.Errorf("after bulk actions: %v", counts)
			}
			body := s.browser(t).get(path).body
			mustContain(t, "the article after approval", body, "Komentar nomor 1", "Komentar nomor 2")
			if strings.Contains(body, "Komentar nomor 3") || strings.Contains(body, "@pembaca.test") {
				t.Error("the spam comment or an email address is on the public page")
			}
			if strings.Contains(ed.get("/admin/articles/").body, `class="badge"`) {
				t.Error("the waiting badge stays with nothing waiting")
			}

			// Reply as the editor.
			ed.get("/admin/comments/" + strconv.FormatInt(ids[0], 10) + "/reply")
			r = ed.post("/admin/comments/"+strconv.FormatInt(ids[0], 10)+"/reply", url.Values{"comment": {""}})
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Write a reply.") {
				t.Errorf("empty reply: %d", r.status)
			}
			if r := ed.post("/admin/comments/"+strconv.FormatInt(ids[0], 10)+"/reply", url.Values{"comment": {"Terima kasih, Bu Rina."}}); r.status != http.StatusSeeOther {
				t.Fatalf("reply: %d\n%s", r.status, r.body)
			}
			mustContain(t, "the article after the editor's reply", s.browser(t).get(path).body, "Terima kasih, Bu Rina.", "Sari")

			// Spam can be deleted for good.
			ed.get("/admin/comments/?status=spam")
			ed.post("/admin/comments/", url.Values{"from": {"spam"}, "action": {"delete"}, "id": {strconv.FormatInt(ids[2], 10)}})
			if _, err := s.st.Comment(ctx, ids[2]); err == nil {
				t.Error("the deleted spam comment is still stored")
			}
		})
	}
}
