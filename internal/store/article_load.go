package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"warta/internal/model"
)

// loads says which parts of articles fill loads.
type loads uint8

const (
	loadBylines loads = 1 << iota
	loadTerms
	loadFeatured
	loadCommentCounts
	loadEmbeds

	// loadList is what list pages show; loadAll what an article page shows.
	loadList = loadBylines | loadTerms | loadFeatured | loadCommentCounts
	loadAll  = loadList | loadEmbeds
)

// The parts fill reads, in the order their rows come: a featured image
// before its variants.
const (
	partByline = iota + 1
	partTerm
	partEmbed
	partCommentCount
	partMedia
	partVariant
)

// The SELECT of each part, for the articles (or, for media and variants,
// the media items) whose ids the placeholders $IN list. Every row has the
// same columns: its part; the article (or media item) it belongs to; ord
// and k, what orders the part's rows besides s3 and n1 (see fill); four
// numbers; five texts; and a time.
const (
	// In position order.
	bylinesPart = `SELECT 1 AS part, b.article_id AS id, b.position AS ord, '' AS k,
			u.id AS n1, 0 AS n2, 0 AS n3, 0 AS n4,
			b.role AS s1, u.display_name AS s2, u.slug AS s3, '' AS s4, '' AS s5, ` + noTime + ` AS t
		FROM article_authors b JOIN users u ON u.id = b.user_id
		WHERE b.article_id IN ($IN)`
	// By name, as every list of terms.
	termsPart = `SELECT 2 AS part, l.article_id AS id, 0 AS ord, lower(t.name) AS k,
			t.id AS n1, COALESCE(t.parent_id, 0) AS n2, 0 AS n3, 0 AS n4,
			t.taxonomy AS s1, t.slug AS s2, t.name AS s3, t.description AS s4, '' AS s5, ` + noTime + ` AS t
		FROM article_terms l JOIN terms t ON t.id = l.term_id
		WHERE l.article_id IN ($IN)`
	// In position order.
	embedsPart = `SELECT 3 AS part, e.article_id AS id, e.position AS ord, '' AS k,
			e.id AS n1, e.duration_seconds AS n2, 0 AS n3, 0 AS n4,
			e.provider AS s1, e.url AS s2, e.embed_url AS s3, e.title AS s4, e.poster_url AS s5, ` + noTime + ` AS t
		FROM embeds e
		WHERE e.article_id IN ($IN)`
	// Only approved comments count.
	commentCountsPart = `SELECT 4 AS part, c.article_id AS id, 0 AS ord, '' AS k,
			COUNT(*) AS n1, 0 AS n2, 0 AS n3, 0 AS n4,
			'' AS s1, '' AS s2, '' AS s3, '' AS s4, '' AS s5, ` + noTime + ` AS t
		FROM comments c
		WHERE c.status = 'approved' AND c.article_id IN ($IN)
		GROUP BY c.article_id`
	// COALESCE(m.created_at, NULL): read as text on SQLite (see utc).
	mediaPart = `SELECT 5 AS part, m.id AS id, 0 AS ord, '' AS k,
			COALESCE(m.uploader_id, 0) AS n1, m.size AS n2, m.width AS n3, m.height AS n4,
			m.path AS s1, m.mime_type AS s2, m.alt AS s3, m.caption AS s4, m.renditions AS s5, COALESCE(m.created_at, NULL) AS t
		FROM media m
		WHERE m.id IN ($IN)`
	// Narrowest first.
	variantsPart = `SELECT 6 AS part, v.media_id AS id, v.width AS ord, v.path AS k,
			v.width AS n1, v.height AS n2, 0 AS n3, 0 AS n4,
			v.path AS s1, '' AS s2, '' AS s3, '' AS s4, '' AS s5, ` + noTime + ` AS t
		FROM media_variants v
		WHERE v.media_id IN ($IN)`

	// partsOrder orders the rows of each part as the page shows them: a
	// term by its name in lower case, then as written, then by id; the
	// others by ord, then k. The texts compare by the engine's own rules,
	// as in every other list of terms.
	partsOrder = `ORDER BY part, id, ord, k, s3, n1`

	// noTime fills the time column of the parts without one. PostgreSQL
	// types a UNION two selects at a time, so a bare NULL in two of them
	// would make the column text, which then does not match the media's
	// timestamptz.
	noTime = `CAST(NULL AS TIMESTAMP WITH TIME ZONE)`
)

