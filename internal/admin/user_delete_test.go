package admin_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
)

func TestDeleteUser(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			s := newSite(t, eng.New(t))
			admin := s.user(t, "kepala", model.RoleAdministrator)
			penulis := s.user(t, "penulis", model.RoleAuthor)
			editor := s.user(t, "redaktur", model.RoleEditor)
			adm := s.browser(t).as(admin)
			// One article by the author alone, one by the author and the
			// editor, both published.
			aut := s.browser(t).as(penulis)
			aut.get("/admin/articles/new")
			solo := articleID(t, aut.post("/admin/articles/new", url.Values{"title": {"Liputan Banjir Rob"}, "body": {"Air naik."}, "status": {"published"}}))
			ed := s.browser(t).as(editor)
			ed.get("/admin/articles/new")
			shared := articleID(t, ed.post("/admin/articles/new", url.Values{"title": {"Wawancara Bersama"}, "body": {"Tanya jawab."},
				"status": {"published"}, "byline_user": {strconv.FormatInt(penulis.ID, 10), strconv.FormatInt(editor.ID, 10)},
				"byline_role": {"reporter", "editor"}}))
			soloPath := publicPath(t, s, solo)
			if r := s.browser(t).get(soloPath); r.status != http.StatusOK {
				t.Fatalf("the author's article: %d", r.status)
			}
			if r := s.browser(t).get("/author/penulis/"); r.status != http.StatusOK {
				t.Fatalf("the author's archive: %d", r.status)
			}

			del := "/admin/users/" + strconv.FormatInt(penulis.ID, 10) + "/delete"
			r := adm.get(del)
			mustContain(t, "the confirmation", r.body, "2 articles or pages credit them.", `name="heir"`, "Redaktur (redaktur)")
			r = adm.post(del, url.Values{})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("deleting without choosing who takes the writing: %d", r.status)
			}
			mustContain(t, "the refused deletion", r.body, "Choose who takes their writing.")
			if _, err := s.st.UserByID(ctx, penulis.ID); err != nil {
				t.Fatalf("the refused deletion deleted: %v", err)
			}
			if r := s.browser(t).as(editor).post(del, url.Values{"heir": {strconv.FormatInt(editor.ID, 10)}}); r.status != http.StatusForbidden {
				t.Errorf("an editor deleting a user: %d", r.status)
			}
			if r := adm.post("/admin/users/"+strconv.FormatInt(admin.ID, 10)+"/delete", url.Values{}); r.status != http.StatusUnprocessableEntity {
				t.Errorf("an administrator deleting themselves: %d", r.status)
			}

			r = adm.post(del, url.Values{"heir": {strconv.FormatInt(editor.ID, 10)}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("delete: %d\n%s", r.status, r.body)
			}
			if _, err := s.st.UserByID(ctx, penulis.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("the user is still there: %v", err)
			}
			for id, want := range map[int64][]int64{solo: {editor.ID}, shared: {editor.ID}} {
				a, err := s.st.ArticleByID(ctx, id)
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
			r = s.browser(t).get(soloPath)
			mustContain(t, "the article after its author was deleted", r.body, "Redaktur")
			if r := s.browser(t).get("/author/penulis/"); r.status != http.StatusNotFound {
				t.Errorf("the deleted author's archive: %d", r.status)
			}
			if r := aut.get("/admin/articles/"); r.status == http.StatusOK {
				t.Errorf("the deleted user's session still opens the newsroom")
			}
			mustContain(t, "the audit log", adm.get("/admin/audit").body, "Deleted a user", "penulis → redaktur")
			mustContain(t, "the users list", adm.get("/admin/users/?notice=user_deleted").body, "User deleted.")

			// Someone without bylines needs no heir.
			tamu := s.user(t, "tamu", model.RoleContributor)
			r = adm.post("/admin/users/"+strconv.FormatInt(tamu.ID, 10)+"/delete", url.Values{})
			if r.status != http.StatusSeeOther {
				t.Errorf("deleting a user without bylines: %d", r.status)
			}
		})
	}
}
