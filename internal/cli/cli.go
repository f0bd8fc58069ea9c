// Package cli is warta's command line and its only wiring point: it reads
// the configuration, opens the store and builds every part of the program
// once, passing each its dependencies explicitly.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"sort"
	"strings"

	"warta/internal/config"
	"warta/internal/locale"
	"warta/internal/moderation"
	"warta/internal/store"
)

// Exit codes, one table for every command (README, "Exit codes"). Scripts
// may tell a mistake on the command line from a file that is not what it
// should be, a machine that is not ready, and a refusal to risk data.
const (
	exitOK          = 0   // done
	exitError       = 1   // the command ran and failed for another reason
	exitUsage       = 2   // the command line was wrong: unknown command or flag, missing argument, bad value
	exitInput       = 3   // a file given was refused (not a WordPress export, a damaged backup); nothing changed
	exitEnv         = 4   // the machine is not ready: data folder not writable, port taken, database unreachable, tool missing
	exitRefused     = 5   // refused to risk data: a restore not confirmed, a database that is not warta's
	exitInterrupted = 130 // stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells count)
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
	summary string // catalogue key
	usage   string
	subs    []subcommand // for help and shell completion
	run     func(ctx context.Context, env Env, args []string) error
	hidden  bool // not listed by help (completion's own helper)
}

// subcommand names a word that follows a command (user add, dev generate).
type subcommand struct {
	name    string
	summary string // catalogue key
}

// commands is filled in init: the commands' run functions read their own
// entry for the help text, which a package-level initializer cannot allow.
var commands map[string]command

func init() {
	commands = map[string]command{
		"serve": {
			summary: "cli.cmd.serve",
			usage:   "warta serve [--listen 127.0.0.1:8080] [--base-url URL] [--data-dir DIR] [--database-url URL] [--demo|--no-demo] [--tls-cert FILE --tls-key FILE]",
			run:     runServe,
		},
		"user": {
			summary: "cli.cmd.user",
			usage:   userUsage,
			subs: []subcommand{{"add", "cli.sub.user.add"}, {"list", "cli.sub.user.list"}, {"passwd", "cli.sub.user.passwd"},
				{"role", "cli.sub.user.role"}, {"app-password", "cli.sub.user.app_password"}},
			run: runUser,
		},
		"dev": {
			summary: "cli.cmd.dev",
			usage:   "warta dev generate [--articles 1000] [--comments 10] [--commented 1] [--authors 8] [--seed 1] [--data-dir DIR] [--database-url URL]",
			subs:    []subcommand{{"generate", "cli.sub.dev.generate"}},
			run:     runDev,
		},
		"backup": {
			summary: "cli.cmd.backup",
			usage:   "warta backup FILE [--data-dir DIR] [--database-url URL] [--quiet]",
			run:     runBackup,
		},
		"restore": {
			summary: "cli.cmd.restore",
			usage:   "warta restore FILE [--yes] [--data-dir DIR] [--database-url URL] [--quiet]",
			run:     runRestore,
		},
		"drill": {
			summary: "cli.cmd.drill",
			usage:   "warta drill --scratch [--count N] [--data-dir DIR] [--database-url URL]",
			run:     runDrill,
		},
		"comments": {
			summary: "cli.cmd.comments",
			usage:   commentsUsage,
			subs: []subcommand{{"list", "cli.sub.comments.list"}, {"approve", "cli.sub.comments.approve"},
				{"spam", "cli.sub.comments.spam"}, {"trash", "cli.sub.comments.trash"}, {"delete", "cli.sub.comments.delete"},
				{"export", "cli.sub.comments.export"}, {"erase", "cli.sub.comments.erase"}},
			run: runComments,
		},
		"media": {
			summary: "cli.cmd.media",
			usage:   mediaUsage,
			subs: []subcommand{{"list", "cli.sub.media.list"}, {"delete", "cli.sub.media.delete"},
				{"regenerate", "cli.sub.media.regenerate"}},
			run: runMedia,
		},
		"migrate": {
			summary: "cli.cmd.migrate",
			usage:   "warta migrate [--data-dir DIR] [--database-url URL]",
			run:     runMigrate,
		},
		"import": {
			summary: "cli.cmd.import",
			usage:   "warta import wxr FILE [--uploads DIR] [--keep-permalinks] [--verbose] [--quiet] [--data-dir DIR] [--database-url URL]",
			subs:    []subcommand{{"wxr", "cli.sub.import.wxr"}},
			run:     runImport,
		},
		"export": {
			summary: "cli.cmd.export",
			usage:   "warta export wxr [FILE] [--base-url URL] [--quiet] [--data-dir DIR] [--database-url URL]",
			subs:    []subcommand{{"wxr", "cli.sub.export.wxr"}},
			run:     runExport,
		},
		"version": {
			summary: "cli.cmd.version",
			usage:   "warta version",
			run:     runVersion,
		},
		"completion": {
			summary: "cli.cmd.completion",
			usage:   "warta completion bash|zsh|fish",
			subs:    []subcommand{{"bash", "cli.sub.completion.bash"}, {"zsh", "cli.sub.completion.zsh"}, {"fish", "cli.sub.completion.fish"}},
			run:     runCompletion,
		},
	}
}

