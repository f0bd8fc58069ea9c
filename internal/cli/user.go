package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"warta/internal/auth"
	"warta/internal/config"
	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/store"
)

const userUsage = `warta user add --login NAME --email ADDR --role ROLE [--name "Display Name"]   (password on standard input)
       warta user list
       warta user passwd --login NAME   (new password on standard input)
       warta user role --login NAME --role ROLE
       warta user app-password NAME --login LOGIN   (prints a new application password, once)
       warta user app-password --list --login LOGIN
       warta user app-password --revoke UUID --login LOGIN
Roles: administrator, editor, author, contributor.
Application passwords sign REST API clients in over HTTP Basic (login + password).`

// runUser dispatches the user subcommands.
func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageError{msg("cli.err.user_missing_sub")}
	}
	if args[0] == "-h" || args[0] == "--help" {
		fs := newFlagSet("user", commands["user"], env.Stderr)
		return parseFlags(fs, args)
	}
	sub, rest := args[0], args[1:]
	cfg := config.Default()
	fs := newFlagSet("user "+sub, commands["user"], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	var login, email, role, name, revoke string
	var list bool
	switch sub {
	case "add":
		fs.StringVar(&login, "login", "", "cli.flag.login_add")
		fs.StringVar(&email, "email", "", "cli.flag.email_user")
		fs.StringVar(&role, "role", "", "cli.flag.role")
		fs.StringVar(&name, "name", "", "cli.flag.name_user")
	case "passwd":
		fs.StringVar(&login, "login", "", "cli.flag.login_passwd")
	case "role":
		fs.StringVar(&login, "login", "", "cli.flag.login_role")
		fs.StringVar(&role, "role", "", "cli.flag.role")
	case "list":
	case "app-password":
		fs.StringVar(&login, "login", "", "cli.flag.login_app")
		fs.BoolVar(&list, "list", false, "cli.flag.list_app_passwords")
		fs.StringVar(&revoke, "revoke", "", "cli.flag.revoke")
	default:
		return usageError{msg("cli.err.user_unknown_sub", sub)}
	}
	pos, err := parseArgs(fs, rest)
	if err != nil {
		return err
	}
	if sub == "app-password" && len(pos) > 0 {
		name, pos = pos[0], pos[1:] // app-password NAME --login LOGIN, or after the flags
	}
	if len(pos) > 0 {
		return usageError{msg("cli.err.unexpected_arg", pos[0])}
	}
	if sub == "app-password" {
		switch {
		case list && revoke != "":
			return usageError{msg("cli.err.list_revoke_alone")}
		case (list || revoke != "") && name != "":
			return usageError{msg("cli.err.name_not_with_list", name)}
		case !list && revoke == "" && strings.TrimSpace(name) == "":
			return usageError{msg("cli.err.app_name_missing")}
		}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	if sub != "list" && login == "" {
		return usageError{msg("cli.err.flag_required", "--login")}
	}
	if (sub == "add" || sub == "role") && role == "" {
		return usageError{msg("cli.err.flag_required", "--role")}
	}
	if sub == "add" && email == "" {
		return usageError{msg("cli.err.flag_required", "--email")}
	}
	if role != "" && !model.Role(role).Valid() {
		return usageError{msg("cli.err.bad_role", role)}
	}
	var password string
	if sub == "add" || sub == "passwd" {
		p, err := readPassword(env.Stdin, env.Stderr)
		if err != nil {
			return err
		}
		password = p
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "add":
		u, err := auth.CreateUser(ctx, st, auth.NewUser{Login: login, Email: email, DisplayName: name,
			Role: model.Role(role), Password: password})
		if err != nil {
			return fieldErrors(err)
		}
		fmt.Fprintln(env.Stdout, env.printer().T("cli.user.added", u.ID, u.Login, u.Role))
		return auditCLI(ctx, st, "user.add", u.ID, u.Login+" ("+string(u.Role)+")")
	case "list":
		return listUsers(ctx, st, env.Stdout)
	case "passwd":
		if rule := auth.CheckPasswordRules(password); rule != "" {
			return msg("cli.err.stdin", msg(rule))
		}
		u, err := st.UserByLogin(ctx, login)
		if err != nil {
			return msg("cli.err.no_such_user", login)
		}
		hash, err := auth.HashPassword(password)
		if err != nil {
			return err
		}
		if err := st.SetUserPassword(ctx, u.ID, hash, ""); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, env.printer().T("cli.user.password_changed", u.Login))
		return auditCLI(ctx, st, "user.password_set", u.ID, u.Login)
	case "app-password":
		u, err := st.UserByLogin(ctx, login)
		if err != nil {
			return msg("cli.err.no_such_user", login)
		}
		return appPassword(ctx, st, env.Stdout, u, name, list, revoke)
	default: // role
		u, err := st.UserByLogin(ctx, login)
		if err != nil {
			return msg("cli.err.no_such_user", login)
		}
		if err := st.SetUserRole(ctx, u.ID, model.Role(role)); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, env.printer().T("cli.user.role_changed", u.Login, role))
		return auditCLI(ctx, st, "user.role", u.ID, role)
	}
}

