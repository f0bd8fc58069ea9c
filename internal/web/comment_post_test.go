package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/testenv"
	"warta/internal/view"
)

// commentSite is a public site whose comment rules run on a clock the test
// moves, reached through the real router.
type commentSite struct {
	st  *store.Store
	mux *http.ServeMux
	mod *moderation.Moderator
	now time.Time
}

// newCommentSite saves the settings edit changes (the time trap off unless
// edit turns it on) and routes the public site.
func newCommentSite(t *testing.T, st *store.Store, edit func(*model.Settings)) *commentSite {
	t.Helper()
	set, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// The time trap and the rate limits off unless edit turns them on:
	// each test sends many comments from few addresses.
	set.CommentMinSeconds, set.CommentRateIP, set.CommentRateEmail = 0, 0, 0
	if edit != nil {
		edit(&set)
	}
	if err := st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	v, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	cs := &commentSite{st: st, mux: http.NewServeMux(), now: time.Now()}
	cs.mod = moderation.New(st, moderation.Options{BaseURL: "https://warta.example"})
	cs.mod.SetClock(func() time.Time { return cs.now })
	New(st, v, Options{BaseURL: "https://warta.example", Moderation: cs.mod}).Routes(cs.mux)
	return cs
}

// reply is what the browser got back.
type reply struct {
	code     int
	location string
	cookies  []*http.Cookie
	body     string
}

func (cs *commentSite) do(t *testing.T, req *http.Request) reply {
	t.Helper()
	rec := httptest.NewRecorder()
	cs.mux.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return reply{code: rec.Code, location: res.Header.Get("Location"), cookies: res.Cookies(), body: string(b)}
}

// token fetches a time-trap token as warta.js does.
func (cs *commentSite) token(t *testing.T) string {
	t.Helper()
	r := cs.do(t, httptest.NewRequest(http.MethodGet, "/comments/token", nil))
	if r.code != http.StatusOK || r.body == "" {
		t.Fatalf("GET /comments/token: %d %q", r.code, r.body)
	}
	return r.body
}

// post sends the comment form from ip with the cookies given.
func (cs *commentSite) post(t *testing.T, form url.Values, ip string, cookies ...*http.Cookie) reply {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/comments", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = ip + ":40000"
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return cs.do(t, req)
}

// get fetches path as a reader carrying cookies.
func (cs *commentSite) get(t *testing.T, path string, cookies ...*http.Cookie) reply {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	r := cs.do(t, req)
	if r.code != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, r.code, r.body)
	}
	return r
}

// validForm is a comment a person would send, with a fresh token.
func (cs *commentSite) validForm(t *testing.T, a *model.Article, email, text string) url.Values {
	return url.Values{
		"article_id": {strconv.FormatInt(a.ID, 10)},
		"name":       {"Wati Pembaca"},
		"email":      {email},
		"url":        {""},
		"comment":    {text},
		"token":      {cs.token(t)},
	}
}

func cookieNamed(list []*http.Cookie, name string) *http.Cookie {
	for _, c := range list {
		if c.Name == name {
			return c
		}
	}
	return nil
}

var locationIDRE = regexp.MustCompile(`#comment-(\d+)$`)

