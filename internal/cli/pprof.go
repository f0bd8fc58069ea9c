//go:build pprof

package cli

// Built only with -tags pprof, for measuring: WARTA_PPROF=127.0.0.1:6060
// serves net/http/pprof beside the site, e.g.
//
//	go build -tags pprof -o /tmp/warta . && WARTA_PPROF=127.0.0.1:6060 /tmp/warta serve …
//	go tool pprof -top 'http://127.0.0.1:6060/debug/pprof/profile?seconds=8'

import (
	"net/http"
	_ "net/http/pprof" // registers on http.DefaultServeMux
	"os"
)

func init() {
	if addr := os.Getenv("WARTA_PPROF"); addr != "" {
		go http.ListenAndServe(addr, nil) //nolint:errcheck // a measuring aid
	}
}
