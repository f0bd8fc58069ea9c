package model

import (
	"strings"
	"time"
)

// Kinds of a correction entry, as the Dewan Pers guideline for online
// media names them.
const (
	CorrectionFix    = "correction" // ralat / koreksi: the story said something wrong
	CorrectionUpdate = "update"     // pembaruan: new facts since publication
	CorrectionReply  = "reply"      // hak jawab: a party named in the story answers
)

// Correction is a dated entry attached to a story: a correction, an update
// or a right of reply. Body is plain text; for a reply it is the party's
// statement as they gave it.
type Correction struct {
	ID           int64
	ArticleID    int64
	Kind         string // CorrectionFix, CorrectionUpdate or CorrectionReply
	Body         string
	Party        string // a reply: who answers
	StatementURL string // a reply: where their own statement is published; "" when none
	AuthorID     int64  // the newsroom user who recorded it; 0 when unknown
	CreatedAt    time.Time
	// Article is the story it belongs to, filled by the site-wide list
	// (with its bylines and terms, for its URL); nil otherwise.
	Article *Article
}

// ValidCorrectionKind reports whether k is one of the kinds.
func ValidCorrectionKind(k string) bool {
	return k == CorrectionFix || k == CorrectionUpdate || k == CorrectionReply
}

// CorrectionsPath is the path of the site's public corrections page in
// the site's language lang: /ralat/ on an Indonesian site, /corrections/
// on an English one. The other name leads there (both are in the route
// table), so a link shared across languages keeps working.
func CorrectionsPath(lang string) string {
	if lang == "en" {
		return "/corrections/"
	}
	return "/ralat/"
}

// Paragraphs splits the entry's text at blank lines, each paragraph's
// lines joined by spaces: how pages and feeds show it. None for no text.
func (c Correction) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(c.Body, "\r\n", "\n"), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}
