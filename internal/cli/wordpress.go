package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"warta/internal/config"
	"warta/internal/locale"
	"warta/internal/progress"
	"warta/internal/store"
	"warta/internal/wxr"
)

// formatArgs takes the "wxr" that follows import/export and the file
// argument, which may come before, between or after the flags.
func formatArgs(fs *flag.FlagSet, cmd string, args []string) (file string, err error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return "", err
	}
	switch {
	case len(pos) == 0:
		return "", usageError{msg("cli.err.want_format", cmd)}
	case pos[0] != "wxr":
		return "", usageError{msg("cli.err.unknown_format", pos[0], cmd)}
	case len(pos) > 2:
		return "", usageError{msg("cli.err.unexpected_arg", pos[2])}
	case len(pos) == 2:
		return pos[1], nil
	}
	return "", nil
}

func runImport(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	fs := newFlagSet("import", commands["import"], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	uploads := fs.String("uploads", "", "cli.flag.uploads")
	keep := fs.Bool("keep-permalinks", false, "cli.flag.keep_permalinks")
	fetch := fs.Bool("fetch-media", false, "cli.flag.fetch_media")
	quiet := fs.Bool("quiet", false, "cli.flag.quiet")
	verbose := fs.Bool("verbose", false, "cli.flag.verbose")
	file, err := formatArgs(fs, "import", args)
	if err != nil {
		return err
	}
	if file == "" {
		return usageError{msg("cli.err.import_file_missing")}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	if *uploads != "" {
		if info, err := os.Stat(*uploads); err != nil || !info.IsDir() {
			return usageError{msg("cli.err.uploads_not_dir", *uploads)}
		}
	}
	// The file is looked at before the database is opened: a photo or a
	// zip given by mistake is named for what it is and changes nothing.
	if err := sniffWXR(file); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	p := env.printer()
	style := progress.Auto
	if *quiet {
		style = progress.Off
	}
	// One bar per phase: checking the file (bytes), then writing it (records).
	var bar *progress.Reporter
	phase := ""
	opt := wxr.Options{UploadsDir: *uploads, KeepPermalinks: *keep, FetchMedia: *fetch,
		Progress: func(ph string, done, total int64) {
			if ph != phase {
				if bar != nil {
					bar.Finish()
				}
				phase = ph
				label, bytes := p.T("cli.progress.import"), false
				if ph == "check" {
					label, bytes = p.T("cli.progress.import_check"), true
				}
				bar = progress.New(env.Stderr, progress.Options{Label: label, Total: total, Bytes: bytes, Style: style, Printer: p})
			}
			bar.Set(done)
		}}
	if *uploads != "" || *fetch {
		if opt.Media, err = openMedia(ctx, cfg, env); err != nil {
			return err
		}
	}
	rep, err := wxr.Import(ctx, st, file, opt)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return importError(file, err)
	}
	writeImportReport(env.Stdout, p, rep, *verbose)
	return nil
}

// sniffWXR refuses a file that cannot be a WordPress export, saying what
// it looks like instead.
func sniffWXR(file string) error {
	fi, err := os.Stat(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return inputError(msg("cli.err.file_missing", file))
	case errors.Is(err, fs.ErrPermission):
		return inputError(msg("cli.err.file_unreadable", file, currentUser()))
	case err != nil:
		return inputError(err)
	case fi.IsDir():
		return inputError(msg("cli.err.file_is_dir", file))
	}
	err = wxr.Sniff(file)
	var pr *wxr.Problem
	switch {
	case errors.As(err, &pr):
		return inputError(msg("cli.err.import_refused", file, pr))
	case errors.Is(err, fs.ErrPermission):
		return inputError(msg("cli.err.file_unreadable", file, currentUser()))
	case err != nil:
		return inputError(err)
	}
	return nil
}

// importError words why wxr.Import refused file: a mistake at a line and
// column, or a file that is not an export warta can keep.
func importError(file string, err error) error {
	var xe *wxr.Error
	var pr *wxr.Problem
	switch {
	case errors.As(err, &xe):
		return inputError(msg("cli.err.import_malformed_at", file, xe.Line, xe.Column, xe.Err))
	case errors.As(err, &pr) && pr.Key == "wxr.err.no_permalink":
		return inputError(msg("cli.err.import_no_permalink", file))
	case errors.As(err, &pr):
		return inputError(msg("cli.err.import_refused", file, pr))
	}
	return err
}

// writeImportReport prints what an import did, one stable line per fact,
// in the user's language. Skipped records are counted by kind and reason
// ("skipped 2140 post: unchanged since the last import"); verbose names
// each of them instead, which for a re-import of a large site is one line
// per record.
func writeImportReport(w io.Writer, p *locale.Printer, r *wxr.Report, verbose bool) {
	kind := func(k string) string { return p.T("cli.import.kind." + k) }
	for _, k := range []string{"user", "term", "post", "attachment", "comment"} {
		fmt.Fprintln(w, p.T("cli.import.count", kind(k), r.Imported[k], r.Updated[k], r.Skipped[k]))
	}
	if r.Files > 0 {
		fmt.Fprintln(w, p.T("cli.import.files", r.Files))
	}
	if r.Fetched+r.FetchFailed > 0 {
		fmt.Fprintln(w, p.T("cli.import.fetched", r.Fetched, r.FetchFailed))
	}
	if r.Menus > 0 {
		fmt.Fprintln(w, p.T("cli.import.menus", r.Menus, r.MenuItems))
	}
	for _, taxo := range slices.Sorted(maps.Keys(r.CustomTerms)) {
		fmt.Fprintln(w, p.T("cli.import.custom_terms", taxo, r.CustomTerms[taxo]))
	}
	hosts := slices.Sorted(maps.Keys(r.RemoteImages))
	for _, host := range hosts {
		fmt.Fprintln(w, p.T("cli.import.remote", r.RemoteImages[host], host))
	}
	if r.Permalink != "" {
		fmt.Fprintln(w, p.T("cli.import.permalink", r.Permalink, r.PermalinkMatches, r.PermalinkPosts))
		if r.PermalinkKept {
			fmt.Fprintln(w, p.T("cli.import.permalink_kept", r.Permalink))
		}
	}
	if verbose {
		for _, s := range r.Skips {
			fmt.Fprintln(w, p.T("cli.import.skipped_one", kind(s.Kind), s.Key, s.Title, s.Reason.In(p)))
		}
	} else {
		for _, g := range r.SkipCounts() {
			fmt.Fprintln(w, p.T("cli.import.skipped_count", g.Count, kind(g.Kind), g.Reason.In(p)))
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, p.T("cli.import.note", n.In(p)))
	}
}

func runExport(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	fs := newFlagSet("export", commands["export"], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	fs.StringVar(&cfg.BaseURL, "base-url", envOr(env.Getenv, "WARTA_BASE_URL", ""), "cli.flag.base_url_export")
	quiet := fs.Bool("quiet", false, "cli.flag.quiet")
	file, err := formatArgs(fs, "export", args)
	if err != nil {
		return err
	}
	given := cfg.BaseURL // Validate derives one from the listen address
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	if file != "" && file != "-" {
		if err := checkOutputDir(file); err != nil {
			return err
		}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	baseURL, err := siteURL(ctx, env, st, given)
	if err != nil {
		return err
	}
	p := env.printer()
	style := progress.Auto
	if *quiet {
		style = progress.Off
	}
	bar := progress.New(env.Stderr, progress.Options{Label: p.T("cli.progress.export"), Style: style, Printer: p})
	defer bar.Finish()
	count := func(done, total int) {
		bar.SetTotal(int64(total))
		bar.Set(int64(done))
	}
	if file == "" || file == "-" {
		return wxr.Export(ctx, st, env.Stdout, baseURL, count)
	}
	// Written beside the target and renamed, so a failed export never
	// leaves half a file under the name asked for.
	tmp, err := os.CreateTemp(filepath.Dir(file), ".export-*.wxr")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := wxr.Export(ctx, st, tmp, baseURL, count); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it private
		return err
	}
	return os.Rename(tmp.Name(), file)
}

// siteURL is the public URL links are written with outside a request: the
// one given (--base-url or WARTA_BASE_URL), else the one `warta serve`
// recorded when it last started with a configured --base-url, else what
// serve derives from its listen address (with a note on standard error,
// as it is rarely what readers use).
func siteURL(ctx context.Context, env Env, st *store.Store, given string) (string, error) {
	if given != "" {
		return strings.TrimRight(given, "/"), nil
	}
	stored, err := st.SiteURL(ctx)
	if err != nil {
		return "", err
	}
	if stored != "" {
		return stored, nil
	}
	cfg := config.Default()
	cfg.Listen = envOr(env.Getenv, "WARTA_LISTEN", cfg.Listen)
	if err := cfg.Validate(); err != nil {
		return "", usageError{err}
	}
	fmt.Fprintln(env.Stderr, env.printer().T("cli.note.base_url_derived", cfg.BaseURL))
	return cfg.BaseURL, nil
}

func envOr(env config.Getenv, key, def string) string {
	if v, ok := env(key); ok && v != "" {
		return v
	}
	return def
}
