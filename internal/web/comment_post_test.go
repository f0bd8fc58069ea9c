package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/tools/testenv"
)

// commentSite is the site whose comment rules run on a clock the test
// moves. Each request comes from a new reader, who carries only the
// cookies the test gives.
type commentSite struct {
	*scenario.Site
	now time.Time
}

// newCommentSite saves the settings edit changes (the time trap and the
// rate limits off unless edit turns them on) and builds the site.
func newCommentSite(t *testing.T, st *store.Store, edit func(*model.Settings)) *commentSite {
	t.Helper()
	return commentSiteWith(t, st, edit, scenario.Options{})
}

// commentSiteWith is newCommentSite with more of the site's options.
func commentSiteWith(t *testing.T, st *store.Store, edit func(*model.Settings), opts scenario.Options) *commentSite {
	t.Helper()
	cs := &commentSite{now: time.Now()}
	opts.BaseURL = "https://warta.example"
	opts.Now = func() time.Time { return cs.now }
	opts.Settings = func(set *model.Settings) {
		// Each test sends many comments from few addresses.
		set.CommentMinSeconds, set.CommentRateIP, set.CommentRateEmail = 0, 0, 0
		if edit != nil {
			edit(set)
		}
	}
	cs.Site = scenario.New(t, st, opts)
	return cs
}

// token fetches a time-trap token as warta.js does.
func (cs *commentSite) token(t *testing.T) string {
	t.Helper()
	r := cs.Client().Do(t, scenario.Scenario{Name: "a time-trap token", URL: "/comments/token", ExpectedStatus: http.StatusOK})
	if r.Body == "" {
		t.Fatal("GET /comments/token: an empty token")
	}
	return r.Body
}

// post sends the comment form from ip with the cookies given, and fails
// the test unless the answer has status want.
func (cs *commentSite) post(t *testing.T, form url.Values, ip string, want int, cookies ...*http.Cookie) *scenario.Response {
	t.Helper()
	return cs.Client().Do(t, scenario.Scenario{Name: "send the comment form", Method: http.MethodPost, URL: "/comments", Form: form,
		Headers: withCookies(map[string]string{"X-Forwarded-For": ip}, cookies), ExpectedStatus: want})
}

// get fetches path as a reader carrying cookies, and fails the test unless
// the answer is 200 OK.
func (cs *commentSite) get(t *testing.T, path string, cookies ...*http.Cookie) *scenario.Response {
	t.Helper()
	return cs.Client().Do(t, scenario.Scenario{Name: "GET " + path, URL: path, Headers: withCookies(nil, cookies), ExpectedStatus: http.StatusOK})
}

