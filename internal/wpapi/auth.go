package wpapi

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
)

// authenticate signs the client in when the request carries HTTP Basic
// credentials: a login (or email) and an application password, never the
// account's own password. Without credentials the request is anonymous;
// with wrong ones it fails as WordPress fails it (401), so a client never
// mistakes a typo for a public answer.
func (q *request) authenticate() error {
	hdr := q.r.Header.Get("Authorization")
	if hdr == "" {
		return nil
	}
	login, password, ok := q.r.BasicAuth()
	if !ok {
		// Another scheme (a bearer token, a cookie nonce): WordPress
		// ignores what no plugin understands, and so do we.
		return nil
	}
	u, err := auth.CheckAppPassword(q.r.Context(), q.h.store, q.h.throttle, login, password, httpx.ClientIP(q.r), q.h.now())
	var th *auth.ThrottledError
	switch {
	case err == nil:
		q.who = u
		return nil
	case errors.As(err, &th):
		secs := max(1, int(th.Wait.Seconds()+0.999))
		q.header.Set("Retry-After", strconv.Itoa(secs))
		return errorf(http.StatusTooManyRequests, "rest_too_many_requests",
			"Too many failed sign-ins. Try again in "+strconv.Itoa(secs)+" seconds.")
	case errors.Is(err, auth.ErrUnknownUser):
		return errorf(http.StatusUnauthorized, "invalid_username",
			"Unknown username. Check again or try your email address.")
	case errors.Is(err, auth.ErrWrongAppPassword):
		return errorf(http.StatusUnauthorized, "incorrect_password",
			"The provided password is an invalid application password.")
	}
	return err
}

// can reports whether the signed-in user has c.
func (q *request) can(c auth.Capability) bool {
	return q.who != nil && auth.Can(q.who.Role, c)
}

// denied is WordPress's refusal: 401 to an anonymous client (sign in and
// try again), 403 to a signed-in one (your role may not).
func (q *request) denied(code, msg string) *apiError {
	if q.who == nil {
		return errorf(http.StatusUnauthorized, code, msg)
	}
	return errorf(http.StatusForbidden, code, msg)
}

// editContext reports whether the request asks for the edit context.
func (q *request) editContext() bool { return q.query.Get("context") == "edit" }

// contextCaps is the capability the edit context of each collection needs.
var contextCaps = map[string]auth.Capability{
	"/wp/v2/posts":      auth.EditPosts,
	"/wp/v2/pages":      auth.EditPages,
	"/wp/v2/media":      auth.UploadFiles,
	"/wp/v2/categories": auth.ManageCategories,
	"/wp/v2/tags":       auth.ManageCategories,
	"/wp/v2/users":      auth.ManageUsers,
	"/wp/v2/comments":   auth.ModerateComments,
	"/wp/v2/types":      auth.EditPosts,
	"/wp/v2/taxonomies": auth.EditPosts,
	"/wp/v2/statuses":   auth.EditPosts,
}

// checkContext checks the context parameter of a read: the edit context
// shows raw fields only those who may edit see.
func (q *request) checkContext(d *routeDef) error {
	switch q.query.Get("context") {
	case "", "view", "embed":
		return nil
	case "edit":
	default:
		return invalid("context", "is not one of view, embed, edit")
	}
	msg := "Sorry, you are not allowed to edit posts in this post type."
	if q.who == nil {
		return errorf(http.StatusUnauthorized, "rest_forbidden_context", msg)
	}
	if d.pattern == `/wp/v2/users/me` {
		return nil
	}
	if c, ok := contextCaps[d.prefix]; ok && !q.can(c) {
		return errorf(http.StatusForbidden, "rest_forbidden_context", msg)
	}
	return nil
}

// me answers GET /wp/v2/users/me: the signed-in user, in the edit context
// when asked (their own login, email and role).
func (q *request) me(string) (any, error) {
	if q.who == nil {
		return nil, errorf(http.StatusUnauthorized, "rest_not_logged_in", "You are not currently logged in.")
	}
	m := q.user(q.who)
	if q.editContext() {
		q.userEdit(m, q.who)
	}
	return q.view("user", m), nil
}

// userEdit adds the edit context's fields of u to m.
func (q *request) userEdit(m map[string]any, u *model.User) {
	caps := map[string]bool{string(u.Role): true}
	for _, c := range []auth.Capability{auth.ReadAdmin, auth.EditPosts, auth.PublishPosts, auth.EditOthersPosts,
		auth.DeletePosts, auth.UploadFiles, auth.UnfilteredHTML, auth.ModerateComments, auth.ManageCategories,
		auth.EditPages, auth.ManageUsers, auth.ManageOptions} {
		if auth.Can(u.Role, c) {
			caps[string(c)] = true
		}
	}
	first, last, _ := strings.Cut(u.DisplayName, " ")
	m["username"] = u.Login
	m["email"] = u.Email
	m["first_name"], m["last_name"], m["nickname"] = first, last, u.Login
	m["roles"] = []string{string(u.Role)}
	m["registered_date"] = u.CreatedAt.UTC().Format("2006-01-02T15:04:05+00:00")
	m["capabilities"] = caps
	m["extra_capabilities"] = map[string]bool{string(u.Role): true}
	m["locale"] = q.settings.Language
}
