package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Seaweed is a real S3-compatible server for a test: SeaweedFS's weed
// (github.com/seaweedfs/seaweedfs), its master, volume, filer and S3
// gateway in one process on free loopback ports, with one admin identity.
type Seaweed struct {
	Endpoint  string // http://127.0.0.1:port, the S3 gateway
	AccessKey string
	SecretKey string
	client    *minio.Client
}

// StartSeaweed starts weed (WARTA_TEST_WEED, or weed on the PATH; .ci/run
// builds it) for the test and stops it when the test ends.
func StartSeaweed(t testing.TB) *Seaweed {
	t.Helper()
	bin := os.Getenv("WARTA_TEST_WEED")
	if bin == "" {
		if p, err := exec.LookPath("weed"); err == nil {
			bin = p
		}
	}
	if bin == "" {
		missing(t, "SeaweedFS's weed is not installed (WARTA_TEST_WEED)",
			"build github.com/seaweedfs/seaweedfs/weed from .ci/weed, as .ci/run does")
	}
	dir := t.TempDir()
	port := func() string { return strconv.Itoa(freePort(t)) }
	s3Port := port()
	s := &Seaweed{Endpoint: "http://127.0.0.1:" + s3Port, AccessKey: "warta-test", SecretKey: randomHex(16)}
	cmd := exec.Command(bin, "server",
		"-dir="+dir, "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
		"-master.port="+port(), "-master.port.grpc="+port(), "-master.telemetry=false", "-master.volumeSizeLimitMB=64",
		"-volume.port="+port(), "-volume.port.grpc="+port(), "-volume.max=16",
		"-filer", "-filer.port="+port(), "-filer.port.grpc="+port(), "-filer.localSocket="+filepath.Join(dir, "filer.sock"),
		"-s3", "-s3.port="+s3Port, "-s3.port.grpc="+port(), "-s3.port.iceberg=0", "-s3.port.lance=0",
		"-s3.localSocket="+filepath.Join(dir, "s3.sock"))
	// weed takes an admin identity from the AWS variables.
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+s.AccessKey, "AWS_SECRET_ACCESS_KEY="+s.SecretKey)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlives the test binary
	log, err := os.Create(filepath.Join(dir, "weed.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start weed: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait(); log.Close() })
	s.client, err = minio.New(strings.TrimPrefix(s.Endpoint, "http://"), &minio.Options{
		Creds: credentials.NewStaticV4(s.AccessKey, s.SecretKey, ""), Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	// The gateway answers once the master, volume and filer are up.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := s.client.ListBuckets(ctx)
		cancel()
		if err == nil {
			return s
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(log.Name())
			t.Fatalf("weed's S3 gateway did not answer: %v\n%s", err, tail(string(b), 4000))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Bucket creates a new bucket with a unique name and returns the name.
func (s *Seaweed) Bucket(t testing.TB) string {
	t.Helper()
	name := "warta-" + randomHex(6)
	if err := s.client.MakeBucket(t.Context(), name, minio.MakeBucketOptions{Region: "us-east-1"}); err != nil {
		t.Fatalf("make bucket %s: %v", name, err)
	}
	return name
}

// Getenv answers the AWS variables warta reads to reach the server, and
// nothing else: what os.LookupEnv would answer in a shell configured for it.
func (s *Seaweed) Getenv(key string) (string, bool) {
	v, ok := map[string]string{
		"AWS_ACCESS_KEY_ID": s.AccessKey, "AWS_SECRET_ACCESS_KEY": s.SecretKey,
		"AWS_ENDPOINT_URL_S3": s.Endpoint, "AWS_REGION": "us-east-1",
	}[key]
	return v, ok
}

// Keys lists the keys in bucket under prefix, as the server holds them.
func (s *Seaweed) Keys(t testing.TB, bucket, prefix string) []string {
	t.Helper()
	var keys []string
	for o := range s.client.ListObjects(t.Context(), bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if o.Err != nil {
			t.Fatalf("list %s: %v", bucket, o.Err)
		}
		keys = append(keys, o.Key)
	}
	return keys
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