// commentID returns the id the redirect points at.
func commentID(t *testing.T, r reply) int64 {
	t.Helper()
	m := locationIDRE.FindStringSubmatch(r.location)
	if r.code != http.StatusSeeOther || m == nil {
		t.Fatalf("answer %d to %q, want 303 to #comment-N; body:\n%s", r.code, r.location, r.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func TestPostComment(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name+"/bad input re-renders the article with the text kept and the problem named", func(t *testing.T) {
			testCommentValidation(t, eng.New(t))
		})
		t.Run(eng.Name+"/a first comment waits and only its author sees it", func(t *testing.T) {
			testFirstCommentPending(t, eng.New(t))
		})
		t.Run(eng.Name+"/who gets through follows the moderation setting", func(t *testing.T) {
			testModerationModes(t, eng.New(t))
		})
		t.Run(eng.Name+"/spam defences hold, refuse or file as spam", func(t *testing.T) {
			testSpamDefences(t, eng.New(t))
		})
		t.Run(eng.Name+"/replies nest and long threads are paged", func(t *testing.T) {
			testRepliesAndPaging(t, eng.New(t))
		})
		t.Run(eng.Name+"/the email address appears in no public response", func(t *testing.T) {
			testEmailNeverPublic(t, eng.New(t))
		})
	}
}

func testCommentValidation(t *testing.T, st *store.Store) {
	cs := newCommentSite(t, st, nil)
	a := storetest.Post(t, st, nil)
	closed := storetest.Post(t, st, func(a *model.Article) { a.CommentStatus = model.CommentsClosed })
	tests := []struct {
		name    string
		edit    func(url.Values)
		errID   string // the element holding the message; "" for the summary only
		message string // in Indonesian, the site's language
	}{
		{"no email", func(f url.Values) { f.Set("email", "") }, "reply-email-error", "Ruas ini wajib diisi."},
		{"a malformed email", func(f url.Values) { f.Set("email", "wati@") }, "reply-email-error", "Alamat email tidak valid."},
		{"no name", func(f url.Values) { f.Set("name", "  ") }, "reply-name-error", "Ruas ini wajib diisi."},
		{"an empty comment", func(f url.Values) { f.Set("comment", " \n ") }, "reply-comment-error", "Ruas ini wajib diisi."},
		{"an over-long comment", func(f url.Values) { f.Set("comment", strings.Repeat("kata ", 14000)) }, "reply-comment-error", "Isian ini terlalu panjang."},
		{"a bad website", func(f url.Values) { f.Set("url", "javascript:alert(1)") }, "reply-url-error", "Alamat situs web tidak valid."},
		{"an unknown parent", func(f url.Values) { f.Set("parent_id", "999999") }, "", "Komentar yang Anda balas tidak ditemukan."},
		{"comments closed", func(f url.Values) { f.Set("article_id", strconv.FormatInt(closed.ID, 10)) }, "", "Komentar untuk artikel ini sudah ditutup."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := cs.validForm(t, a, "wati@example.id", "Liputan yang <em>bagus</em> & jernih")
			f.Set("url", "https://wati.example.id")
			tt.edit(f)
			r := cs.post(t, f, "198.51.100.7")
			if r.code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422; location %q", r.code, r.location)
			}
			if tt.errID != "" {
				if got := text(element(r.body, `id="`+tt.errID+`"`)); got != tt.message {
					t.Errorf("%s says %q, want %q", tt.errID, got, tt.message)
				}
			}
			summary := text(element(r.body, `class="form-errors"`))
			if !strings.Contains(summary, tt.message) {
				t.Errorf("error summary %q lacks %q", summary, tt.message)
			}
			// What the reader typed is still there.
			if c := f.Get("comment"); strings.TrimSpace(c) != "" && len(c) < 1000 {
				contains(t, r.body, template_escape(c))
			}
			if e := f.Get("email"); e != "" {
				contains(t, r.body, `value="`+template_escape(e)+`"`)
			}
			contains(t, r.body, `noindex`)
		})
	}
	t.Run("an unknown article is named on an error page", func(t *testing.T) {
		f := cs.validForm(t, a, "wati@example.id", "Halo")
		f.Set("article_id", "987654")
		r := cs.post(t, f, "198.51.100.7")
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", r.code)
		}
		contains(t, r.body, "Artikel yang Anda komentari tidak ditemukan")
	})
	t.Run("nothing was stored", func(t *testing.T) {
		list, err := st.Comments(t.Context(), store.CommentFilter{})
		if err != nil || len(list) != 0 {
			t.Errorf("stored %d comments after refusals (%v)", len(list), err)
		}
	})
}

