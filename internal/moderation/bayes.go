package moderation

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strings"
	"unicode"

	"warta/internal/model"
	"warta/internal/sanitize"
)

// The classifier is Paul Graham's "plan for spam" with Gary Robinson's
// smoothing: each token's spam probability is learnt from the comments
// moderators approved (ham) and marked spam, pulled towards 0.5 while it is
// rarely seen, and the most telling tokens of a comment are combined.
const (
	maxTokens      = 400 // distinct tokens learnt from one comment
	interesting    = 15  // tokens combined into a score
	robinsonWeight = 1.0 // strength of the 0.5 prior (Robinson's s)
	neutral        = 0.5 // the score of a comment nothing is known about
)

// Tokens returns the distinct tokens the classifier reads in c: the words
// of its text (lower-cased, 2 to 30 letters or digits), the hosts of its
// links and website ("host:example.com") and the email's domain.
func Tokens(c *model.Comment) []string {
	seen := map[string]bool{}
	var out []string
	addTok := func(t string) {
		if len(out) < maxTokens && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	text := sanitize.Text(string(c.Content)) + " " + c.AuthorName
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '$' && r != '\''
	}) {
		w = strings.Trim(w, "'")
		if n := len([]rune(w)); n >= 2 && n <= 30 {
			addTok(w)
		}
	}
	for _, m := range linkURLRE.FindAllStringSubmatch(string(c.Content)+" "+c.AuthorURL, -1) {
		if u, err := url.Parse(m[0]); err == nil && u.Hostname() != "" {
			addTok("host:" + strings.TrimPrefix(strings.ToLower(u.Hostname()), "www."))
		}
	}
	if at := strings.LastIndexByte(c.AuthorEmail, '@'); at >= 0 {
		addTok("maildomain:" + strings.ToLower(c.AuthorEmail[at+1:]))
	}
	return out
}

// Score returns the probability, from 0 to 1, that c is spam, after what
// moderators taught the classifier. Until it has learnt from at least one
// spam and one ham comment it answers 0.5, which no sensible threshold
// marks as spam.
func (m *Moderator) Score(ctx context.Context, c *model.Comment) (float64, error) {
	toks := Tokens(c)
	docs, counts, err := m.st.SpamCounts(ctx, toks)
	if err != nil {
		return 0, fmt.Errorf("moderation: score: %w", err)
	}
	if docs.Spam == 0 || docs.Ham == 0 {
		return neutral, nil
	}
	var probs []float64
	for _, t := range toks {
		tc, ok := counts[t]
		if !ok {
			continue
		}
		fs := float64(tc.Spam) / float64(docs.Spam)
		fh := float64(tc.Ham) / float64(docs.Ham)
		if fs+fh == 0 {
			continue
		}
		p := fs / (fs + fh)
		n := float64(tc.Spam + tc.Ham)
		p = (robinsonWeight*neutral + n*p) / (robinsonWeight + n)
		probs = append(probs, math.Min(0.99, math.Max(0.01, p)))
	}
	if len(probs) == 0 {
		return neutral, nil
	}
	// The most telling tokens are those farthest from 0.5.
	sort.SliceStable(probs, func(i, j int) bool { return math.Abs(probs[i]-0.5) > math.Abs(probs[j]-0.5) })
	probs = probs[:min(len(probs), interesting)]
	var logS, logH float64
	for _, p := range probs {
		logS += math.Log(p)
		logH += math.Log(1 - p)
	}
	// p = S/(S+H) computed in logs, so many small factors do not underflow.
	return 1 / (1 + math.Exp(logH-logS)), nil
}