// withCookies adds a Cookie header holding cookies to h.
func withCookies(h map[string]string, cookies []*http.Cookie) map[string]string {
	if len(cookies) == 0 {
		return h
	}
	if h == nil {
		h = map[string]string{}
	}
	var parts []string
	for _, c := range cookies {
		parts = append(parts, c.Name+"="+c.Value)
	}
	h["Cookie"] = strings.Join(parts, "; ")
	return h
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

var locationIDRE = regexp.MustCompile(`#comment-(\d+)$`)

// commentID returns the id the redirect points at.
func commentID(t *testing.T, r *scenario.Response) int64 {
	t.Helper()
	m := locationIDRE.FindStringSubmatch(r.Location())
	if r.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("answer %d to %q, want 303 to #comment-N; body:\n%s", r.Status, r.Location(), r.Body)
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
			r := cs.post(t, f, "198.51.100.7", http.StatusUnprocessableEntity)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422; location %q", r.Status, r.Location())
			}
			if tt.errID != "" {
				if got := scenario.Text(scenario.Element(r.Body, `id="`+tt.errID+`"`)); got != tt.message {
					t.Errorf("%s says %q, want %q", tt.errID, got, tt.message)
				}
			}
			summary := scenario.Text(scenario.Element(r.Body, `class="form-errors"`))
			if !strings.Contains(summary, tt.message) {
				t.Errorf("error summary %q lacks %q", summary, tt.message)
			}
			// What the reader typed is still there.
			if c := f.Get("comment"); strings.TrimSpace(c) != "" && len(c) < 1000 {
				scenario.Contains(t, r.Body, template_escape(c))
			}
			if e := f.Get("email"); e != "" {
				scenario.Contains(t, r.Body, `value="`+template_escape(e)+`"`)
			}
			scenario.Contains(t, r.Body, `noindex`)
		})
	}
	t.Run("an unknown article is named on an error page", func(t *testing.T) {
		f := cs.validForm(t, a, "wati@example.id", "Halo")
		f.Set("article_id", "987654")
		r := cs.post(t, f, "198.51.100.7", http.StatusUnprocessableEntity)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", r.Status)
		}
		scenario.Contains(t, r.Body, "Artikel yang Anda komentari tidak ditemukan")
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
	r := cs.post(t, cs.validForm(t, a, "Wati@Example.id", "Komentar pertama saya."), "198.51.100.7", http.StatusSeeOther)
	id := commentID(t, r)
	if want := path + "?unapproved=" + strconv.FormatInt(id, 10) + "#comment-" + strconv.FormatInt(id, 10); r.Location() != want {
		t.Errorf("redirect to %q, want %q", r.Location(), want)
	}
	pending := r.Cookie("warta_pending")
	if pending == nil || !pending.HttpOnly || pending.Value == "" {
		t.Fatalf("no HttpOnly warta_pending cookie: %+v", r.Header["Set-Cookie"])
	}
	c, err := st.Comment(t.Context(), id)
	if err != nil || c.Status != model.CommentPending {
		t.Fatalf("stored %+v (%v), want pending", c, err)
	}

	t.Run("the author sees it marked as awaiting moderation", func(t *testing.T) {
		page := cs.get(t, r.Location()[:strings.Index(r.Location(), "#")], pending)
		li := scenario.Element(page.Body, `id="comment-`+strconv.FormatInt(id, 10)+`"`)
		if !strings.Contains(li, "Komentar pertama saya.") || !strings.Contains(li, "Komentar Anda menunggu moderasi.") {
			t.Errorf("own pending comment not shown as pending:\n%s", li)
		}
		if strings.Contains(li, "replytocom") {
			t.Error("a pending comment offers a reply link")
		}
	})
	t.Run("nobody else sees it, even at the same URL", func(t *testing.T) {
		page := cs.get(t, r.Location()[:strings.Index(r.Location(), "#")])
		scenario.Lacks(t, page.Body, "Komentar pertama saya.", `id="comment-`+strconv.FormatInt(id, 10)+`"`)
		scenario.Contains(t, page.Body, "Komentar Anda menunggu moderasi.") // the generic notice only
		plain := cs.get(t, path)
		scenario.Lacks(t, plain.Body, "Komentar pertama saya.", "menunggu moderasi")
	})
	t.Run("a forged cookie shows nothing", func(t *testing.T) {
		forged := &http.Cookie{Name: "warta_pending", Value: strconv.FormatInt(id, 10) + ".AAAAAAAAAAAAAAAAAAAAAAAA"}
		page := cs.get(t, path, forged)
		scenario.Lacks(t, page.Body, "Komentar pertama saya.")
		if ck := page.Cookie("warta_pending"); ck == nil || ck.MaxAge >= 0 {
			t.Errorf("a forged pending cookie is not removed (it would bypass the cache for good): %+v", page.Header["Set-Cookie"])
		}
	})
	t.Run("once approved every reader sees it and the cookie goes", func(t *testing.T) {
		if err := cs.Moderator.SetStatus(t.Context(), model.CommentApproved, id); err != nil {
			t.Fatal(err)
		}
		scenario.Contains(t, cs.get(t, path).Body, "Komentar pertama saya.")
		page := cs.get(t, path, pending)
		if ck := page.Cookie("warta_pending"); ck == nil || ck.MaxAge >= 0 {
			t.Errorf("the pending cookie outlives the wait: %+v", page.Header["Set-Cookie"])
		}
	})
	t.Run("the next comment from that address appears at once", func(t *testing.T) {
		r := cs.post(t, cs.validForm(t, a, "wati@example.id", "Komentar kedua."), "198.51.100.7", http.StatusSeeOther)
		id2 := commentID(t, r)
		if want := path + "#comment-" + strconv.FormatInt(id2, 10); r.Location() != want {
			t.Errorf("redirect to %q, want %q", r.Location(), want)
		}
		if r.Cookie("warta_pending") != nil {
			t.Error("a visible comment set the pending cookie")
		}
		scenario.Contains(t, cs.get(t, path).Body, "Komentar kedua.", "2 komentar")
	})
	t.Run("remember me sets the commenter cookie only with consent", func(t *testing.T) {
		f := cs.validForm(t, a, "wati@example.id", "Komentar ketiga.")
		r := cs.post(t, f, "198.51.100.7", http.StatusSeeOther)
		if r.Cookie("warta_commenter") != nil {
			t.Error("warta_commenter set without consent")
		}
		f = cs.validForm(t, a, "wati@example.id", "Komentar keempat.")
		f.Set("remember", "yes")
		r = cs.post(t, f, "198.51.100.7", http.StatusSeeOther)
		ck := r.Cookie("warta_commenter")
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
			id := commentID(t, cs.post(t, f, "203.0.113."+strconv.Itoa(i+1), http.StatusSeeOther))
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
		scenario.Contains(t, page.Body, "Komentar ditutup.")
		scenario.Lacks(t, page.Body, `id="commentform"`)
		r := cs.post(t, cs.validForm(t, old, "dina@example.id", "Terlambat"), "203.0.113.50", http.StatusUnprocessableEntity)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "sudah ditutup") {
			t.Errorf("late comment: %d", r.Status)
		}
		fresh := storetest.Post(t, st, nil)
		scenario.Contains(t, cs.get(t, fresh.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})).Body, `id="commentform"`)
	})
}