// auditCLI records a change the warta command made to user id in the
// newsroom's audit log, as made on the server rather than by a signed-in user.
func auditCLI(ctx context.Context, st *store.Store, action string, id int64, detail string) error {
	err := st.InsertAudit(ctx, &store.AuditEntry{Action: action, ObjectType: "user", ObjectID: id, Detail: detail,
		Via: store.AuditViaCLI})
	if err != nil {
		return msg("cli.err.audit_failed", err)
	}
	return nil
}

// readPassword reads the first line of r (without its line ending). On a
// terminal it asks for it on prompt and does not echo what is typed.
func readPassword(r io.Reader, prompt io.Writer) (string, error) {
	if r == nil {
		return "", msg("cli.err.no_password")
	}
	if f, ok := r.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("standard input: %w", err)
		}
		if len(b) == 0 {
			return "", msg("cli.err.no_password")
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", msg("cli.err.no_password_tty")
	}
	return line, nil
}

// fieldErrors turns a ValidationError into one line per flag, in English.
//
// A value given on the command line that is malformed (an address that is
// not one, a login with spaces) is a wrong command line: exit 2, as the
// README's table says for a value that does not parse. A refusal that no
// spelling of the flags could fix (the login is taken, the password from
// standard input breaks a rule) is a failure: exit 1.
func fieldErrors(err error) error {
	var verr *model.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	fe := fieldError{verr.Fields}
	for field, key := range verr.Fields {
		if field == "password" || key == "auth.err.login_taken" {
			return fe
		}
	}
	return usageError{fe}
}

// fieldError is a refused user, told field by field in the user's
// language, each field named as it is given on the command line.
type fieldError struct{ fields map[string]string } // field → message key

func (e fieldError) Error() string { return e.In(english) }

func (e fieldError) In(p *locale.Printer) string {
	flags := map[string]string{"login": "--login", "email": "--email", "role": "--role", "name": "--name"}
	var lines []string
	for field, key := range e.fields {
		where := flags[field]
		switch {
		case field == "password":
			where = p.T("cli.where.stdin_password")
		case where == "":
			where = field
		}
		lines = append(lines, where+": "+strings.TrimSuffix(p.T(key), "."))
	}
	sort.Strings(lines)
	return strings.Join(lines, "; ")
}

func listUsers(ctx context.Context, st *store.Store, w io.Writer) error {
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLOGIN\tROLE\tEMAIL\tNAME\tPASSWORD")
	for _, u := range users {
		pw := "set"
		if u.PasswordHash == "" {
			pw = "none"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Login, u.Role, u.Email, u.DisplayName, pw)
	}
	return tw.Flush()
}
