package publishing

import (
	"testing"
	"time"
)

func TestParseVideoURL(t *testing.T) {
	for in, want := range map[string][2]string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10": {"youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		"https://youtu.be/dQw4w9WgXcQ":                     {"youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		"https://m.youtube.com/shorts/dQw4w9WgXcQ":         {"youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		"https://vimeo.com/76979871":                       {"vimeo", "https://player.vimeo.com/video/76979871?dnt=1"},
		"https://www.youtube.com/watch?v=short":            {"other", ""},
		"https://video.example/berita/123":                 {"other", ""},
	} {
		p, e, ok := ParseVideoURL(in)
		if !ok || p != want[0] || e != want[1] {
			t.Errorf("ParseVideoURL(%q) = %q, %q, %v; want %v", in, p, e, ok, want)
		}
	}
	for _, bad := range []string{"", "javascript:alert(1)", "youtube.com/watch?v=dQw4w9WgXcQ", "ftp://x/y"} {
		if _, _, ok := ParseVideoURL(bad); ok {
			t.Errorf("ParseVideoURL(%q) accepted", bad)
		}
	}
}

func TestDurations(t *testing.T) {
	for in, want := range map[string]time.Duration{"3:06": 186 * time.Second, "1:02:03": 3723 * time.Second, "95": 95 * time.Second, "": 0} {
		if got, ok := ParseDuration(in); !ok || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"3:60", "a:bc", "1:2:3:4", "-5"} {
		if _, ok := ParseDuration(bad); ok {
			t.Errorf("ParseDuration(%q) accepted", bad)
		}
	}
	if FormatDuration(186*time.Second) != "3:06" || FormatDuration(3723*time.Second) != "1:02:03" || FormatDuration(0) != "" {
		t.Error("FormatDuration")
	}
}
