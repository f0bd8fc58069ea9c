package cli

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"debug/elf"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/store/storetest"
)

// The deployment files in docs/deploy are what docs/production.md shows;
// these tests run each of them with the real program it configures.

const deployDir = "../../docs/deploy"

// needTool returns the path of a program the test runs, skipping without
// it on a developer machine and failing under CI=true (.ci/run installs it).
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (Debian package %s)", name, pkg)
		}
		t.Skipf("%s is not installed (Debian package %s)", name, pkg)
	}
	return path
}

// TestDeployGuideShowsTheTestedFiles: every file the guide shows is the
// file in docs/deploy, byte for byte, so what readers copy is what runs.
func TestDeployGuideShowsTheTestedFiles(t *testing.T) {
	guide, err := os.ReadFile("../../docs/production.md")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)<!-- file: ([^ ]+) -->\n```[a-z]*\n(.*?)```")
	shown := map[string]bool{}
	for _, m := range block.FindAllStringSubmatch(string(guide), -1) {
		want, err := os.ReadFile(filepath.Join("../../docs", m[1]))
		if err != nil {
			t.Errorf("the guide shows %s, which does not exist: %v", m[1], err)
			continue
		}
		if m[2] != string(want) {
			t.Errorf("the guide's copy of %s differs from the file; show the file as it is", m[1])
		}
		shown[m[1]] = true
	}
	entries, _ := os.ReadDir(deployDir)
	for _, e := range entries {
		if !shown["deploy/"+e.Name()] {
			t.Errorf("docs/deploy/%s is not shown in docs/production.md", e.Name())
		}
	}
	if len(shown) < 8 {
		t.Fatalf("the guide shows only %d files", len(shown))
	}
	readme, _ := os.ReadFile("../../README.md")
	if !strings.Contains(string(readme), "(docs/production.md)") {
		t.Error("README does not link docs/production.md")
	}
}

// TestDeploySystemdUnits verifies the units with systemd-analyze and
// holds the service's exposure score to what the guide says.
func TestDeploySystemdUnits(t *testing.T) {
	sa := needTool(t, "systemd-analyze", "systemd")
	bin := buildWarta(t)
	dir := t.TempDir()
	envFile, err := filepath.Abs(filepath.Join(deployDir, "warta.env"))
	if err != nil {
		t.Fatal(err)
	}
	var units []string
	for _, name := range []string{"warta.service", "warta-backup.service", "warta-backup.timer"} {
		b, err := os.ReadFile(filepath.Join(deployDir, name))
		if err != nil {
			t.Fatal(err)
		}
		// verify checks that the programs exist: point at the test's binary.
		s := strings.ReplaceAll(string(b), "/usr/local/bin/warta", bin)
		s = strings.ReplaceAll(s, "/etc/warta/warta.env", envFile)
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		units = append(units, p)
	}
	out, err := exec.Command(sa, append([]string{"verify"}, units...)...).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
	out, err = exec.Command(sa, "security", "--offline=yes", units[0]).CombinedOutput()
	if err != nil {
		t.Fatalf("systemd-analyze security: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Overall exposure level for warta.service: ([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no exposure level in:\n%s", out)
	}
	if level, _ := strconv.ParseFloat(string(m[1]), 64); level > 2 {
		t.Fatalf("warta.service exposure %.1f, the guide promises about 1.4:\n%s", level, out)
	}
}

func TestDeployCaddyfile(t *testing.T) {
	caddy := needTool(t, "caddy", "caddy")
	cmd := exec.Command(caddy, "validate", "--config", filepath.Join(deployDir, "Caddyfile"), "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Valid configuration") {
		t.Fatalf("caddy validate: %v\n%s", err, out)
	}
}

// dockerImage is what a Dockerfile FROM scratch describes, read by the test.
type dockerImage struct {
	copies     [][3]string // src, dst, chown
	env        []string
	user       string
	entrypoint []string
	cmd        []string
}

