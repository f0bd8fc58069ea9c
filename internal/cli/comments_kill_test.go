package cli

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
)

// TestCommentsSurviveSIGKILL starts the real binary, posts 200 comments,
// kills it without warning, starts it again and finds all 200: a comment
// answered with 303 is on disk.
func TestCommentsSurviveSIGKILL(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "warta")
	build := exec.Command("go", "build", "-o", bin, "warta")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	// Every comment comes from 127.0.0.1: lift the hourly limits first, and
	// let each come from an address of its own (through a trusted proxy) so
	// the server's per-address rate rule does not refuse the stream.
	st, err := store.Open(t.Context(), "", data)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	set, _ := st.Settings(t.Context())
	set.CommentRateIP, set.CommentRateEmail = 0, 0
	if err := st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	st.Close()

	start := func() (*exec.Cmd, string) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		cmd := exec.Command(bin, "serve", "--listen", addr, "--data-dir", data, "--trusted-proxies", "127.0.0.1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		base := "http://" + addr
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if res, err := http.Get(base + "/healthz"); err == nil {
				res.Body.Close()
				return cmd, base
			}
		}
		t.Fatal("the binary did not answer /healthz within 60s")
		return nil, ""
	}
	cmd, base := start()
	_, articleID := openArticle(t, base)
	for i := range 200 {
		res := postForm(t, base, url.Values{"article_id": {articleID}, "name": {"Pembaca"},
			"email": {fmt.Sprintf("p%d@example.id", i)}, "comment": {fmt.Sprintf("Komentar nomor %d", i)}},
			map[string]string{"X-Forwarded-For": fmt.Sprintf("198.51.100.%d", i)})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("comment %d: status %d", i, res.StatusCode)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	_, base = start()
	if res, err := http.Get(base + "/"); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("after restart: %v %v", res, err)
	}
	st, err = store.Open(context.Background(), "", data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.Comments(t.Context(), store.CommentFilter{Status: model.CommentPending})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range list {
		if strings.HasPrefix(string(c.Content), "<p>Komentar nomor ") {
			n++
		}
	}
	if n != 200 {
		t.Errorf("after SIGKILL and restart %d of 200 acknowledged comments remain", n)
	}
}
