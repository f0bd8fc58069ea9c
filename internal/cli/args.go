package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"warta/internal/locale"
)

// Every command parses its command line the same way: flags may come
// before, between or after the positional arguments (`warta backup FILE
// --data-dir D` as well as `warta backup --data-dir D FILE`), `--` ends
// the flags, and a mistake is one short line that names the flag, the
// closest real one and where to read more — never a screen of usage
// that scrolls the error away.

// newFlagSet returns the flag set of command name (the words after
// "warta", such as "user add"). Nothing is printed while parsing: -h
// returns a helpRequest, which RunEnv prints in the user's language, and
// errors become usage errors. out is not written to; it stays in the
// signature the commands call it with.
func newFlagSet(name string, cmd command, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	_, _ = cmd, out
	return fs
}

// helpRequest is returned for -h and --help: RunEnv prints the command's
// help, in the user's language, and exits 0. It is a flag.ErrHelp.
type helpRequest struct {
	name string // "user add"
	fs   *flag.FlagSet
}

func (helpRequest) Error() string { return flag.ErrHelp.Error() }
func (helpRequest) Unwrap() error { return flag.ErrHelp }

// parseArgs parses args into fs, flags and positional arguments in any
// order, and returns the positional ones. -h or --help returns a
// helpRequest.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, helpRequest{name: fs.Name(), fs: fs}
			}
			return nil, flagError(fs, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// Parse stops at the first argument that is not a flag, or after
		// "--", which makes everything after it positional.
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// parseFlags parses args into fs and refuses positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{msg("cli.err.unexpected_arg", pos[0])}
	}
	return nil
}

// flagError turns the flag package's error into one line in the user's
// words: an unknown flag with the closest real one, a value that does
// not parse, a flag without its value.
func flagError(fs *flag.FlagSet, err error) error {
	s := err.Error()
	name := func(prefix string) string {
		n := strings.TrimPrefix(s, prefix)
		if i := strings.IndexAny(n, " :"); i >= 0 {
			n = n[:i]
		}
		return "--" + strings.TrimLeft(n, "-")
	}
	switch {
	case strings.HasPrefix(s, "flag provided but not defined: "):
		bad := name("flag provided but not defined: ")
		if near := closestFlag(fs, strings.TrimLeft(bad, "-")); near != "" {
			return usageError{msg("cli.err.unknown_flag_near", bad, "--"+near)}
		}
		return usageError{msg("cli.err.unknown_flag", bad)}
	case strings.HasPrefix(s, "flag needs an argument: "):
		n := name("flag needs an argument: ")
		return usageError{msg("cli.err.flag_needs_value", n, n)}
	case strings.HasPrefix(s, "invalid value "), strings.HasPrefix(s, "invalid boolean value "):
		// invalid value "x" for flag -count: parse error
		var value, flagName string
		if i := strings.Index(s, `"`); i >= 0 {
			if j := strings.Index(s[i+1:], `"`); j >= 0 {
				value = s[i+1 : i+1+j]
			}
		}
		if i := strings.Index(s, " -"); i >= 0 {
			flagName = "--" + strings.TrimLeft(strings.SplitN(s[i+1:], ":", 2)[0], "-")
		}
		want := "cli.err.want_value"
		if f := fs.Lookup(strings.TrimLeft(flagName, "-")); f != nil {
			if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); isBool {
				want = "cli.err.want_bool"
			} else if strings.Contains(fmt.Sprintf("%T", f.Value), "int") {
				want = "cli.err.want_number"
			} else if strings.Contains(fmt.Sprintf("%T", f.Value), "duration") {
				want = "cli.err.want_duration"
			}
		}
		return usageError{msg("cli.err.bad_value", flagName, value, msg(want))}
	case strings.HasPrefix(s, "bad flag syntax: "):
		return usageError{msg("cli.err.bad_syntax", strings.TrimPrefix(s, "bad flag syntax: "))}
	}
	return usageError{err}
}

// flagSynonyms maps words people try from other programs to warta's flag.
var flagSynonyms = map[string]string{
	"port": "listen", "addr": "listen", "address": "listen", "bind": "listen", "host": "listen", "http": "listen",
	"db": "database-url", "database": "database-url", "dsn": "database-url", "postgres": "database-url", "pg": "database-url",
	"data": "data-dir", "dir": "data-dir", "datadir": "data-dir", "path": "data-dir",
	"url": "base-url", "site-url": "base-url", "baseurl": "base-url", "domain": "base-url",
	"user": "login", "username": "login", "mail": "email",
	"force": "yes", "y": "yes", "assume-yes": "yes", "confirm": "yes",
	"quiet": "quiet", "q": "quiet", "silent": "quiet",
	"v": "verbose", "debug": "verbose",
	"theme": "theme-dir", "cert": "tls-cert", "key": "tls-key",
	"demo": "demo", "nodemo": "no-demo",
}

