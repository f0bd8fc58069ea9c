package cli

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"time"

	"warta/internal/config"
	"warta/internal/model"
	"warta/internal/store"
)

// runDrill writes numbered articles, each with an approved comment, to a
// scratch database as fast as it can, printing one line per committed
// write. It is for rehearsing what an operator must trust before it
// happens for real — a backup taken under load, a process killed mid-write
// (the crash test drives it), a restore — never for a site in use: it
// refuses to run without --scratch.
//
// Output, one line per acknowledged write, stable for scripts:
//
//	article ID SLUG
//	comment ID ARTICLE_ID
func runDrill(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	fs := newFlagSet("drill", commands["drill"], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	scratch := fs.Bool("scratch", false, "cli.flag.scratch")
	count := fs.Int("count", 0, "cli.flag.count")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*scratch {
		return usageError{errors.New("the drill fills the database with test articles; pass --scratch to confirm it is a scratch database")}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()

	author, err := drillAuthor(ctx, st)
	if err != nil {
		return err
	}
	run := time.Now().UTC().Format("20060102t150405.000000")
	for i := 1; *count == 0 || i <= *count; i++ {
		if ctx.Err() != nil {
			return nil
		}
		a := &model.Article{
			Slug:     fmt.Sprintf("drill-%s-%d", run, i),
			Title:    fmt.Sprintf("Drill %s nomor %d", run, i),
			BodyHTML: template.HTML(fmt.Sprintf("<p>Tulisan latihan nomor %d.</p>", i)),
			Status:   model.StatusPublished,
			Lang:     "id",
			Bylines:  []model.Byline{{User: *author}},
		}
		// Writes are not cancelled midway by an interrupt: the drill stops
		// between them, so every line printed is a committed row.
		if err := st.InsertArticle(context.WithoutCancel(ctx), a); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "article %d %s\n", a.ID, a.Slug)
		c := &model.Comment{
			ArticleID:   a.ID,
			AuthorName:  "Pembaca Latihan",
			AuthorEmail: "drill@example.invalid",
			Content:     template.HTML(fmt.Sprintf("<p>Komentar latihan %d.</p>", i)),
			Status:      model.CommentApproved,
			Kind:        model.CommentKindComment,
		}
		if err := st.InsertComment(context.WithoutCancel(ctx), c); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "comment %d %d\n", c.ID, a.ID)
	}
	return nil
}

func drillAuthor(ctx context.Context, st *store.Store) (*model.User, error) {
	u, err := st.UserByLogin(ctx, "drill")
	if err == nil {
		return u, nil
	}
	if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	u = &model.User{Login: "drill", Email: "drill@example.invalid", DisplayName: "Drill", Slug: "drill", Role: model.RoleAuthor}
	if err := st.InsertUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}