func readDockerfile(t *testing.T, path string) dockerImage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var img dockerImage
	var lines []string
	sc := bufio.NewScanner(f)
	cur := ""
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasSuffix(l, "\\") {
			cur += strings.TrimSuffix(l, "\\") + " "
			continue
		}
		lines = append(lines, cur+l)
		cur = ""
	}
	for _, l := range lines {
		word, rest, _ := strings.Cut(l, " ")
		switch word {
		case "FROM":
			if rest != "scratch" {
				t.Fatalf("the image is built FROM %s, not scratch", rest)
			}
		case "COPY":
			f := strings.Fields(rest)
			chown := ""
			if strings.HasPrefix(f[0], "--chown=") {
				chown, f = strings.TrimPrefix(f[0], "--chown="), f[1:]
			}
			img.copies = append(img.copies, [3]string{f[0], f[1], chown})
		case "ENV":
			img.env = append(img.env, strings.Fields(rest)...)
		case "USER":
			img.user = rest
		case "ENTRYPOINT":
			json.Unmarshal([]byte(rest), &img.entrypoint)
		case "CMD":
			json.Unmarshal([]byte(rest), &img.cmd)
		case "EXPOSE", "VOLUME":
		default:
			t.Fatalf("Dockerfile: %s is not understood by this test", word)
		}
	}
	return img
}

// TestDeployContainerImage prepares the image's context with
// build-image.sh, lays the Dockerfile's files into an empty root and runs
// the entry point there, as its user, with only the image's environment:
// what `docker run` does, without docker (which cannot run here).
func TestDeployContainerImage(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("chroot needs root; the image's binary is still built by TestDeploySystemdUnits")
	}
	chroot := needTool(t, "chroot", "coreutils")
	ctx := t.TempDir()
	out, err := exec.Command("sh", filepath.Join(deployDir, "build-image.sh"), "--context", ctx).CombinedOutput()
	if err != nil {
		t.Fatalf("build-image.sh --context: %v\n%s", err, out)
	}
	if out, err := exec.Command("go", "version", "-m", filepath.Join(ctx, "warta")).CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "CGO_ENABLED=0") || !strings.Contains(string(out), "-tags=timetzdata,nodynamic") {
		t.Fatalf("the binary is not static with the time zones inside:\n%s", out)
	}
	if bin, err := elf.Open(filepath.Join(ctx, "warta")); err != nil {
		t.Fatal(err)
	} else {
		for _, prog := range bin.Progs {
			if prog.Type == elf.PT_INTERP {
				t.Errorf("the binary asks for a dynamic loader, which an image FROM scratch lacks")
			}
		}
		bin.Close()
	}
	img := readDockerfile(t, filepath.Join(ctx, "Dockerfile"))
	root := t.TempDir()
	os.Chmod(root, 0o755)
	for _, c := range img.copies {
		dst := filepath.Join(root, c[1])
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if out, err := exec.Command("cp", "-a", filepath.Join(ctx, c[0]), dst).CombinedOutput(); err != nil {
			t.Fatalf("COPY %s: %v %s", c[0], err, out)
		}
		if c[2] != "" {
			if out, err := exec.Command("chown", "-R", c[2], dst).CombinedOutput(); err != nil {
				t.Fatalf("chown: %v %s", err, out)
			}
		}
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	// The container's own port mapping is docker's; here it listens on loopback.
	args := append([]string{"--userspec=" + img.user, root}, img.entrypoint...)
	args = append(args, img.cmd...)
	args = append(args, "--listen", addr)
	cmd := exec.Command(chroot, args...)
	cmd.Env = img.env // nothing from the host
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	base := "http://" + addr
	waitReady(t, base, &logs)
	for _, path := range []string{"/readyz", "/", "/feed/"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d\n%s", path, res.StatusCode, logs.String())
		}
	}
	if !strings.Contains(logs.String(), "/admin/setup?token=") || strings.Contains(logs.String(), "demo") {
		t.Fatalf("a new container should print the setup link and write no demo:\n%s", logs.String())
	}
	out, err = exec.Command(chroot, "--userspec="+img.user, root, "/usr/local/bin/warta", "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "warta ") {
		t.Fatalf("warta version in the image: %v %s", err, out)
	}
}

func waitReady(t *testing.T, base string, logs *syncBuffer) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
	}
	t.Fatalf("%s did not answer /readyz within 60s:\n%s", base, logs.String())
}

// TestDeployRestoreDrill runs the guide's drill on a fresh backup.
func TestDeployRestoreDrill(t *testing.T) {
	needTool(t, "curl", "curl")
	bin := buildWarta(t)
	data := t.TempDir()
	if out, err := exec.Command(bin, "drill", "--scratch", "--count", "5", "--data-dir", data).CombinedOutput(); err != nil {
		t.Fatalf("drill: %v\n%s", err, out)
	}
	backup := filepath.Join(t.TempDir(), "warta-test.tar.gz")
	if out, err := exec.Command(bin, "backup", "--quiet", "--data-dir", data, backup).CombinedOutput(); err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	cmd := exec.Command("sh", filepath.Join(deployDir, "restore-drill.sh"), backup)
	cmd.Env = append(os.Environ(), "WARTA="+bin, "DRILL_PORT="+port)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "serves 5 published posts") {
		t.Fatalf("restore-drill.sh: %v\n%s", err, out)
	}
	// And it fails on a backup that does not restore.
	bad := filepath.Join(t.TempDir(), "bad.tar.gz")
	os.WriteFile(bad, []byte("not a backup"), 0o644)
	cmd = exec.Command("sh", filepath.Join(deployDir, "restore-drill.sh"), bad)
	cmd.Env = append(os.Environ(), "WARTA="+bin, "DRILL_PORT="+port)
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("the drill passed a broken backup:\n%s", out)
	}
}

