package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"warta/internal/config"
	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
)

const mediaUsage = `warta media list [--search WORDS] [--limit N]
       warta media delete ID... [--yes]
       warta media regenerate [--force] [--quiet]
(each also takes --data-dir DIR --database-url URL --media-url URL)`

// runMedia lists and deletes media items from the command line, wherever
// the media are kept (the data folder or a bucket, --media-url). A
// deletion names the articles that still show the item and asks for
// --yes before it leaves them without it, as the newsroom's confirmation
// does.
func runMedia(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageError{msg("cli.err.media_missing_action")}
	}
	verb, rest := args[0], args[1:]
	if verb == "-h" || verb == "--help" {
		return parseFlags(newFlagSet("media", commands["media"], env.Stderr), args)
	}
	cfg := config.Default()
	fs := newFlagSet("media "+verb, commands["media"], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	var limit *int
	var yes *bool
	var search *string
	if verb == "regenerate" {
		return runMediaRegenerate(ctx, env, &cfg, fs, rest)
	}
	switch verb {
	case "list":
		limit = fs.Int("limit", 100, "cli.flag.limit_media")
		search = fs.String("search", "", "cli.flag.search_media")
	case "delete":
		yes = fs.Bool("yes", false, "cli.flag.yes_media")
	default:
		return usageError{msg("cli.err.media_unknown_action", verb)}
	}
	positional, err := parseArgs(fs, rest)
	if err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	var ids []int64
	switch verb {
	case "list":
		if len(positional) > 0 {
			return usageError{msg("cli.err.unexpected_arg", positional[0])}
		}
		if *limit < 1 {
			return usageError{msg("cli.err.bad_value", "--limit", strconv.Itoa(*limit), msg("cli.err.want_number"))}
		}
	case "delete":
		if len(positional) == 0 {
			return usageError{msg("cli.err.media_need_id")}
		}
		for _, p := range positional {
			id, err := strconv.ParseInt(p, 10, 64)
			if err != nil || id <= 0 {
				return usageError{msg("cli.err.media_bad_id", p)}
			}
			ids = append(ids, id)
		}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if verb == "list" {
		return listMedia(ctx, env, st, *search, *limit)
	}
	files, err := openMedia(ctx, cfg, env)
	if err != nil {
		return err
	}
	// Every item is checked before any is deleted: one still in use stops
	// the command with nothing changed.
	items := make([]*model.Media, len(ids))
	for i, id := range ids {
		if items[i], err = st.Media(ctx, id); errors.Is(err, model.ErrNotFound) {
			return msg("cli.err.media_not_found", id)
		} else if err != nil {
			return err
		}
		if *yes {
			continue
		}
		uses, n, err := st.ArticlesUsingMedia(ctx, id, 3)
		if err != nil {
			return err
		}
		if n > 0 {
			var named []string
			for _, u := range uses {
				named = append(named, fmt.Sprintf("%q (%d)", u.Title, u.ID))
			}
			if n > len(uses) {
				named = append(named, "…")
			}
			return refusedError(msg("cli.err.media_in_use", id, items[i].Path, n, strings.Join(named, ", ")))
		}
	}
	p := env.printer()
	for _, m := range items {
		gone, err := media.Delete(ctx, st, files, m.ID)
		if gone == nil {
			return err
		}
		if err != nil {
			// The record is gone; say which files stayed behind.
			fmt.Fprintln(env.Stderr, p.T("cli.media.files_left", m.ID, localize(p, err)))
		}
		if err := st.InsertAudit(ctx, &store.AuditEntry{Action: "media.delete", ObjectType: "media", ObjectID: m.ID,
			Detail: m.Path, Via: store.AuditViaCLI}); err != nil {
			return msg("cli.err.audit_failed", err)
		}
		fmt.Fprintln(env.Stdout, p.T("cli.media.deleted", m.ID, m.Path, len(m.Variants), files))
	}
	return nil
}

// listMedia prints the newest items, or those search finds by file name,
// alt text or caption as the newsroom's library does, one a line, tab
// separated, for people and scripts: id, path, width×height, size in
// bytes, number of sizes, alt text.
func listMedia(ctx context.Context, env Env, st *store.Store, search string, limit int) error {
	items, _, err := st.SearchMedia(ctx, search, limit, 0)
	if err != nil {
		return err
	}
	for _, m := range items {
		fmt.Fprintf(env.Stdout, "%d\t%s\t%dx%d\t%d\t%d\t%s\n", m.ID, m.Path, m.Width, m.Height, m.Size, len(m.Variants),
			strings.ReplaceAll(m.Alt, "\t", " "))
	}
	return nil
}
