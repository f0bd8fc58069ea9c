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
	"warta/internal/tools/scenario"
)

func TestCommentQueue(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ctx := context.Background()
		a := storetest.Post(t, s.Store, func(a *model.Article) { a.Title = "Tanggul Kali Wening"; a.Status = model.StatusPublished })
		var ids []string
		for i, name := range []string{"Rina", "Joko", "Spammer Obat"} {
			c := storetest.Comment(t, s.Store, a.ID, func(c *model.Comment) {
				c.AuthorName = name
				c.AuthorEmail = strings.ToLower(strings.Fields(name)[0]) + "@pembaca.test"
				c.Content = template.HTML("<p>Komentar nomor " + strconv.Itoa(i+1) + "</p>")
				c.Status = model.CommentPending
				c.SpamScore = float64(i) * 0.45
			})
			ids = append(ids, strconv.FormatInt(c.ID, 10))
		}
		path := publicPath(t, s, a.ID)
		reader := s.Browser()

		s.As(t, s.User(t, "penulis", model.RoleAuthor)).Do(t, scenario.Scenario{Name: "an author opens the comment queue",
			URL: "/admin/comments/", ExpectedStatus: http.StatusForbidden})
		ed := s.As(t, s.User(t, "sari", model.RoleEditor))
		ed.Do(t, scenario.Scenario{Name: "the pending queue", URL: "/admin/comments/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Rina", "rina@pembaca.test", "Komentar nomor 3", "90%",
				`<span class="badge">3<span class="visually-hidden"> waiting for moderation</span></span>`}})

		// Bulk: approve the first two, spam the third.
		ed.Do(t, scenario.Scenario{Name: "bulk approve", Method: http.MethodPost, URL: "/admin/comments/",
			Form: url.Values{"from": {"pending"}, "action": {"approve"}, "id": {ids[0], ids[1]}}, ExpectedStatus: http.StatusSeeOther})
		ed.Do(t, scenario.Scenario{Name: "bulk spam", Method: http.MethodPost, URL: "/admin/comments/",
			Form: url.Values{"from": {"pending"}, "action": {"spam"}, "id": {ids[2]}}, ExpectedStatus: http.StatusSeeOther,
			AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
				counts, _ := s.Store.CommentStatusCounts(ctx)
				if counts[model.CommentApproved] != 2 || counts[model.CommentSpam] != 1 || counts[model.CommentPending] != 0 {
					t.Errorf("after bulk actions: %v", counts)
				}
			}})
		reader.Do(t, scenario.Scenario{Name: "the article after approval", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Komentar nomor 1", "Komentar nomor 2"}, NotExpectedContent: []string{"Komentar nomor 3", "@pembaca.test"}})
		ed.Do(t, scenario.Scenario{Name: "the waiting badge goes with nothing waiting", URL: "/admin/articles/", ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{`class="badge"`}})

		// Reply as the editor.
		reply := "/admin/comments/" + ids[0] + "/reply"
		ed.Do(t, scenario.Scenario{Name: "the reply form", URL: reply, ExpectedStatus: http.StatusOK})
		ed.Do(t, scenario.Scenario{Name: "an empty reply", Method: http.MethodPost, URL: reply, Form: url.Values{"comment": {""}},
			ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"Write a reply."}})
		ed.Do(t, scenario.Scenario{Name: "a reply", Method: http.MethodPost, URL: reply, Form: url.Values{"comment": {"Terima kasih, Bu Rina."}},
			ExpectedStatus: http.StatusSeeOther})
		reader.Do(t, scenario.Scenario{Name: "the article after the editor's reply", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Terima kasih, Bu Rina.", "Sari"}})

		// Spam can be deleted for good.
		ed.Do(t, scenario.Scenario{Name: "the spam queue", URL: "/admin/comments/?status=spam", ExpectedStatus: http.StatusOK})
		ed.Do(t, scenario.Scenario{Name: "spam deleted for good", Method: http.MethodPost, URL: "/admin/comments/",
			Form: url.Values{"from": {"spam"}, "action": {"delete"}, "id": {ids[2]}}, ExpectedStatus: http.StatusSeeOther,
			AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
				if _, err := s.Store.Comment(ctx, mustID(t, ids[2])); err == nil {
					t.Error("the deleted spam comment is still stored")
				}
			}})
	})
}
