package admin_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/tools/scenario"
)

// TestImportJobLivesInTheDatabase: a job's report is shown by another
// instance over the same database, and a job whose instance stopped shows
// as interrupted with the form to run it again.
func TestImportJobLivesInTheDatabase(t *testing.T) {
	opts := scenario.Options{Settings: func(s *model.Settings) { s.Title = "Kabar Uji" }}
	scenario.Engines(t, opts, func(t *testing.T, s *scenario.Site) {
		data, err := os.ReadFile("../wxr/testdata/permalinks.wxr")
		if err != nil {
			t.Fatal(err)
		}
		boss := s.User(t, "kepala", model.RoleAdministrator)
		adm := s.As(t, boss)
		adm.Do(t, scenario.Scenario{Name: "the import form", URL: "/admin/import", ExpectedStatus: http.StatusOK})
		accepted := adm.Do(t, upload("the upload", adm.CSRF(), "muara.xml", data, "", false, http.StatusSeeOther))
		awaitImport(t, adm, accepted)

		other := scenario.New(t, s.Store, opts).As(t, boss)
		other.Run(t,
			scenario.Scenario{Name: "another instance shows the report", URL: accepted.Location(), ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Import of muara.xml", `<th scope="row">Posts and pages</th><td>4</td><td>0</td><td>0</td>`,
					"<code>/%year%/%category%/%postname%.html</code>"},
				NotExpectedContent: []string{"<progress"}},
		)

		// A job whose instance stopped mid-way: its row says running, its
		// heartbeat is old.
		started := time.Now().Add(-5 * time.Minute)
		job := &store.ImportJob{ID: "0123456789abcdef01234567", FileName: "besar.xml", StartedBy: boss.ID, StartedAt: started}
		if err := s.Store.CreateImportJob(t.Context(), job); err != nil {
			t.Fatal(err)
		}
		res := other.Do(t, scenario.Scenario{Name: "an interrupted job", URL: "/admin/import/" + job.ID, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"The import of besar.xml was interrupted", `name="file"`}, NotExpectedContent: []string{"<progress"}})
		if res.Header.Get("Refresh") != "" {
			t.Error("an interrupted job's page reloads itself as if it still ran")
		}
		// One whose heartbeat is fresh runs on another instance: its page
		// shows the progress written there.
		if err := s.Store.ImportJobProgress(t.Context(), job.ID, "import", 40, 160); err != nil {
			t.Fatal(err)
		}
		res = other.Do(t, scenario.Scenario{Name: "a job running elsewhere", URL: "/admin/import/" + job.ID, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"<progress", `value="25"`, "40"}})
		if res.Header.Get("Refresh") == "" || strings.Contains(res.Body, "interrupted") {
			t.Error("a job running on another instance is not shown as running")
		}
		s.Browser().Do(t, scenario.Scenario{Name: "a visitor cannot see it", URL: "/admin/import/" + job.ID, ExpectedStatus: http.StatusSeeOther})
	})
}
