package auth

import (
	"context"
	"errors"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"warta/internal/model"
	"warta/internal/slug"
	"warta/internal/store"
)

// NewUser is what creating a user asks for.
type NewUser struct {
	Login, Email, DisplayName, Password string
	Role                                model.Role
}

var loginPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,59}$`)

// Validate names every problem of in; keys are the form's field names and
// values message keys.
func (in NewUser) Validate() *model.ValidationError {
	var v model.ValidationError
	if !loginPattern.MatchString(in.Login) {
		v.Add("login", "auth.err.login")
	}
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
		v.Add("email", "auth.err.email")
	}
	if !in.Role.Valid() {
		v.Add("role", "auth.err.role")
	}
	if len(in.DisplayName) > 100 {
		v.Add("name", "auth.err.name_long")
	}
	if msg := CheckPasswordRules(in.Password); msg != "" {
		v.Add("password", msg)
	}
	return &v
}

// CreateUser validates in, hashes the password and stores the user with a
// free author slug made from the display name (the login when empty). A
// login already taken → a ValidationError on "login".
func CreateUser(ctx context.Context, st *store.Store, in NewUser) (*model.User, error) {
	in.Login = strings.TrimSpace(in.Login)
	in.Email = strings.TrimSpace(in.Email)
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if err := in.Validate().Err(); err != nil {
		return nil, err
	}
	if _, err := st.UserByLogin(ctx, in.Login); err == nil {
		v := &model.ValidationError{}
		v.Add("login", "auth.err.login_taken")
		return nil, v
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	name := in.DisplayName
	if name == "" {
		name = in.Login
	}
	base := slug.Make(name)
	if base == "" {
		base = slug.Make(in.Login)
	}
	if base == "" {
		base = "user"
	}
	u := &model.User{Login: in.Login, Email: in.Email, DisplayName: name, Role: in.Role,
		PasswordHash: hash, CreatedAt: time.Now().UTC()}
	for i := 1; i < 100; i++ {
		u.Slug = base
		if i > 1 {
			u.Slug = base + "-" + strconv.Itoa(i)
		}
		err = st.InsertUser(ctx, u)
		if !errors.Is(err, model.ErrConflict) {
			break
		}
		// The login was free a moment ago: the slug is what collided,
		// unless someone took the login meanwhile.
		if _, lerr := st.UserByLogin(ctx, in.Login); lerr == nil {
			v := &model.ValidationError{}
			v.Add("login", "auth.err.login_taken")
			return nil, v
		}
	}
	if err != nil {
		return nil, err
	}
	return u, nil
}

// SignIn checks a login (or email) and password against the throttle and
// the store. It returns the user, or model.ErrForbidden for a wrong pair
// (without saying which half was wrong), or a *ThrottledError.
//
// A throttled attempt is refused before the password is looked at: the
// right password is refused as a wrong one would be, and no time is spent
// hashing it. Known and unknown logins take the same steps either way.
func SignIn(ctx context.Context, st *store.Store, th *Throttle, login, password, ip string, now time.Time) (*model.User, error) {
	u, subject, err := admit(ctx, st, th, login, ip, now)
	if err != nil {
		return nil, err
	}
	fail := func() (*model.User, error) {
		if err := th.Fail(ctx, subject, ip, now); err != nil {
			return nil, err
		}
		return nil, model.ErrForbidden
	}
	if len(password) > MaxPasswordLen {
		return fail()
	}
	if u == nil {
		// Spend the same time as a real check, so timing does not tell
		// which logins exist.
		_, _ = VerifyPassword(dummyHash(), password)
		return fail()
	}
	ok, err := VerifyPassword(u.PasswordHash, password)
	if err != nil && !errors.Is(err, ErrBadHash) {
		return nil, err
	}
	if !ok {
		return fail()
	}
	if err := th.Succeed(ctx, subject); err != nil {
		return nil, err
	}
	return u, nil
}

// admit finds the account a login (or email) names, nil when none does,
// and its subject in the failure log, and refuses the attempt with a
// *ThrottledError while the account or ip is locked. The sign-in form and
// REST clients share it, so their failures count against one budget, kept
// in the database for every instance.
func admit(ctx context.Context, st *store.Store, th *Throttle, login, ip string, now time.Time) (*model.User, string, error) {
	login = strings.TrimSpace(login)
	u, err := st.UserByLogin(ctx, login)
	if errors.Is(err, model.ErrNotFound) && strings.Contains(login, "@") {
		u, err = st.UserByEmail(ctx, login)
	}
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, "", err
	}
	var id int64
	if u != nil {
		id = u.ID
	}
	subject := AccountSubject(id, login)
	wait, err := th.Check(ctx, subject, ip, now)
	if err != nil {
		return nil, "", err
	}
	if wait > 0 {
		return nil, "", &ThrottledError{Wait: wait}
	}
	return u, subject, nil
}

// ThrottledError refuses a sign-in attempt for Wait.
type ThrottledError struct{ Wait time.Duration }

func (e *ThrottledError) Error() string {
	return "auth: too many failed sign-ins; wait " + e.Wait.String()
}

// dummyHash has the parameters of real hashes; no password matches it.
// It is made on first use, so commands that never sign anyone in skip it.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("warta dummy password nobody has")
	if err != nil {
		panic(err)
	}
	return h
})
