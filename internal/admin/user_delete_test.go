package admin_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

func TestDeleteUser(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ctx := context.Background()
		admin := s.User(t, "kepala", model.RoleAdministrator)
		penulis := s.User(t, "penulis", model.RoleAuthor)
		editor := s.User(t, "redaktur", model.RoleEditor)
		adm := s.As(t, admin)
		reader := s.Browser()
		// One article by the author alone, one by the author and the
		// editor, both published.
		aut := s.As(t, penulis)
		aut.Do(t, scenario.Scenario{Name: "the editor", URL: "/admin/articles/new", ExpectedStatus: http.StatusOK})
		solo := savedID(t, aut.Do(t, scenario.Scenario{Name: "the author publishes", Method: http.MethodPost, URL: "/admin/articles/new",
			Form: url.Values{"title": {"Liputan Banjir Rob"}, "body": {"Air naik."}, "status": {"published"}}, ExpectedStatus: http.StatusSeeOther}))
		ed := s.As(t, editor)
		ed.Do(t, scenario.Scenario{Name: "the editor", URL: "/admin/articles/new", ExpectedStatus: http.StatusOK})
		shared := savedID(t, ed.Do(t, scenario.Scenario{Name: "a shared byline", Method: http.MethodPost, URL: "/admin/articles/new",
			Form: url.Values{"title": {"Wawancara Bersama"}, "body": {"Tanya jawab."},
				"status": {"published"}, "byline_user": {strconv.FormatInt(penulis.ID, 10), strconv.FormatInt(editor.ID, 10)},
				"byline_role": {"reporter", "editor"}},
			ExpectedStatus: http.StatusSeeOther}))
		soloPath := publicPath(t, s, solo)
		reader.Do(t, scenario.Scenario{Name: "the author's article", URL: soloPath, ExpectedStatus: http.StatusOK})
		reader.Do(t, scenario.Scenario{Name: "the author's archive", URL: "/author/penulis/", ExpectedStatus: http.StatusOK})

		del := "/admin/users/" + strconv.FormatInt(penulis.ID, 10) + "/delete"
		adm.Do(t, scenario.Scenario{Name: "the confirmation", URL: del, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"2 articles or pages credit them.", `name="heir"`, "Redaktur (redaktur)"}})
		adm.Do(t, scenario.Scenario{Name: "deleting without choosing who takes the writing", Method: http.MethodPost, URL: del, Form: url.Values{},
			ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"Choose who takes their writing."},
			AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
				if _, err := s.Store.UserByID(ctx, penulis.ID); err != nil {
					t.Fatalf("the refused deletion deleted: %v", err)
				}
			}})
		s.As(t, editor).Do(t, scenario.Scenario{Name: "an editor deleting a user", Method: http.MethodPost, URL: del,
			Form: url.Values{"heir": {strconv.FormatInt(editor.ID, 10)}}, ExpectedStatus: http.StatusForbidden})
		adm.Do(t, scenario.Scenario{Name: "an administrator deleting themselves", Method: http.MethodPost,
			URL: "/admin/users/" + strconv.FormatInt(admin.ID, 10) + "/delete", Form: url.Values{}, ExpectedStatus: http.StatusUnprocessableEntity})

		adm.Do(t, scenario.Scenario{Name: "delete", Method: http.MethodPost, URL: del, Form: url.Values{"heir": {strconv.FormatInt(editor.ID, 10)}},
			ExpectedStatus: http.StatusSeeOther})
		if _, err := s.Store.UserByID(ctx, penulis.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("the user is still there: %v", err)
		}
		for id, want := range map[int64][]int64{solo: {editor.ID}, shared: {editor.ID}} {
			a, err := s.Store.ArticleByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, b := range a.Bylines {
				got = append(got, b.User.ID)
			}
			if len(got) != len(want) || got[0] != want[0] {
				t.Errorf("article %d bylines %v, want %v", id, got, want)
			}
		}
		// The public site follows at once, page cache or not.
		reader.Run(t,
			scenario.Scenario{Name: "the article after its author was deleted", URL: soloPath, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Redaktur"}},
			scenario.Scenario{Name: "the deleted author's archive", URL: "/author/penulis/", ExpectedStatus: http.StatusNotFound},
		)
		aut.Do(t, scenario.Scenario{Name: "the deleted user's session no longer opens the newsroom", URL: "/admin/articles/",
			ExpectedStatus: http.StatusSeeOther})
		adm.Run(t,
			scenario.Scenario{Name: "the audit log", URL: "/admin/audit", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Deleted a user", "penulis → redaktur"}},
			scenario.Scenario{Name: "the users list", URL: "/admin/users/?notice=user_deleted", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"User deleted."}},
		)

		// Someone without bylines needs no heir.
		tamu := s.User(t, "tamu", model.RoleContributor)
		adm.Do(t, scenario.Scenario{Name: "deleting a user without bylines", Method: http.MethodPost,
			URL: "/admin/users/" + strconv.FormatInt(tamu.ID, 10) + "/delete", Form: url.Values{}, ExpectedStatus: http.StatusSeeOther})
	})
}
