package media

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3 is a Storage in a bucket of an S3-compatible object store (Amazon
// S3, MinIO, SeaweedFS, Ceph, Cloudflare R2, …), under a key prefix, so
// that every instance of a site on any machine sees the same media.
type S3 struct {
	client *minio.Client
	bucket string
	prefix string // "" or ending in "/"
	name   string // s3://bucket/prefix
}

// NewS3 opens the bucket a media URL names,
//
//	s3://BUCKET[/PREFIX][?endpoint=URL&region=REGION&path_style=true|false]
//
// with what the AWS tools read from the environment (through getenv, as
// os.LookupEnv):
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (without
// them, ~/.aws/credentials and then an instance role are tried);
// AWS_REGION or AWS_DEFAULT_REGION; AWS_ENDPOINT_URL_S3 or
// AWS_ENDPOINT_URL for a store other than Amazon's. The URL's parameters
// win over the environment. It checks that the bucket answers and exists,
// and says what to do when not.
func NewS3(ctx context.Context, rawURL string, getenv func(string) (string, bool)) (*S3, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return nil, configError("media.config.want_s3", rawURL)
	}
	if u.User != nil {
		return nil, configError("media.config.credentials_in_url", u.Redacted())
	}
	env := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := getenv(k); ok && v != "" {
				return v
			}
		}
		return ""
	}
	q := u.Query()
	endpoint := q.Get("endpoint")
	if endpoint == "" {
		endpoint = env("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")
	}
	host, secure := "s3.amazonaws.com", true
	if endpoint != "" {
		if !strings.Contains(endpoint, "://") {
			endpoint = "https://" + endpoint
		}
		e, err := url.Parse(endpoint)
		if err != nil || (e.Scheme != "http" && e.Scheme != "https") || e.Host == "" || strings.Trim(e.Path, "/") != "" {
			return nil, configError("media.config.endpoint", endpoint)
		}
		host, secure = e.Host, e.Scheme == "https"
	}
	region := q.Get("region")
	if region == "" {
		region = env("AWS_REGION", "AWS_DEFAULT_REGION")
	}
	var creds *credentials.Credentials
	if id, secret := env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"); id != "" || secret != "" {
		if id == "" || secret == "" {
			return nil, configError("media.config.credentials_pair")
		}
		creds = credentials.NewStaticV4(id, secret, env("AWS_SESSION_TOKEN"))
	} else {
		creds = credentials.NewChainCredentials([]credentials.Provider{
			&credentials.FileAWSCredentials{}, &credentials.IAM{},
		})
	}
	lookup := minio.BucketLookupAuto
	switch q.Get("path_style") {
	case "true":
		lookup = minio.BucketLookupPath
	case "false":
		lookup = minio.BucketLookupDNS
	case "":
	default:
		return nil, configError("media.config.path_style", rawURL)
	}
	client, err := minio.New(host, &minio.Options{Creds: creds, Secure: secure, Region: region, BucketLookup: lookup})
	if err != nil {
		return nil, configError("media.config.other", rawURL, err.Error())
	}
	s := &S3{client: client, bucket: u.Host, prefix: strings.Trim(u.Path, "/")}
	s.name = "s3://" + s.bucket + "/" + s.prefix
	if s.prefix != "" {
		s.prefix += "/"
	}
	ok, err := client.BucketExists(ctx, s.bucket)
	if err != nil {
		return nil, fmt.Errorf("S3 bucket %s at %s does not answer: %w (check AWS_ENDPOINT_URL_S3, the credentials and the network)", s.bucket, host, err)
	}
	if !ok {
		return nil, fmt.Errorf("S3 bucket %s does not exist at %s: create it first", s.bucket, host)
	}
	return s, nil
}

func (s *S3) String() string { return s.name }

func (s *S3) key(key string) (string, error) {
	if !ValidKey(key) {
		return "", invalidKey(key)
	}
	return s.prefix + key, nil
}

