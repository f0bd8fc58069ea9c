package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"warta/internal/config"
	"warta/internal/tools/gen"
)

// runDev dispatches the developer commands: `warta dev generate`.
func runDev(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageError{errors.New("missing subcommand; try: warta dev generate --articles 10000 --comments 30")}
	}
	switch args[0] {
	case "generate":
		return runDevGenerate(ctx, env, args[1:])
	case "-h", "--help":
		fs := newFlagSet("dev", commands["dev"], env.Stderr)
		return parseFlags(fs, args)
	}
	return usageError{fmt.Errorf("unknown subcommand %q; try: warta dev generate", args[0])}
}

func runDevGenerate(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	fs := newFlagSet("dev generate", commands["dev"], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	var opts gen.Options
	fs.IntVar(&opts.Articles, "articles", 1000, "posts to write")
	fs.IntVar(&opts.Comments, "comments", 10, "approved comments on each post (about a third are replies)")
	fs.IntVar(&opts.Authors, "authors", 8, "newsroom members credited in bylines")
	fs.Uint64Var(&opts.Seed, "seed", 1, "the same seed writes the same site (dates follow the clock)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if opts.Articles < 0 || opts.Comments < 0 || opts.Authors < 1 {
		return usageError{errors.New("--articles and --comments must be 0 or more, --authors at least 1")}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()

	if isTerminal(env.Stderr) {
		opts.Progress = func(done, total int) {
			fmt.Fprintf(env.Stderr, "\r%d/%d posts", done, total)
			if done == total {
				fmt.Fprintln(env.Stderr)
			}
		}
	}
	started := time.Now()
	res, err := gen.Generate(ctx, st, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "generated %d posts and %d comments in %s (%s)\n",
		res.Articles, res.Comments, time.Since(started).Round(time.Millisecond), st.Engine())
	if res.Newest != nil {
		links, err := st.Permalinks(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "newest post: %s\n", res.Newest.Path(links))
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