// template_escape escapes s as html/template prints it in text and attributes.
func template_escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func testFirstCommentPending(t *testing.T, st *store.Store) {
	cs := newCommentSite(t, st, nil)
	a := storetest.Post(t, st, nil)
	path := a.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	r := cs.post(t, cs.validForm(t, a, "Wati@Example.id", "Komentar pertama saya."), "198.51.100.7")
	id := commentID(t, r)
	if want := path + "?unapproved=" + strconv.FormatInt(id, 10) + "#comment-" + strconv.FormatInt(id, 10); r.location != want {
		t.Errorf("redirect to %q, want %q", r.location, want)
	}
	pending := cookieNamed(r.cookies, "warta_pending")
	if pending == nil || !pending.HttpOnly || pending.Value == "" {
		t.Fatalf("no HttpOnly warta_pending cookie: %+v", r.cookies)
	}
	c, err := st.Comment(t.Context(), id)
	if err != nil || c.Status != model.CommentPending {
		t.Fatalf("stored %+v (%v), want pending", c, err)
	}

	t.Run("the author sees it marked as awaiting moderation", func(t *testing.T) {
		page := cs.get(t, r.location[:strings.Index(r.location, "#")], pending)
		li := element(page.body, `id="comment-`+strconv.FormatInt(id, 10)+`"`)
		if !strings.Contains(li, "Komentar pertama saya.") || !strings.Contains(li, "Komentar Anda menunggu moderasi.") {
			t.Errorf("own pending comment not shown as pending:\n%s", li)
		}
		if strings.Contains(li, "replytocom") {
			t.Error("a pending comment offers a reply link")
		}
	})
	t.Run("nobody else sees it, even at the same URL", func(t *testing.T) {
		page := cs.get(t, r.location[:strings.Index(r.location, "#")])
		lacks(t, page.body, "Komentar pertama saya.", `id="comment-`+strconv.FormatInt(id, 10)+`"`)
		contains(t, page.body, "Komentar Anda menunggu moderasi.") // the generic notice only
		plain := cs.get(t, path)
		lacks(t, plain.body, "Komentar pertama saya.", "menunggu moderasi")
	})
	t.Run("a forged cookie shows nothing", func(t *testing.T) {
		forged := &http.Cookie{Name: "warta_pending", Value: strconv.FormatInt(id, 10) + ".AAAAAAAAAAAAAAAAAAAAAAAA"}
		page := cs.get(t, path, forged)
		lacks(t, page.body, "Komentar pertama saya.")
		if ck := cookieNamed(page.cookies, "warta_pending"); ck == nil || ck.MaxAge >= 0 {
			t.Errorf("a forged pending cookie is not removed (it would bypass the cache for good): %+v", page.cookies)
		}
	})
	t.Run("once approved every reader sees it and the cookie goes", func(t *testing.T) {
		if err := cs.mod.SetStatus(t.Context(), model.CommentApproved, id); err != nil {
			t.Fatal(err)
		}
		contains(t, cs.get(t, path).body, "Komentar pertama saya.")
		page := cs.get(t, path, pending)
		if ck := cookieNamed(page.cookies, "warta_pending"); ck == nil || ck.MaxAge >= 0 {
			t.Errorf("the pending cookie outlives the wait: %+v", page.cookies)
		}
	})
	t.Run("the next comment from that address appears at once", func(t *testing.T) {
		r := cs.post(t, cs.validForm(t, a, "wati@example.id", "Komentar kedua."), "198.51.100.7")
		id2 := commentID(t, r)
		if want := path + "#comment-" + strconv.FormatInt(id2, 10); r.location != want {
			t.Errorf("redirect to %q, want %q", r.location, want)
		}
		if cookieNamed(r.cookies, "warta_pending") != nil {
			t.Error("a visible comment set the pending cookie")
		}
		contains(t, cs.get(t, path).body, "Komentar kedua.", "2 komentar")
	})
	t.Run("remember me sets the commenter cookie only with consent", func(t *testing.T) {
		f := cs.validForm(t, a, "wati@example.id", "Komentar ketiga.")
		r := cs.post(t, f, "198.51.100.7")
		if cookieNamed(r.cookies, "warta_commenter") != nil {
			t.Error("warta_commenter set without consent")
		}
		f = cs.validForm(t, a, "wati@example.id", "Komentar keempat.")
		f.Set("remember", "yes")
		r = cs.post(t, f, "198.51.100.7")
		ck := cookieNamed(r.cookies, "warta_commenter")
		if ck == nil || ck.HttpOnly {
			t.Fatalf("warta_commenter = %+v, want a script-readable cookie", ck)
		}
		v, err := url.ParseQuery(ck.Value)
		if err != nil || v.Get("name") != "Wati Pembaca" || v.Get("email") != "wati@example.id" {
			t.Errorf("warta_commenter holds %q", ck.Value)
		}
	})
}

