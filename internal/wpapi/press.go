package wpapi

import (
	"errors"
	"net/http"

	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/publishing"
)

// The press guideline's fields (Pedoman Pemberitaan Media Siber) travel as
// registered post meta, the place WordPress clients look for a site's own
// fields: "meta": {"warta_unverified": true, …} on posts.
const (
	metaUnverified = "warta_unverified"  // bool: published before verification was complete
	metaVerifiedAt = "warta_verified_at" // read only: when the flag was cleared, in UTC as date_gmt; "" if never
	metaSponsored  = "warta_sponsored"   // bool: paid content
	// single posts only: the entries (read only), and for editors the
	// takedown, which a write of {"reason", "note"} makes and of null lifts
	metaCorrections = "warta_corrections"
	metaTakedown    = "warta_takedown"
	// writes only: {"kind", "text", "party", "statement_url"} adds an entry
	metaNewCorrection = "warta_new_correction"
)

// pressMeta is a post's meta object; pages carry none.
func pressMeta(a *model.Article) map[string]any {
	if a.Type != model.TypePost {
		return map[string]any{}
	}
	return map[string]any{
		metaUnverified: a.Unverified,
		metaVerifiedAt: wpTime(a.VerifiedAt, nil),
		metaSponsored:  a.Sponsored,
	}
}

// metaParam is a field of the write's meta: "meta": {name: v} in JSON,
// meta[name]=v in a form.
func (q *request) metaParam(name string) (any, bool) {
	if m, ok := q.params["meta"].(map[string]any); ok {
		v, ok := m[name]
		return v, ok
	}
	v, ok := q.param("meta[" + name + "]")
	return v, ok
}

// metaBool reads a boolean of the write's meta, as boolField does.
func (q *request) metaBool(name string) (bool, bool, error) {
	v, ok := q.metaParam(name)
	if !ok || v == nil {
		return false, false, nil
	}
	saved := q.params
	q.params = map[string]any{name: v}
	defer func() { q.params = saved }()
	b, ok, err := q.boolField(name)
	if err != nil {
		return false, false, invalid("meta."+name, "is not of type boolean")
	}
	return b, ok, nil
}

// applyPressMeta reads the guideline's flags of a post write into in.
func (q *request) applyPressMeta(in *publishing.Input) error {
	if in.Type != model.TypePost {
		return nil
	}
	for name, dst := range map[string]*bool{metaUnverified: &in.Unverified, metaSponsored: &in.Sponsored} {
		b, ok, err := q.metaBool(name)
		if err != nil {
			return err
		}
		if ok {
			*dst = b
		}
	}
	return nil
}

// withPress adds to a single post's meta its corrections, updates and
// rights of reply (warta_corrections, oldest first) and, for those who may
// edit it, its takedown (warta_takedown; null when none). Lists leave
// them out: they would cost a read per post.
func (q *request) withPress(m map[string]any, a *model.Article) (map[string]any, error) {
	meta, ok := m["meta"].(map[string]any)
	if !ok || a.Type != model.TypePost {
		return m, nil
	}
	ctx := q.r.Context()
	list := []map[string]any{}
	if a.Password == "" || q.canEdit(a) || q.unlocked == a.ID {
		cs, err := q.h.store.Corrections(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			list = append(list, map[string]any{"id": c.ID, "kind": c.Kind, "text": c.Body, "party": c.Party,
				"statement_url": c.StatementURL, "date_gmt": wpTime(c.CreatedAt, nil)})
		}
	}
	meta[metaCorrections] = list
	if q.canEdit(a) {
		meta[metaTakedown] = nil
		tk, err := q.h.store.TakedownOf(ctx, a.ID)
		switch {
		case err == nil:
			meta[metaTakedown] = map[string]any{"reason": tk.Reason, "note": tk.Note, "path": tk.Path, "date_gmt": wpTime(tk.TakenAt, nil)}
		case !errors.Is(err, model.ErrNotFound):
			return nil, err
		}
	}
	return m, nil
}

// newCorrection reads meta.warta_new_correction of a post write: an entry
// to attach once the post is saved; nil when none was sent.
func (q *request) newCorrection() (*publishing.CorrectionInput, error) {
	v, ok := q.metaParam(metaNewCorrection)
	if !ok || v == nil {
		return nil, nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, invalid("meta."+metaNewCorrection, "is not of type object")
	}
	in := &publishing.CorrectionInput{}
	for name, dst := range map[string]*string{"kind": &in.Kind, "text": &in.Body, "party": &in.Party, "statement_url": &in.StatementURL} {
		switch s := obj[name].(type) {
		case string:
			*dst = s
		case nil:
		default:
			return nil, invalid("meta."+metaNewCorrection+"."+name, "is not of type string")
		}
	}
	return in, nil
}

// takedownWrite reads meta.warta_takedown of a post write: an object
// {"reason", "note"} takes the post down, null lifts its takedown; ok is
// false when the field was not sent.
func (q *request) takedownWrite() (reason, note string, lift, ok bool, err error) {
	v, sent := q.metaParam(metaTakedown)
	if !sent {
		return "", "", false, false, nil
	}
	if v == nil {
		return "", "", true, true, nil
	}
	obj, isObj := v.(map[string]any)
	reason, okR := obj["reason"].(string)
	note, okN := obj["note"].(string)
	if _, has := obj["note"]; !has {
		okN = true
	}
	if !isObj || !okR || !okN {
		return "", "", false, false, invalid("meta."+metaTakedown, `is not {"reason": string, "note": string} or null`)
	}
	return reason, note, false, true, nil
}

// takenDown is the answer about a post taken down for a guideline reason,
// to those who may not edit it: 410 Gone with the reason (its code, and
// its words in the site's language), the newsroom's note and the date, as
// the story's page gives them, and nothing of the story. nil when the post
// was not taken down.
func (q *request) takenDown(a *model.Article) (*apiError, error) {
	tk, err := q.h.store.TakedownOf(q.r.Context(), a.ID)
	if errors.Is(err, model.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p := locale.New(q.settings.Language)
	return &apiError{Code: "warta_taken_down", Status: http.StatusGone,
		Message: p.T("takedown.api") + " " + p.T("takedown.reason."+tk.Reason),
		Data:    map[string]any{"reason": tk.Reason, "note": tk.Note, "date_gmt": wpTime(tk.TakenAt, nil)}}, nil
}
