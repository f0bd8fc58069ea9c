package wpapi

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxMultipartMemory is how much of a multipart body is held in memory;
// the rest of a file goes to a temporary file.
const maxMultipartMemory = 8 << 20

// readBody reads the fields of a write's body as WordPress does: a JSON
// object, or a form (urlencoded or multipart). Any other body (a raw file
// sent to /wp/v2/media) is left for the handler. The query's parameters
// count too; the body's win.
func (q *request) readBody() error {
	q.params = map[string]any{}
	ct, _, _ := mime.ParseMediaType(q.r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		b, err := io.ReadAll(q.r.Body)
		if err != nil {
			return bodyError(err)
		}
		if len(strings.TrimSpace(string(b))) == 0 {
			return nil
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return errorf(http.StatusBadRequest, "rest_invalid_json", "Invalid JSON body passed.")
		}
		q.params = m
	case "application/x-www-form-urlencoded":
		if err := q.r.ParseForm(); err != nil {
			return bodyError(err)
		}
		for k, v := range q.r.PostForm {
			q.params[strings.TrimSuffix(k, "[]")] = formValue(k, v)
		}
	case "multipart/form-data":
		if err := q.r.ParseMultipartForm(maxMultipartMemory); err != nil {
			return bodyError(err)
		}
		for k, v := range q.r.MultipartForm.Value {
			q.params[strings.TrimSuffix(k, "[]")] = formValue(k, v)
		}
	}
	return nil
}

// formValue is one form field: a list for name[] or repeated names.
func formValue(k string, v []string) any {
	if strings.HasSuffix(k, "[]") || len(v) > 1 {
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = s
		}
		return out
	}
	return v[0]
}

// bodyError is a body that could not be read: too large (413) or broken.
func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errorf(http.StatusRequestEntityTooLarge, "rest_request_too_large", "The request body is too large.")
	}
	return errorf(http.StatusBadRequest, "rest_invalid_body", "The request body could not be read.")
}

// param is a field of the write: from the body, else from the query.
func (q *request) param(name string) (any, bool) {
	if v, ok := q.params[name]; ok {
		return v, true
	}
	if vs, ok := q.query[name]; ok && len(vs) > 0 {
		return vs[0], true
	}
	if vs, ok := q.query[name+"[]"]; ok {
		out := make([]any, len(vs))
		for i, s := range vs {
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

// textParam reads a string field; title, content and excerpt may also come
// as {"raw": "…"}, the shape the edit context shows them in.
func (q *request) textParam(name string) (string, bool, error) {
	v, ok := q.param(name)
	if !ok || v == nil {
		return "", false, nil
	}
	switch x := v.(type) {
	case string:
		return x, true, nil
	case map[string]any:
		if raw, ok := x["raw"].(string); ok {
			return raw, true, nil
		}
	case float64, bool:
		return "", false, invalid(name, "is not of type string")
	}
	return "", false, invalid(name, "is not of type string")
}

// intParam reads an integer field (a JSON number or digits).
func (q *request) intParam(name string) (int64, bool, error) {
	v, ok := q.param(name)
	if !ok || v == nil {
		return 0, false, nil
	}
	n, ok := toInt(v)
	if !ok || n < 0 {
		return 0, false, invalid(name, "is not of type integer")
	}
	return n, true, nil
}

func toInt(v any) (int64, bool) {
	switch x := v.(type) {
	case float64:
		if x != float64(int64(x)) {
			return 0, false
		}
		return int64(x), true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// idsParam reads a list of ids: a JSON array, name[]=… or "1,2".
func (q *request) idsParam(name string) ([]int64, bool, error) {
	v, ok := q.param(name)
	if !ok || v == nil {
		return nil, false, nil
	}
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	case string:
		for _, s := range strings.Split(x, ",") {
			if s = strings.TrimSpace(s); s != "" {
				items = append(items, s)
			}
		}
	case float64:
		items = []any{x}
	default:
		return nil, false, invalid(name, "is not of type array")
	}
	out := []int64{}
	for _, it := range items {
		n, ok := toInt(it)
		if !ok || n <= 0 {
			return nil, false, invalid(name+"[]", "is not of type integer")
		}
		out = append(out, n)
	}
	return out, true, nil
}

// boolField reads a WordPress boolean field.
func (q *request) boolField(name string) (bool, bool, error) {
	v, ok := q.param(name)
	if !ok || v == nil {
		return false, false, nil
	}
	switch x := v.(type) {
	case bool:
		return x, true, nil
	case float64:
		return x != 0, true, nil
	case string:
		switch strings.ToLower(x) {
		case "true", "1":
			return true, true, nil
		case "false", "0", "":
			return false, true, nil
		}
	}
	return false, false, invalid(name, "is not of type boolean")
}

// dateParam reads a date field: without a zone it is local time, or UTC
// when gmt is set (date_gmt).
func (q *request) dateParam(name string, gmt bool) (time.Time, bool, error) {
	s, ok, err := q.textParam(name)
	if err != nil || !ok || s == "" {
		return time.Time{}, false, err
	}
	loc := q.loc
	if gmt {
		loc = time.UTC
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true, nil
		}
	}
	return time.Time{}, false, invalid(name, "is not a valid date")
}