func testSpamDefences(t *testing.T, st *store.Store) {
	a := storetest.Post(t, st, nil)
	storetest.Comment(t, st, a.ID, func(c *model.Comment) { c.AuthorEmail = "dina@example.id" })
	statusOf := func(t *testing.T, r *scenario.Response) model.CommentStatus {
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
		r := cs.post(t, f, "203.0.113.1", http.StatusSeeOther)
		if got := statusOf(t, r); got != model.CommentSpam {
			t.Errorf("status %s, want spam", got)
		}
		if !strings.Contains(r.Location(), "?unapproved=") || r.Cookie("warta_pending") != nil {
			t.Errorf("spam answered %q with cookies %v", r.Location(), r.Header["Set-Cookie"])
		}
	})
	t.Run("a comment sent sooner than the time trap allows is refused with its text kept", func(t *testing.T) {
		cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentMinSeconds = 5 })
		f := cs.validForm(t, a, "dina@example.id", "Cepat sekali")
		cs.now = cs.now.Add(2 * time.Second)
		r := cs.post(t, f, "203.0.113.2", http.StatusUnprocessableEntity)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "terlalu cepat") || !strings.Contains(r.Body, "Cepat sekali") {
			t.Fatalf("too fast: %d", r.Status)
		}
		cs.now = cs.now.Add(10 * time.Second)
		if got := statusOf(t, cs.post(t, f, "203.0.113.2", http.StatusSeeOther)); got != model.CommentApproved {
			t.Errorf("after waiting: %s, want approved", got)
		}
	})
	t.Run("a forged token holds the comment", func(t *testing.T) {
		cs := newCommentSite(t, st, nil)
		f := cs.validForm(t, a, "dina@example.id", "Token palsu")
		f.Set("token", "1700000000.forged")
		if got := statusOf(t, cs.post(t, f, "203.0.113.3", http.StatusSeeOther)); got != model.CommentPending {
			t.Errorf("status %s, want pending", got)
		}
	})
	t.Run("too many links hold the comment", func(t *testing.T) {
		cs := newCommentSite(t, st, nil)
		f := cs.validForm(t, a, "dina@example.id", "Lihat https://a.example dan https://b.example dan www.c.example")
		if got := statusOf(t, cs.post(t, f, "203.0.113.4", http.StatusSeeOther)); got != model.CommentPending {
			t.Errorf("status %s, want pending", got)
		}
	})
	t.Run("the same comment twice is refused", func(t *testing.T) {
		cs := newCommentSite(t, st, nil)
		cs.post(t, cs.validForm(t, a, "dina@example.id", "Sama persis"), "203.0.113.5", http.StatusSeeOther)
		r := cs.post(t, cs.validForm(t, a, "dina@example.id", "Sama persis"), "203.0.113.5", http.StatusUnprocessableEntity)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Komentar yang sama sudah pernah dikirim.") {
			t.Errorf("duplicate: %d", r.Status)
		}
	})
	t.Run("an address sending too often is refused", func(t *testing.T) {
		cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentRateIP = 3 })
		for i := range 3 {
			commentID(t, cs.post(t, cs.validForm(t, a, "orang"+strconv.Itoa(i)+"@example.id", "Nomor "+strconv.Itoa(i)), "203.0.113.6", http.StatusSeeOther))
		}
		r := cs.post(t, cs.validForm(t, a, "lain@example.id", "Nomor empat"), "203.0.113.6", http.StatusUnprocessableEntity)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Terlalu banyak komentar") {
			t.Errorf("over the IP limit: %d", r.Status)
		}
		commentID(t, cs.post(t, cs.validForm(t, a, "lain@example.id", "Dari alamat lain"), "203.0.113.66", http.StatusSeeOther))
	})
	t.Run("an email sending too often is refused", func(t *testing.T) {
		cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentRateEmail = 2 })
		for i := range 2 {
			commentID(t, cs.post(t, cs.validForm(t, a, "rajin@example.id", "Isi "+strconv.Itoa(i)), "203.0.114."+strconv.Itoa(i+1), http.StatusSeeOther))
		}
		r := cs.post(t, cs.validForm(t, a, "RAJIN@example.id", "Isi ketiga"), "203.0.114.9", http.StatusUnprocessableEntity)
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("over the email limit: %d", r.Status)
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
			if got := statusOf(t, cs.post(t, cs.validForm(t, a, c.email, c.text), c.ip, http.StatusSeeOther)); got != c.want {
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
		ids = append(ids, commentID(t, cs.post(t, cs.validForm(t, a, "p"+strconv.Itoa(i)+"@example.id", "Utas ke-"+strconv.Itoa(i)), "203.0.116.1", http.StatusSeeOther)))
	}
	t.Run("the second page holds the third thread", func(t *testing.T) {
		first := cs.get(t, path).Body
		scenario.Contains(t, first, "Utas ke-0", "Utas ke-1", "?cpage=2#comments", "3 komentar")
		scenario.Lacks(t, first, "Utas ke-2")
		second := cs.get(t, path+"?cpage=2").Body
		scenario.Contains(t, second, "Utas ke-2")
		scenario.Lacks(t, second, "Utas ke-0")
		cs.Client().Do(t, scenario.Scenario{Name: "a comment page past the last", URL: path + "?cpage=9", ExpectedStatus: http.StatusNotFound})
	})
	t.Run("a reply nests under its parent and its redirect names its page", func(t *testing.T) {
		page := cs.get(t, path).Body
		if !strings.Contains(scenario.Element(page, `id="comment-`+strconv.FormatInt(ids[0], 10)+`"`), `?replytocom=`+strconv.FormatInt(ids[0], 10)) {
			t.Error("no reply link on the first comment")
		}
		f := cs.validForm(t, a, "pembalas@example.id", "Saya membalas utas nol")
		f.Set("parent_id", strconv.FormatInt(ids[0], 10))
		cs.now = cs.now.Add(time.Minute)
		r := cs.post(t, f, "203.0.116.2", http.StatusSeeOther)
		rid := commentID(t, r)
		if strings.Contains(r.Location(), "cpage") {
			t.Errorf("reply on page 1 redirected to %q", r.Location())
		}
		parent := scenario.Element(cs.get(t, path).Body, `id="comment-`+strconv.FormatInt(ids[0], 10)+`"`)
		if !strings.Contains(scenario.Element(parent, `class="children"`), `id="comment-`+strconv.FormatInt(rid, 10)+`"`) {
			t.Errorf("the reply is not nested under its parent:\n%s", parent)
		}
		third := cs.validForm(t, a, "pembalas@example.id", "Balasan untuk utas dua")
		third.Set("parent_id", strconv.FormatInt(ids[2], 10))
		r = cs.post(t, third, "203.0.116.2", http.StatusSeeOther)
		commentID(t, r)
		if !strings.Contains(r.Location(), "?cpage=2#comment-") {
			t.Errorf("reply on page 2 redirected to %q", r.Location())
		}
	})
	t.Run("the article list counts the approved comments", func(t *testing.T) {
		scenario.Contains(t, cs.get(t, "/").Body, "5 komentar")
	})
}

