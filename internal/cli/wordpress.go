package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"warta/internal/config"
	"warta/internal/wxr"
)

// splitFormat takes the "wxr" that follows import/export and the optional
// file argument, which may come before or after the flags.
func splitFormat(args []string) (format string, file string, flags []string) {
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
			if !containsEq(a) && i+1 < len(args) && takesValue(a) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			pos = append(pos, a)
		}
	}
	if len(pos) > 0 {
		format = pos[0]
	}
	if len(pos) > 1 {
		file = pos[1]
	}
	if len(pos) > 2 {
		flags = append(flags, pos[2:]...) // reported as unexpected by parseFlags
	}
	return format, file, flags
}

func containsEq(s string) bool {
	for _, c := range s {
		if c == '=' {
			return true
		}
	}
	return false
}

// takesValue reports whether a flag of import/export is followed by a value.
func takesValue(flag string) bool {
	switch flag {
	case "-h", "-help", "--help":
		return false
	}
	return true
}

func runImport(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	fs := newFlagSet("import", commands["import"], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	uploads := fs.String("uploads", "", "a copy of the old site's wp-content/uploads folder; attachments' files are copied from it")
	keep := fs.Bool("keep-permalinks", false, "set the site's permalink structure to the one the export's post links follow, so they answer as they are")
	format, file, flags := splitFormat(args)
	if err := parseFlags(fs, flags); err != nil {
		return err
	}
	if format != "wxr" {
		return usageError{fmt.Errorf("want 'import wxr FILE', got format %q", format)}
	}
	if file == "" {
		return usageError{errors.New("import wxr: the export file is missing")}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	if *uploads != "" {
		if info, err := os.Stat(*uploads); err != nil || !info.IsDir() {
			return usageError{fmt.Errorf("--uploads %q is not a folder", *uploads)}
		}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	opt := wxr.Options{UploadsDir: *uploads, MediaDir: cfg.MediaDir(), KeepPermalinks: *keep}
	if isTerminal(env.Stderr) {
		opt.Progress = env.Stderr
	}
	rep, err := wxr.Import(ctx, st, file, opt)
	if err != nil {
		return err
	}
	rep.Write(env.Stdout)
	return nil
}

func runExport(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	fs := newFlagSet("export", commands["export"], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	fs.StringVar(&cfg.BaseURL, "base-url", envOr(env.Getenv, "WARTA_BASE_URL", "http://localhost:8080"),
		"public URL of the site, for the export's links (env WARTA_BASE_URL)")
	format, file, flags := splitFormat(args)
	if err := parseFlags(fs, flags); err != nil {
		return err
	}
	if format != "wxr" {
		return usageError{fmt.Errorf("want 'export wxr [FILE]', got format %q", format)}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	var progress io.Writer
	if isTerminal(env.Stderr) {
		progress = env.Stderr
	}
	if file == "" || file == "-" {
		return wxr.Export(ctx, st, env.Stdout, cfg.BaseURL, progress)
	}
	// Written beside the target and renamed, so a failed export never
	// leaves half a file under the name asked for.
	tmp, err := os.CreateTemp(filepath.Dir(file), ".export-*.wxr")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := wxr.Export(ctx, st, tmp, cfg.BaseURL, progress); err != nil {
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

func envOr(env config.Getenv, key, def string) string {
	if v, ok := env(key); ok && v != "" {
		return v
	}
	return def
}
