// Package demo writes a small, complete sample site into an empty store, so
// that a new installation shows what warta does: Indonesian and English
// news with quotes, translations, a video, bylines, categories, tags,
// pictures and threaded comments. All of it is invented and written for
// warta; the pictures are drawn at seed time.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/store"
)

// ErrNotEmpty is returned by Seed when the store already holds articles.
var ErrNotEmpty = errors.New("demo: the store already has articles")

// mediaFolder is where the pictures go, under the media directory.
const mediaFolder = "demo"

// Seed writes the demo site (settings, users, terms, media files into
// files, articles, pages, comments) into an empty store. now anchors the
// publication dates: every article is dated between 1 and 21 days before it.
//
// It refuses with ErrNotEmpty when the store has any article, so it never
// duplicates content. Content and pictures are prepared before the first
// write; a store error midway leaves what was written, and a second call
// then refuses too. It sanitizes bodies itself but does not invalidate any
// cache: it is meant for a site that has served nothing yet.
func Seed(ctx context.Context, st *store.Store, files media.Storage, now time.Time) error {
	if files == nil {
		return errors.New("demo: no media storage to draw the pictures in")
	}
	n, err := st.CountArticles(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("%w (%d)", ErrNotEmpty, n)
	}
	now = now.UTC()
	entries, err := loadEntries()
	if err != nil {
		return err
	}
	pics, err := drawPictures(ctx, files, entries)
	if err != nil {
		return err
	}

	s := seeder{st: st, now: now, users: map[string]*model.User{}, terms: map[string]*model.Term{}}
	steps := []func(context.Context) error{s.settings, s.newsroom, s.taxonomies}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	articles := map[string]*model.Article{}
	for i := range entries {
		a, err := s.article(ctx, &entries[i], pics[entries[i].slug])
		if err != nil {
			return fmt.Errorf("demo: %s: %w", entries[i].file, err)
		}
		articles[a.Slug] = a
	}
	if err := s.comments(ctx, articles); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// seeder carries what earlier steps created to the later ones.
type seeder struct {
	st    *store.Store
	now   time.Time
	users map[string]*model.User // by slug
	terms map[string]*model.Term // by taxonomy + ":" + slug
}

func (s *seeder) settings(ctx context.Context) error {
	set, err := s.st.Settings(ctx)
	if err != nil {
		return err
	}
	set.Title, set.Tagline = siteTitle, siteTagline
	set.Language, set.TimeZone = "id", "Asia/Jakarta"
	return s.st.SaveSettings(ctx, set)
}

func (s *seeder) newsroom(ctx context.Context) error {
	for i, u := range demoUsers {
		u.CreatedAt = s.now.AddDate(0, 0, -30).Add(time.Duration(i) * time.Hour)
		if err := s.st.InsertUser(ctx, &u); err != nil {
			return err
		}
		s.users[u.Slug] = &u
	}
	return nil
}

func (s *seeder) taxonomies(ctx context.Context) error {
	for _, c := range demoCategories {
		t := c.term
		t.Taxonomy = model.TaxonomyCategory
		if c.parent != "" {
			t.ParentID = s.terms[model.TaxonomyCategory+":"+c.parent].ID
		}
		if err := s.st.InsertTerm(ctx, &t); err != nil {
			return err
		}
		s.terms[t.Taxonomy+":"+t.Slug] = &t
	}
	for _, t := range demoTags {
		t.Taxonomy = model.TaxonomyTag
		if err := s.st.InsertTerm(ctx, &t); err != nil {
			return err
		}
		s.terms[t.Taxonomy+":"+t.Slug] = &t
	}
	return nil
}

// article renders and stores one entry, with its featured picture. The
// entries are written in Markdown here and stored as HTML, as articles are.
func (s *seeder) article(ctx context.Context, e *entry, pic *picture) (*model.Article, error) {
	body, err := sanitize.Markdown(e.body)
	if err != nil {
		return nil, err
	}
	published := e.publishedAt(s.now)
	a := &model.Article{
		Type:         e.typ,
		Slug:         e.slug,
		Title:        e.title,
		BodyHTML:     body,
		SourceFormat: model.FormatHTML, // the newsroom's editor opens the HTML

		Excerpt:          sanitize.Text(e.excerpt),
		Status:           model.StatusPublished,
		PublishedAt:      published,
		CreatedAt:        published.Add(-90 * time.Minute),
		ModifiedAt:       published,
		Lang:             e.lang,
		TranslationGroup: e.translation,
		Sticky:           e.sticky,
		CommentStatus:    model.CommentsOpen,
		SourceName:       e.sourceName,
		SourceURL:        e.sourceURL,
		MenuOrder:        e.menuOrder,
		Unverified:       e.unverified,
	}
	if e.commentsClosed {
		a.CommentStatus = model.CommentsClosed
	}
	for _, b := range e.bylines {
		u, ok := s.users[b.user]
		if !ok {
			return nil, fmt.Errorf("byline: no demo user %q", b.user)
		}
		a.Bylines = append(a.Bylines, model.Byline{User: *u, Role: b.role})
	}
	for _, slug := range e.categories {
		t, ok := s.terms[model.TaxonomyCategory+":"+slug]
		if !ok {
			return nil, fmt.Errorf("no demo category %q", slug)
		}
		a.Categories = append(a.Categories, *t)
	}
	for _, slug := range e.tags {
		t, ok := s.terms[model.TaxonomyTag+":"+slug]
		if !ok {
			return nil, fmt.Errorf("no demo tag %q", slug)
		}
		a.Tags = append(a.Tags, *t)
	}
	if pic != nil && pic.media != nil {
		m := *pic.media
		m.UploaderID = a.Bylines[0].User.ID
		m.CreatedAt = a.CreatedAt
		if err := s.st.InsertMedia(ctx, &m); err != nil {
			return nil, err
		}
		a.FeaturedMediaID = m.ID
	}
	if v := e.video; v != nil {
		a.Embeds = append(a.Embeds, model.Embed{
			Provider:  v.provider,
			URL:       "https://www.youtube.com/watch?v=" + v.id,
			EmbedURL:  "https://www.youtube-nocookie.com/embed/" + v.id,
			Title:     v.title,
			Duration:  v.duration,
			PosterURL: pic.posterURL,
		})
	}
	if err := s.st.InsertArticle(ctx, a); err != nil {
		return nil, err
	}
	if c := e.correction; c != nil {
		at := published.Add(c.after)
		if latest := s.now.Add(-time.Minute); at.After(latest) {
			at = latest // never in the future, whatever the article's date
		}
		err := s.st.InsertCorrection(ctx, a, &model.Correction{Kind: c.kind, Body: c.text, CreatedAt: at})
		if err != nil {
			return nil, fmt.Errorf("correction: %w", err)
		}
	}
	if e.guideline {
		set, err := s.st.Settings(ctx)
		if err != nil {
			return nil, err
		}
		set.GuidelinePageID = int(a.ID)
		if err := s.st.SaveSettings(ctx, set); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// comments stores the demo comments, parents before replies.
func (s *seeder) comments(ctx context.Context, articles map[string]*model.Article) error {
	ids := map[string]int64{}
	for _, dc := range demoComments {
		a, ok := articles[dc.article]
		if !ok {
			return fmt.Errorf("comment %s: no demo article %q", dc.key, dc.article)
		}
		c := model.Comment{
			ArticleID:   a.ID,
			ParentID:    ids[dc.parent],
			AuthorName:  dc.name,
			AuthorEmail: dc.email,
			AuthorURL:   dc.url,
			Content:     sanitize.CommentHTML(dc.text),
			Status:      dc.status,
			Kind:        model.CommentKindComment,
			CreatedAt:   a.PublishedAt.Add(dc.after),
		}
		if latest := s.now.Add(-time.Minute); c.CreatedAt.After(latest) {
			c.CreatedAt = latest // never in the future, whatever the article's date
		}
		if dc.parent != "" && c.ParentID == 0 {
			return fmt.Errorf("comment %s: parent %q comes later or does not exist", dc.key, dc.parent)
		}
		if dc.user != "" {
			u := s.users[dc.user]
			c.UserID, c.AuthorName, c.AuthorEmail = u.ID, u.DisplayName, u.Email
		}
		if err := s.st.InsertComment(ctx, &c); err != nil {
			return fmt.Errorf("comment %s: %w", dc.key, err)
		}
		ids[dc.key] = c.ID
	}
	return nil
}

// picture is what drawPictures made for one entry: the featured image
// (not yet stored) and the video poster's public path.
type picture struct {
	media     *model.Media
	posterURL string
}

// drawPictures draws every entry's featured image in all sizes, and a
// poster for each video, into files under demo/.
func drawPictures(ctx context.Context, files media.Storage, entries []entry) (map[string]*picture, error) {
	type planned struct {
		e    *entry
		jobs []*pictureJob
	}
	var (
		all  []*pictureJob
		plan []planned
	)
	for i := range entries {
		e := &entries[i]
		p := planned{e: e}
		if e.image != nil {
			for k, w := range imageSizes {
				name := e.slug + ".png"
				if k > 0 {
					name = fmt.Sprintf("%s-%dw.png", e.slug, w)
				}
				p.jobs = append(p.jobs, &pictureJob{style: e.image.style, palette: e.image.palette,
					seed: e.slug, width: w, file: mediaFolder + "/" + name})
			}
		}
		if e.video != nil {
			// Kites at dusk: the demo's one video is the festival's.
			p.jobs = append(p.jobs, &pictureJob{style: "kites", palette: "dusk", seed: e.slug + "/poster",
				width: posterWidth, file: mediaFolder + "/" + e.slug + "-poster.png"})
		}
		all = append(all, p.jobs...)
		plan = append(plan, p)
	}
	if err := drawAll(ctx, files, all); err != nil {
		return nil, err
	}
	out := map[string]*picture{}
	for _, p := range plan {
		pic := &picture{}
		jobs := p.jobs
		if p.e.video != nil {
			poster := jobs[len(jobs)-1]
			pic.posterURL = "/media/" + poster.file
			jobs = jobs[:len(jobs)-1]
		}
		if len(jobs) > 0 {
			orig := jobs[0]
			m := &model.Media{Path: orig.file, MimeType: "image/png", Size: orig.size,
				Width: orig.width, Height: orig.height, Alt: p.e.image.alt, Caption: p.e.image.caption}
			for _, v := range jobs[1:] {
				m.Variants = append(m.Variants, model.MediaVariant{Path: v.file, Width: v.width, Height: v.height})
			}
			pic.media = m
		}
		out[p.e.slug] = pic
	}
	return out, nil
}