func testModerationModes(t *testing.T, st *store.Store) {
	a := storetest.Post(t, st, nil)
	storetest.Comment(t, st, a.ID, func(c *model.Comment) { c.AuthorEmail = "dina@example.id" })
	tests := []struct {
		name  string
		mode  string
		email string
		token bool
		want  model.CommentStatus
	}{
		{"hold first: a known address is approved", model.ModerateFirst, "DINA@example.id", true, model.CommentApproved},
		{"hold first: a new address waits", model.ModerateFirst, "baru@example.id", true, model.CommentPending},
		{"never hold: a new address is approved", model.ModerateNever, "baru@example.id", true, model.CommentApproved},
		{"always hold: even a known address waits", model.ModerateAlways, "dina@example.id", true, model.CommentPending},
		{"without a token (no JavaScript) a known address waits", model.ModerateNever, "dina@example.id", false, model.CommentPending},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentModeration = tt.mode })
			f := cs.validForm(t, a, tt.email, "Pendapat nomor "+strconv.Itoa(i))
			if !tt.token {
				f.Del("token")
			}
			id := commentID(t, cs.post(t, f, "203.0.113."+strconv.Itoa(i+1)))
			c, err := st.Comment(t.Context(), id)
			if err != nil || c.Status != tt.want {
				t.Errorf("status %v (%v), want %s", c.Status, err, tt.want)
			}
		})
	}
	t.Run("comments close by themselves after the set number of days", func(t *testing.T) {
		old := storetest.Post(t, st, func(a *model.Article) { a.PublishedAt = time.Now().UTC().AddDate(0, 0, -20) })
		cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentsCloseDays = 14 })
		page := cs.get(t, old.Path(model.Permalinks{Loc: model.DefaultSettings().Location()}))
		contains(t, page.body, "Komentar ditutup.")
		lacks(t, page.body, `id="commentform"`)
		r := cs.post(t, cs.validForm(t, old, "dina@example.id", "Terlambat"), "203.0.113.50")
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "sudah ditutup") {
			t.Errorf("late comment: %d", r.code)
		}
		fresh := storetest.Post(t, st, nil)
		contains(t, cs.get(t, fresh.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})).body, `id="commentform"`)
	})
}