func testEmailNeverPublic(t *testing.T, st *store.Store) {
	cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentModeration = model.ModerateNever })
	a := storetest.Post(t, st, nil)
	path := a.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	const secret = "rahasia.pembaca@example.id"
	f := cs.validForm(t, a, secret, "Komentar publik")
	f.Set("url", "https://blog.example.id")
	id := commentID(t, cs.post(t, f, "203.0.117.1", http.StatusSeeOther))
	reply := cs.validForm(t, a, "lain@example.id", "Balasan")
	reply.Set("parent_id", strconv.FormatInt(id, 10))
	commentID(t, cs.post(t, reply, "203.0.117.2", http.StatusSeeOther))
	held := cs.validForm(t, a, secret, "https://a.example https://b.example https://c.example")
	heldRes := cs.post(t, held, "203.0.117.1", http.StatusSeeOther)
	noEmail := func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
		if strings.Contains(strings.ToLower(r.Body), "rahasia.pembaca") {
			t.Errorf("the answer (%d) shows the commenter's email", r.Status)
		}
	}
	for p, status := range map[string]int{"/": 200, path: 200, path + "?replytocom=" + strconv.FormatInt(id, 10): 200,
		heldRes.Location()[:strings.Index(heldRes.Location(), "#")]: 200, "/comments/token": 200, "/tidak-ada/": 404,
		"/feed/": 200, "/comments/feed/": 200, strings.TrimSuffix(path, "/") + "/feed/": 200, "/" + a.Slug + "/": 301,
		"/wp-json/wp/v2/comments": 200} {
		cs.Client().Do(t, scenario.Scenario{Name: "GET " + p, URL: p, ExpectedStatus: status, AfterTest: noEmail})
	}
	page := cs.get(t, path).Body
	scenario.Contains(t, page, "Komentar publik", `href="https://blog.example.id"`, `rel="ugc nofollow noopener"`)
}

