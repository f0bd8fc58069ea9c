package wxr

import (
	"testing"
	"time"
)

func TestDetectPermalinkStructure(t *testing.T) {
	at := func(s string) time.Time {
		d, err := time.Parse("2006-01-02 15:04:05", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	det := newPermalinkDetector()
	det.parents = map[string]string{"daerah": "berita", "berita": ""}
	// April 4th: the month and the day are both "04", read in order.
	sample := linkSample{path: "/2024/04/04/banjir/", slug: "banjir", id: 12, date: at("2024-04-04 08:00:00"), author: "Rina", cats: []string{"daerah"}}
	for _, tc := range []struct {
		path, want string
	}{
		{"/2024/04/04/banjir/", "/%year%/%monthnum%/%day%/%postname%/"},
		{"/2024/04/banjir/", "/%year%/%monthnum%/%postname%/"},
		{"/archives/12", "/archives/%post_id%"},
		{"/berita/daerah/banjir.html", "/%category%/%postname%.html"},
		{"/rina/banjir/", "/%author%/%postname%/"},
		{"/berita/daerah/banjir-12.html", "/%category%/%postname%-%post_id%.html"},
		{"/kabar/2024/12-banjir/", "/kabar/%year%/%post_id%-%postname%/"},
	} {
		s := sample
		s.path = tc.path
		if got := det.structureOf(s); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.path, got, tc.want)
		}
	}
	t.Run("the structure most links follow wins", func(t *testing.T) {
		det := newPermalinkDetector()
		for i, p := range []string{"/2024/04/04/a/", "/2024/05/01/b/", "/lama/c/"} {
			det.samples = append(det.samples, linkSample{path: p, slug: string(rune('a' + i)), id: int64(i + 1),
				date: at([]string{"2024-04-04 08:00:00", "2024-05-01 08:00:00", "2024-05-02 08:00:00"}[i])})
		}
		det.plain = 1
		st, n, total := det.detect()
		if st != "/%year%/%monthnum%/%day%/%postname%/" || n != 2 || total != 4 {
			t.Errorf("detect: %q %d of %d", st, n, total)
		}
	})
	t.Run("plain ?p= links name no structure", func(t *testing.T) {
		det := newPermalinkDetector()
		det.item(&Item{Type: "post", Status: "publish", Link: "https://lama.example/?p=3", ID: 3, PostDate: "2024-01-01 00:00:00"})
		if st, _, total := det.detect(); st != "" || total != 1 {
			t.Errorf("detect: %q of %d", st, total)
		}
	})
}