func testSpamDefences(t *testing.T, st *store.Store) {
	a := storetest.Post(t, st, nil)
	storetest.Comment(t, st, a.ID, func(c *model.Comment) { c.AuthorEmail = "dina@example.id" })
	statusOf := func(t *testing.T, r reply) model.CommentStatus {
		t.Helper()
		c, err := st.Comment(t.Context(), commentID(t, r))
		if err != nil {
			t.Fatal(err)
		}
		return c.Status
	}
	t.Run("a filled honeypot is kept as spam and told it waits", func(t *testing.T) {
		cs := newCommentSite(t, st, nil)
		f := cs.validForm(t, a, "dina@example.id", "Beli obat murah")
		f.Set("contact_me", "http://spam.example")
		r := cs.post(t, f, "203.0.113.1")
		if got := statusOf(t, r); got != model.CommentSpam {
			t.Errorf("status %s, want spam", got)
		}
		if !strings.Contains(r.location, "?unapproved=") || cookieNamed(r.cookies, "warta_pending") != nil {
			t.Errorf("spam answered %q with cookies %v", r.location, r.cookies)
		}
	})
	t.Run("a comment sent sooner than the time trap allows is refused with its text kept", func(t *testing.T) {
		cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentMinSeconds = 5 })
		f := cs.validForm(t, a, "dina@example.id", "Cepat sekali")
		cs.now = cs.now.Add(2 * time.Second)
		r := cs.post(t, f, "203.0.113.2")
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "terlalu cepat") || !strings.Contains(r.body, "Cepat sekali") {
			t.Fatalf("too fast: %d", r.code)
		}
		cs.now = cs.now.Add(10 * time.Second)
		if got := statusOf(t, cs.post(t, f, "203.0.113.2")); got != model.CommentApproved {
			t.Errorf("after waiting: %s, want approved", got)
		}
	})
	t.Run("a forged token holds the comment", func(t *testing.T) {
		cs := newCommentSite(t, st, nil)
		f := cs.validForm(t, a, "dina@example.id", "Token palsu")
		f.Set("token", "1700000000.forged")
		if got := statusOf(t, cs.post(t, f, "203.0.113.3")); got != model.CommentPending {
			t.Errorf("status %s, want pending", got)
		}
	})
	t.Run("too many links hold the comment", func(t *testing.T) {
		cs := newCommentSite(t, st, nil)
		f := cs.validForm(t, a, "dina@example.id", "Lihat https://a.example dan https://b.example dan www.c.example")
		if got := statusOf(t, cs.post(t, f, "203.0.113.4")); got != model.CommentPending {
			t.Errorf("status %s, want pending", got)
		}
	})
	t.Run("the same comment twice is refused", func(t *testing.T) {
		cs := newCommentSite(t, st, nil)
		cs.post(t, cs.validForm(t, a, "dina@example.id", "Sama persis"), "203.0.113.5")
		r := cs.post(t, cs.validForm(t, a, "dina@example.id", "Sama persis"), "203.0.113.5")
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Komentar yang sama sudah pernah dikirim.") {
			t.Errorf("duplicate: %d", r.code)
		}
	})
	t.Run("an address sending too often is refused", func(t *testing.T) {
		cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentRateIP = 3 })
		for i := range 3 {
			commentID(t, cs.post(t, cs.validForm(t, a, "orang"+strconv.Itoa(i)+"@example.id", "Nomor "+strconv.Itoa(i)), "203.0.113.6"))
		}
		r := cs.post(t, cs.validForm(t, a, "lain@example.id", "Nomor empat"), "203.0.113.6")
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Terlalu banyak komentar") {
			t.Errorf("over the IP limit: %d", r.code)
		}
		commentID(t, cs.post(t, cs.validForm(t, a, "lain@example.id", "Dari alamat lain"), "203.0.113.66"))
	})
	t.Run("an email sending too often is refused", func(t *testing.T) {
		cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentRateEmail = 2 })
		for i := range 2 {
			commentID(t, cs.post(t, cs.validForm(t, a, "rajin@example.id", "Isi "+strconv.Itoa(i)), "203.0.114."+strconv.Itoa(i+1)))
		}
		r := cs.post(t, cs.validForm(t, a, "RAJIN@example.id", "Isi ketiga"), "203.0.114.9")
		if r.code != http.StatusUnprocessableEntity {
			t.Errorf("over the email limit: %d", r.code)
		}
	})
	t.Run("the blocklist files words, addresses and IP ranges as spam", func(t *testing.T) {
		cs := newCommentSite(t, st, func(s *model.Settings) {
			s.CommentBlocklist = "judi online\n@spam.example\n192.0.2.0/24\n"
		})
		cases := []struct {
			email, text, ip string
			want            model.CommentStatus
		}{
			{"dina@example.id", "Main JUDI ONLINE di sini", "203.0.115.1", model.CommentSpam},
			{"bot@spam.example", "Halo", "203.0.115.2", model.CommentSpam},
			{"dina@example.id", "Dari jaringan terlarang", "192.0.2.77", model.CommentSpam},
			{"dina@example.id", "Komentar biasa saja", "203.0.115.3", model.CommentApproved},
		}
		for _, c := range cases {
			if got := statusOf(t, cs.post(t, cs.validForm(t, a, c.email, c.text), c.ip)); got != c.want {
				t.Errorf("%q from %s <%s>: %s, want %s", c.text, c.ip, c.email, got, c.want)
			}
		}
	})
}

