package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"warta/internal/config"
	"warta/internal/media"
	"warta/internal/progress"
)

// runMediaRegenerate makes the WebP and AVIF copies and the focal-point
// crops every media item lacks (all of them again with --force), with
// progress: an imported archive has thousands of items, and `serve` would
// otherwise make them one by one beside its work. It exits non-zero when
// any item failed, after trying every other. cfg is the one fs's storage
// flags were bound to, read after fs is parsed.
func runMediaRegenerate(ctx context.Context, env Env, cfg *config.Config, fs *flag.FlagSet, args []string) error {
	force := fs.Bool("force", false, "cli.flag.regenerate_force")
	quiet := fs.Bool("quiet", false, "cli.flag.quiet")
	positional, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return usageError{msg("cli.err.unexpected_arg", positional[0])}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	st, err := openStore(ctx, *cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	files, err := openMedia(ctx, *cfg, env)
	if err != nil {
		return err
	}
	p := env.printer()
	style := progress.Auto
	if *quiet {
		style = progress.Off
	}
	bar := progress.New(env.Stderr, progress.Options{Label: p.T("cli.progress.regenerate"), Style: style, Printer: p})
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	changed, failed, err := media.RenditionsAll(ctx, st, files, *force, bar, log)
	bar.Finish()
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, p.T("cli.media.regenerated", changed, failed))
	if failed > 0 {
		return msg("cli.err.regenerate_failed", failed)
	}
	return nil
}
