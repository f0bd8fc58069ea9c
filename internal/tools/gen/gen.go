// Package gen fills a store with a realistic news site for measuring:
// thousands of articles in Indonesian and English written from a varied
// vocabulary (so search has something to find), categories with a child,
// tags, several authors with bylines, video cards, translations and
// threaded reader comments.
//
// The output is determined by Options.Seed and Options.Now. Articles and
// comments are written in batches, one transaction each, so 10,000 articles
// take seconds, not minutes.
package gen

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/slug"
	"warta/internal/store"
)

// Options say what to generate. Zero values take the defaults noted.
type Options struct {
	Articles int // posts to write; 0 writes none (only authors and terms)
	// Comments is the number of approved comments on each commented post,
	// about a third of them replies (threaded up to three levels).
	Comments int
	// Commented is the share of posts that get Comments comments, between
	// 0 and 1 (the others get none); 0 means every post. A newsroom's
	// comments gather under a few stories: --commented 0.1 --comments 30
	// writes 30 on one post in ten.
	Commented float64
	Authors   int       // newsroom members to credit; 0 means 8
	Seed      uint64    // the same seed (and Now) writes the same site
	Now       time.Time // the newest post is dated just before it; zero means time.Now()
	// Every is the average time between two posts; 0 means 37 minutes
	// (about 39 a day, a busy regional newsroom).
	Every time.Duration
	// Batch is how many posts share a transaction; 0 means 500.
	Batch int
	// Progress, when set, is called after each batch with the posts
	// written so far and the total. Generate holds one batch at a time,
	// so its memory does not grow with Articles.
	Progress func(done, total int)
}

// Result tells what Generate wrote.
type Result struct {
	Articles int
	Comments int
	// Newest is the most recently dated post (nil when none were
	// written), loaded as a page shows it: a handy URL for load tests.
	Newest *model.Article
	// Commented is the newest post that got comments (nil when none
	// did): the URL of a busy article page.
	Commented *model.Article
}

// Generate writes the site described by opts into st, next to what st
// already holds: authors and terms of the same slug are reused, and post
// slugs are numbered after the posts already there. Each batch is one
// transaction recording one change in the change log, so a page cache
// following it drops what the batch shows.
func Generate(ctx context.Context, st *store.Store, opts Options) (Result, error) {
	if opts.Articles < 0 || opts.Comments < 0 || opts.Authors < 0 {
		return Result{}, errors.New("gen: counts must not be negative")
	}
	if opts.Commented < 0 || opts.Commented > 1 {
		return Result{}, errors.New("gen: the share of commented posts must be between 0 and 1")
	}
	if opts.Commented == 0 {
		opts.Commented = 1
	}
	if opts.Authors == 0 {
		opts.Authors = 8
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Every <= 0 {
		opts.Every = 37 * time.Minute
	}
	if opts.Batch <= 0 {
		opts.Batch = 500
	}
	g := &generator{st: st, opts: opts, r: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5761727461))}
	if err := g.newsroom(ctx); err != nil {
		return Result{}, fmt.Errorf("gen: authors: %w", err)
	}
	if err := g.taxonomies(ctx); err != nil {
		return Result{}, fmt.Errorf("gen: terms: %w", err)
	}
	existing, err := st.CountArticles(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("gen: %w", err)
	}
	g.offset = existing

	var res Result
	for start := 0; start < opts.Articles; start += opts.Batch {
		n := min(opts.Batch, opts.Articles-start)
		posts := make([]*model.Article, n)
		for i := range posts {
			posts[i] = g.article(start + i)
		}
		g.prev = nil // stored below: no translation may change it any more
		if err := st.InsertArticles(ctx, posts); err != nil {
			return res, fmt.Errorf("gen: posts %d–%d: %w", start+1, start+n, err)
		}
		c, commented, err := g.comments(ctx, posts)
		if err != nil {
			return res, fmt.Errorf("gen: comments on posts %d–%d: %w", start+1, start+n, err)
		}
		if res.Commented == nil && commented != 0 {
			if res.Commented, err = st.ArticleByID(ctx, commented); err != nil {
				return res, fmt.Errorf("gen: %w", err)
			}
		}
		res.Articles += n
		res.Comments += c
		if start == 0 {
			if res.Newest, err = st.ArticleByID(ctx, posts[0].ID); err != nil {
				return res, fmt.Errorf("gen: %w", err)
			}
		}
		if opts.Progress != nil {
			opts.Progress(res.Articles, opts.Articles)
		}
	}
	return res, nil
}