func testRepliesAndPaging(t *testing.T, st *store.Store) {
	cs := newCommentSite(t, st, func(s *model.Settings) {
		s.CommentModeration = model.ModerateNever
		s.CommentsPerPage = 2
	})
	a := storetest.Post(t, st, nil)
	path := a.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	var ids []int64
	for i := range 3 {
		cs.now = cs.now.Add(time.Minute)
		ids = append(ids, commentID(t, cs.post(t, cs.validForm(t, a, "p"+strconv.Itoa(i)+"@example.id", "Utas ke-"+strconv.Itoa(i)), "203.0.116.1")))
	}
	t.Run("the second page holds the third thread", func(t *testing.T) {
		first := cs.get(t, path).body
		contains(t, first, "Utas ke-0", "Utas ke-1", "?cpage=2#comments", "3 komentar")
		lacks(t, first, "Utas ke-2")
		second := cs.get(t, path+"?cpage=2").body
		contains(t, second, "Utas ke-2")
		lacks(t, second, "Utas ke-0")
		if r := cs.do(t, httptest.NewRequest(http.MethodGet, path+"?cpage=9", nil)); r.code != http.StatusNotFound {
			t.Errorf("cpage past the last: %d, want 404", r.code)
		}
	})
	t.Run("a reply nests under its parent and its redirect names its page", func(t *testing.T) {
		page := cs.get(t, path).body
		if !strings.Contains(element(page, `id="comment-`+strconv.FormatInt(ids[0], 10)+`"`), `?replytocom=`+strconv.FormatInt(ids[0], 10)) {
			t.Error("no reply link on the first comment")
		}
		f := cs.validForm(t, a, "pembalas@example.id", "Saya membalas utas nol")
		f.Set("parent_id", strconv.FormatInt(ids[0], 10))
		cs.now = cs.now.Add(time.Minute)
		r := cs.post(t, f, "203.0.116.2")
		rid := commentID(t, r)
		if strings.Contains(r.location, "cpage") {
			t.Errorf("reply on page 1 redirected to %q", r.location)
		}
		parent := element(cs.get(t, path).body, `id="comment-`+strconv.FormatInt(ids[0], 10)+`"`)
		if !strings.Contains(element(parent, `class="children"`), `id="comment-`+strconv.FormatInt(rid, 10)+`"`) {
			t.Errorf("the reply is not nested under its parent:\n%s", parent)
		}
		third := cs.validForm(t, a, "pembalas@example.id", "Balasan untuk utas dua")
		third.Set("parent_id", strconv.FormatInt(ids[2], 10))
		r = cs.post(t, third, "203.0.116.2")
		commentID(t, r)
		if !strings.Contains(r.location, "?cpage=2#comment-") {
			t.Errorf("reply on page 2 redirected to %q", r.location)
		}
	})
	t.Run("the article list counts the approved comments", func(t *testing.T) {
		contains(t, cs.get(t, "/").body, "5 komentar")
	})
}

func testEmailNeverPublic(t *testing.T, st *store.Store) {
	cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentModeration = model.ModerateNever })
	a := storetest.Post(t, st, nil)
	path := a.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	const secret = "rahasia.pembaca@example.id"
	f := cs.validForm(t, a, secret, "Komentar publik")
	f.Set("url", "https://blog.example.id")
	id := commentID(t, cs.post(t, f, "203.0.117.1"))
	reply := cs.validForm(t, a, "lain@example.id", "Balasan")
	reply.Set("parent_id", strconv.FormatInt(id, 10))
	commentID(t, cs.post(t, reply, "203.0.117.2"))
	held := cs.validForm(t, a, secret, "https://a.example https://b.example https://c.example")
	heldRes := cs.post(t, held, "203.0.117.1")
	for _, p := range []string{"/", path, path + "?replytocom=" + strconv.FormatInt(id, 10), heldRes.location[:strings.Index(heldRes.location, "#")],
		"/comments/token", "/tidak-ada/", "/feed/", "/" + a.Slug + "/"} {
		r := cs.do(t, httptest.NewRequest(http.MethodGet, p, nil))
		if strings.Contains(strings.ToLower(r.body), "rahasia.pembaca") {
			t.Errorf("GET %s (%d) shows the commenter's email", p, r.code)
		}
	}
	page := cs.get(t, path).body
	contains(t, page, "Komentar publik", `href="https://blog.example.id"`, `rel="ugc nofollow noopener"`)
}

func TestCommentPagesAreValidHTML(t *testing.T) {
	st := storetest.New(t)
	cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentsPerPage = 1 })
	a := storetest.Post(t, st, nil)
	path := a.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	storetest.Comment(t, st, a.ID, nil)
	storetest.Comment(t, st, a.ID, nil)
	bad := cs.validForm(t, a, "", "Teks tanpa email")
	invalid := cs.post(t, bad, "203.0.118.1")
	held := cs.post(t, cs.validForm(t, a, "baru@example.id", "Menunggu moderasi"), "203.0.118.2")
	pending := cookieNamed(held.cookies, "warta_pending")
	if invalid.code != http.StatusUnprocessableEntity || pending == nil {
		t.Fatalf("setup: 422 = %d, pending cookie %v", invalid.code, pending)
	}
	testenv.ValidateHTML(t, map[string]string{
		"failed submission":      invalid.body,
		"own pending comment":    cs.get(t, held.location[:strings.Index(held.location, "#")], pending).body,
		"second comment page":    cs.get(t, path+"?cpage=2").body,
		"unknown article answer": cs.post(t, url.Values{"article_id": {"424242"}}, "203.0.118.3").body,
	})
}
