package wpapi

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// invalid is WordPress's rest_invalid_param error for one parameter.
func invalid(param, why string) *apiError {
	e := errorf(http.StatusBadRequest, "rest_invalid_param", "Invalid parameter(s): "+param)
	e.Message += " (" + param + " " + why + ")"
	return e
}

// page reads page and per_page: per_page 1–100 (10 by default).
func (q *request) page() (page, perPage int, err error) {
	page, perPage = 1, 10
	if v := q.query.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, invalid("page", "must be greater than or equal to 1")
		}
		page = n
	}
	if v := q.query.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return 0, 0, invalid("per_page", "must be between 1 (inclusive) and 100 (inclusive)")
		}
		perPage = n
	}
	return page, perPage, nil
}

// idFilter is a collection's include and exclude parameters.
type idFilter struct{ include, exclude []int64 }

// idFilter reads include and exclude.
func (q *request) idFilter() (idFilter, error) {
	var f idFilter
	var err error
	if f.include, err = q.ids("include"); err != nil {
		return f, err
	}
	f.exclude, err = q.ids("exclude")
	return f, err
}

// keeps reports whether id passes: among include when it is given, and
// not among exclude.
func (f idFilter) keeps(id int64) bool {
	return (len(f.include) == 0 || slices.Contains(f.include, id)) && !slices.Contains(f.exclude, id)
}

// ids reads a list of ids given as "1,2" or name[]=1&name[]=2.
func (q *request) ids(name string) ([]int64, error) {
	var raw []string
	for _, k := range []string{name, name + "[]"} {
		for _, v := range q.query[k] {
			raw = append(raw, strings.Split(v, ",")...)
		}
	}
	var out []int64
	for _, s := range raw {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return nil, invalid(name, "is not of type integer")
		}
		out = append(out, n)
	}
	return out, nil
}

// strs reads a list of strings given as "a,b" or name[]=a.
func (q *request) strs(name string) []string {
	var out []string
	for _, k := range []string{name, name + "[]"} {
		for _, v := range q.query[k] {
			for _, s := range strings.Split(v, ",") {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// date reads an ISO 8601 date; without a zone it is the site's local time.
func (q *request) date(name string) (time.Time, error) {
	v := q.query.Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		var t time.Time
		var err error
		if strings.ContainsAny(v[min(len(v), 10):], "Z+") || strings.Count(v[min(len(v), 10):], "-") > 0 {
			t, err = time.Parse(layout, v)
		} else {
			t, err = time.ParseInLocation(layout, v, q.loc)
		}
		if err == nil {
			return t, nil
		}
	}
	return time.Time{}, invalid(name, "is not a valid date")
}

// order reads order (asc or desc, desc by default).
func (q *request) order() (asc bool, err error) {
	switch q.query.Get("order") {
	case "", "desc":
		return false, nil
	case "asc":
		return true, nil
	}
	return false, invalid("order", "is not one of asc, desc")
}

// oneOf checks that name's value, when given, is one of allowed.
func (q *request) oneOf(name, def string, allowed ...string) (string, error) {
	v := q.query.Get(name)
	if v == "" {
		return def, nil
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", invalid(name, "is not one of "+strings.Join(allowed, ", "))
}

// boolParam reads a WordPress boolean ("true", "1", "false", "0").
func (q *request) boolParam(name string) (*bool, error) {
	v := q.query.Get(name)
	if v == "" {
		return nil, nil
	}
	var b bool
	switch strings.ToLower(v) {
	case "true", "1":
		b = true
	case "false", "0":
	default:
		return nil, invalid(name, "is not of type boolean")
	}
	return &b, nil
}