type generator struct {
	st     *store.Store
	opts   Options
	r      *rand.Rand
	offset int // posts already in the store: new slugs are numbered after them

	authors []model.User
	terms   map[string]model.Term // category and tag slugs
	// The previous post while it is not yet stored (nil after each batch),
	// with what its words were drawn from, for its translation.
	prev      *model.Article
	prevStory uint64
	prevTopic *topic
}

// newsroom stores the authors, or finds them when an earlier run did.
func (g *generator) newsroom(ctx context.Context) error {
	for i := range g.opts.Authors {
		name := person(g.r)
		s := "penulis-" + strconv.Itoa(i+1)
		u := model.User{Login: s, Email: s + "@warta.example", DisplayName: name, Slug: s, Role: model.RoleAuthor,
			Bio: "Wartawan " + name + " meliput berita daerah.", CreatedAt: g.opts.Now.AddDate(-1, 0, 0)}
		if i == 0 {
			u.Role = model.RoleEditor
		}
		err := g.st.InsertUser(ctx, &u)
		if errors.Is(err, model.ErrConflict) {
			found, ferr := g.st.UserBySlug(ctx, s)
			if ferr != nil {
				return ferr
			}
			u = *found
		} else if err != nil {
			return err
		}
		g.authors = append(g.authors, u)
	}
	return nil
}

// taxonomies stores a category per topic and the tags they use, or finds
// them when they exist.
func (g *generator) taxonomies(ctx context.Context) error {
	g.terms = map[string]model.Term{}
	put := func(t model.Term) error {
		err := g.st.InsertTerm(ctx, &t)
		if errors.Is(err, model.ErrConflict) {
			found, ferr := g.st.TermBySlug(ctx, t.Taxonomy, t.Slug)
			if ferr != nil {
				return ferr
			}
			t = *found
		} else if err != nil {
			return err
		}
		g.terms[t.Taxonomy+":"+t.Slug] = t
		return nil
	}
	for _, tp := range topics {
		t := model.Term{Taxonomy: model.TaxonomyCategory, Slug: tp.slug, Name: tp.nameID,
			Description: tp.nameEN}
		if tp.parent != "" {
			t.ParentID = g.terms[model.TaxonomyCategory+":"+tp.parent].ID
		}
		if err := put(t); err != nil {
			return err
		}
	}
	for _, tp := range topics {
		for _, s := range tp.tags {
			if _, ok := g.terms[model.TaxonomyTag+":"+s]; ok {
				continue
			}
			if err := put(model.Term{Taxonomy: model.TaxonomyTag, Slug: s, Name: tagNames[s]}); err != nil {
				return err
			}
		}
	}
	return nil
}

