package admin_test

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

func TestCommentRows(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		a := storetest.Post(t, s.Store, func(a *model.Article) { a.Title = "Banjir Kali Wening"; a.Status = model.StatusPublished })
		add := func(name string, score float64, parent int64) int64 {
			return storetest.Comment(t, s.Store, a.ID, func(c *model.Comment) {
				c.AuthorName, c.AuthorEmail = name, name+"@pembaca.test"
				c.Content = template.HTML("<p>Dari " + name + "</p>")
				c.Status, c.SpamScore, c.ParentID = model.CommentPending, score, parent
			}).ID
		}
		rina := add("Rina", 0.5, 0)
		joko := add("Joko", 0.1, rina)
		slot := add("Gacor", 0.97, 0)
		ed := s.As(t, s.User(t, "sari", model.RoleEditor))
		ed.Do(t, scenario.Scenario{Name: "each row has its own actions, a reply names its parent, the score is in words",
			URL: "/admin/comments/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`value="approve:` + strconv.FormatInt(joko, 10) + `"`, `value="spam:` + strconv.FormatInt(slot, 10) + `"`,
				"in reply to Rina", `<span class="score score-unknown">unknown</span>`, `<span class="score score-spam">likely spam</span>`,
				`<span class="score score-ham">likely genuine</span>`}})
		ed.Do(t, scenario.Scenario{Name: "a row's Spam button marks that comment only, whatever is ticked", Method: http.MethodPost,
			URL: "/admin/comments/", Form: url.Values{"from": {"pending"}, "action": {"approve"}, "id": {strconv.FormatInt(rina, 10)},
				"row": {"spam:" + strconv.FormatInt(slot, 10)}}, ExpectedStatus: http.StatusSeeOther})
		for id, want := range map[int64]model.CommentStatus{slot: model.CommentSpam, rina: model.CommentPending, joko: model.CommentPending} {
			c, err := s.Store.Comment(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if c.Status != want {
				t.Errorf("comment %d (%s) is %s, want %s", id, c.AuthorName, c.Status, want)
			}
		}
	})
}
