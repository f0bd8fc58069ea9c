package wpapi

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/slug"
)

// Categories and tags are written as WordPress 6 writes them: editors and
// administrators (manage_categories) create, rename and delete both; a
// tag may also be created by anyone who may write posts (WordPress's
// assign_terms), as the block editor does when a writer types a new tag.

// createTerm answers POST /wp/v2/categories and /wp/v2/tags.
func (q *request) createTerm(taxonomy string) (any, error) {
	allowed := q.can(auth.ManageCategories) || taxonomy == model.TaxonomyTag && q.can(auth.EditPosts)
	if !allowed {
		return nil, q.denied("rest_cannot_create", "Sorry, you are not allowed to create terms in this taxonomy.")
	}
	if _, ok := q.param("name"); !ok {
		return nil, errorf(http.StatusBadRequest, "rest_missing_callback_param", "Missing parameter(s): name")
	}
	t := &model.Term{Taxonomy: taxonomy}
	if err := q.applyTermFields(t); err != nil {
		return nil, err
	}
	if err := q.h.store.InsertTerm(q.r.Context(), t); errors.Is(err, model.ErrConflict) {
		return nil, q.termExists(t)
	} else if err != nil {
		return nil, err
	}
	q.status = http.StatusCreated
	q.header.Set("Location", q.url("/wp/v2/"+termBase(taxonomy)+"/"+strconv.FormatInt(t.ID, 10), nil))
	return q.savedTerm(t.ID)
}

// updateTerm answers POST, PUT and PATCH on one category or tag.
func (q *request) updateTerm(taxonomy, param string) (any, error) {
	t, err := q.managedTerm(taxonomy, param, "rest_cannot_update", "Sorry, you are not allowed to edit this term.")
	if err != nil {
		return nil, err
	}
	if err := q.applyTermFields(t); err != nil {
		return nil, err
	}
	if err := q.h.store.UpdateTerm(q.r.Context(), t); errors.Is(err, model.ErrConflict) {
		return nil, q.termExists(t)
	} else if err != nil {
		return nil, err
	}
	return q.savedTerm(t.ID)
}

// deleteTerm answers DELETE on one category or tag: terms have no trash,
// so WordPress wants force=true.
func (q *request) deleteTerm(taxonomy, param string) (any, error) {
	t, err := q.managedTerm(taxonomy, param, "rest_cannot_delete", "Sorry, you are not allowed to delete this term.")
	if err != nil {
		return nil, err
	}
	force, _, err := q.boolField("force")
	if err != nil {
		return nil, err
	}
	if !force {
		return nil, errorf(http.StatusNotImplemented, "rest_trash_not_supported",
			"Terms do not support trashing. Set 'force' to true to delete.")
	}
	previous, err := q.savedTerm(t.ID)
	if err != nil {
		return nil, err
	}
	if err := q.h.store.DeleteTerm(q.r.Context(), t.ID); err != nil {
		return nil, err
	}
	return map[string]any{"deleted": true, "previous": previous}, nil
}

// managedTerm loads the term param of taxonomy for a change.
func (q *request) managedTerm(taxonomy, param, code, msg string) (*model.Term, error) {
	id, _ := strconv.ParseInt(param, 10, 64)
	t, err := q.h.store.TermByID(q.r.Context(), id)
	if errors.Is(err, model.ErrNotFound) || err == nil && t.Taxonomy != taxonomy {
		return nil, errorf(http.StatusNotFound, "rest_term_invalid", "Term does not exist.")
	}
	if err != nil {
		return nil, err
	}
	if !q.can(auth.ManageCategories) {
		return nil, q.denied(code, msg)
	}
	return t, nil
}

// applyTermFields reads name, slug, description and (categories) parent.
func (q *request) applyTermFields(t *model.Term) error {
	if v, ok, err := q.textParam("name"); err != nil {
		return err
	} else if ok {
		v = strings.TrimSpace(v)
		if v == "" {
			return invalid("name", "is empty")
		}
		if len(v) > 200 {
			return invalid("name", "is longer than 200 characters")
		}
		t.Name = v
		if t.ID == 0 {
			t.Slug = slug.Make(v)
		}
	}
	if v, ok, err := q.textParam("slug"); err != nil {
		return err
	} else if ok && strings.TrimSpace(v) != "" {
		t.Slug = slug.Make(v)
	}
	if t.Slug == "" {
		return invalid("slug", "has no letters or digits")
	}
	if v, ok, err := q.textParam("description"); err != nil {
		return err
	} else if ok {
		t.Description = strings.TrimSpace(v)
	}
	if id, ok, err := q.intParam("parent"); err != nil {
		return err
	} else if ok {
		if t.Taxonomy != model.TaxonomyCategory {
			return invalid("parent", "is only for categories")
		}
		if id != 0 {
			p, err := q.h.store.TermByID(q.r.Context(), id)
			if err != nil || p.Taxonomy != model.TaxonomyCategory || id == t.ID {
				return errorf(http.StatusBadRequest, "rest_term_invalid", "Parent term does not exist.")
			}
		}
		t.ParentID = id
	}
	return nil
}

// termExists is WordPress's answer when the slug is taken, naming the
// term that has it so that clients (the block editor) can use it instead.
func (q *request) termExists(t *model.Term) error {
	e := errorf(http.StatusBadRequest, "term_exists", "A term with the name provided already exists in this taxonomy.")
	if other, err := q.h.store.TermBySlug(q.r.Context(), t.Taxonomy, t.Slug); err == nil {
		e.Data = map[string]any{"term_id": other.ID}
	}
	return e
}

// savedTerm is a term as stored, in the request's context.
func (q *request) savedTerm(id int64) (map[string]any, error) {
	t, err := q.h.store.TermByID(q.r.Context(), id)
	if err != nil {
		return nil, err
	}
	return q.view("term", q.term(*t)), nil
}