// article composes the i-th post (0 is the newest), not yet stored.
func (g *generator) article(i int) *model.Article {
	r := g.r
	published := g.opts.Now.Add(-time.Duration(i+1)*g.opts.Every - time.Duration(r.Int64N(int64(g.opts.Every/2))))
	// The story's words come from a source of its own: its English
	// translation, drawn from the same source over the parallel English
	// lists, then says the same thing.
	story, tp := r.Uint64(), &topics[r.IntN(len(topics))]
	lang := "id"
	// One post in ten is the English translation of the one before it; a
	// few more are written in English only.
	translate := g.prev != nil && g.prev.Lang == "id" && g.prev.TranslationGroup == "" && r.IntN(10) == 0
	if translate {
		story, tp, lang = g.prevStory, g.prevTopic, "en"
	} else if r.IntN(5) == 0 {
		lang = "en"
	}
	w := &tp.id
	if lang == "en" {
		w = &tp.en
	}
	wr := writer{r: rand.New(rand.NewPCG(story, 1)), lang: lang, w: w}
	place := pick(wr.r, places)
	title := wr.title(place)
	body, excerpt := wr.body(place)
	n := g.offset + i + 1
	a := &model.Article{
		Type:          model.TypePost,
		Slug:          slug.Make(title) + "-" + strconv.Itoa(n),
		Title:         title,
		BodyHTML:      sanitize.ArticleHTML(body),
		SourceFormat:  model.FormatHTML,
		Excerpt:       excerpt,
		Status:        model.StatusPublished,
		PublishedAt:   published.UTC(),
		CreatedAt:     published.Add(-2 * time.Hour).UTC(),
		ModifiedAt:    published.UTC(),
		Lang:          lang,
		CommentStatus: model.CommentsOpen,
		Sticky:        g.offset == 0 && i < 2 && r.IntN(2) == 0,
	}
	if translate {
		group := "gen-" + strconv.Itoa(n-1)
		a.TranslationGroup, g.prev.TranslationGroup = group, group
	}
	primary := g.authors[r.IntN(len(g.authors))]
	a.Bylines = []model.Byline{{User: primary, Role: model.BylineReporter}}
	if len(g.authors) > 1 && r.IntN(3) == 0 {
		other := g.authors[r.IntN(len(g.authors))]
		if other.ID != primary.ID {
			a.Bylines = append(a.Bylines, model.Byline{User: other, Role: model.BylineEditor})
		}
	}
	a.Categories = []model.Term{g.terms[model.TaxonomyCategory+":"+tp.slug]}
	for k, s := range tp.tags {
		if k == 0 || r.IntN(3) == 0 {
			a.Tags = append(a.Tags, g.terms[model.TaxonomyTag+":"+s])
		}
	}
	if r.IntN(8) == 0 {
		id := strconv.FormatUint(r.Uint64()%1e11, 36)
		a.Embeds = []model.Embed{{
			Provider: "youtube",
			URL:      "https://www.youtube.com/watch?v=" + id,
			EmbedURL: "https://www.youtube-nocookie.com/embed/" + id,
			Title:    title,
			Duration: time.Duration(60+r.IntN(600)) * time.Second,
		}}
	}
	g.prev, g.prevStory, g.prevTopic = a, story, tp
	return a
}

// maxDepth is how deep replies nest: a reply to a reply to a comment.
const maxDepth = 3

// comments writes opts.Comments approved comments on each commented post
// (a share opts.Commented of posts), level by level so that every reply's
// parent is stored first, and returns how many it wrote and the id of the
// first post of posts that got comments (0 when none did).
func (g *generator) comments(ctx context.Context, posts []*model.Article) (n int, first int64, err error) {
	if g.opts.Comments == 0 {
		return 0, 0, nil
	}
	type planned struct {
		c      *model.Comment
		parent *planned // nil at the top
		depth  int
	}
	var levels [maxDepth][]*planned
	latest := g.opts.Now.Add(-time.Minute).UTC()
	for _, a := range posts {
		if g.r.Float64() >= g.opts.Commented {
			continue
		}
		if first == 0 {
			first = a.ID
		}
		plan := make([]*planned, 0, g.opts.Comments)
		wr := writer{r: g.r, lang: a.Lang}
		at := a.PublishedAt
		for k := range g.opts.Comments {
			p := &planned{}
			if k > 0 && g.r.IntN(3) == 0 {
				p.parent = plan[g.r.IntN(k)]
				if p.parent.depth == maxDepth-1 {
					p.parent = p.parent.parent // join the deepest thread instead of nesting further
				}
				p.depth = p.parent.depth + 1
			}
			at = at.Add(time.Duration(1+g.r.IntN(90)) * time.Minute)
			name := person(g.r)
			p.c = &model.Comment{
				ArticleID:   a.ID,
				AuthorName:  name,
				AuthorEmail: slug.Make(name) + "@pembaca.example",
				Content:     sanitize.CommentHTML(wr.comment()),
				Status:      model.CommentApproved,
				Kind:        model.CommentKindComment,
				CreatedAt:   at,
			}
			if at.After(latest) {
				p.c.CreatedAt = latest // never in the future, whatever the post's date
			}
			plan = append(plan, p)
			levels[p.depth] = append(levels[p.depth], p)
		}
	}
	total := 0
	for _, level := range levels {
		list := make([]*model.Comment, len(level))
		for i, p := range level {
			if p.parent != nil {
				p.c.ParentID = p.parent.c.ID
			}
			list[i] = p.c
		}
		if err := g.st.InsertComments(ctx, list); err != nil {
			return total, first, err
		}
		total += len(list)
	}
	return total, first, nil
}
