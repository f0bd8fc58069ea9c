package newsletter_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/newsletter"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// subscriber makes a confirmed subscriber of email with the digest freq
// over sections (none: all).
func subscriber(t *testing.T, st *store.Store, email, freq string, sections ...int64) *model.Subscriber {
	t.Helper()
	now := time.Now()
	sub, _, err := st.Subscribe(t.Context(), email, "en", "tok-"+strings.ReplaceAll(email, "@", "-"), now, now,
		func(*model.Subscriber) store.Hook { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ConfirmSubscriber(t.Context(), sub.Token, now); err != nil {
		t.Fatal(err)
	}
	if sub, err = st.SetSubscriberChoices(t.Context(), sub.Token, freq, true, sections); err != nil {
		t.Fatal(err)
	}
	return sub
}

// body returns the decoded parts of a queued message.
func body(t *testing.T, m *model.Mail) string {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(m.Message))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			return out.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		out.Write(b)
	}
}

// fill runs s until every issue is queued.
func fill(t testing.TB, s *newsletter.Sender) {
	t.Helper()
	for {
		more, err := s.FillOnce(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			return
		}
	}
}

func TestDigests(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			ctx := t.Context()
			set, _ := st.Settings(ctx)
			set.Title, set.TimeZone = "Kabar Uji", "Asia/Jakarta"
			set.SMTPHost, set.SMTPPort, set.SMTPFrom = "127.0.0.1", 2525, "redaksi@warta.test"
			if err := st.SaveSettings(ctx, set); err != nil {
				t.Fatal(err)
			}
			jakarta, _ := time.LoadLocation("Asia/Jakarta")
			// Monday 27 April 2026, 07:00 in Jakarta: both digests are due.
			monday := time.Date(2026, 4, 27, 7, 0, 0, 0, jakarta)
			ekonomi := storetest.Term(t, st, model.TaxonomyCategory, "Ekonomi")
			olahraga := storetest.Term(t, st, model.TaxonomyCategory, "Olahraga")
			storetest.Post(t, st, func(a *model.Article) {
				a.Title, a.PublishedAt, a.Categories = "Harga Cabai Turun", monday.Add(-5*time.Hour), []model.Term{*ekonomi}
			})
			storetest.Post(t, st, func(a *model.Article) {
				a.Title, a.PublishedAt, a.Categories = "Persib Menang", monday.Add(-10*time.Hour), []model.Term{*olahraga}
			})
			storetest.Post(t, st, func(a *model.Article) {
				a.Title, a.PublishedAt, a.Categories = "Pasar Saham Sepekan", monday.AddDate(0, 0, -4), []model.Term{*ekonomi}
			})
			all := subscriber(t, st, "semua@example.id", model.DigestDaily)
			eco := subscriber(t, st, "ekonomi@example.id", model.DigestDaily, ekonomi.ID)
			sport := subscriber(t, st, "bola@example.id", model.DigestDaily, olahraga.ID)
			weekly := subscriber(t, st, "pekanan@example.id", model.DigestWeekly)
			subscriber(t, st, "tanpa@example.id", model.DigestNone)
			c, err := mail.NewComposer("https://warta.example")
			if err != nil {
				t.Fatal(err)
			}

			if n, err := newsletter.Digests(ctx, st, monday.Add(-2*time.Hour)); err != nil || n != 0 {
				t.Fatalf("before six: %d issues, %v", n, err)
			}
			n, err := newsletter.Digests(ctx, st, monday)
			if err != nil {
				t.Fatal(err)
			}
			if n != 2 {
				t.Errorf("%d issues created, want the daily and the weekly", n)
			}
			if n, err := newsletter.Digests(ctx, st, monday.Add(time.Hour)); err != nil || n != 0 {
				t.Errorf("a second run created %d (%v)", n, err)
			}
			fill(t, newsletter.New(st, c, newsletter.Options{}))
			issues, err := st.Issues(ctx, 10)
			if err != nil {
				t.Fatal(err)
			}
			queuedBy := map[string]int{}
			for _, i := range issues {
				queuedBy[i.Kind] = i.Queued
			}
			if queuedBy[model.DigestDaily] != 3 || queuedBy[model.DigestWeekly] != 1 {
				t.Errorf("queued %v, want 3 daily and 1 weekly", queuedBy)
			}
			queued, err := st.MailByStatus(ctx, model.MailQueued, 100)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, m := range queued {
				full, err := st.Mail(ctx, m.ID) // the list leaves the message out
				if err != nil {
					t.Fatal(err)
				}
				got[m.To] = m.Subject + "\n" + body(t, full)
			}
			want := []struct {
				sub        *model.Subscriber
				has, lacks []string
			}{
				{all, []string{"Today's news from Kabar Uji", "Harga Cabai Turun", "Persib Menang", "/newsletter/manage?t=" + all.Token}, []string{"Pasar Saham Sepekan"}},
				{eco, []string{"Harga Cabai Turun"}, []string{"Persib Menang"}},
				{sport, []string{"Persib Menang"}, []string{"Harga Cabai Turun"}},
				{weekly, []string{"This week's news from Kabar Uji", "Harga Cabai Turun", "Persib Menang", "Pasar Saham Sepekan"}, nil},
			}
			for _, w := range want {
				text, ok := got[w.sub.Email]
				if !ok {
					t.Errorf("no digest to %s", w.sub.Email)
					continue
				}
				for _, s := range w.has {
					if !strings.Contains(text, s) {
						t.Errorf("the digest to %s lacks %q", w.sub.Email, s)
					}
				}
				for _, s := range w.lacks {
					if strings.Contains(text, s) {
						t.Errorf("the digest to %s has %q", w.sub.Email, s)
					}
				}
			}
			if _, ok := got["tanpa@example.id"]; ok {
				t.Error("a digest went to a subscriber who wants none")
			}
		})
	}
}
