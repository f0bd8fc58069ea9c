package wpapi

import (
	"net/http"

	"warta/internal/auth"
	"warta/internal/model"
)

// canEdit reports whether the signed-in client may edit a.
func (q *request) canEdit(a *model.Article) bool {
	return q.who != nil && auth.CanEdit(q.who, a)
}

// articleEdit is a post or page in the edit context, the shape WordPress
// answers writes with: the view context plus the raw fields.
func (q *request) articleEdit(a *model.Article) map[string]any {
	m := q.article(a)
	raw := string(a.BodyHTML)
	if a.SourceFormat == model.FormatMarkdown {
		raw = a.Source
	}
	m["title"].(map[string]any)["raw"] = a.Title
	content := m["content"].(map[string]any)
	content["raw"], content["block_version"] = raw, 0
	content["rendered"] = string(a.BodyHTML) + embedsHTML(a.Embeds)
	excerpt := m["excerpt"].(map[string]any)
	excerpt["raw"] = a.Excerpt
	m["guid"].(map[string]any)["raw"] = m["guid"].(map[string]any)["rendered"]
	m["password"] = ""
	if q.canEdit(a) {
		m["password"] = a.Password
	}
	m["generated_slug"] = a.Slug
	m["permalink_template"] = m["link"]
	return m
}

// statusFilter reads the status parameter of a post or page collection:
// anything but publish needs a client who may edit the type, and a writer
// who may not edit others' work sees only their own unpublished articles.
func (q *request) statusFilter(typ model.ArticleType) ([]model.Status, int64, error) {
	list := q.strs("status")
	if len(list) == 0 || (len(list) == 1 && list[0] == "publish") {
		return nil, 0, nil
	}
	need := auth.EditPosts
	if typ == model.TypePage {
		need = auth.EditPages
	}
	if !q.can(need) {
		return nil, 0, errorf(http.StatusBadRequest, "rest_invalid_param",
			"Invalid parameter(s): status (Status is forbidden.)")
	}
	var out []model.Status
	for _, s := range list {
		if s == "any" {
			for _, st := range []model.Status{model.StatusPublished, model.StatusScheduled, model.StatusDraft,
				model.StatusPending, model.StatusPrivate} {
				out = append(out, st)
			}
			continue
		}
		st, ok := wpStatuses[s]
		if !ok {
			return nil, 0, invalid("status", "is not one of publish, future, draft, pending, private, trash, any")
		}
		out = append(out, st)
	}
	var owner int64
	if !q.can(auth.EditOthersPosts) {
		owner = q.who.ID
	}
	return out, owner, nil
}
