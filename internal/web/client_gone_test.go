package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"warta/internal/store/storetest"
	"warta/internal/view"
)

// TestClientGoneIsNoError checks that a reader who leaves before the answer
// (the request's context cancelled, as net/http does when the connection
// closes) is not logged as a failed request: under load, every cut-off
// connection would otherwise read as a server error in the logs.
func TestClientGoneIsNoError(t *testing.T) {
	st := storetest.New(t)
	storetest.Post(t, st, nil)
	v, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	// A direct mux, not the scenario runner's site: the request's context
	// must be cancelled before the handler runs, which no client can
	// arrange over a connection.
	var logs bytes.Buffer
	mux := http.NewServeMux()
	New(st, v, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))}).Routes(mux)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, target := range []string{"/search?q=banjir", "/", "/category/berita/"} {
		r := httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx)
		mux.ServeHTTP(httptest.NewRecorder(), r)
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Fatalf("a request whose client went away was logged as an error:\n%s", logs.String())
	}
	// A real failure is still logged: the same requests with the store closed.
	st.Close()
	mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/search?q=banjir", nil))
	if !strings.Contains(logs.String(), "level=ERROR") {
		t.Fatalf("a failing store was not logged as an error:\n%s", logs.String())
	}
}
