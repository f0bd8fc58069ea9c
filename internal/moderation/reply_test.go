package moderation_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/testenv"
)

func TestCommentRules(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name+"/a comment needs a published article open to comments", func(t *testing.T) { testSubmitTarget(t, eng.New(t)) })
		t.Run(eng.Name+"/staff replies are approved and notify as readers' do", func(t *testing.T) { testStaffReply(t, eng.New(t)) })
		t.Run(eng.Name+"/only staff reply as staff", func(t *testing.T) { testReplyForbidden(t, eng.New(t)) })
	}
}

// field returns the message key err names for field, "" when err is no
// *model.ValidationError or names nothing there.
func field(err error, name string) string {
	var verr *model.ValidationError
	if !errors.As(err, &verr) {
		return ""
	}
	return verr.Fields[name]
}

func testSubmitTarget(t *testing.T, st *store.Store) {
	r := newRig(t, st, nil)
	draft := storetest.Post(t, st, func(a *model.Article) { a.Status = model.StatusDraft })
	closed := storetest.Post(t, st, func(a *model.Article) { a.CommentStatus = model.CommentsClosed })
	locked := storetest.Post(t, st, func(a *model.Article) { a.Password = "rahasia" })
	in := func(id int64) moderation.Input {
		return moderation.Input{ArticleID: id, Name: "Pembaca", Email: "pembaca@example.id", Comment: "Tulisan yang bagus."}
	}
	meta := moderation.Meta{IP: "203.0.113.9"}
	for _, tc := range []struct {
		name         string
		id           int64
		field, wants string
	}{
		{"an unknown article is refused", 987654, "article", moderation.ErrArticle},
		{"a draft is refused as if it did not exist", draft.ID, "article", moderation.ErrArticle},
		{"an article with comments closed is refused", closed.ID, "form", moderation.ErrClosed},
		{"a password-protected article is closed to comments", locked.ID, "form", moderation.ErrClosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.mod.Submit(t.Context(), in(tc.id), meta)
			if got := field(err, tc.field); got != tc.wants {
				t.Errorf("error %v, want %s: %s", err, tc.field, tc.wants)
			}
		})
	}
	t.Run("comments close by themselves after the days the settings give", func(t *testing.T) {
		set, _ := st.Settings(t.Context())
		set.CommentsCloseDays = 1
		if err := st.SaveSettings(t.Context(), set); err != nil {
			t.Fatal(err)
		}
		r.now = r.now.Add(48 * time.Hour)
		_, err := r.mod.Submit(t.Context(), in(r.a.ID), meta)
		if got := field(err, "form"); got != moderation.ErrClosed {
			t.Errorf("two days after publication: %v, want closed", err)
		}
	})
	counts, err := st.CommentStatusCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for status, n := range counts {
		if n != 0 {
			t.Errorf("%d %s comments stored from refused submissions", n, status)
		}
	}
}

// staff inserts a user of role and returns it.
func staff(t *testing.T, st *store.Store, name string, role model.Role) *model.User {
	t.Helper()
	u := storetest.User(t, st, name)
	if err := st.SetUserRole(t.Context(), u.ID, role); err != nil {
		t.Fatal(err)
	}
	u.Role = role
	return u
}

