package publishing

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
)

// TakeDown takes the published article id off the site for a reason the
// press guideline names (model.TakedownReasons), in the name of u, who
// must be allowed to edit everyone's articles (model.ErrForbidden
// otherwise). The story is kept as a draft for the newsroom; its URL
// answers 410 with the reason, note (plain text for readers, optional)
// and the date. It is audited. A *model.ValidationError names a wrong
// reason, a note too long, or a story that is not published.
func TakeDown(ctx context.Context, st *store.Store, u *model.User, id int64, reason, note string, now time.Time) (*model.Takedown, error) {
	if !auth.Can(u.Role, auth.EditOthersPosts) {
		return nil, model.ErrForbidden
	}
	a, err := st.ArticleByID(ctx, id)
	if err != nil {
		return nil, err
	}
	t := &model.Takedown{ArticleID: a.ID, Reason: reason, Note: strings.TrimSpace(strings.ReplaceAll(note, "\r\n", "\n")),
		UserID: u.ID, TakenAt: now}
	var v model.ValidationError
	if !slices.Contains(model.TakedownReasons, t.Reason) {
		v.Add("reason", "takedown.err.reason")
	}
	if utf8.RuneCountInString(t.Note) > 2000 {
		v.Add("note", "takedown.err.note_long")
	}
	if a.Status != model.StatusPublished {
		v.Add("reason", "takedown.err.not_published")
	}
	if err := v.Err(); err != nil {
		return t, err
	}
	set, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	links, err := st.PermalinksFor(ctx, set)
	if err != nil {
		return nil, err
	}
	t.Path = a.Path(links)
	if err := st.TakeDown(ctx, t); err != nil {
		return nil, err
	}
	audit(ctx, st, u, "article.takedown", a.ID, a.Title)
	return t, nil
}

// LiftTakedown ends the takedown of the article id, which stays a draft
// until someone publishes it again; the same people as for TakeDown may,
// and it is audited.
func LiftTakedown(ctx context.Context, st *store.Store, u *model.User, id int64) error {
	if !auth.Can(u.Role, auth.EditOthersPosts) {
		return model.ErrForbidden
	}
	a, err := st.ArticleByID(ctx, id)
	if err != nil {
		return err
	}
	if err := st.LiftTakedown(ctx, id); err != nil {
		return err
	}
	audit(ctx, st, u, "article.takedown_lift", a.ID, a.Title)
	return nil
}
