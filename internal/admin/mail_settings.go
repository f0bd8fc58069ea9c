package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/mail"
	"warta/internal/model"
)

// mailRoutes registers Settings → Email: the SMTP server, DKIM, the test
// mail and the outbox's failures.
func (h *Handler) mailRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/settings/mail", h.page(h.showMailSettings))
	mux.Handle("POST /admin/settings/mail", h.page(h.saveMailSettings))
	mux.Handle("POST /admin/settings/mail/test", h.page(h.sendTestMail))
	mux.Handle("POST /admin/settings/mail/{id}/retry", h.page(h.retryMail))
}

// mailData fills the Email settings screen.
type mailData struct {
	S         model.Settings
	TestTo    string
	TestError string           // why the test mail was not sent
	Counts    map[string]int64 // by status
	Failed    []*model.Mail    // given up
	Waiting   []*model.Mail    // queued after a failed attempt
}

func (h *Handler) showMailSettings(w http.ResponseWriter, r *request) error {
	return h.renderMailSettings(w, r, http.StatusOK, r.st, nil, "", "")
}

func (h *Handler) renderMailSettings(w http.ResponseWriter, r *request, status int, s model.Settings,
	errs map[string]string, testTo, testErr string) error {
	if !r.can(auth.ManageOptions) {
		return model.ErrForbidden
	}
	ctx := r.Context()
	d := mailData{S: s, TestTo: testTo, TestError: testErr}
	if d.TestTo == "" {
		d.TestTo = r.user().Email
	}
	counts, err := h.store.MailCounts(ctx)
	if err != nil {
		return err
	}
	d.Counts = map[string]int64{}
	for k, n := range counts {
		d.Counts[string(k)] = n
	}
	if d.Failed, err = h.store.MailByStatus(ctx, model.MailFailed, 50); err != nil {
		return err
	}
	queued, err := h.store.MailByStatus(ctx, model.MailQueued, 50)
	if err != nil {
		return err
	}
	for _, m := range queued {
		if m.LastError != "" {
			d.Waiting = append(d.Waiting, m)
		}
	}
	v := h.newView(r, r.p.T("admin.mail.title"), "settings", d)
	v.Errors = errs
	return h.render(w, status, "mail_settings.html", v)
}

func (h *Handler) saveMailSettings(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageOptions) {
		return model.ErrForbidden
	}
	s := r.st
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	errs := map[string]string{}
	s.SMTPHost, s.SMTPUser, s.SMTPFrom = f("smtp_host"), f("smtp_user"), f("smtp_from")
	if n, err := strconv.Atoi(f("smtp_port")); err != nil || n < 1 || n > 65535 {
		errs["smtp_port"] = "admin.err.number"
	} else {
		s.SMTPPort = n
	}
	switch sec := f("smtp_security"); sec {
	case model.SMTPStartTLS, model.SMTPTLS, model.SMTPPlain:
		s.SMTPSecurity = sec
	default:
		errs["smtp_security"] = "admin.err.invalid"
	}
	if s.SMTPFrom != "" && !validEmail(s.SMTPFrom) {
		errs["smtp_from"] = "auth.err.email"
	}
	if s.SMTPHost != "" && s.SMTPFrom == "" {
		errs["smtp_from"] = "admin.mail.err.from_required"
	}
	// Secrets are never sent back to the browser: an empty field keeps the
	// stored one, a box clears it.
	if pw := r.PostFormValue("smtp_password"); pw != "" {
		s.SMTPPassword = pw
	} else if f("smtp_password_clear") == "1" {
		s.SMTPPassword = ""
	}
	s.DKIMDomain, s.DKIMSelector = strings.ToLower(f("dkim_domain")), f("dkim_selector")
	if key := f("dkim_key"); key != "" {
		if _, err := mail.ParseDKIMKey(key); err != nil {
			errs["dkim_key"] = "admin.mail.err.dkim_key"
		} else {
			s.DKIMKey = key
		}
	} else if f("dkim_key_clear") == "1" {
		s.DKIMKey = ""
	}
	if s.DKIMKey != "" && (s.DKIMDomain == "" || s.DKIMSelector == "") {
		errs["dkim_domain"] = "admin.mail.err.dkim_incomplete"
	}
	if len(errs) > 0 {
		return h.renderMailSettings(w, r, http.StatusUnprocessableEntity, s, errs, "", "")
	}
	if err := h.store.SaveSettings(r.Context(), s); err != nil {
		return err
	}
	h.audit(r.Context(), r, "settings.mail", "settings", 0, "")
	http.Redirect(w, r.Request, "/admin/settings/mail?notice=settings", http.StatusSeeOther)
	return nil
}

// sendTestMail queues a test message like any other and sends it at once,
// so the administrator reads the server's answer on the page.
func (h *Handler) sendTestMail(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageOptions) {
		return model.ErrForbidden
	}
	to := strings.TrimSpace(r.PostFormValue("to"))
	if !validEmail(to) {
		return h.renderMailSettings(w, r, http.StatusUnprocessableEntity, r.st, map[string]string{"to": "auth.err.email"}, to, "")
	}
	if !r.st.MailEnabled() {
		return h.renderMailSettings(w, r, http.StatusUnprocessableEntity, r.st,
			map[string]string{"to": "admin.mail.err.no_server"}, to, "")
	}
	now := h.now()
	m, err := h.composer.Compose(r.st, mail.Letter{
		Kind: model.MailTest, To: to, Lang: r.p.Lang(), Template: "test.html",
		Subject: "mail.test.subject", SubjectArgs: []any{r.st.Title},
		Data: map[string]string{"By": r.user().DisplayName},
	}, now)
	if err != nil {
		return err
	}
	// Sent at once below; not due before, so that no worker polling the
	// outbox meanwhile takes it from under this request.
	m.NextAttemptAt = now.Add(time.Minute)
	if err := h.store.EnqueueMail(r.Context(), m); err != nil {
		return err
	}
	h.audit(r.Context(), r, "mail.test", "mail", m.ID, to)
	if h.mailer == nil {
		// No worker in this process: the message waits in the outbox.
		http.Redirect(w, r.Request, "/admin/settings/mail?notice=mail_queued", http.StatusSeeOther)
		return nil
	}
	ctx, cancel := context.WithTimeout(r.Context(), 45*time.Second)
	defer cancel()
	if err := h.mailer.SendNow(ctx, m.ID); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			// Another worker took it first: it is on its way.
			http.Redirect(w, r.Request, "/admin/settings/mail?notice=mail_queued", http.StatusSeeOther)
			return nil
		}
		return h.renderMailSettings(w, r, http.StatusUnprocessableEntity, r.st, nil, to, err.Error())
	}
	http.Redirect(w, r.Request, "/admin/settings/mail?notice=mail_sent", http.StatusSeeOther)
	return nil
}

func (h *Handler) retryMail(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageOptions) {
		return model.ErrForbidden
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return model.ErrNotFound
	}
	if err := h.store.RetryMail(r.Context(), id, h.now()); err != nil {
		return err
	}
	if h.mailer != nil {
		h.mailer.Nudge()
	}
	http.Redirect(w, r.Request, "/admin/settings/mail?notice=mail_retry", http.StatusSeeOther)
	return nil
}