func testStaffReply(t *testing.T, st *store.Store) {
	mp := testenv.StartMailpit(t)
	r := newRig(t, st, func(s *model.Settings) {
		s.CommentModeration = model.ModerateAlways
		s.CommentBlocklist = "kasino"
		s.SMTPHost, s.SMTPPort, s.SMTPFrom, s.SMTPSecurity = mp.SMTPHost, mp.SMTPPort, "warta@warta.example", model.SMTPPlain
		s.ModeratorEmails = "redaksi@warta.example"
	})
	// The rig's clock moves ten seconds a comment; starting an hour back,
	// what it queues is due for the worker, which runs on the real clock.
	r.now = time.Now().UTC().Add(-time.Hour)
	ed := staff(t, st, "Sari Editor", model.RoleEditor)
	meta := moderation.Meta{IP: "198.51.100.4", UserAgent: "newsroom"}
	// Ibu Rina asked to be told of replies and confirmed her address.
	waiting := &model.Comment{ArticleID: r.a.ID, AuthorName: "Ibu Rina", AuthorEmail: "rina@example.id", Notify: true,
		Status: model.CommentPending, Content: "<p>Ada kasino di ujung gang.</p>"}
	err := st.InsertComment(t.Context(), waiting, func(tx *store.Tx) error {
		return tx.PutMailRecipient(&model.MailRecipient{Email: "rina@example.id", Token: "rina", AskedAt: r.now, ConfirmedAt: r.now})
	})
	if err != nil {
		t.Fatal(err)
	}
	last, err := st.LastChange(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.mod.Reply(t.Context(), ed, moderation.StaffInput{ParentID: waiting.ID,
		Comment: "Terima kasih, Bu Rina. Kasino itu sudah kami laporkan."}, meta)
	if err != nil {
		t.Fatal(err)
	}
	sendAll(t, mail.NewWorker(st, mail.WorkerOptions{}))

	t.Run("the reply is out at once, signed with the editor's account, past the blocklist", func(t *testing.T) {
		c, err := st.Comment(t.Context(), res.Comment.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != model.CommentApproved || !res.Visible || c.UserID != ed.ID || c.AuthorName != "Sari Editor" ||
			c.AuthorEmail != ed.Email || c.ArticleID != r.a.ID || c.ParentID != waiting.ID {
			t.Errorf("reply stored as %+v", c)
		}
	})
	t.Run("answering a waiting comment approves it", func(t *testing.T) {
		if p, _ := st.Comment(t.Context(), waiting.ID); p.Status != model.CommentApproved {
			t.Errorf("parent is %s", p.Status)
		}
		approved, err := st.ApprovedComments(t.Context(), r.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(approved) != 2 {
			t.Errorf("readers see %d comments, want the parent and the reply", len(approved))
		}
	})
	t.Run("the article's pages are told the thread changed", func(t *testing.T) {
		ch, err := st.ChangesSince(t.Context(), last, 100)
		if err != nil {
			t.Fatal(err)
		}
		var tags []string
		for _, c := range ch {
			tags = append(tags, c.Tags...)
		}
		if !slices.Contains(tags, fmt.Sprintf("comments:%d", r.a.ID)) {
			t.Errorf("changes %v lack comments:%d", tags, r.a.ID)
		}
	})
	t.Run("the parent's author who asked is told, moderators are not asked to decide", func(t *testing.T) {
		got := mailTo(t, mp, "rina@example.id")
		if len(got) != 1 {
			t.Fatalf("Ibu Rina got %d messages, want 1", len(got))
		}
		if body := got[0].Text; !containsAll(body, "Sari Editor", "sudah kami laporkan") || containsAll(body, ed.Email) {
			t.Errorf("reply notification:\n%s", body)
		}
		if n := len(mailTo(t, mp, "redaksi@warta.example")); n != 0 {
			t.Errorf("moderators got %d messages about an approved reply", n)
		}
	})
	t.Run("the same reply twice is refused", func(t *testing.T) {
		_, err := r.mod.Reply(t.Context(), ed, moderation.StaffInput{ParentID: waiting.ID,
			Comment: "Terima kasih, Bu Rina. Kasino itu sudah kami laporkan."}, meta)
		if got := field(err, "comment"); got != moderation.ErrDuplicate {
			t.Errorf("duplicate reply: %v", err)
		}
	})
	t.Run("an empty reply is refused", func(t *testing.T) {
		for _, text := range []string{"", "  \r\n", "<script></script>"} {
			_, err := r.mod.Reply(t.Context(), ed, moderation.StaffInput{ParentID: waiting.ID, Comment: text}, meta)
			if got := field(err, "comment"); got != moderation.ErrRequired {
				t.Errorf("reply %q: %v", text, err)
			}
		}
	})
	t.Run("spam and trash cannot be answered", func(t *testing.T) {
		for _, status := range []model.CommentStatus{model.CommentSpam, model.CommentTrash} {
			c := storetest.Comment(t, st, r.a.ID, func(c *model.Comment) { c.Status = status })
			_, err := r.mod.Reply(t.Context(), ed, moderation.StaffInput{ParentID: c.ID, Comment: "Balasan"}, meta)
			if got := field(err, "form"); got != moderation.ErrParent {
				t.Errorf("reply to %s: %v", status, err)
			}
		}
		other := storetest.Post(t, st, nil)
		_, err := r.mod.Reply(t.Context(), ed, moderation.StaffInput{ArticleID: other.ID, ParentID: waiting.ID, Comment: "Salah tempat"}, meta)
		if got := field(err, "form"); got != moderation.ErrParent {
			t.Errorf("reply under another article's comment: %v", err)
		}
	})
	t.Run("after comments close, staff still answer the thread but start none", func(t *testing.T) {
		closed := storetest.Post(t, st, func(a *model.Article) { a.CommentStatus = model.CommentsClosed })
		old := storetest.Comment(t, st, closed.ID, nil)
		if _, err := r.mod.Reply(t.Context(), ed, moderation.StaffInput{ParentID: old.ID, Comment: "Jawaban redaksi"}, meta); err != nil {
			t.Errorf("answer on a closed article: %v", err)
		}
		_, err := r.mod.Reply(t.Context(), ed, moderation.StaffInput{ArticleID: closed.ID, Comment: "Komentar baru"}, meta)
		if got := field(err, "form"); got != moderation.ErrClosed {
			t.Errorf("new staff comment on a closed article: %v", err)
		}
	})
	t.Run("a draft takes no staff comment either", func(t *testing.T) {
		draft := storetest.Post(t, st, func(a *model.Article) { a.Status = model.StatusDraft })
		_, err := r.mod.Reply(t.Context(), ed, moderation.StaffInput{ArticleID: draft.ID, Comment: "Catatan"}, meta)
		if got := field(err, "article"); got != moderation.ErrArticle {
			t.Errorf("staff comment on a draft: %v", err)
		}
	})
}

func testReplyForbidden(t *testing.T, st *store.Store) {
	r := newRig(t, st, nil)
	c := storetest.Comment(t, st, r.a.ID, nil)
	for _, role := range []model.Role{model.RoleAuthor, model.RoleContributor} {
		u := staff(t, st, "Penulis "+string(role), role)
		_, err := r.mod.Reply(t.Context(), u, moderation.StaffInput{ParentID: c.ID, Comment: "Balasan"}, moderation.Meta{})
		if !errors.Is(err, model.ErrForbidden) {
			t.Errorf("%s replied as staff: %v", role, err)
		}
	}
	if _, err := r.mod.Reply(t.Context(), nil, moderation.StaffInput{ParentID: c.ID, Comment: "Balasan"}, moderation.Meta{}); !errors.Is(err, model.ErrForbidden) {
		t.Errorf("nobody replied as staff: %v", err)
	}
	admin := staff(t, st, "Admin Situs", model.RoleAdministrator)
	if _, err := r.mod.Reply(t.Context(), admin, moderation.StaffInput{ParentID: c.ID, Comment: "Balasan admin"}, moderation.Meta{}); err != nil {
		t.Errorf("an administrator's reply: %v", err)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
