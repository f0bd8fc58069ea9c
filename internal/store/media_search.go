package store

import (
	"context"
	"database/sql"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"warta/internal/model"
)

// The media library is searched by the words of an item's file name, alt
// text and caption: media_words (migration 0037) holds them, lowercased and
// without accents, one row per word and item. A query's words each match
// the items having a word that starts with it, and an item must match them
// all: "perahu nel" finds perahu-nelayan-3fa2c1.jpg. Each word is a range
// on the table's primary key, so a search reads what it finds, not the
// library.

// maxMediaWord bounds an indexed word, in bytes; longer runs are cut.
const maxMediaWord = 64

// maxQueryWords bounds the words of one search.
const maxQueryWords = 8

// mediaWords returns the distinct search words of text.
func mediaWords(text string) []string {
	var out []string
	seen := map[string]bool{}
	var b []byte
	flush := func() {
		if len(b) == 0 {
			return
		}
		w := string(b)
		if len(w) > maxMediaWord {
			w = w[:maxMediaWord]
			for !utf8.ValidString(w) {
				w = w[:len(w)-1]
			}
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
		b = b[:0]
	}
	for _, r := range norm.NFD.String(text) {
		switch {
		case unicode.Is(unicode.Mn, r): // the accent of a decomposed letter
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b = utf8.AppendRune(b, unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// mediaText is what an item is found by: its file's name (without the
// folders of its date), alt text and caption.
func mediaText(filePath, alt, caption string) string {
	return path.Base(filePath) + " " + alt + " " + caption
}

// indexMedia replaces the search words of the item id in tx.
func indexMedia(ctx context.Context, tx *sql.Tx, id int64, filePath, alt, caption string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM media_words WHERE media_id = $1`, id); err != nil {
		return err
	}
	words := mediaWords(mediaText(filePath, alt, caption))
	if len(words) == 0 {
		return nil
	}
	var a args
	var b strings.Builder
	b.WriteString(`INSERT INTO media_words (word, media_id) VALUES `)
	for i, w := range words {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "(%s, %s)", a.add(w), a.add(id))
	}
	b.WriteString(` ON CONFLICT DO NOTHING`)
	_, err := tx.ExecContext(ctx, b.String(), a...)
	return err
}

// IndexMediaWords gives the items stored before the library could be
// searched (or by an older warta) their search words, and reports how
// many it indexed. The first search of each process calls it; it reads
// only the ids of the indexed items, so once all are it costs one pass
// over the media's ids.
func (s *Store) IndexMediaWords(ctx context.Context) (int, error) {
	const q = `SELECT m.id, m.path, m.alt, m.caption FROM media m
		WHERE NOT EXISTS (SELECT 1 FROM media_words w WHERE w.media_id = m.id) ORDER BY m.id LIMIT 500`
	n := 0
	for {
		type item struct {
			id                 int64
			path, alt, caption string
		}
		var batch []item
		rows, err := s.read.QueryContext(ctx, q)
		if err != nil {
			return n, fmt.Errorf("store: index media words: %w", err)
		}
		for rows.Next() {
			var it item
			if err := rows.Scan(&it.id, &it.path, &it.alt, &it.caption); err != nil {
				rows.Close()
				return n, fmt.Errorf("store: index media words: %w", err)
			}
			batch = append(batch, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, fmt.Errorf("store: index media words: %w", err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			for _, it := range batch {
				if err := indexMedia(ctx, tx, it.id, it.path, it.alt, it.caption); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("store: index media words: %w", err)
		}
		n += len(batch)
		if len(batch) < 500 {
			s.mediaIndexed.Store(true)
			return n, nil
		}
	}
}

// prefixEnd returns the least string greater than every string that
// starts with w (w's last character, plus one), for a range on words.
func prefixEnd(w string) string {
	r, size := utf8.DecodeLastRuneInString(w)
	return w[:len(w)-size] + string(r+1)
}

// SearchMedia returns one page of the media items whose file name, alt
// text or caption has a word starting with each word of query, newest
// first, with their variants, and how many match in all. An empty query
// (or one without a letter or digit) lists the whole library.
func (s *Store) SearchMedia(ctx context.Context, query string, limit, offset int) ([]*model.Media, int, error) {
	words := mediaWords(query)
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	if len(words) > 0 && !s.mediaIndexed.Load() {
		if _, err := s.IndexMediaWords(ctx); err != nil {
			return nil, 0, err
		}
	}
	var a args
	from := `media`
	if len(words) > 0 {
		var parts []string
		for _, w := range words {
			parts = append(parts, `SELECT media_id FROM media_words WHERE word >= `+a.add(w)+` AND word < `+a.add(prefixEnd(w)))
		}
		from = `media WHERE id IN (` + strings.Join(parts, " INTERSECT ") + `)`
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from, a...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: search media %q: %w", query, err)
	}
	q := `SELECT id FROM ` + from + ` ORDER BY created_at DESC, id DESC LIMIT ` + a.add(limit) + ` OFFSET ` + a.add(offset)
	ids, err := s.ids(ctx, q, a...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search media %q: %w", query, err)
	}
	found, err := s.mediaByIDs(ctx, ids)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search media %q: %w", query, err)
	}
	list := make([]*model.Media, 0, len(ids))
	for _, id := range ids {
		if m, ok := found[id]; ok {
			list = append(list, m)
		}
	}
	return list, total, nil
}

// MediaMatching returns the ids of every item SearchMedia finds for
// query, in id order, for the REST API's filters.
func (s *Store) MediaMatching(ctx context.Context, query string) ([]int64, error) {
	words := mediaWords(query)
	if len(words) == 0 {
		return s.MediaIDs(ctx)
	}
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	if !s.mediaIndexed.Load() {
		if _, err := s.IndexMediaWords(ctx); err != nil {
			return nil, err
		}
	}
	var a args
	var parts []string
	for _, w := range words {
		parts = append(parts, `SELECT media_id FROM media_words WHERE word >= `+a.add(w)+` AND word < `+a.add(prefixEnd(w)))
	}
	ids, err := s.ids(ctx, strings.Join(parts, " INTERSECT ")+` ORDER BY 1`, a...)
	if err != nil {
		return nil, fmt.Errorf("store: media matching %q: %w", query, err)
	}
	return ids, nil
}