// TestDeployNginx starts Debian's nginx with docs/deploy/nginx.conf in
// front of two warta instances on one PostgreSQL database and checks what
// the guide says of it.
func TestDeployNginx(t *testing.T) {
	nginx := needTool(t, "nginx", "nginx-light")
	dsn := storetest.PostgresURL(t)
	dir := t.TempDir()
	shared := filepath.Join(dir, "data")
	cert, key := selfSignedCert(t, dir, "news.example.com")
	free := func() int {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return ln.Addr().(*net.TCPAddr).Port
	}
	portA, portB, port80, port443 := free(), free(), free(), free()

	var logs [2]*syncBuffer
	for i, port := range []int{portA, portB} {
		logs[i] = &syncBuffer{}
		ctx, cancel := context.WithCancel(context.Background())
		ready, done := make(chan string, 1), make(chan int, 1)
		args := []string{"serve", "--listen", "127.0.0.1:" + strconv.Itoa(port), "--database-url", dsn, "--data-dir", shared,
			"--trusted-proxies", "127.0.0.1", "--base-url", "https://news.example.com"}
		go func() {
			done <- RunEnv(ctx, args, Env{Stdout: logs[i], Stderr: logs[i], Getenv: noEnv, Ready: func(u string) { ready <- u }})
		}()
		t.Cleanup(func() { cancel(); <-done })
		select {
		case <-ready:
		case code := <-done:
			t.Fatalf("instance %d exited %d:\n%s", i, code, logs[i].String())
		case <-time.After(60 * time.Second):
			t.Fatalf("instance %d did not start:\n%s", i, logs[i].String())
		}
	}

	site, err := os.ReadFile(filepath.Join(deployDir, "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	conf := string(site)
	for _, r := range [][2]string{
		{"server 127.0.0.1:8080;", fmt.Sprintf("server 127.0.0.1:%d;", portA)},
		{"server 127.0.0.1:8081;", fmt.Sprintf("server 127.0.0.1:%d;", portB)},
		{"listen 80;", fmt.Sprintf("listen 127.0.0.1:%d;", port80)},
		{"listen [::]:80;", ""},
		{"listen 443 ssl http2;", fmt.Sprintf("listen 127.0.0.1:%d ssl http2;", port443)},
		{"listen [::]:443 ssl http2;", ""},
		{"/etc/letsencrypt/live/news.example.com/fullchain.pem", cert},
		{"/etc/letsencrypt/live/news.example.com/privkey.pem", key},
	} {
		if !strings.Contains(conf, r[0]) {
			t.Fatalf("docs/deploy/nginx.conf no longer holds %q, which this test replaces: update both", r[0])
		}
		conf = strings.ReplaceAll(conf, r[0], r[1])
	}
	os.WriteFile(filepath.Join(dir, "site.conf"), []byte(conf), 0o644)
	os.MkdirAll(filepath.Join(dir, "tmp"), 0o755)
	main := fmt.Sprintf(`daemon off;
master_process off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 256; }
http {
	access_log %[1]s/access.log;
	client_body_temp_path %[1]s/tmp/body;
	proxy_temp_path %[1]s/tmp/proxy;
	fastcgi_temp_path %[1]s/tmp/fastcgi;
	uwsgi_temp_path %[1]s/tmp/uwsgi;
	scgi_temp_path %[1]s/tmp/scgi;
	include %[1]s/site.conf;
}
`, dir)
	os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(main), 0o644)
	if out, err := exec.Command(nginx, "-t", "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log")).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	ng := exec.Command(nginx, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log"))
	ngOut := &syncBuffer{}
	ng.Stdout, ng.Stderr = ngOut, ngOut
	if err := ng.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ng.Process.Kill(); ng.Wait() })
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port80))
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not listen: %v\n%s", err, ngOut.String())
		}
	}

	// Clients connect from addresses of their own on loopback (127.0.0.2,
	// …); nginx connects to warta from 127.0.0.1, the trusted proxy.
	pool := x509.NewCertPool()
	pemCert, _ := os.ReadFile(cert)
	pool.AppendCertsFromPEM(pemCert)
	client := func(from string) *http.Client {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
		return &http.Client{
			Transport: &http.Transport{
				DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
					return d.DialContext(ctx, network, fmt.Sprintf("127.0.0.1:%d", port443))
				},
				TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "news.example.com"},
			},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Timeout:       10 * time.Second,
		}
	}
	get := func(c *http.Client, path string, header ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", "https://news.example.com"+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		var res *http.Response
		var err error
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			if res, err = c.Do(req); err == nil || time.Now().After(deadline) {
				break
			}
		}
		if err != nil {
			t.Fatalf("GET %s through nginx: %v\n%s", path, err, ngOut.String())
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	reader := client("127.0.0.2")

	t.Run("port 80 sends readers to https", func(t *testing.T) {
		req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/2024/04/26/kabar/", port80), nil)
		req.Host = "news.example.com"
		res, err := (&http.Transport{}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "https://news.example.com/2024/04/26/kabar/" {
			t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("over https the answers carry HSTS and the newsroom's cookie is Secure", func(t *testing.T) {
		res, _ := get(reader, "/")
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
			t.Fatalf("%d, Strict-Transport-Security %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
		}
		res, _ = get(reader, "/admin/login")
		cookies := res.Header.Values("Set-Cookie")
		if len(cookies) == 0 {
			t.Fatal("the sign-in page set no cookie")
		}
		for _, c := range cookies {
			if !strings.Contains(c, "; Secure") {
				t.Fatalf("cookie without Secure behind an https proxy: %s", c)
			}
		}
		// Straight to an instance, without the proxy's word for https: no HSTS.
		direct, err := http.Get(fmt.Sprintf("http://127.0.0.2:%d/", portA))
		if err == nil {
			direct.Body.Close()
			if direct.Header.Get("Strict-Transport-Security") != "" {
				t.Fatal("a plain-HTTP request that did not come through the proxy got HSTS")
			}
		}
	})
	t.Run("warta sees the reader's address, not one the reader wrote", func(t *testing.T) {
		limited := false
		for i := 0; i < 150 && !limited; i++ {
			res, _ := get(reader, "/search?q=kabar"+strconv.Itoa(i), "X-Forwarded-For", "203.0.113.9")
			limited = res.StatusCode == http.StatusTooManyRequests
		}
		if !limited {
			t.Fatal("150 searches from one reader were never limited")
		}
		// Another reader keeps a budget of its own.
		if res, _ := get(client("127.0.0.3"), "/search?q=kabar"); res.StatusCode != 200 {
			t.Fatalf("a second reader's search: %d", res.StatusCode)
		}
		var seen string
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			seen = logs[0].String() + logs[1].String()
			if strings.Contains(seen, "rate limited") {
				break
			}
		}
		if !strings.Contains(seen, "ip=127.0.0.2") || strings.Contains(seen, "203.0.113.9") {
			t.Fatalf("the limit was not logged for the reader's own address 127.0.0.2:\n%s", seen)
		}
	})
	t.Run("pages are cached and a change made anywhere shows on both instances", func(t *testing.T) {
		hit := false
		for range 6 {
			res, _ := get(client("127.0.0.4"), "/")
			hit = hit || res.Header.Get("X-Cache") == "HIT"
		}
		if !hit {
			t.Fatal("no cached answer in six requests for the front page")
		}
		if code, _, errOut := run("import", "wxr", "../wxr/testdata/full.wxr", "--database-url", dsn, "--data-dir", shared, "--quiet"); code != 0 {
			t.Fatalf("import: %s", errOut)
		}
		for _, port := range []int{portA, portB} {
			var body string
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
				req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/", port), nil)
				req.Host = "news.example.com"
				req.Header.Set("X-Forwarded-Proto", "https")
				res, err := http.DefaultTransport.RoundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if body = string(b); strings.Contains(body, "Harga ikan naik menjelang musim angin barat") {
					break
				}
			}
			if !strings.Contains(body, "Harga ikan naik menjelang musim angin barat") {
				t.Fatalf("instance on port %d still shows the front page from before the import", port)
			}
		}
	})
}

// selfSignedCert writes a certificate and key for host into dir.
func selfSignedCert(t *testing.T, dir, host string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: host}, DNSNames: []string{host},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile
}
