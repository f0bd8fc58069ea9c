// Package scenario runs declared HTTP requests against warta's real server
// and checks each answer, in the way PocketBase's tests.ApiScenario does: a
// handler test is a list of Scenario values — a request, who sends it and
// what must come back — not a copy of a client helper.
//
//	s := scenario.New(t, storetest.New(t), scenario.Options{})
//	ed := s.As(t, s.User(t, "sari", model.RoleEditor))
//	ed.Run(t,
//		scenario.Scenario{Name: "the editor opens the queue", URL: "/admin/comments/",
//			ExpectedStatus: 200, ExpectedContent: []string{"Rina"}},
//		scenario.Scenario{Name: "an empty reply is refused", Method: "POST", URL: "/admin/comments/7/reply",
//			Form: url.Values{"comment": {""}}, ExpectedStatus: 422, ExpectedContent: []string{"Write a reply."}},
//	)
//
// New builds the site (public pages, feeds, REST API and newsroom behind
// the server's middleware) over a real store; Engines does so on SQLite and,
// when WARTA_TEST_POSTGRES_URL is set, on PostgreSQL. A Client is one
// visitor with its own cookies: Browser, SignIn and As for the newsroom
// (the CSRF token of the last page is added to every form it posts),
// AppPassword for the REST API. Run runs scenarios in order as subtests;
// Do runs one in the current test and returns the answer, for a flow whose
// next request depends on it; Get is Do for a page that must answer 200.
// BeforeTest and AfterTest get the site, whose Store is the real store, to
// prepare data and to check what a request changed. Element, Text and
// AttrValues cut a page into the parts a check reads (a byline, one
// comment), and Contains and Lacks check such a part.
//
// Options.PageCache puts the page cache in front, as serve runs by
// default; Site.Follow then hands it what the store changed, as serve's
// follower does, and /metrics shows its counters.
//
// The package is test support: nothing in the product imports it. A test
// that uses it lives in an external test package (admin_test, wpapi_test,
// web_test, feed_test), since the site imports every front end; for the
// same reason a package the site imports cannot use it in its internal
// tests.
package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// AnyValue, as an expected header or JSON value, asks only that the value
// be there and not empty.
const AnyValue = "\x00any value"

// NoHeader, as an expected header value, asks that the header be absent.
const NoHeader = "\x00no header"

// Scenario is one request and what its answer must hold.
type Scenario struct {
	// Name says, as a sentence, what the request shows.
	Name string
	// Method is GET when empty.
	Method string
	// URL is a path on the site ("/admin/articles/?status=trash") or an
	// absolute URL.
	URL string
	// Headers are sent with the request, over the client's own.
	Headers map[string]string
	// Form is sent url-encoded; with Files, as multipart/form-data (field →
	// file name → content). A Browser adds the CSRF token of the last page
	// it was shown unless Form has a "csrf" field of its own.
	Form  url.Values
	Files map[string]map[string][]byte
	// JSON is sent marshalled, as application/json.
	JSON any
	// Body is sent as is; give its Content-Type in Headers.
	Body io.Reader
	// Client sends the request instead of the one Run or Do was called on.
	Client *Client

	// ExpectedStatus is required; a different status ends the test (or the
	// subtest, under Run), since what follows would read the wrong answer.
	ExpectedStatus int
	// ExpectedContent must each appear in the body; NotExpectedContent
	// must not.
	ExpectedContent    []string
	NotExpectedContent []string
	// ExpectedHeaders are compared exactly, or with AnyValue or NoHeader.
	ExpectedHeaders map[string]string
	// ExpectedJSON maps a dotted path in the JSON body ("code",
	// "data.status", "0.title.rendered"; "" for the whole body) to its
	// value, compared after both are put through encoding/json (so 403
	// matches 403.0 and []int64{} an empty list), or AnyValue.
	ExpectedJSON map[string]any

	// BeforeTest runs before the request; AfterTest after the checks
	// above, with the answer.
	BeforeTest func(t testing.TB, s *Site)
	AfterTest  func(t testing.TB, s *Site, r *Response)
}

