package wpapi_test

import (
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// An attachment is deleted only with force=true, by its uploader or an
// editor; its file and every resized copy go with it, and the post that
// featured it no longer does.
func TestDeleteMedia(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		aut := model.RoleAuthor
		a := s.as(aut).Do(t, rawBody{data: pngBytes(t, 900, 40), contentType: "image/png",
			header: map[string]string{"Content-Disposition": `attachment; filename="pasar.png"`}}.in(scenario.Scenario{
			Name: "upload", Method: "POST", URL: "/wp-json/wp/v2/media?alt_text=Pasar+pagi", ExpectedStatus: http.StatusCreated}))
		id := a.Int("id")
		files := []string{a.Str("source_url")}
		sizes, _ := a.Value("media_details.sizes")
		for _, sz := range sizes.(map[string]any) {
			files = append(files, sz.(map[string]any)["source_url"].(string))
		}
		if len(files) != 3 { // the original, 480w and 800w
			t.Fatalf("files %v: want the original and two resized copies", files)
		}
		p := s.as(aut).Do(t, scenario.Scenario{Name: "a post featuring it", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON:           map[string]any{"title": "Dengan foto", "content": "x", "status": "publish", "featured_media": id},
			ExpectedStatus: 201})
		item := "/wp-json/wp/v2/media/" + strconv.FormatInt(id, 10)

		s.as(aut).Do(t, scenario.Scenario{Name: "without force", Method: "DELETE", URL: item,
			ExpectedStatus: 501, ExpectedJSON: scenario.WPError(501, "rest_trash_not_supported")})
		s.as(model.RoleContributor).Do(t, scenario.Scenario{Name: "by a contributor", Method: "DELETE", URL: item + "?force=true",
			ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_delete")})
		s.anon.Do(t, scenario.Scenario{Name: "the file after refused deletions", URL: strings.TrimPrefix(files[0], baseURL), ExpectedStatus: 200})

		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "by an editor", Method: "DELETE", URL: item + "?force=true",
			ExpectedStatus: 200, ExpectedJSON: map[string]any{"deleted": true, "previous.id": id}})
		for _, f := range files {
			s.anon.Do(t, scenario.Scenario{Name: "a file after deletion", URL: strings.TrimPrefix(f, baseURL), ExpectedStatus: 404})
		}
		if left, err := filepath.Glob(filepath.Join(s.MediaDir, "*", "*", "*")); err != nil || len(left) != 0 {
			t.Errorf("files left in the media folder: %v %v", left, err)
		}
		s.anon.Do(t, scenario.Scenario{Name: "the item after deletion", URL: item, ExpectedStatus: 404})
		s.anon.Do(t, scenario.Scenario{Name: "the post after deletion", URL: "/wp-json/wp/v2/posts/" + strconv.FormatInt(p.Int("id"), 10),
			ExpectedStatus: 200, ExpectedJSON: map[string]any{"featured_media": 0}})
		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "twice", Method: "DELETE", URL: item + "?force=true",
			ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "rest_post_invalid_id")})
	})
}