// closestFlag returns the defined flag nearest to bad: a known synonym,
// a flag that starts with it or holds it, or one a few edits away; ""
// when none is close enough to be worth suggesting.
func closestFlag(fs *flag.FlagSet, bad string) string {
	bad = strings.ToLower(bad)
	if s, ok := flagSynonyms[bad]; ok && fs.Lookup(s) != nil {
		return s
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	for _, n := range names {
		if len(bad) >= 3 && (strings.HasPrefix(n, bad) || strings.Contains(n, bad)) {
			return n
		}
	}
	best, bestD := "", max(2, len(bad)/3)+1
	for _, n := range names {
		if d := editDistance(bad, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// printCommandHelp prints what `warta help NAME` shows: the summary, the
// usage lines, the subcommands and the flags, each translated. A command
// without flags of its own has no "Flags:" heading.
func printCommandHelp(w io.Writer, p *locale.Printer, name string, cmd command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s\n\n%s\n", p.T(cmd.summary), p.T("cli.help.usage"))
	for _, l := range strings.Split(cmd.usage, "\n") {
		fmt.Fprintf(w, "  %s\n", strings.TrimSpace(l))
	}
	if len(cmd.subs) > 0 && !strings.Contains(name, " ") {
		fmt.Fprintf(w, "\n%s\n", p.T("cli.help.subcommands"))
		for _, s := range cmd.subs {
			fmt.Fprintf(w, "  %-14s %s\n", s.name, p.T(s.summary))
		}
	}
	var flags []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
	if len(flags) > 0 {
		fmt.Fprintf(w, "\n%s\n", p.T("cli.help.flags"))
		for _, f := range flags {
			arg := ""
			if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); !isBool {
				arg = " " + valueName(f)
			}
			fmt.Fprintf(w, "  --%s%s\n      %s", f.Name, arg, p.T(f.Usage))
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				fmt.Fprintf(w, " (%s)", p.T("cli.help.default", f.DefValue))
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "\n%s\n", p.T("cli.help.more"))
}

// valueName is the placeholder shown after a flag that takes a value.
func valueName(f *flag.Flag) string {
	switch t := fmt.Sprintf("%T", f.Value); {
	case strings.Contains(t, "int"), strings.Contains(t, "uint"):
		return "N"
	case strings.Contains(t, "duration"):
		return "DURATION"
	}
	switch {
	case strings.HasSuffix(f.Name, "-url"), f.Name == "purge-webhook":
		return "URL"
	case strings.HasSuffix(f.Name, "-dir"), f.Name == "uploads":
		return "DIR"
	case strings.HasPrefix(f.Name, "tls-"):
		return "FILE"
	}
	return "VALUE"
}

// localized is an error whose message is a catalogue key and its
// arguments: RunEnv prints it in the user's language, Error gives English
// (for logs and tests that wrap it).
type localized struct {
	key  string
	args []any
}

// msg returns the error of message key, formatted with args; an argument
// that is itself a localized error is translated with it.
func msg(key string, args ...any) error { return &localized{key, args} }

func (l *localized) Error() string { return l.In(english) }

// Unwrap gives the errors among the arguments, so that errors.Is and
// errors.As see through a message as they see through %w.
func (l *localized) Unwrap() []error {
	var errs []error
	for _, a := range l.args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// In returns the message in p's language.
func (l *localized) In(p *locale.Printer) string {
	args := make([]any, len(l.args))
	for i, a := range l.args {
		if err, ok := a.(error); ok {
			a = localize(p, err)
		}
		args[i] = a
	}
	return p.T(l.key, args...)
}

var english = locale.New("en")

// worded is an error that can say itself in another language: a
// localized message, or a package's (a *locale.Problem from config, a
// *media.ConfigError, a *wxr.Problem).
type worded interface {
	error
	In(p *locale.Printer) string
}

// localize returns err's message in p's language as far as warta wrote
// it: the worded errors in it are translated, the context wrapped around
// them (such as "backup: ") stays as it is, and each of several joined
// errors (errors.Join) is translated on its own line.
func localize(p *locale.Printer, err error) string {
	s := err.Error()
	switch e := err.(type) {
	case worded:
		return e.In(p)
	case interface{ Unwrap() []error }:
		parts := e.Unwrap()
		en := make([]string, len(parts))
		out := make([]string, len(parts))
		for i, part := range parts {
			en[i], out[i] = part.Error(), localize(p, part)
		}
		if strings.Join(en, "\n") == s { // errors.Join's message
			return strings.Join(out, "\n")
		}
	case interface{ Unwrap() error }:
		if inner := e.Unwrap(); inner != nil {
			if in := inner.Error(); strings.HasSuffix(s, in) {
				return s[:len(s)-len(in)] + localize(p, inner)
			}
		}
	}
	return s
}

// printer returns the catalogue of the user's language, as the locale
// environment variables name it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as
// gettext reads them): Indonesian for id_ID.UTF-8, English for en_US,
// C, POSIX, any other language and none.
func (env Env) printer() *locale.Printer {
	get := func(k string) string {
		if env.Getenv == nil {
			return ""
		}
		v, _ := env.Getenv(k)
		return v
	}
	pick := func(v string) string {
		v = strings.ToLower(v)
		if i := strings.IndexAny(v, "_.@-"); i >= 0 {
			v = v[:i]
		}
		if v == "id" || v == "in" { // "in" is Indonesian's withdrawn code, still seen
			return "id"
		}
		return "en"
	}
	lc := get("LC_ALL")
	if lc == "" {
		lc = get("LC_MESSAGES")
	}
	if lc == "" {
		lc = get("LANG")
	}
	// gettext reads LANGUAGE, a list by preference, unless the locale is C.
	if langs := get("LANGUAGE"); langs != "" && lc != "C" && lc != "POSIX" {
		for _, l := range strings.Split(langs, ":") {
			if l != "" {
				return locale.New(pick(l))
			}
		}
	}
	return locale.New(pick(lc))
}
