package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/view"
)

// keepingSite routes a handler that keeps its layout and the pages'
// repeated fragments between changes, as serve runs it.
func keepingSite(t *testing.T, st *store.Store, opts Options) (*Handler, *http.ServeMux) {
	t.Helper()
	v, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	opts.BaseURL, opts.CacheLayout = "https://warta.example", true
	h := New(st, v, opts)
	mux := http.NewServeMux()
	h.Routes(mux)
	return h, mux
}

// Kept fragments (the header, cards, comment threads) change no byte of a
// page: every kind of page, with hostile text in every field, renders the
// same from a site that keeps them, on the first render and on later ones
// served from them, as from a site that keeps nothing.
func TestKeptFragmentsChangeNoPage(t *testing.T) {
	st := storetest.New(t)
	s := newStory(t, st)
	paths := hostileSite(t, st, s)
	fresh := newSite(t, st, "", func(set *model.Settings) { set.PostsPerPage, set.CommentsPerPage = 4, 2 })
	_, kept := keepingSite(t, st, Options{})
	w := &site{st: st, mux: kept}
	list := append([]string{"/", "/page/2/", "/category/politik/", "/tag/pemilu/", "/author/budi-santoso/",
		"/search?q=debat", "/search", "/tidak-ada/", s.path, s.path + "?cpage=2",
		s.path + "?replytocom=" + strconv.FormatInt(s.first.ID, 10)}, paths...)
	for round := range 2 {
		for _, p := range list {
			want, got := fresh.get(t, p), w.get(t, p)
			if got.code != want.code || got.body != want.body {
				t.Errorf("round %d, GET %s: kept fragments give %d, %d bytes; fresh renders %d, %d bytes\n%s",
					round, p, got.code, len(got.body), want.code, len(want.body), firstDiff(got.body, want.body))
			}
		}
	}
}

// firstDiff shows where two pages part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("kept:  …%s\nfresh: …%s", a[from:min(len(a), i+80)], b[from:min(len(b), i+80)])
}

// A change reported through Invalidate reaches the next render of every
// fragment showing it: an approved comment the thread, a new title the
// cards of the lists.
func TestKeptFragmentsFollowChanges(t *testing.T) {
	st := storetest.New(t)
	s := newStory(t, st)
	h, mux := keepingSite(t, st, Options{})
	w := &site{st: st, mux: mux}
	w.mustGet(t, s.path)
	w.mustGet(t, "/")

	c := storetest.Comment(t, st, s.article.ID, func(c *model.Comment) { c.AuthorName = "Pembaca Baru" })
	s.article.Title = "Judul yang diperbarui"
	if err := st.UpdateArticle(t.Context(), s.article, s.budi.ID); err != nil {
		t.Fatal(err)
	}
	h.Invalidate() // what serve does when the change log reports them
	contains(t, w.mustGet(t, s.path), `id="comment-`+strconv.FormatInt(c.ID, 10)+`"`, "Pembaca Baru")
	if front := w.mustGet(t, "/"); !strings.Contains(front, "Judul yang diperbarui") {
		t.Error("the front page's card still shows the old title")
	}
}

// A reader's own comment awaiting moderation is theirs alone: the thread
// they see is never kept for other readers.
func TestOwnPendingCommentIsNotKept(t *testing.T) {
	st := storetest.New(t)
	cs := newCommentSite(t, st, nil)
	a := storetest.Post(t, st, nil)
	storetest.Comment(t, st, a.ID, nil) // an approved thread to keep
	_, cs.mux = keepingSite(t, st, Options{Moderation: cs.mod})
	r := cs.post(t, cs.validForm(t, a, "wati@example.id", "Komentar rahasia saya."), "198.51.100.7")
	pending := cookieNamed(r.cookies, "warta_pending")
	if pending == nil {
		t.Fatalf("no pending cookie: %d %s", r.code, r.location)
	}
	path := r.location[:strings.Index(r.location, "?")]
	if own := cs.get(t, path, pending); !strings.Contains(own.body, "Komentar rahasia saya.") {
		t.Fatal("the author does not see their pending comment")
	}
	if other := cs.get(t, path); strings.Contains(other.body, "Komentar rahasia saya.") {
		t.Error("another reader sees a comment awaiting moderation")
	}
}
