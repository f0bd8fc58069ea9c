package wxr

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"warta/internal/model"
)

// The press guideline's fields of an article travel in a WXR file as post
// meta, which WordPress keeps without knowing them, so that an export
// imported again (into warta, or through WordPress) keeps them:
//
//	_warta_unverified    "1" while the story is being verified
//	_warta_verified_at   when verification was completed, RFC 3339 UTC
//	_warta_sponsored     "1" for paid content
//	_warta_correction    one per entry: {"kind", "text", "party", "statement_url", "date"}
//	_warta_takedown      {"reason", "note", "path", "date"} for a story taken down
const (
	metaUnverified = "_warta_unverified"
	metaVerifiedAt = "_warta_verified_at"
	metaSponsored  = "_warta_sponsored"
	metaCorrection = "_warta_correction"
	metaTakedown   = "_warta_takedown"
)

type correctionMeta struct {
	Kind         string `json:"kind"`
	Text         string `json:"text"`
	Party        string `json:"party,omitempty"`
	StatementURL string `json:"statement_url,omitempty"`
	Date         string `json:"date"`
}

type takedownMeta struct {
	Reason string `json:"reason"`
	Note   string `json:"note,omitempty"`
	Path   string `json:"path"`
	Date   string `json:"date"`
}

// pressMeta is the post meta of a's guideline fields, in a stable order.
func pressMeta(a *model.Article, corrections []model.Correction, tk *model.Takedown) [][2]string {
	var out [][2]string
	if a.Unverified {
		out = append(out, [2]string{metaUnverified, "1"})
	}
	if !a.VerifiedAt.IsZero() {
		out = append(out, [2]string{metaVerifiedAt, a.VerifiedAt.UTC().Format(time.RFC3339Nano)})
	}
	if a.Sponsored {
		out = append(out, [2]string{metaSponsored, "1"})
	}
	for _, c := range corrections {
		b, _ := json.Marshal(correctionMeta{Kind: c.Kind, Text: c.Body, Party: c.Party, StatementURL: c.StatementURL,
			Date: c.CreatedAt.UTC().Format(time.RFC3339Nano)})
		out = append(out, [2]string{metaCorrection, string(b)})
	}
	if tk != nil {
		b, _ := json.Marshal(takedownMeta{Reason: tk.Reason, Note: tk.Note, Path: tk.Path, Date: tk.TakenAt.UTC().Format(time.RFC3339Nano)})
		out = append(out, [2]string{metaTakedown, string(b)})
	}
	return out
}

// pressFlags reads the guideline's flags of an item into a.
func pressFlags(it *Item, a *model.Article) {
	a.Unverified = strings.TrimSpace(it.MetaValue(metaUnverified)) == "1"
	a.Sponsored = strings.TrimSpace(it.MetaValue(metaSponsored)) == "1"
	a.VerifiedAt, _ = time.Parse(time.RFC3339Nano, strings.TrimSpace(it.MetaValue(metaVerifiedAt)))
}

// pressEntries reads an item's corrections (oldest first) and takedown;
// entries that do not parse, or name an unknown kind or reason, are left
// out.
func pressEntries(it *Item) ([]model.Correction, *model.Takedown) {
	var list []model.Correction
	var tk *model.Takedown
	for _, m := range it.Meta {
		switch m.Key {
		case metaCorrection:
			var c correctionMeta
			if json.Unmarshal([]byte(m.Value), &c) != nil || !model.ValidCorrectionKind(c.Kind) {
				continue
			}
			at, err := time.Parse(time.RFC3339Nano, c.Date)
			if err != nil {
				continue
			}
			list = append(list, model.Correction{Kind: c.Kind, Body: c.Text, Party: c.Party, StatementURL: c.StatementURL, CreatedAt: at})
		case metaTakedown:
			var t takedownMeta
			if json.Unmarshal([]byte(m.Value), &t) != nil || !slices.Contains(model.TakedownReasons, t.Reason) || t.Path == "" {
				continue
			}
			at, err := time.Parse(time.RFC3339Nano, t.Date)
			if err != nil {
				continue
			}
			tk = &model.Takedown{Reason: t.Reason, Note: t.Note, Path: t.Path, TakenAt: at}
		}
	}
	slices.SortStableFunc(list, func(x, y model.Correction) int { return x.CreatedAt.Compare(y.CreatedAt) })
	return list, tk
}