// Run runs the command named by args[0] and returns the process exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return RunEnv(ctx, args, Env{Stdin: os.Stdin, Stdout: stdout, Stderr: stderr, Getenv: os.LookupEnv})
}

// RunEnv is Run with an explicit environment.
func RunEnv(ctx context.Context, args []string, env Env) int {
	p := env.printer()
	if len(args) == 0 {
		printHelp(env.Stderr, p)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "--help":
		if len(rest) == 0 {
			printHelp(env.Stdout, p)
			return exitOK
		}
		cmd, ok := commands[rest[0]]
		if !ok {
			fmt.Fprintf(env.Stderr, "warta: %s\n", p.T("cli.err.unknown_command", rest[0]))
			return exitUsage
		}
		// The command registers its flags; -h makes it stop before doing
		// anything and hand them back. "help user add" shows add's flags.
		helpArgs := []string{"-h"}
		if len(rest) > 1 {
			helpArgs = append([]string{rest[1]}, helpArgs...)
		}
		err := cmd.run(ctx, Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: env.Getenv}, helpArgs)
		var help helpRequest
		if !errors.As(err, &help) {
			fmt.Fprintf(env.Stderr, "warta help %s: %s\n", rest[0], localize(p, err))
			return exitUsage
		}
		printCommandHelp(env.Stdout, p, help.name, cmd, help.fs)
		return exitOK
	case "-v", "--version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "warta: %s\n", p.T("cli.err.unknown_command", name))
		return exitUsage
	}
	err := cmd.run(ctx, env, rest)
	var help helpRequest
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &help):
		printCommandHelp(env.Stderr, p, help.name, cmd, help.fs)
		return exitOK
	case errors.As(err, new(usageError)):
		fmt.Fprintf(env.Stderr, "warta %s: %s\n", name, p.T("cli.err.see_help", localize(p, err), name))
		return exitUsage
	}
	fmt.Fprintf(env.Stderr, "warta %s: %s\n", name, localize(p, err))
	return exitCode(ctx, err)
}

// exitCode returns the code of the table above that err calls for.
func exitCode(ctx context.Context, err error) int {
	var c codedError
	switch {
	case errors.As(err, &c):
		return c.code
	case ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, ctx.Err())):
		return exitInterrupted
	}
	return exitError
}

// usageError marks a wrong command line (exit code 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// codedError gives an error its exit code.
type codedError struct {
	code int
	err  error
}

func (e codedError) Error() string { return e.err.Error() }
func (e codedError) Unwrap() error { return e.err }

// inputError marks a file the user gave that cannot be used (exit 3).
func inputError(err error) error { return codedError{exitInput, err} }

// envError marks a machine that is not ready for the command (exit 4).
func envError(err error) error { return codedError{exitEnv, err} }

// refusedError marks a refusal to risk data (exit 5).
func refusedError(err error) error { return codedError{exitRefused, err} }

func printHelp(w io.Writer, p *locale.Printer) {
	fmt.Fprintln(w, p.T("cli.help.title"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, p.T("cli.help.usage_line"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, p.T("cli.help.commands"))
	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if !c.hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, p.T(commands[n].summary))
	}
	fmt.Fprintf(w, "  %-11s %s\n", "help", p.T("cli.cmd.help"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, p.T("cli.help.storage"))
}

func runVersion(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("version", commands["version"], env.Stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "warta %s (%s %s/%s)\n", wartaVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

func newLogger(w io.Writer, format string) *slog.Logger {
	if strings.EqualFold(format, "json") {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(newRequestLineHandler(w))
}

// openStore opens and migrates the configured database, after checking
// that warta may write where it is pointed (preflight.go).
func openStore(ctx context.Context, cfg config.Config) (*store.Store, error) {
	sqlite := !config.IsPostgres(cfg.DatabaseURL)
	if sqlite {
		if err := checkDataDir(cfg.DataDir, true); err != nil {
			return nil, err
		}
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, openError(cfg, err)
	}
	if err := checkTarget(ctx, st, cfg); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if err := moderation.SeedSpamFilter(ctx, st); err != nil {
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
	fmt.Fprintln(env.Stdout, env.printer().T("cli.migrate.done", st.Engine()))
	return nil
}
