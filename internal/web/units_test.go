package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
)

// shape draws a comment tree as "1(2(3),4) 5".
func shape(nodes []*commentNode) string {
	parts := make([]string, len(nodes))
	for i, n := range nodes {
		parts[i] = fmt.Sprint(n.ID)
		if len(n.Children) > 0 {
			parts[i] += "(" + strings.ReplaceAll(shape(n.Children), " ", ",") + ")"
		}
	}
	return strings.Join(parts, " ")
}

func TestThreadComments(t *testing.T) {
	t0 := time.Date(2024, 4, 26, 0, 0, 0, 0, time.UTC)
	c := func(id, parent int64) model.Comment {
		return model.Comment{ID: id, ParentID: parent, CreatedAt: t0.Add(time.Duration(id) * time.Minute)}
	}
	chain := []model.Comment{c(1, 0), c(2, 1), c(3, 2), c(4, 3), c(5, 0)}
	tests := []struct {
		name     string
		comments []model.Comment
		depth    int
		desc     bool
		want     string
	}{
		{"replies nest under their parents", chain, 5, false, "1(2(3(4))) 5"},
		{"replies past the depth stay at the deepest level", chain, 2, false, "1(2,3,4) 5"},
		{"depth one is flat", chain, 1, false, "1 2 3 4 5"},
		{"depth zero is flat too", chain, 0, false, "1 2 3 4 5"},
		{"newest threads first, replies still oldest first", []model.Comment{c(1, 0), c(2, 1), c(3, 1), c(4, 0)}, 5, true, "4 1(2,3)"},
		{"a reply to a comment not shown starts its own thread", []model.Comment{c(1, 0), c(3, 2)}, 5, false, "1 3"},
		{"a comment that is its own parent does not loop", []model.Comment{c(1, 1)}, 5, false, "1"},
		{"no comments", nil, 5, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shape(threadComments(tt.comments, tt.depth, tt.desc, "")); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("reply links only when a base is given", func(t *testing.T) {
		n := threadComments([]model.Comment{c(7, 0)}, 5, false, "?replytocom=")
		if n[0].ReplyURL != "?replytocom=7#respond" {
			t.Errorf("ReplyURL %q", n[0].ReplyURL)
		}
		if n := threadComments([]model.Comment{c(7, 0)}, 5, false, ""); n[0].ReplyURL != "" {
			t.Errorf("ReplyURL %q with comments closed", n[0].ReplyURL)
		}
	})
}

func TestPagination(t *testing.T) {
	draw := func(p pagination) string {
		var parts []string
		if p.Prev != "" {
			parts = append(parts, "<"+p.Prev)
		}
		for _, l := range p.Links {
			switch {
			case l.Gap:
				parts = append(parts, "…")
			case l.Current:
				parts = append(parts, fmt.Sprintf("[%d]", l.N))
			default:
				parts = append(parts, fmt.Sprint(l.N))
			}
		}
		if p.Next != "" {
			parts = append(parts, ">"+p.Next)
		}
		return strings.Join(parts, " ")
	}
	tests := []struct {
		name           string
		current, pages int
		want           string
	}{
		{"one page needs no links", 1, 1, ""},
		{"the first of three", 1, 3, "[1] 2 3 >/t/page/2/"},
		{"the middle of many, with gaps", 10, 20, "</t/page/9/ 1 … 8 9 [10] 11 12 … 20 >/t/page/11/"},
		{"the last of many", 20, 20, "</t/page/19/ 1 … 18 19 [20]"},
		{"page two links back to the archive itself", 2, 2, "</t/ 1 [2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := draw(newPagination("/t/", tt.current, tt.pages)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short text is kept, spaces collapsed", "Satu  dua\ntiga", 20, "Satu dua tiga"},
		{"long text is cut at a word", "Debat berlangsung sengit sejak menit pertama", 20, "Debat berlangsung…"},
		{"a cut never splits a character", "ééééééééééééé", 5, "ééééé…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summary(tt.in, tt.n); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// Without a media storage (no folder, no bucket) /media/ serves nothing.
func TestNoMediaStorage(t *testing.T) {
	rec := httptest.NewRecorder()
	mediaHandler(nil, "", slog.New(slog.DiscardHandler)).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/media/2024/04/foto.jpg", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("status %d, want 404", rec.Code)
	}
}
