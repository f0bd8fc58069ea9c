package model_test

import (
	"testing"

	"warta/internal/model"
)

func TestParseOrigin(t *testing.T) {
	for _, tc := range []struct{ in, want, problem string }{
		{"https://ads.example", "https://ads.example", ""},
		{"https://Ads.Example/", "https://ads.example", ""},
		{"http://127.0.0.2:8081", "http://127.0.0.2:8081", ""},
		{"https://[::1]:443", "https://[::1]:443", ""},
		{"https://*.doubleclick.net", "https://*.doubleclick.net", ""},
		{"ads.example", "", "admin.ads.err.origin_scheme"},
		{"javascript:alert(1)", "", "admin.ads.err.origin_scheme"},
		{"ftp://ads.example", "", "admin.ads.err.origin_scheme"},
		{"https://ads.example/tag.js", "", "admin.ads.err.origin_path"},
		{"https://ads.example?x=1", "", "admin.ads.err.origin_path"},
		{"https://user@ads.example", "", "admin.ads.err.origin_path"},
		{"*", "", "admin.ads.err.origin_scheme"},
		{"https://*", "", "admin.ads.err.origin_wildcard"},
		{"https://*.com", "", "admin.ads.err.origin_wildcard"},
		{"https://ads.*.example", "", "admin.ads.err.origin_wildcard"},
		{"https://ads.example:99999", "", "admin.ads.err.origin_host"},
		{"https://ads_example;script-src", "", "admin.ads.err.origin_host"},
		{"https://ads.example 'unsafe-inline'", "", "admin.ads.err.origin_scheme"},
	} {
		got, problem := model.ParseOrigin(tc.in)
		if got != tc.want || problem != tc.problem {
			t.Errorf("ParseOrigin(%q) = %q, %q; want %q, %q", tc.in, got, problem, tc.want, tc.problem)
		}
	}
}

func TestNormalizeAds(t *testing.T) {
	t.Run("origins are cleaned and every slot's creative must come from one of them", func(t *testing.T) {
		a := model.Ads{Origins: " https://Ads.Example \r\n\r\nhttps://ads.example\nhttps://*.cdn.example",
			Analytics: "https://stats.cdn.example/t.js"}
		a.Header = model.AdSlot{Kind: model.AdScript, Size: "728x90", PhoneSize: "320x50", Src: "https://ads.example/tag.js"}
		a.Article = model.AdSlot{Kind: model.AdImage, Size: "300x250", Src: "/media/2026/12/banner.png", Alt: "Promo", Link: "https://shop.example/", After: 2}
		a.Sidebar = model.AdSlot{Kind: model.AdFrame, Size: "160x600", Src: "https://x.cdn.example/f.html"}
		var verr model.ValidationError
		model.NormalizeAds(&a, &verr)
		if verr.Err() != nil {
			t.Fatalf("good settings refused: %v", verr.Err())
		}
		if a.Origins != "https://ads.example\nhttps://*.cdn.example" {
			t.Errorf("origins stored as %q", a.Origins)
		}
	})
	t.Run("each problem is named on its field", func(t *testing.T) {
		a := model.Ads{Origins: "https://ads.example\nhttps://evil.example/path", Analytics: "https://tracker.example/t.js"}
		a.Header = model.AdSlot{Kind: model.AdScript, Size: "300x250", Src: "https://elsewhere.example/tag.js"}
		a.Article = model.AdSlot{Kind: model.AdImage, Size: "300x250", PhoneSize: "1x1", Src: "/media/a.png", Link: "javascript:alert(1)"}
		a.Sidebar = model.AdSlot{Kind: "popup"}
		a.Front = model.AdSlot{Kind: model.AdFrame, Size: "728x90"}
		var verr model.ValidationError
		model.NormalizeAds(&a, &verr)
		want := map[string]string{
			"ad_origins":            "admin.ads.err.origin_path",
			"ad_analytics":          "admin.ads.err.src_origin",
			"ad_header_size":        "admin.err.invalid",
			"ad_header_src":         "admin.ads.err.src_origin",
			"ad_article_phone_size": "admin.err.invalid",
			"ad_article_after":      "admin.ads.err.after",
			"ad_article_alt":        "admin.ads.err.alt_required",
			"ad_article_link":       "admin.ads.err.link",
			"ad_sidebar_kind":       "admin.err.invalid",
			"ad_front_after":        "admin.ads.err.after",
			"ad_front_src":          "admin.ads.err.src_required",
		}
		for f, key := range want {
			if verr.Fields[f] != key {
				t.Errorf("%s: %q, want %q", f, verr.Fields[f], key)
			}
		}
		if len(verr.Fields) != len(want) {
			t.Errorf("problems %v, want %v", verr.Fields, want)
		}
		if a.Origins != "https://ads.example\nhttps://evil.example/path" {
			t.Errorf("refused origins not kept as typed: %q", a.Origins)
		}
	})
}
