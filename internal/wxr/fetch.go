package wxr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// Images a post shows come from the old site's uploads (its attachments)
// or from other hosts (files.wordpress.com, a CDN). Each is carried into
// warta's media storage — from Options.UploadsDir, or fetched from its old
// address with Options.FetchMedia — or named in the report: the site's
// Content-Security-Policy allows only its own images, so one left on
// another host shows broken.

// maxFetchBytes bounds one fetched file.
const maxFetchBytes = 64 << 20

// fetchWorkers is how many files are fetched at once.
const fetchWorkers = 4

// remoteImage is an image a post shows from another host.
type remoteImage struct {
	host string
	key  string // where it goes in the media storage: remote/<host>/<path>
}

var imgSrcRE = regexp.MustCompile(`(?i)<img\b[^>]*?\ssrc\s*=\s*["']([^"']+)["']`)

// remoteImages returns the images of content (absolute http(s) URLs) on a
// host other than siteHost's, by URL.
func remoteImages(content, siteHost string, into map[string]remoteImage) {
	for _, m := range imgSrcRE.FindAllStringSubmatch(content, -1) {
		raw := strings.TrimSpace(m[1])
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			strings.EqualFold(u.Host, siteHost) {
			continue
		}
		rel := strings.TrimLeft(u.Path, "/")
		if !safeRel(rel) {
			continue
		}
		into[raw] = remoteImage{host: strings.ToLower(u.Host), key: "remote/" + strings.ToLower(u.Host) + "/" + rel}
	}
}

// fetchJob is one file to fetch: from url into dir/rel.
type fetchJob struct{ url, rel string }

// fetch downloads what the uploads folder does not hold — the
// attachments' files and the remote images — into im.fetchDir, and notes
// in the report how many came and how many did not, naming the first
// failure.
func (im *importer) fetch(ctx context.Context) {
	var jobs []fetchJob
	for _, a := range im.atts {
		if a.url != "" && im.uploaded(a.rel) == "" {
			jobs = append(jobs, fetchJob{a.url, a.rel})
		}
	}
	for raw, ri := range im.remote {
		jobs = append(jobs, fetchJob{raw, ri.key})
	}
	sort.Slice(jobs, func(i, j int) bool { return jobs[i].rel < jobs[j].rel })
	client := im.opt.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: time.Minute}
	}
	var mu sync.Mutex
	var firstErr error
	ch := make(chan fetchJob)
	var wg sync.WaitGroup
	for range fetchWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				err := fetchFile(ctx, client, j.url, filepath.Join(im.fetchDir, filepath.FromSlash(j.rel)))
				mu.Lock()
				if err != nil {
					im.report.FetchFailed++
					if firstErr == nil {
						firstErr = fmt.Errorf("%s: %w", j.url, err)
					}
				} else {
					im.report.Fetched++
				}
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		ch <- j
	}
	close(ch)
	wg.Wait()
	if firstErr != nil {
		im.report.Notes = append(im.report.Notes, message("wxr.note.fetch_failed", im.report.FetchFailed, firstErr.Error()))
	}
}

// fetchFile downloads raw into dst, which it creates with its folders.
func fetchFile(ctx context.Context, client *http.Client, raw, dst string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "warta-import")
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", res.StatusCode)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, io.LimitReader(res.Body, maxFetchBytes+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > maxFetchBytes {
		err = errors.New("larger than 64 MB")
	}
	if err != nil {
		os.Remove(dst)
	}
	return err
}

// uploaded returns the path of rel in the uploads folder, or "" when the
// folder is not given or lacks it.
func (im *importer) uploaded(rel string) string {
	if im.opt.UploadsDir == "" {
		return ""
	}
	p := filepath.Join(im.opt.UploadsDir, filepath.FromSlash(rel))
	if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
		return p
	}
	return ""
}

// fileFor returns where the file rel can be copied from: the uploads
// folder, or what was fetched; "" when neither has it.
func (im *importer) fileFor(rel string) string {
	if p := im.uploaded(rel); p != "" {
		return p
	}
	if im.fetchDir == "" {
		return ""
	}
	p := filepath.Join(im.fetchDir, filepath.FromSlash(rel))
	if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
		return p
	}
	return ""
}

// carryRemote points the remote images of content that were fetched at
// their copies in the media storage (queuing the copies), and counts the
// others in the report by host.
func (im *importer) carryRemote(content string) string {
	content, hits := im.remoteHits(content)
	im.countRemote(hits)
	return content
}

// remoteHit is one remote image of a post: src is its fetched copy ("" when
// there is none).
type remoteHit struct {
	raw, src string
	ri       remoteImage
}

// remoteHits is carryRemote's reading part, which changes nothing of im
// and so runs beside the writes (see prepare).
func (im *importer) remoteHits(content string) (string, []remoteHit) {
	if len(im.remote) == 0 {
		return content, nil
	}
	found := map[string]remoteImage{}
	remoteImages(content, im.siteHostName, found)
	var hits []remoteHit
	for raw, ri := range found {
		src := ""
		if im.fetchDir != "" {
			src = im.fileFor(ri.key)
		}
		if src != "" {
			content = strings.ReplaceAll(content, raw, "/media/"+ri.key)
		}
		hits = append(hits, remoteHit{raw: raw, src: src, ri: ri})
	}
	return content, hits
}

// countRemote is carryRemote's counting part.
func (im *importer) countRemote(hits []remoteHit) {
	for _, h := range hits {
		if im.remoteCounted[h.raw] {
			continue
		}
		im.remoteCounted[h.raw] = true
		if h.src == "" {
			im.report.RemoteImages[h.ri.host]++
		} else {
			im.files = append(im.files, fileCopy{src: h.src, key: h.ri.key})
		}
	}
}
