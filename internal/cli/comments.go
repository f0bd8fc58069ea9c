package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"warta/internal/config"
	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/sanitize"
	"warta/internal/store"
)

const commentsUsage = `warta comments list [--status pending|approved|spam|trash] [--article ID] [--limit N]
       warta comments approve|spam|trash|delete ID...
       warta comments export --email ADDR
       warta comments erase --email ADDR [--delete]
(each also takes --data-dir DIR --database-url URL)`

// runComments moderates comments from the command line. Every change goes
// through the moderation rules, so it reaches every reader at once (the
// change log drops the cached pages) and teaches the spam classifier.
func runComments(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageError{msg("cli.err.comments_missing_action")}
	}
	verb, rest := args[0], args[1:]
	if verb == "-h" || verb == "--help" {
		return parseFlags(newFlagSet("comments", commands["comments"], env.Stderr), args)
	}
	cfg := config.Default()
	fs := newFlagSet("comments "+verb, commands["comments"], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	if v, ok := env.Getenv("WARTA_BASE_URL"); ok {
		cfg.BaseURL = v
	}
	fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "cli.flag.base_url_comments")
	status := fs.String("status", "", "cli.flag.status_comments")
	article := fs.Int64("article", 0, "cli.flag.article")
	limit := fs.Int("limit", 100, "cli.flag.limit")
	email := fs.String("email", "", "cli.flag.email_comments")
	del := fs.Bool("delete", false, "cli.flag.delete_comments")

	var ids []int64
	positional, err := parseArgs(fs, rest)
	if err != nil {
		return err
	}
	given := cfg.BaseURL // Validate derives one from the listen address
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	switch verb {
	case "approve", "spam", "trash", "delete":
		if len(positional) == 0 {
			return usageError{msg("cli.err.comments_need_id", verb)}
		}
		for _, p := range positional {
			id, err := strconv.ParseInt(p, 10, 64)
			if err != nil || id <= 0 {
				return usageError{msg("cli.err.comments_bad_id", verb, p)}
			}
			ids = append(ids, id)
		}
	case "list":
		if *status != "" && !model.CommentStatus(*status).Valid() {
			return usageError{msg("cli.err.comments_bad_status", *status)}
		}
		if len(positional) > 0 {
			return usageError{msg("cli.err.comments_unexpected", "list", positional[0])}
		}
	case "export", "erase":
		if *email == "" {
			return usageError{msg("cli.err.comments_need_email", verb)}
		}
		if len(positional) > 0 {
			return usageError{msg("cli.err.comments_unexpected", verb, positional[0])}
		}
	default:
		return usageError{msg("cli.err.comments_unknown_action", verb)}
	}

	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if given == "" {
		// Reply notifications link to the site serve last ran as.
		if u, err := st.SiteURL(ctx); err == nil && u != "" {
			cfg.BaseURL = u
		}
	}
	// Reply notifications of approved comments are queued in the outbox;
	// the mail worker of a running warta serve sends them.
	mod := moderation.New(st, moderation.Options{BaseURL: cfg.BaseURL, Logger: newLogger(env.Stderr, cfg.LogFormat)})

	switch verb {
	case "list":
		list, err := st.Comments(ctx, store.CommentFilter{Status: model.CommentStatus(*status), ArticleID: *article, Limit: *limit})
		if err != nil {
			return err
		}
		return printComments(env, list)
	case "approve", "spam", "trash":
		target := map[string]model.CommentStatus{"approve": model.CommentApproved, "spam": model.CommentSpam, "trash": model.CommentTrash}[verb]
		for _, id := range ids {
			if err := mod.SetStatus(ctx, target, id); err != nil {
				if errors.Is(err, model.ErrNotFound) {
					return msg("cli.err.comment_not_found", id)
				}
				return err
			}
			fmt.Fprintln(env.Stdout, env.printer().T("cli.comments.set", id, target))
		}
		return nil
	case "delete":
		for _, id := range ids {
			if err := mod.Delete(ctx, id); err != nil {
				if errors.Is(err, model.ErrNotFound) {
					return msg("cli.err.comment_not_found", id)
				}
				return err
			}
			fmt.Fprintln(env.Stdout, env.printer().T("cli.comments.deleted", id))
		}
		return nil
	case "export":
		list, err := st.Comments(ctx, store.CommentFilter{Email: *email})
		if err != nil {
			return err
		}
		return exportComments(env, *email, list)
	}
	set, err := st.Settings(ctx)
	if err != nil {
		return err
	}
	n, err := st.EraseCommenter(ctx, *email, locale.New(set.Language).T("comments.anonymous"), *del)
	if err != nil {
		return err
	}
	if *del {
		fmt.Fprintln(env.Stdout, env.printer().T("cli.comments.erased_deleted", n, *email))
	} else {
		fmt.Fprintln(env.Stdout, env.printer().T("cli.comments.erased_anonymised", n, *email))
	}
	return nil
}

// printComments writes one comment a line, tab separated, for moderators
// and scripts: id, status, article, spam score, time (UTC), name, email,
// IP, the start of the text.
func printComments(env Env, list []model.Comment) error {
	fmt.Fprintln(env.Stdout, "ID\tSTATUS\tARTICLE\tSCORE\tCREATED\tNAME\tEMAIL\tIP\tTEXT")
	for _, c := range list {
		text := strings.Join(strings.Fields(sanitize.Text(string(c.Content))), " ")
		if r := []rune(text); len(r) > 60 {
			text = string(r[:60]) + "…"
		}
		fmt.Fprintf(env.Stdout, "%d\t%s\t%d\t%.2f\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Status, c.ArticleID, c.SpamScore,
			c.CreatedAt.UTC().Format(time.RFC3339), oneLine(c.AuthorName), c.AuthorEmail, c.IP, text)
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// exportedComment is one comment in a reader's data export.
type exportedComment struct {
	ID        int64     `json:"id"`
	ArticleID int64     `json:"article_id"`
	ParentID  int64     `json:"parent_id,omitempty"`
	Name      string    `json:"author_name"`
	Email     string    `json:"author_email"`
	URL       string    `json:"author_url,omitempty"`
	Content   string    `json:"content_html"`
	Status    string    `json:"status"`
	IP        string    `json:"ip,omitempty"`
	UserAgent string    `json:"user_agent,omitempty"`
	Notify    bool      `json:"notify_replies"`
	CreatedAt time.Time `json:"created_at"`
}

func exportComments(env Env, email string, list []model.Comment) error {
	out := struct {
		Email    string            `json:"email"`
		Comments []exportedComment `json:"comments"`
	}{Email: email, Comments: []exportedComment{}}
	for _, c := range list {
		out.Comments = append(out.Comments, exportedComment{
			ID: c.ID, ArticleID: c.ArticleID, ParentID: c.ParentID, Name: c.AuthorName, Email: c.AuthorEmail,
			URL: c.AuthorURL, Content: string(c.Content), Status: string(c.Status), IP: c.IP,
			UserAgent: c.UserAgent, Notify: c.Notify, CreatedAt: c.CreatedAt.UTC(),
		})
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