// Response is an answer as the client received it.
type Response struct {
	Status int
	Header http.Header
	Body   string
	json   any
	jsonOK bool
}

// Location is the Location header.
func (r *Response) Location() string { return r.Header.Get("Location") }

// Cookie returns the cookie the answer set under name, or nil.
func (r *Response) Cookie(name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Decode reads the JSON body into v and fails the test if it cannot.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode %T: %v\n%s", v, err, r.Body)
	}
}

// Value returns the value at a dotted path of the JSON body (see
// Scenario.ExpectedJSON), and whether it is there.
func (r *Response) Value(path string) (any, bool) {
	if !r.jsonOK {
		return nil, false
	}
	v := r.json
	if path == "" {
		return v, true
	}
	for _, seg := range strings.Split(path, ".") {
		switch c := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = c[seg]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// Str is the string at path, or "".
func (r *Response) Str(path string) string {
	v, _ := r.Value(path)
	s, _ := v.(string)
	return s
}

// Int is the number at path, or 0.
func (r *Response) Int(path string) int64 {
	v, _ := r.Value(path)
	f, _ := v.(float64)
	return int64(f)
}

// Object is the JSON body when it is an object, else nil.
func (r *Response) Object() map[string]any {
	m, _ := r.json.(map[string]any)
	return m
}

// List is the JSON body when it is a list of objects, else nil.
func (r *Response) List() []map[string]any {
	l, _ := r.json.([]any)
	if l == nil {
		return nil
	}
	out := make([]map[string]any, 0, len(l))
	for _, v := range l {
		m, _ := v.(map[string]any)
		out = append(out, m)
	}
	return out
}

// Run runs each scenario as a subtest of t named after it, in order, on
// c (or the scenario's own Client). A failed scenario does not stop the
// ones after it.
func (c *Client) Run(t *testing.T, scenarios ...Scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) { c.Do(t, sc) })
	}
}

// Do runs one scenario in t on c (or the scenario's own Client) and
// returns the answer.
func (c *Client) Do(t testing.TB, sc Scenario) *Response {
	t.Helper()
	if sc.Client != nil {
		c = sc.Client
	}
	if sc.ExpectedStatus == 0 {
		t.Fatalf("%s: the scenario expects no status", sc.Name)
	}
	if sc.BeforeTest != nil {
		sc.BeforeTest(t, c.site)
	}
	req := c.request(t, sc)
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s: %s %s: %v", sc.Name, req.Method, sc.URL, err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatalf("%s: %s %s: reading the body: %v", sc.Name, req.Method, sc.URL, err)
	}
	r := &Response{Status: res.StatusCode, Header: res.Header, Body: string(body)}
	r.jsonOK = json.Unmarshal(body, &r.json) == nil
	if m := csrfField.FindSubmatch(body); m != nil {
		c.csrf = html.UnescapeString(string(m[1]))
	}
	check(t, sc, req.Method, r, c.site.Logs)
	if sc.AfterTest != nil {
		sc.AfterTest(t, c.site, r)
	}
	return r
}

