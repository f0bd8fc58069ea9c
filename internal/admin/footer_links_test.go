package admin_test

import (
	"net/http"
	"net/url"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// Editors set the newsroom's pages on other platforms on the front page
// screen; a link that is no address, or not on its platform, is refused
// with everything typed kept, and what is saved comes back in the form and
// in every page's footer.
func TestFooterLinks(t *testing.T) {
	scenario.Engines(t, scenario.Options{PageCache: true}, func(t *testing.T, s *scenario.Site) {
		ed := s.As(t, s.User(t, "meja", model.RoleEditor))
		form := url.Values{"accent": {"red"}, "footer_text": {"Redaksi Kabar Uji"},
			"social_facebook": {" https://www.facebook.com/kabaruji "}, "social_x": {"https://x.com/kabaruji"},
			"social_youtube": {"https://www.youtube.com/@kabaruji"}, "social_whatsapp": {"https://whatsapp.com/channel/0029Va"}}
		ed.Run(t,
			scenario.Scenario{Name: "the screen offers a field per platform", URL: "/admin/front", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`name="social_facebook"`, `name="social_x"`, `name="social_instagram"`, `name="social_youtube"`,
					`name="social_tiktok"`, `name="social_whatsapp"`, ">WhatsApp channel</label>"}},
			scenario.Scenario{Name: "a link that is no address is refused, the text kept", Method: http.MethodPost, URL: "/admin/front",
				Form: withField(form, "social_tiktok", "javascript:alert(1)"), ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"The address must start with https://", `value="javascript:alert(1)"`, `value="https://x.com/kabaruji"`}},
			scenario.Scenario{Name: "a link pasted into another platform's field is refused", Method: http.MethodPost, URL: "/admin/front",
				Form: withField(form, "social_instagram", "https://www.tiktok.com/@kabaruji"), ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"not a page on that platform", `value="https://www.tiktok.com/@kabaruji"`}},
			scenario.Scenario{Name: "the links are saved", Method: http.MethodPost, URL: "/admin/front", Form: form,
				ExpectedStatus: http.StatusSeeOther},
			scenario.Scenario{Name: "the form shows them again, trimmed", URL: "/admin/front", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`value="https://www.facebook.com/kabaruji"`, `value="https://www.youtube.com/@kabaruji"`}},
		)
		s.Follow(t)
		s.Client().Run(t, scenario.Scenario{Name: "the footer links them in the platforms' order", URL: "/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"<li><a href=\"https://www.facebook.com/kabaruji\" rel=\"me noopener\">Facebook</a></li>\n" +
				"<li><a href=\"https://x.com/kabaruji\" rel=\"me noopener\">X</a></li>\n" +
				"<li><a href=\"https://www.youtube.com/@kabaruji\" rel=\"me noopener\">YouTube</a></li>\n" +
				"<li><a href=\"https://whatsapp.com/channel/0029Va\" rel=\"me noopener\">Saluran WhatsApp</a></li>\n</ul>"},
			NotExpectedContent: []string{">Instagram</a>", ">TikTok</a>"}})
	})
}
