package publishing

import (
	"context"
	"errors"
	"strings"

	"golang.org/x/net/html"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/slug"
	"warta/internal/store"
)

// categories returns the chosen categories and the new ones typed inline,
// created on the way.
func categories(ctx context.Context, st *store.Store, u *model.User, in Input, v *model.ValidationError) ([]model.Term, error) {
	var out []model.Term
	seen := map[int64]bool{}
	for _, id := range in.CategoryIDs {
		t, err := st.TermByID(ctx, id)
		if errors.Is(err, model.ErrNotFound) || (err == nil && t.Taxonomy != model.TaxonomyCategory) {
			v.Add("categories", "publish.err.category")
			continue
		}
		if err != nil {
			return nil, err
		}
		if !seen[t.ID] {
			seen[t.ID] = true
			out = append(out, *t)
		}
	}
	names := splitNames(in.NewCategories)
	if len(names) > 0 && !auth.Can(u.Role, auth.AssignTermsInline) {
		return nil, model.ErrForbidden
	}
	for _, name := range names {
		t, err := ensureTerm(ctx, st, model.TaxonomyCategory, name)
		if err != nil {
			return nil, err
		}
		if t != nil && !seen[t.ID] {
			seen[t.ID] = true
			out = append(out, *t)
		}
	}
	return out, nil
}

// tagsByID adds the tags ids to list, naming unknown ones in v.
func tagsByID(ctx context.Context, st *store.Store, list []model.Term, ids []int64, v *model.ValidationError) ([]model.Term, error) {
	seen := map[int64]bool{}
	for _, t := range list {
		seen[t.ID] = true
	}
	for _, id := range ids {
		t, err := st.TermByID(ctx, id)
		if errors.Is(err, model.ErrNotFound) || (err == nil && t.Taxonomy != model.TaxonomyTag) {
			v.Add("tags", "publish.err.tag")
			continue
		}
		if err != nil {
			return nil, err
		}
		if !seen[t.ID] {
			seen[t.ID] = true
			list = append(list, *t)
		}
	}
	return list, nil
}

// tags returns the tags named in a comma-separated list, creating new ones.
func tags(ctx context.Context, st *store.Store, list string) ([]model.Term, error) {
	var out []model.Term
	seen := map[int64]bool{}
	for _, name := range splitNames(list) {
		t, err := ensureTerm(ctx, st, model.TaxonomyTag, name)
		if err != nil {
			return nil, err
		}
		if t != nil && !seen[t.ID] {
			seen[t.ID] = true
			out = append(out, *t)
		}
	}
	return out, nil
}

// splitNames splits "Banjir, Kali Wening ,," into trimmed, non-empty names.
func splitNames(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.Join(strings.Fields(p), " "); p != "" && len(p) <= 100 {
			out = append(out, p)
		}
	}
	return out
}

// ensureTerm returns the term of the taxonomy whose slug name makes,
// creating it when new; nil for a name without letters or digits.
func ensureTerm(ctx context.Context, st *store.Store, taxonomy, name string) (*model.Term, error) {
	s := slug.Make(name)
	if s == "" {
		return nil, nil
	}
	t, err := st.TermBySlug(ctx, taxonomy, s)
	if err == nil {
		return t, nil
	}
	if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	nt := &model.Term{Taxonomy: taxonomy, Slug: s, Name: name}
	err = st.InsertTerm(ctx, nt)
	if errors.Is(err, model.ErrConflict) {
		return st.TermBySlug(ctx, taxonomy, s)
	}
	if err != nil {
		return nil, err
	}
	return nt, nil
}

// imagesWithoutAlt returns the src of every image in body whose alt text is
// missing or blank.
func imagesWithoutAlt(body string) []string {
	var missing []string
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return missing
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data != "img" {
			continue
		}
		var src, alt string
		for _, at := range tok.Attr {
			switch at.Key {
			case "src":
				src = at.Val
			case "alt":
				alt = at.Val
			}
		}
		if strings.TrimSpace(alt) == "" {
			missing = append(missing, src)
		}
	}
}
