// Package cli is warta's command line and its only wiring point: it reads
// the configuration, opens the store and builds every part of the program
// once, passing each its dependencies explicitly.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"warta/internal/config"
	"warta/internal/store"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command ran and failed
	exitUsage = 2 // the command line was wrong
)

// Env is how commands read the environment; tests replace it.
type Env struct {
	Stdin          io.Reader // commands that read a password; nil reads nothing
	Stdout, Stderr io.Writer
	Getenv         config.Getenv
	// Ready, when set, is called by serve once it listens, with the site's
	// base URL; the end-to-end tests use it to find a server on port 0.
	Ready func(baseURL string)
}

type command struct {
	summary string
	usage   string
	run     func(ctx context.Context, env Env, args []string) error
}

// commands is filled in init: the commands' run functions read their own
// entry for the help text, which a package-level initializer cannot allow.
var commands map[string]command

func init() {
	commands = map[string]command{
		"serve": {
			summary: "run the site (migrates first; demo content on the first start of an empty database)",
			usage:   "warta serve [--listen 127.0.0.1:8080] [--base-url URL] [--data-dir DIR] [--database-url URL] [--no-demo] [--tls-cert FILE --tls-key FILE]",
			run:     runServe,
		},
		"user": {
			summary: "manage newsroom users: add, list, passwd, role, app-password",
			usage:   userUsage,
			run:     runUser,
		},
		"dev": {
			summary: "developer tools: generate a large realistic site for measuring",
			usage:   "warta dev generate [--articles 1000] [--comments 10] [--commented 1] [--authors 8] [--seed 1] [--data-dir DIR] [--database-url URL]",
			run:     runDev,
		},
		"backup": {
			summary: "write one archive (tar.gz) of the database and the media folder to FILE while the site runs",
			usage:   "warta backup [--data-dir DIR] [--database-url URL] FILE",
			run:     runBackup,
		},
		"restore": {
			summary: "check the backup in FILE, then replace the database and media folder with it and migrate",
			usage:   "warta restore [--data-dir DIR] [--database-url URL] FILE",
			run:     runRestore,
		},
		"drill": {
			summary: "write test articles and comments to a scratch database, one line per commit (for backup and crash rehearsals)",
			usage:   "warta drill --scratch [--count N] [--data-dir DIR] [--database-url URL]",
			run:     runDrill,
		},
		"comments": {
			summary: "moderate reader comments: list, approve, spam, trash, delete; export or erase a reader's data",
			usage:   commentsUsage,
			run:     runComments,
		},
		"migrate": {
			summary: "apply the embedded database migrations and exit",
			usage:   "warta migrate [--data-dir DIR] [--database-url URL]",
			run:     runMigrate,
		},
		"import": {
			summary: "import a WordPress export (WXR): authors, terms, posts, pages, media, comments, old URLs",
			usage:   "warta import wxr FILE [--uploads DIR] [--keep-permalinks] [--data-dir DIR] [--database-url URL]",
			run:     runImport,
		},
		"export": {
			summary: "write the whole site as a WordPress export (WXR 1.2) to FILE or standard output",
			usage:   "warta export wxr [FILE] [--base-url URL] [--data-dir DIR] [--database-url URL]",
			run:     runExport,
		},
	}
}

// Run runs the command named by args[0] and returns the process exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return RunEnv(ctx, args, Env{Stdin: os.Stdin, Stdout: stdout, Stderr: stderr, Getenv: os.LookupEnv})
}

// RunEnv is Run with an explicit environment.
func RunEnv(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		printHelp(env.Stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "--help":
		if len(rest) > 0 {
			if cmd, ok := commands[rest[0]]; ok {
				// The command itself registers its flags; -h makes it print
				// them and stop before doing anything.
				helpEnv := Env{Stdout: env.Stdout, Stderr: env.Stdout, Getenv: env.Getenv}
				if err := cmd.run(ctx, helpEnv, []string{"-h"}); !errors.Is(err, flag.ErrHelp) {
					fmt.Fprintf(env.Stderr, "warta help %s: %v\n", rest[0], err)
					return exitError
				}
				return exitOK
			}
			fmt.Fprintf(env.Stderr, "warta: unknown command %q\n", rest[0])
			return exitUsage
		}
		printHelp(env.Stdout)
		return exitOK
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "warta: unknown command %q; run 'warta help' for the list\n", name)
		return exitUsage
	}
	err := cmd.run(ctx, env, rest)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, new(usageError)):
		fmt.Fprintf(env.Stderr, "warta %s: %v\n", name, err)
		return exitUsage
	}
	fmt.Fprintf(env.Stderr, "warta %s: %v\n", name, err)
	return exitError
}

// usageError marks a wrong command line (exit code 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "warta — a news publishing platform in one binary")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: warta <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, "  %-9s %s\n", "help", "show this list, or a command's flags: warta help serve")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every command takes --data-dir (default ./warta-data) and --database-url")
	fmt.Fprintln(w, "(empty: SQLite in the data folder; postgres://…: PostgreSQL), also as the")
	fmt.Fprintln(w, "environment variables WARTA_DATA_DIR and WARTA_DATABASE_URL.")
}

func newFlagSet(name string, cmd command, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "%s\n\nUsage: %s\n\nFlags:\n", cmd.summary, cmd.usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args into fs; a bad flag is a usage error, -h is flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

func newLogger(w io.Writer, format string) *slog.Logger {
	if strings.EqualFold(format, "json") {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(newRequestLineHandler(w))
}

// openStore opens and migrates the configured database.
func openStore(ctx context.Context, cfg config.Config) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func runMigrate(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	fs := newFlagSet("migrate", commands["migrate"], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(env.Stdout, "database is up to date (%s)\n", st.Engine())
	return nil
}