// s3Error turns the store's "no such key" into fs.ErrNotExist and a
// failed If-None-Match into fs.ErrExist.
func s3Error(op, key string, err error) error {
	switch r := minio.ToErrorResponse(err); {
	case r.Code == minio.NoSuchKey || r.StatusCode == http.StatusNotFound:
		return fmt.Errorf("media: %s %s: %w", op, key, fs.ErrNotExist)
	case r.Code == "PreconditionFailed" || r.StatusCode == http.StatusPreconditionFailed:
		return fmt.Errorf("media: %s %s: %w", op, key, fs.ErrExist)
	}
	return fmt.Errorf("media: %s %s: %w", op, key, err)
}

// Put uploads the object; S3 makes it visible whole or not at all. Without
// replace it is a conditional write (If-None-Match: *), which the store
// refuses when the key is taken.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string, replace bool) error {
	k, err := s.key(key)
	if err != nil {
		return err
	}
	if contentType == "" {
		contentType = contentTypeOf(key)
	}
	opts := minio.PutObjectOptions{ContentType: contentType, SendContentMd5: true}
	if !replace {
		opts.SetMatchETagExcept("*")
	}
	if _, err := s.client.PutObject(ctx, s.bucket, k, r, size, opts); err != nil {
		return s3Error("put", key, err)
	}
	return nil
}

// Stat asks the store for the object's size, time, ETag and type.
func (s *S3) Stat(ctx context.Context, key string) (Info, error) {
	k, err := s.key(key)
	if err != nil {
		return Info{}, err
	}
	oi, err := s.client.StatObject(ctx, s.bucket, k, minio.StatObjectOptions{})
	if err != nil {
		return Info{}, s3Error("stat", key, err)
	}
	return s.info(key, oi), nil
}

func (s *S3) info(key string, oi minio.ObjectInfo) Info {
	i := Info{Key: key, Size: oi.Size, ModTime: oi.LastModified, ContentType: oi.ContentType}
	if oi.ETag != "" {
		i.ETag = `"` + strings.Trim(oi.ETag, `"`) + `"`
	}
	if i.ContentType == "" || i.ContentType == "binary/octet-stream" {
		i.ContentType = contentTypeOf(key)
	}
	return i
}

// Open reads the object from off with a ranged GET.
func (s *S3) Open(ctx context.Context, key string, off int64) (io.ReadCloser, error) {
	k, err := s.key(key)
	if err != nil {
		return nil, err
	}
	var opts minio.GetObjectOptions
	if off > 0 {
		if err := opts.SetRange(off, 0); err != nil {
			return nil, fmt.Errorf("media: open %s: %w", key, err)
		}
	}
	obj, err := s.client.GetObject(ctx, s.bucket, k, opts)
	if err != nil {
		return nil, s3Error("open", key, err)
	}
	// The request is made lazily; Stat makes it now, so a missing object
	// is an error here rather than at the first read.
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		return nil, s3Error("open", key, err)
	}
	return obj, nil
}

// Delete removes the object; S3 answers a missing key as a deleted one.
func (s *S3) Delete(ctx context.Context, key string) error {
	k, err := s.key(key)
	if err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.bucket, k, minio.RemoveObjectOptions{}); err != nil {
		return s3Error("delete", key, err)
	}
	return nil
}

// Walk lists the objects under the prefix, in the store's (lexical)
// order; keys that are not valid media keys (folder markers, hidden
// objects) are not media and not listed.
func (s *S3) Walk(ctx context.Context, fn func(Info) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing when fn fails
	for oi := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix, Recursive: true}) {
		if oi.Err != nil {
			return fmt.Errorf("media: list %s: %w", s.name, oi.Err)
		}
		key := strings.TrimPrefix(oi.Key, s.prefix)
		if !ValidKey(key) {
			continue
		}
		if err := fn(s.info(key, oi)); err != nil {
			return err
		}
	}
	return ctx.Err()
}