// Get fetches path and fails the test unless the answer is 200 OK: Do
// with the plainest scenario, for a test that reads the page itself.
func (c *Client) Get(t testing.TB, path string) *Response {
	t.Helper()
	return c.Do(t, Scenario{Name: "GET " + path, URL: path, ExpectedStatus: http.StatusOK})
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *Client) request(t testing.TB, sc Scenario) *http.Request {
	t.Helper()
	method := sc.Method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	contentType := ""
	form := sc.Form
	if form != nil && method != http.MethodGet && c.csrf != "" && !form.Has("csrf") {
		form = cloneValues(form)
		form.Set("csrf", c.csrf)
	}
	switch {
	case sc.Files != nil:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for _, k := range sortedKeys(form) {
			for _, v := range form[k] {
				mw.WriteField(k, v)
			}
		}
		for _, field := range sortedKeys(sc.Files) {
			for _, name := range sortedKeys(sc.Files[field]) {
				w, err := mw.CreateFormFile(field, name)
				if err != nil {
					t.Fatal(err)
				}
				w.Write(sc.Files[field][name])
			}
		}
		mw.Close()
		body, contentType = &buf, mw.FormDataContentType()
	case form != nil:
		body, contentType = strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
	case sc.JSON != nil:
		b, err := json.Marshal(sc.JSON)
		if err != nil {
			t.Fatalf("%s: %v", sc.Name, err)
		}
		body, contentType = bytes.NewReader(b), "application/json"
	case sc.Body != nil:
		body = sc.Body
	}
	target := sc.URL
	if !strings.Contains(target, "://") {
		target = c.site.URL + target
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatalf("%s: %v", sc.Name, err)
	}
	for k, vs := range c.header {
		req.Header[k] = slices.Clone(vs)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.login != "" {
		req.SetBasicAuth(c.login, c.pass)
	}
	for k, v := range sc.Headers {
		req.Header.Set(k, v)
	}
	return req
}

// check fails t where r does not hold what sc expects. A wrong status
// shows the answer and what the site logged, which is where a 500 says why.
func check(t testing.TB, sc Scenario, method string, r *Response, logs *Logs) {
	t.Helper()
	what := sc.Name + ": " + method + " " + sc.URL
	if r.Status != sc.ExpectedStatus {
		t.Fatalf("%s: status %d, want %d\n%s\nthe site logged:\n%s", what, r.Status, sc.ExpectedStatus, excerpt(r.Body), logs.Tail(20))
	}
	for _, k := range sortedKeys(sc.ExpectedHeaders) {
		want := sc.ExpectedHeaders[k]
		got, there := r.Header[http.CanonicalHeaderKey(k)]
		switch want {
		case AnyValue:
			if !there || strings.Join(got, "") == "" {
				t.Errorf("%s: no %s header", what, k)
			}
		case NoHeader:
			if there {
				t.Errorf("%s: header %s: %q, want none", what, k, got)
			}
		default:
			if r.Header.Get(k) != want {
				t.Errorf("%s: header %s: %q, want %q", what, k, r.Header.Get(k), want)
			}
		}
	}
	for _, s := range sc.ExpectedContent {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: the answer lacks %q\n%s", what, s, excerpt(r.Body))
		}
	}
	for _, s := range sc.NotExpectedContent {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s: the answer contains %q", what, s)
		}
	}
	if len(sc.ExpectedJSON) > 0 && !r.jsonOK {
		t.Errorf("%s: the answer is not JSON\n%s", what, excerpt(r.Body))
		return
	}
	for _, path := range sortedKeys(sc.ExpectedJSON) {
		want := sc.ExpectedJSON[path]
		got, there := r.Value(path)
		switch {
		case !there:
			t.Errorf("%s: the JSON has no %s\n%s", what, path, excerpt(r.Body))
		case want == AnyValue:
			if got == nil || got == "" {
				t.Errorf("%s: %s is empty", what, path)
			}
		case !reflect.DeepEqual(got, normalize(t, want)):
			t.Errorf("%s: %s = %v, want %v", what, path, got, want)
		}
	}
}

// WPError is what a WordPress REST error answer holds: its code, a message
// and data.status equal to the HTTP status. Use it as ExpectedJSON.
func WPError(status int, code string) map[string]any {
	return map[string]any{"code": code, "message": AnyValue, "data.status": status}
}

// normalize puts v through encoding/json, as the answer was.
func normalize(t testing.TB, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("expected JSON value %v: %v", v, err)
	}
	var out any
	json.Unmarshal(b, &out)
	return out
}

func excerpt(body string) string {
	const max = 2000
	if len(body) > max {
		return body[:max] + fmt.Sprintf("… (%d bytes)", len(body))
	}
	return body
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
