package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"warta/internal/model"
)

// themeFields are the stored settings of the site's look (model.Theme).
var themeFields = []settingField{
	{key: "front_lead", num: func(s *model.Settings) *int { return &s.FrontLead }},
	{key: "front_pinned", str: func(s *model.Settings) *string { return &s.FrontPinned }},
	{key: "front_sections", str: func(s *model.Settings) *string { return &s.FrontSections }},
	{key: "breaking_text", str: func(s *model.Settings) *string { return &s.BreakingText }},
	{key: "breaking_url", str: func(s *model.Settings) *string { return &s.BreakingURL }},
	{key: "breaking_until", str: func(s *model.Settings) *string { return &s.BreakingUntil }},
	{key: "accent", str: func(s *model.Settings) *string { return &s.Accent }},
	{key: "footer_text", str: func(s *model.Settings) *string { return &s.FooterText }},
	{key: "logo_media", num: func(s *model.Settings) *int { return &s.LogoMedia }},
	{key: "favicon_media", num: func(s *model.Settings) *int { return &s.FaviconMedia }},
}

func init() { settingFields = append(settingFields, themeFields...) }

// ExpireBreaking removes the breaking-news line when its time has come
// (now is at or past its end), so every page that shows it is dropped from
// the page caches. It reports whether it removed one. Instances may race:
// the second finds nothing left to remove.
func (s *Store) ExpireBreaking(ctx context.Context, now time.Time) (bool, error) {
	var until string
	err := s.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'breaking_until'`).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && until == "") {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: expire breaking news: %w", err)
	}
	t, perr := time.Parse(time.RFC3339, until)
	if perr != nil || now.Before(t) {
		return false, nil
	}
	removed := false
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE settings SET value = '' WHERE key IN ('breaking_text', 'breaking_until') AND value <> ''`)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		removed = true
		return s.touch(ctx, tx, TagAll)
	})
	if err != nil {
		return false, fmt.Errorf("store: expire breaking news: %w", err)
	}
	return removed, nil
}

// socialFields are the footer's links to the newsroom's pages elsewhere
// (model.Social), under "social_<platform>".
func socialFields() []settingField {
	var fields []settingField
	for _, name := range model.SocialNames() {
		fields = append(fields, settingField{key: "social_" + name, str: func(s *model.Settings) *string { return s.Social.Field(name) }})
	}
	return fields
}

func init() { settingFields = append(settingFields, socialFields()...) }
