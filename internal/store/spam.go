package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
)

// TokenCounts is what the spam classifier knows of a token: in how many
// spam and how many ham comments it was seen.
type TokenCounts struct{ Spam, Ham int }

// SpamCounts returns how many comments were learnt as spam and as ham, and
// the counts of those of tokens that were ever seen.
func (s *Store) SpamCounts(ctx context.Context, tokens []string) (docs TokenCounts, counts map[string]TokenCounts, err error) {
	counts = map[string]TokenCounts{}
	var a args
	var b []byte
	for i, t := range append([]string{""}, tokens...) {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, a.add(t)...)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT token, spam, ham FROM spam_tokens WHERE token IN (`+string(b)+`)`, a...)
	if err != nil {
		return docs, nil, fmt.Errorf("store: spam counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var c TokenCounts
		if err := rows.Scan(&t, &c.Spam, &c.Ham); err != nil {
			return docs, nil, fmt.Errorf("store: spam counts: %w", err)
		}
		if t == "" {
			docs = c
		} else {
			counts[t] = c
		}
	}
	if err := rows.Err(); err != nil {
		return docs, nil, fmt.Errorf("store: spam counts: %w", err)
	}
	return docs, counts, nil
}

// TrainComment records that the comment id, whose distinct tokens are
// tokens, is spam (class "spam") or ham ("ham"). A comment is counted
// once: learning it again as the same class does nothing, and learning it
// as the other class moves its counts. An unknown id is model.ErrNotFound.
func (s *Store) TrainComment(ctx context.Context, id int64, class string, tokens []string) error {
	if class != "spam" && class != "ham" {
		return fmt.Errorf("store: train comment %d: unknown class %q", id, class)
	}
	tokens = slices.Compact(slices.Sorted(slices.Values(tokens)))
	const upsert = `INSERT INTO spam_tokens (token, spam, ham) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET spam = spam_tokens.spam + excluded.spam, ham = spam_tokens.ham + excluded.ham`
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var old string
		if err := tx.QueryRowContext(ctx, `SELECT trained FROM comments WHERE id = $1`, id).Scan(&old); err != nil {
			return notFound(err)
		}
		if old == class {
			return nil
		}
		var ds, dh int
		if class == "spam" {
			ds = 1
		} else {
			dh = 1
		}
		if old != "" { // unlearn what it was taught before
			ds, dh = ds-dh, dh-ds
		}
		stmt, err := tx.PrepareContext(ctx, upsert)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, t := range append([]string{""}, tokens...) {
			if _, err := stmt.ExecContext(ctx, t, ds, dh); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE comments SET trained = $1 WHERE id = $2`, class, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: train comment %d: %w", id, err)
	}
	return nil
}

// Secret returns the site's secret named name, 32 random bytes made on
// first use and kept in the settings table (not in model.Settings, so no
// settings screen or export shows it). Every instance over the same
// database gets the same bytes.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	key := "secret_" + name
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	// The first writer wins; every later one reads what it wrote.
	if _, err := s.write.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO NOTHING`, key, hex.EncodeToString(b[:])); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	var v string
	if err := s.write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	out, err := hex.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	return out, nil
}

// SpamLesson is one comment the spam filter learns from outside the
// comments table: its class and its distinct tokens.
type SpamLesson struct {
	Spam   bool
	Tokens []string
}

// SeedSpamTokens adds lessons to the spam filter's counts once: a seed
// named name that was added before (its marker row is there) is not added
// again. Moderators' clicks add to the same counts afterwards.
func (s *Store) SeedSpamTokens(ctx context.Context, name string, lessons []SpamLesson) error {
	marker := "seed:" + name // no token of a comment has this shape
	const upsert = `INSERT INTO spam_tokens (token, spam, ham) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET spam = spam_tokens.spam + excluded.spam, ham = spam_tokens.ham + excluded.ham`
	// Taught already, as on every start but the first: answered by a read,
	// with no write transaction. The check inside is for two at once.
	var seeded int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM spam_tokens WHERE token = $1`, marker).Scan(&seeded); err != nil {
		return fmt.Errorf("store: seed spam tokens: %w", err)
	} else if seeded > 0 {
		return nil
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM spam_tokens WHERE token = $1`, marker).Scan(&n); err != nil || n > 0 {
			return err
		}
		sum := map[string]TokenCounts{}
		for _, l := range lessons {
			for _, t := range append([]string{""}, slices.Compact(slices.Sorted(slices.Values(l.Tokens)))...) {
				c := sum[t]
				if l.Spam {
					c.Spam++
				} else {
					c.Ham++
				}
				sum[t] = c
			}
		}
		sum[marker] = TokenCounts{}
		stmt, err := tx.PrepareContext(ctx, upsert)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, t := range slices.Sorted(maps.Keys(sum)) {
			if _, err := stmt.ExecContext(ctx, t, sum[t].Spam, sum[t].Ham); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: seed spam filter %s: %w", name, err)
	}
	return nil
}
