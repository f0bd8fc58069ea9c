package wpapi

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"warta/internal/store/storetest"
)

// TestClientGoneIsNoError: a REST client that leaves before the answer
// (its request's context cancelled, as net/http does when the connection
// closes) is not logged as a failed request; a real failure still is.
func TestClientGoneIsNoError(t *testing.T) {
	st := storetest.New(t)
	storetest.Post(t, st, nil)
	var logs bytes.Buffer
	mux := http.NewServeMux()
	New(st, "https://warta.example", slog.New(slog.NewTextHandler(&logs, nil))).Routes(mux)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, target := range []string{"/wp-json/wp/v2/posts", "/wp-json/wp/v2/search?search=banjir", "/wp-json/wp/v2/categories"} {
		mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx))
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Fatalf("a request whose client went away was logged as an error:\n%s", logs.String())
	}
	st.Close()
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/wp-json/wp/v2/posts", nil))
	if rec.Code != 500 || !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(rec.Body.String(), `"rest_internal_error"`) {
		t.Fatalf("a failing store answered %d %s, logs:\n%s", rec.Code, rec.Body, logs.String())
	}
}
