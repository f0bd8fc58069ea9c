package admin

import (
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/publishing"
)

type revisionsData struct {
	Article *model.Article
	List    []revisionRow
	Compare *model.Revision
	Diff    []diffLine
	Authors map[int64]string
}

type revisionRow struct {
	model.Revision
	Author string
}

func (h *Handler) listRevisions(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := h.store.ArticleByID(r.Context(), id)
	if err != nil {
		return err
	}
	if !auth.CanEdit(r.user(), a) {
		return model.ErrForbidden
	}
	revs, err := h.store.Revisions(r.Context(), id)
	if err != nil {
		return err
	}
	users, err := h.store.Users(r.Context())
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.DisplayName
	}
	d := revisionsData{Article: a}
	for _, rv := range revs {
		d.List = append(d.List, revisionRow{Revision: rv, Author: names[rv.AuthorID]})
	}
	// Compare the chosen revision (by default the one before the current
	// state) with the article as it is now.
	want, _ := strconv.ParseInt(r.URL.Query().Get("compare"), 10, 64)
	for i := range revs {
		if (want != 0 && revs[i].ID == want) || (want == 0 && i == 1) {
			d.Compare = &revs[i]
		}
	}
	if d.Compare != nil {
		d.Diff = diffLines(revisionText(d.Compare.Title, d.Compare.Source, string(d.Compare.BodyHTML)),
			revisionText(a.Title, a.Source, string(a.BodyHTML)))
	}
	return h.render(w, http.StatusOK, "revisions.html", h.newView(r, r.p.T("admin.revisions.title"), "articles", d))
}

// revisionText is what a revision's diff compares: the title and the
// writer's text (the Markdown source, or the HTML's text split by block).
func revisionText(title, source, body string) []string {
	lines := []string{"# " + title, ""}
	if source != "" {
		return append(lines, strings.Split(source, "\n")...)
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return append(lines, strings.Split(strings.TrimSpace(b.String()), "\n")...)
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "h2", "h3", "h4", "li", "blockquote", "figure", "br", "tr":
				b.WriteString("\n")
			}
		}
	}
}

type diffLine struct {
	Op   string // "=", "-", "+"
	Text string
}

// diffLines returns the line diff turning a into b (a longest common
// subsequence; articles are short enough for the quadratic table, and
// longer ones are cut to keep it bounded).
func diffLines(a, b []string) []diffLine {
	const maxLines = 2000
	a, b = a[:min(len(a), maxLines)], b[:min(len(b), maxLines)]
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffLine
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, diffLine{"=", a[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, diffLine{"-", a[i]})
			i++
		default:
			out = append(out, diffLine{"+", b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, diffLine{"-", a[i]})
	}
	for ; j < m; j++ {
		out = append(out, diffLine{"+", b[j]})
	}
	return out
}

func (h *Handler) restoreRevision(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := publishing.RestoreRevision(r.Context(), h.store, r.user(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r.Request, "/admin/articles/"+strconv.FormatInt(a.ID, 10)+"?notice=revision", http.StatusSeeOther)
	return nil
}
