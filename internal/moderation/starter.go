package moderation

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"strings"

	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/store"
)

// starterCorpus is the spam filter's first lessons: spam Indonesian sites
// receive (online gambling, illegal loans, link farms) and ordinary
// readers' comments, written for warta.
//
//go:embed starter_corpus.txt
var starterCorpus string

// SeedSpamFilter teaches the filter the starter corpus once per database,
// so that it recognises the usual spam before any moderator has clicked;
// every Spam and Approve click then keeps teaching it. Calling it again
// does nothing.
func SeedSpamFilter(ctx context.Context, st *store.Store) error {
	var lessons []store.SpamLesson
	sc := bufio.NewScanner(strings.NewReader(starterCorpus))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		class, text, ok := strings.Cut(line, "\t")
		if !ok || class != "spam" && class != "ham" {
			return fmt.Errorf("moderation: starter corpus line %d: want \"spam\" or \"ham\", a tab, the text", n)
		}
		c := &model.Comment{Content: sanitize.CommentHTML(text)}
		lessons = append(lessons, store.SpamLesson{Spam: class == "spam", Tokens: Tokens(c)})
	}
	if err := st.SeedSpamTokens(ctx, "starter-1", lessons); err != nil {
		return fmt.Errorf("moderation: seed spam filter: %w", err)
	}
	return nil
}
