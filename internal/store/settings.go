package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"warta/internal/model"
)

// settingField ties a model.Settings field to its key in the settings table.
// Text fields use str, numbers num, switches flag (stored as "1" or
// "0"); exactly one is set.
type settingField struct {
	key  string
	str  func(*model.Settings) *string
	num  func(*model.Settings) *int
	flag func(*model.Settings) *bool
}

// settingFields lists every stored setting. Keys are stable: they are in
// databases and backups.
var settingFields = []settingField{
	{key: "title", str: func(s *model.Settings) *string { return &s.Title }},
	{key: "tagline", str: func(s *model.Settings) *string { return &s.Tagline }},
	{key: "language", str: func(s *model.Settings) *string { return &s.Language }},
	{key: "time_zone", str: func(s *model.Settings) *string { return &s.TimeZone }},
	{key: "posts_per_page", num: func(s *model.Settings) *int { return &s.PostsPerPage }},
	{key: "permalink_structure", str: func(s *model.Settings) *string { return &s.PermalinkStructure }},
	{key: "permalink_previous", str: func(s *model.Settings) *string { return &s.PreviousPermalinks }},
	{key: "comments_per_page", num: func(s *model.Settings) *int { return &s.CommentsPerPage }},
	{key: "thread_depth", num: func(s *model.Settings) *int { return &s.ThreadDepth }},
	{key: "comment_order", str: func(s *model.Settings) *string { return &s.CommentOrder }},
	{key: "comment_moderation", str: func(s *model.Settings) *string { return &s.CommentModeration }},
	{key: "comments_close_days", num: func(s *model.Settings) *int { return &s.CommentsCloseDays }},
	{key: "comment_min_seconds", num: func(s *model.Settings) *int { return &s.CommentMinSeconds }},
	{key: "comment_max_links", num: func(s *model.Settings) *int { return &s.CommentMaxLinks }},
	{key: "comment_rate_ip", num: func(s *model.Settings) *int { return &s.CommentRateIP }},
	{key: "comment_rate_email", num: func(s *model.Settings) *int { return &s.CommentRateEmail }},
	{key: "comment_blocklist", str: func(s *model.Settings) *string { return &s.CommentBlocklist }},
	{key: "spam_threshold", num: func(s *model.Settings) *int { return &s.SpamThreshold }},
	{key: "spam_purge_days", num: func(s *model.Settings) *int { return &s.SpamPurgeDays }},
	{key: "comment_ip_retain_days", num: func(s *model.Settings) *int { return &s.CommentIPRetainDays }},
	{key: "moderator_emails", str: func(s *model.Settings) *string { return &s.ModeratorEmails }},
	{key: "smtp_host", str: func(s *model.Settings) *string { return &s.SMTPHost }},
	{key: "smtp_port", num: func(s *model.Settings) *int { return &s.SMTPPort }},
	{key: "smtp_user", str: func(s *model.Settings) *string { return &s.SMTPUser }},
	{key: "smtp_password", str: func(s *model.Settings) *string { return &s.SMTPPassword }},
	{key: "smtp_from", str: func(s *model.Settings) *string { return &s.SMTPFrom }},
	{key: "smtp_security", str: func(s *model.Settings) *string { return &s.SMTPSecurity }},
	{key: "dkim_domain", str: func(s *model.Settings) *string { return &s.DKIMDomain }},
	{key: "dkim_selector", str: func(s *model.Settings) *string { return &s.DKIMSelector }},
	{key: "dkim_key", str: func(s *model.Settings) *string { return &s.DKIMKey }},
	{key: "feed_items", num: func(s *model.Settings) *int { return &s.FeedItems }},
	{key: "feed_content", str: func(s *model.Settings) *string { return &s.FeedContent }},
	{key: "rest_anonymous_comments", flag: func(s *model.Settings) *bool { return &s.RESTAnonymousComments }},
	{key: "comment_registration", flag: func(s *model.Settings) *bool { return &s.CommentRegistration }},
	{key: "guideline_page", num: func(s *model.Settings) *int { return &s.GuidelinePageID }},
	{key: "two_factor_required", flag: func(s *model.Settings) *bool { return &s.TwoFactorRequired }},
	{key: "newsletter_rate", num: func(s *model.Settings) *int { return &s.NewsletterRate }},
}

// Settings returns the stored settings, with model.DefaultSettings filling
// the keys never saved. Unknown keys (written by a newer version) are
// ignored.
func (s *Store) Settings(ctx context.Context) (model.Settings, error) {
	st := model.DefaultSettings()
	rows, err := s.read.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return st, fmt.Errorf("store: settings: %w", err)
	}
	defer rows.Close()
	stored := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return st, fmt.Errorf("store: settings: %w", err)
		}
		stored[k] = v
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("store: settings: %w", err)
	}
	for _, f := range settingFields {
		v, ok := stored[f.key]
		if !ok {
			continue
		}
		if f.str != nil {
			*f.str(&st) = v
			continue
		}
		if f.flag != nil {
			*f.flag(&st) = v == "1"
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return st, fmt.Errorf("store: settings: %s: %w", f.key, err)
		}
		*f.num(&st) = n
	}
	return st, nil
}

// SaveSettings stores every field of st in one transaction. It does not
// validate them; that is the caller's job.
func (s *Store) SaveSettings(ctx context.Context, st model.Settings) error {
	const q = `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, f := range settingFields {
			var v string
			switch {
			case f.str != nil:
				v = *f.str(&st)
			case f.flag != nil:
				v = "0"
				if *f.flag(&st) {
					v = "1"
				}
			default:
				v = strconv.Itoa(*f.num(&st))
			}
			if _, err := tx.ExecContext(ctx, q, f.key, v); err != nil {
				return fmt.Errorf("%s: %w", f.key, err)
			}
		}
		return s.touch(ctx, tx, TagAll)
	})
	if err != nil {
		return fmt.Errorf("store: save settings: %w", err)
	}
	return nil
}

// Permalinks returns what building article URLs needs under the stored
// settings: with the categories' paths when the structure has %category%.
func (s *Store) Permalinks(ctx context.Context) (model.Permalinks, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return model.Permalinks{}, err
	}
	return s.PermalinksFor(ctx, st)
}

// PermalinksFor is Permalinks for settings already read.
func (s *Store) PermalinksFor(ctx context.Context, st model.Settings) (model.Permalinks, error) {
	p := model.NewPermalinks(st, nil)
	if !p.NeedsCategories() {
		return p, nil
	}
	cats, err := s.TermTree(ctx, model.TaxonomyCategory)
	if err != nil {
		return p, fmt.Errorf("store: permalinks: %w", err)
	}
	return model.NewPermalinks(st, cats), nil
}
