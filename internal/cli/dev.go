package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"warta/internal/config"
	"warta/internal/locale"
	"warta/internal/progress"
	"warta/internal/tools/gen"
)

// runDev dispatches the developer commands: `warta dev generate`.
func runDev(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageError{msg("cli.err.dev_missing_sub")}
	}
	switch args[0] {
	case "generate":
		return runDevGenerate(ctx, env, args[1:])
	case "-h", "--help":
		fs := newFlagSet("dev", commands["dev"], env.Stderr)
		return parseFlags(fs, args)
	}
	return usageError{msg("cli.err.dev_unknown_sub", args[0])}
}

func runDevGenerate(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	fs := newFlagSet("dev generate", commands["dev"], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	var opts gen.Options
	fs.IntVar(&opts.Articles, "articles", 1000, "posts to write")
	fs.IntVar(&opts.Comments, "comments", 10, "approved comments on each commented post (about a third are replies)")
	fs.Float64Var(&opts.Commented, "commented", 1, "share of posts that get comments, from 0 to 1 (0.1: one in ten)")
	fs.IntVar(&opts.Authors, "authors", 8, "newsroom members credited in bylines")
	fs.Uint64Var(&opts.Seed, "seed", 1, "the same seed writes the same site (dates follow the clock)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if opts.Articles < 0 || opts.Comments < 0 || opts.Authors < 1 {
		return usageError{msg("cli.err.dev_counts")}
	}
	if opts.Commented <= 0 || opts.Commented > 1 {
		return usageError{msg("cli.err.dev_commented")}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()

	set, err := st.Settings(ctx)
	if err != nil {
		return err
	}
	started := time.Now()
	bar := progress.New(env.Stderr, progress.Options{Label: locale.New(set.Language).T("progress.generate"),
		Total: int64(opts.Articles), Printer: locale.New(set.Language)})
	opts.Progress = func(done, _ int) { bar.Set(int64(done)) }
	res, err := gen.Generate(ctx, st, opts)
	bar.Finish()
	if err != nil {
		return err
	}
	// A million fresh rows leave the planner's statistics behind: the
	// first request would otherwise be planned as for an empty site.
	if err := st.Optimize(ctx); err != nil {
		return err
	}
	p := env.printer()
	fmt.Fprintln(env.Stdout, p.T("cli.dev.generated", res.Articles, res.Comments, time.Since(started).Round(time.Millisecond), st.Engine()))
	if res.Newest != nil {
		links, err := st.Permalinks(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, p.T("cli.dev.newest", res.Newest.Path(links)))
		if res.Commented != nil {
			fmt.Fprintln(env.Stdout, p.T("cli.dev.newest_commented", res.Commented.Path(links)))
		}
	}
	return nil
}

// isTerminal reports whether w is a terminal, where progress is shown;
// piped output stays quiet.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