func TestCommentPagesAreValidHTML(t *testing.T) {
	st := storetest.New(t)
	cs := newCommentSite(t, st, func(s *model.Settings) { s.CommentsPerPage = 1 })
	a := storetest.Post(t, st, nil)
	path := a.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
	storetest.Comment(t, st, a.ID, nil)
	storetest.Comment(t, st, a.ID, nil)
	bad := cs.validForm(t, a, "", "Teks tanpa email")
	invalid := cs.post(t, bad, "203.0.118.1", http.StatusUnprocessableEntity)
	held := cs.post(t, cs.validForm(t, a, "baru@example.id", "Menunggu moderasi"), "203.0.118.2", http.StatusSeeOther)
	pending := held.Cookie("warta_pending")
	if invalid.Status != http.StatusUnprocessableEntity || pending == nil {
		t.Fatalf("setup: 422 = %d, pending cookie %v", invalid.Status, pending)
	}
	testenv.ValidateHTML(t, map[string]string{
		"failed submission":      invalid.Body,
		"own pending comment":    cs.get(t, held.Location()[:strings.Index(held.Location(), "#")], pending).Body,
		"second comment page":    cs.get(t, path+"?cpage=2").Body,
		"unknown article answer": cs.post(t, url.Values{"article_id": {"424242"}}, "203.0.118.3", http.StatusUnprocessableEntity).Body,
	})
}
