package web_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// Kept fragments (the header, cards, comment threads) change no byte of a
// page: every kind of page, with hostile text in every field, renders the
// same from a site that keeps them, on the first render and on later ones
// served from them, as from a site that keeps nothing.
func TestKeptFragmentsChangeNoPage(t *testing.T) {
	st := storetest.New(t)
	s := newStory(t, st)
	paths := hostileSite(t, st, s)
	fresh := newSite(t, st, func(set *model.Settings) { set.PostsPerPage, set.CommentsPerPage = 4, 2 }).Client()
	kept := scenario.New(t, st, scenario.Options{BaseURL: "https://warta.example", CacheLayout: true}).Client()
	list := append([]string{"/", "/page/2/", "/category/politik/", "/tag/pemilu/", "/author/budi-santoso/",
		"/search?q=debat", "/search", "/tidak-ada/", s.path, s.path + "?cpage=2",
		s.path + "?replytocom=" + strconv.FormatInt(s.first.ID, 10)}, paths...)
	for round := range 2 {
		for _, p := range list {
			// Every page here is found, but for /tidak-ada/ and a second
			// page of the story's one comment thread.
			status := http.StatusOK
			if p == "/tidak-ada/" || p == s.path+"?cpage=2" {
				status = http.StatusNotFound
			}
			sc := scenario.Scenario{Name: fmt.Sprintf("round %d: GET %s", round, p), URL: p, ExpectedStatus: status}
			want, got := fresh.Do(t, sc), kept.Do(t, sc)
			if got.Body != want.Body {
				t.Errorf("round %d, GET %s: kept fragments give %d bytes; fresh renders %d bytes\n%s",
					round, p, len(got.Body), len(want.Body), firstDiff(got.Body, want.Body))
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
	site := scenario.New(t, st, scenario.Options{BaseURL: "https://warta.example", CacheLayout: true})
	w := site.Client()
	w.Get(t, s.path)
	w.Get(t, "/")

	c := storetest.Comment(t, st, s.article.ID, func(c *model.Comment) { c.AuthorName = "Pembaca Baru" })
	s.article.Title = "Judul yang diperbarui"
	if err := st.UpdateArticle(t.Context(), s.article, s.budi.ID); err != nil {
		t.Fatal(err)
	}
	site.Follow(t) // what serve does when the change log reports them
	scenario.Contains(t, w.Get(t, s.path).Body, `id="comment-`+strconv.FormatInt(c.ID, 10)+`"`, "Pembaca Baru")
	if front := w.Get(t, "/").Body; !strings.Contains(front, "Judul yang diperbarui") {
		t.Error("the front page's card still shows the old title")
	}
}

// A reader's own comment awaiting moderation is theirs alone: the thread
// they see is never kept for other readers.
func TestOwnPendingCommentIsNotKept(t *testing.T) {
	st := storetest.New(t)
	cs := commentSiteWith(t, st, nil, scenario.Options{CacheLayout: true})
	a := storetest.Post(t, st, nil)
	storetest.Comment(t, st, a.ID, nil) // an approved thread to keep
	r := cs.post(t, cs.validForm(t, a, "wati@example.id", "Komentar rahasia saya."), "198.51.100.7", http.StatusSeeOther)
	pending := r.Cookie("warta_pending")
	if pending == nil {
		t.Fatalf("no pending cookie: %d %s", r.Status, r.Location())
	}
	path := r.Location()[:strings.Index(r.Location(), "?")]
	if own := cs.get(t, path, pending); !strings.Contains(own.Body, "Komentar rahasia saya.") {
		t.Fatal("the author does not see their pending comment")
	}
	if other := cs.get(t, path); strings.Contains(other.Body, "Komentar rahasia saya.") {
		t.Error("another reader sees a comment awaiting moderation")
	}
}
