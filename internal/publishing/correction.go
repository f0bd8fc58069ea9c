package publishing

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
)

// CorrectionInput is a correction, update or right of reply as the
// newsroom's form (or the REST API) sends it.
type CorrectionInput struct {
	Kind         string // model.CorrectionFix, CorrectionUpdate or CorrectionReply
	Body         string // plain text; a reply's statement as the party gave it
	Party        string // a reply: who answers
	StatementURL string // a reply: where their statement is published
}

// maxCorrectionBody is the longest entry kept, in characters: a right of
// reply may be a whole statement.
const maxCorrectionBody = 20000

// AddCorrection validates in and attaches it, dated now, to the article
// articleID in the name of u, who must be allowed to edit the article
// (model.ErrForbidden otherwise). The text is kept as typed, only trimmed:
// a right of reply is published without editing. It returns the entry or
// a *model.ValidationError naming every field that is wrong.
func AddCorrection(ctx context.Context, st *store.Store, u *model.User, articleID int64, in CorrectionInput, now time.Time) (*model.Correction, error) {
	a, err := st.ArticleByID(ctx, articleID)
	if err != nil {
		return nil, err
	}
	if !auth.CanEdit(u, a) {
		return nil, model.ErrForbidden
	}
	c := &model.Correction{Kind: in.Kind, Body: strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n")),
		Party: strings.TrimSpace(in.Party), StatementURL: strings.TrimSpace(in.StatementURL), AuthorID: u.ID, CreatedAt: now}
	var v model.ValidationError
	if !model.ValidCorrectionKind(c.Kind) {
		v.Add("kind", "correction.err.kind")
	}
	if c.Kind != model.CorrectionReply {
		c.Party, c.StatementURL = "", ""
	}
	switch {
	case utf8.RuneCountInString(c.Body) > maxCorrectionBody:
		v.Add("body", "correction.err.body_long")
	case c.Body == "" && (c.Kind != model.CorrectionReply || c.StatementURL == ""):
		v.Add("body", "correction.err.body")
	}
	if c.Kind == model.CorrectionReply {
		if c.Party == "" {
			v.Add("party", "correction.err.party")
		} else if utf8.RuneCountInString(c.Party) > 200 {
			v.Add("party", "correction.err.party_long")
		}
	}
	if c.StatementURL != "" {
		if p, err := url.Parse(c.StatementURL); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			v.Add("statement_url", "correction.err.statement_url")
		}
	}
	if err := v.Err(); err != nil {
		return c, err
	}
	if err := st.InsertCorrection(ctx, a, c); err != nil {
		return nil, err
	}
	switch c.Kind {
	case model.CorrectionFix:
		audit(ctx, st, u, "article.correction", a.ID, a.Title)
	case model.CorrectionUpdate:
		audit(ctx, st, u, "article.update", a.ID, a.Title)
	default:
		audit(ctx, st, u, "article.reply", a.ID, a.Title)
	}
	return c, nil
}

// DeleteCorrection removes an entry recorded by mistake. Only those who
// may edit everyone's articles may (model.ErrForbidden otherwise): the
// record of a correction is not its writer's to withdraw. It is audited.
func DeleteCorrection(ctx context.Context, st *store.Store, u *model.User, articleID, id int64) error {
	if !auth.Can(u.Role, auth.EditOthersPosts) {
		return model.ErrForbidden
	}
	a, err := st.ArticleByID(ctx, articleID)
	if err != nil {
		return err
	}
	if err := st.DeleteCorrection(ctx, a, id, u.ID); err != nil {
		return err
	}
	audit(ctx, st, u, "article.correction_delete", a.ID, a.Title)
	return nil
}
