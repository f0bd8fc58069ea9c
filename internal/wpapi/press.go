package wpapi

import (
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