// fill loads the asked parts of arts in place, for the whole slice at
// once, never per article, and in one query: a UNION ALL of one SELECT per
// part. On SQLite each query costs a database/sql round trip and a WAL
// read lock taken and dropped, more than these few rows; on PostgreSQL a
// network round trip.
func (s *Store) fill(ctx context.Context, arts []model.Article, what loads) error {
	if len(arts) == 0 {
		return nil
	}
	// Each id is a bound variable (twice with media), and SQLite takes
	// at most 32,766 of them in a statement: a sitemap page of 50,000
	// posts failed with "too many SQL variables".
	if len(arts) > fillChunk {
		for start := 0; start < len(arts); start += fillChunk {
			if err := s.fill(ctx, arts[start:min(start+fillChunk, len(arts))], what); err != nil {
				return err
			}
		}
		return nil
	}
	ids := make([]int64, len(arts))
	index := make(map[int64]int, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
		index[a.ID] = i
	}
	var a args
	in := a.in(ids)
	var selects []string
	for _, p := range []struct {
		part loads
		sql  string
	}{
		{loadBylines, bylinesPart},
		{loadTerms, termsPart},
		{loadEmbeds, embedsPart},
		{loadCommentCounts, commentCountsPart},
	} {
		if what&p.part != 0 {
			selects = append(selects, strings.Replace(p.sql, "$IN", in, 1))
		}
	}
	if what&loadFeatured != 0 {
		var mediaIDs []int64
		seen := map[int64]bool{}
		for _, a := range arts {
			if a.FeaturedMediaID != 0 && !seen[a.FeaturedMediaID] {
				seen[a.FeaturedMediaID] = true
				mediaIDs = append(mediaIDs, a.FeaturedMediaID)
			}
		}
		if len(mediaIDs) > 0 {
			in := a.in(mediaIDs)
			selects = append(selects, strings.Replace(mediaPart, "$IN", in, 1),
				strings.Replace(variantsPart, "$IN", in, 1))
		}
	}
	if len(selects) == 0 {
		return nil
	}
	q := strings.Join(selects, "\nUNION ALL ")
	if !s.d.sortParts {
		q += "\n" + partsOrder
	}
	rows, err := s.read.QueryContext(s.read.brief(ctx), q, a...)
	if err != nil {
		return fmt.Errorf("parts: %w", err)
	}
	defer rows.Close()
	list := make([]partRow, 0, 16)
	for rows.Next() {
		list = append(list, partRow{}) // scanned in place, as ApprovedComments does
		r := &list[len(list)-1]
		err := rows.Scan(&r.part, &r.id, &r.ord, &r.k, &r.n[0], &r.n[1], &r.n[2], &r.n[3],
			&r.s[0], &r.s[1], &r.s[2], &r.s[3], &r.s[4], utc{&r.t})
		if err != nil {
			return fmt.Errorf("parts: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("parts: %w", err)
	}
	if s.d.sortParts {
		// The order of partsOrder: SQLite compares text byte by byte, as
		// strings.Compare does.
		slices.SortFunc(list, func(x, y partRow) int {
			return cmp.Or(cmp.Compare(x.part, y.part), cmp.Compare(x.id, y.id), cmp.Compare(x.ord, y.ord),
				strings.Compare(x.k, y.k), strings.Compare(x.s[2], y.s[2]), cmp.Compare(x.n[0], y.n[0]))
		})
	}
	var media map[int64]*model.Media
	for _, r := range list {
		var art *model.Article
		if r.part < partMedia {
			art = &arts[index[r.id]]
		}
		switch r.part {
		case partByline:
			art.Bylines = append(art.Bylines, model.Byline{Role: r.s[0],
				User: model.User{ID: r.n[0], DisplayName: r.s[1], Slug: r.s[2]}})
		case partTerm:
			t := model.Term{ID: r.n[0], ParentID: r.n[1], Taxonomy: r.s[0], Slug: r.s[1], Name: r.s[2], Description: r.s[3]}
			if t.Taxonomy == model.TaxonomyTag {
				art.Tags = append(art.Tags, t)
			} else {
				art.Categories = append(art.Categories, t)
			}
		case partEmbed:
			art.Embeds = append(art.Embeds, model.Embed{ID: r.n[0], Position: int(r.ord),
				Duration: time.Duration(r.n[1]) * time.Second,
				Provider: r.s[0], URL: r.s[1], EmbedURL: r.s[2], Title: r.s[3], PosterURL: r.s[4]})
		case partCommentCount:
			art.CommentCount = int(r.n[0])
		case partMedia:
			if media == nil {
				media = map[int64]*model.Media{}
			}
			media[r.id] = &model.Media{ID: r.id, UploaderID: r.n[0], Size: r.n[1], Width: int(r.n[2]), Height: int(r.n[3]),
				Path: r.s[0], MimeType: r.s[1], Alt: r.s[2], Caption: r.s[3], Renditions: r.s[4], CreatedAt: r.t}
		case partVariant:
			if m := media[r.id]; m != nil {
				m.Variants = append(m.Variants, model.MediaVariant{Path: r.s[0], Width: int(r.n[0]), Height: int(r.n[1])})
			}
		}
	}
	if what&loadFeatured != 0 {
		for i := range arts {
			arts[i].FeaturedImage = media[arts[i].FeaturedMediaID] // nil when none
		}
	}
	return nil
}

// fillChunk is how many articles one query of fill loads at most.
const fillChunk = 5000

// partRow is a row of fill's query.
type partRow struct {
	part    int
	id, ord int64
	k       string
	n       [4]int64
	s       [5]string
	t       time.Time
}
