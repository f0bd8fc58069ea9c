// Command loadtest drives a running warta with many concurrent readers for
// a fixed time — page reads, searches and comment posts — and reports
// statuses, latencies and whether every acknowledged comment was stored.
//
//	warta serve --no-demo=false --trusted-proxies 127.0.0.1 &
//	go run ./internal/loadtest -url http://127.0.0.1:8080 -c 1000 -d 60s
//
// Each simulated reader sends X-Forwarded-For with an address of its own,
// so with --trusted-proxies naming the load generator the server's
// per-address rate limits see 1,000 readers, as they would in production,
// instead of one client hammering. A comment is sent as the article
// page's form sends it: the reader's browser fetches the time-trap token
// (GET /comments/token, as warta.js does), the reader types for
// -comment-wait (the site's minimum, 3 s by default), then POST /comments
// carries every field of the form, the empty honeypot included. It is
// acknowledged by the 303 that POST /comments answers, naming the comment;
// with -data-dir or -database-url the tool opens the database afterwards
// and checks that each acknowledged one is there.
// A reader of a story sends its page's view beacon (POST /views/{id}) as
// warta.js does, with a browser's user agent; the tool counts the reads the
// site should count (one per reader, story and hour) and, with -data-dir or
// -database-url, waits for the site to store them (it adds its counts every
// 30 s) and checks that the most-read counts match, while the story pages
// themselves stay cached (X-Cache: HIT).
// It exits non-zero on any 5xx, any transport error other than the
// deadline, a lost comment or a view count that does not match.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "base URL of the running site")
	conc := flag.Int("c", 1000, "concurrent readers, each on its own connection")
	dur := flag.Duration("d", 60*time.Second, "how long to run")
	dataDir := flag.String("data-dir", "", "SQLite data folder of the site, to check that acknowledged comments are stored")
	dbURL := flag.String("database-url", "", "PostgreSQL URL of the site, to check that acknowledged comments are stored")
	flag.DurationVar(&commentWait, "comment-wait", 3*time.Second, "how long a reader types between fetching the form's token and sending it (the site's minimum time)")
	flag.Parse()
	if err := run(*base, *conc, *dur, *dataDir, *dbURL); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// stats are shared by every reader.
type stats struct {
	mu        sync.Mutex
	byKind    map[string]map[int]int // kind → status → count
	latencies map[string][]time.Duration
	errors    map[string]int
	comments  []int64 // acknowledged comment IDs (0: acknowledged as pending without an ID)
	// viewers holds each reader, story and hour whose beacon the site
	// acknowledged; views counts them by story id: the reads it should count.
	viewers map[string]bool
	views   map[int64]int64
	hits    int // story reads answered from the page cache
}

// viewed notes a beacon acknowledged for reader ip of story id.
func (s *stats) viewed(ip string, id int64, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := fmt.Sprint(ip, " ", id, " ", at.UTC().Truncate(time.Hour).Unix())
	if !s.viewers[k] {
		s.viewers[k] = true
		s.views[id]++
	}
}

func (s *stats) record(kind string, status int, took time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byKind[kind] == nil {
		s.byKind[kind] = map[int]int{}
	}
	s.byKind[kind][status]++
	s.latencies[kind] = append(s.latencies[kind], took)
}

func (s *stats) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	s.errors[msg]++
}

var hrefRE = regexp.MustCompile(`href="(/\d{4}/\d{2}/\d{2}/[^"/]+/)"`)
var articleIDRE = regexp.MustCompile(`name="article_id" value="(\d+)"`)
var commentIDRE = regexp.MustCompile(`#comment-(\d+)`)
var viewsRE = regexp.MustCompile(`data-views="(/views/(\d+))"`)

// browserUA is the user agent of the beacons: a browser's, which the site
// counts (it does not count tools and bots that say so).
const browserUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

// story is what a reader needs of a story page: the comment form's
// article_id and the page's view beacon.
type story struct {
	formID string
	beacon string
	id     int64
}

// commentWait is how long a reader takes to write a comment.
var commentWait time.Duration

var searchWords = []string{"banjir", "pasar", "sekolah", "sepeda", "festival", "river", "market", "harga", "zzzz"}

func run(base string, conc int, dur time.Duration, dataDir, dbURL string) error {
	client := &http.Client{
		Transport: &http.Transport{
			MaxIdleConnsPerHost: conc,
			MaxConnsPerHost:     conc,
			DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		},
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	// The articles to read and comment on, from the front page.
	resp, err := client.Get(base + "/")
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var articles []string
	for _, m := range hrefRE.FindAllStringSubmatch(string(body), -1) {
		if !slices.Contains(articles, m[1]) {
			articles = append(articles, m[1])
		}
	}
	if len(articles) == 0 {
		return errors.New("no article links on the front page; start the site with its demo content")
	}
	ids := map[string]story{} // by the story's path
	for _, a := range articles {
		resp, err := client.Get(base + a)
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var s story
		if m := articleIDRE.FindStringSubmatch(string(b)); m != nil {
			s.formID = m[1]
		}
		if m := viewsRE.FindStringSubmatch(string(b)); m != nil {
			s.beacon = m[1]
			fmt.Sscan(m[2], &s.id)
		}
		ids[a] = s
	}
	var before map[int64]int64
	if dataDir != "" || dbURL != "" {
		if before, err = storedViews(dataDir, dbURL); err != nil {
			return fmt.Errorf("view counts: %w", err)
		}
	}

	st := &stats{byKind: map[string]map[int]int{}, latencies: map[string][]time.Duration{}, errors: map[string]int{},
		viewers: map[string]bool{}, views: map[int64]int64{}}
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var wg sync.WaitGroup
	var seq atomic.Int64
	for i := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ip := fmt.Sprintf("10.%d.%d.%d", 1+i/65536, (i/256)%256, i%256)
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for ctx.Err() == nil {
				reader(ctx, client, base, ip, rng, articles, ids, st, &seq)
			}
		}()
	}
	start := time.Now()
	wg.Wait()
	elapsed := time.Since(start)
	return report(st, elapsed, conc, dataDir, dbURL, before)
}

// reader makes one request: 80% article and list reads, 15% searches
// (/search?q=, where /?s= redirects), 5%
// comment posts.
func reader(ctx context.Context, client *http.Client, base, ip string, rng *rand.Rand, articles []string, ids map[string]story, st *stats, seq *atomic.Int64) {
	var req *http.Request
	kind, path := "", ""
	switch p := rng.IntN(100); {
	case p < 5:
		a := articles[rng.IntN(len(articles))]
		id := ids[a].formID
		if id == "" {
			return
		}
		// The form's script fetches the time-trap token when the form
		// is shown; the reader writes for a while, then sends.
		token, ok := fetchToken(ctx, client, base, ip, st)
		if !ok {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(commentWait + time.Duration(rng.IntN(1000))*time.Millisecond):
		}
		n := seq.Add(1)
		form := url.Values{
			"article_id": {id},
			"parent_id":  {""},
			"name":       {fmt.Sprintf("Pembaca %d", n)},
			"email":      {fmt.Sprintf("pembaca%d@example.test", n)},
			"url":        {""},
			"comment":    {fmt.Sprintf("Komentar uji beban nomor %d.", n)},
			"remember":   {"yes"},
			"contact_me": {""},
			"token":      {token},
		}
		req, _ = http.NewRequestWithContext(ctx, http.MethodPost, base+"/comments", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		kind = "comment"
	case p < 20:
		// One word or two: the day's common searches and a longer tail.
		q := searchWords[rng.IntN(len(searchWords))]
		if rng.IntN(2) == 0 {
			q += "+" + searchWords[rng.IntN(len(searchWords))]
		}
		req, _ = http.NewRequestWithContext(ctx, http.MethodGet, base+"/search?q="+q, nil)
		kind = "search"
	case p < 35:
		req, _ = http.NewRequestWithContext(ctx, http.MethodGet, base+"/", nil)
		kind = "front"
	default:
		path = articles[rng.IntN(len(articles))]
		req, _ = http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		kind = "article"
	}
	req.Header.Set("X-Forwarded-For", ip)
	req.Header.Set("Accept-Encoding", "gzip")
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			st.fail(err)
		}
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	st.record(kind, resp.StatusCode, time.Since(start))
	if kind == "article" && resp.StatusCode == http.StatusOK {
		if resp.Header.Get("X-Cache") == "HIT" {
			st.mu.Lock()
			st.hits++
			st.mu.Unlock()
		}
		if s := ids[path]; s.beacon != "" {
			beacon(ctx, client, base, ip, s, st)
		}
	}
	if kind == "comment" && resp.StatusCode == http.StatusSeeOther {
		var id int64
		if m := commentIDRE.FindStringSubmatch(resp.Header.Get("Location")); m != nil {
			fmt.Sscan(m[1], &id)
		}
		st.mu.Lock()
		st.comments = append(st.comments, id)
		st.mu.Unlock()
	}
}

// beacon sends story s's view beacon as the reader's browser does once
// the page has loaded (navigator.sendBeacon: a POST without a body),
// recording it as kind "view".
func beacon(ctx context.Context, client *http.Client, base, ip string, s story, st *stats) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+s.beacon, nil)
	req.Header.Set("X-Forwarded-For", ip)
	req.Header.Set("User-Agent", browserUA)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			st.fail(err)
		}
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	st.record("view", resp.StatusCode, time.Since(start))
	if resp.StatusCode == http.StatusNoContent {
		st.viewed(ip, s.id, start)
	}
}

// fetchToken gets the comment form's time-trap token as warta.js does,
// recording the request as kind "token".
func fetchToken(ctx context.Context, client *http.Client, base, ip string, st *stats) (string, bool) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/comments/token", nil)
	req.Header.Set("X-Forwarded-For", ip)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			st.fail(err)
		}
		return "", false
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	st.record("token", resp.StatusCode, time.Since(start))
	return strings.TrimSpace(string(b)), resp.StatusCode == http.StatusOK
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

func report(st *stats, elapsed time.Duration, conc int, dataDir, dbURL string, before map[int64]int64) error {
	var problems []string
	total := 0
	fmt.Printf("%d readers for %s\n\n", conc, elapsed.Round(time.Second))
	fmt.Printf("%-8s %9s %8s %8s %8s  statuses\n", "kind", "requests", "p50", "p95", "p99")
	kinds := make([]string, 0, len(st.byKind))
	for k := range st.byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		lat := st.latencies[k]
		slices.Sort(lat)
		var parts []string
		codes := make([]int, 0)
		for c := range st.byKind[k] {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		for _, c := range codes {
			parts = append(parts, fmt.Sprintf("%d×%d", c, st.byKind[k][c]))
			if c >= 500 {
				problems = append(problems, fmt.Sprintf("%d responses %d to %s", st.byKind[k][c], c, k))
			}
		}
		total += len(lat)
		fmt.Printf("%-8s %9d %8s %8s %8s  %s\n", k, len(lat), percentile(lat, .5).Round(time.Microsecond*100),
			percentile(lat, .95).Round(time.Microsecond*100), percentile(lat, .99).Round(time.Microsecond*100), strings.Join(parts, " "))
	}
	fmt.Printf("\n%d requests, %.0f per second\n", total, float64(total)/elapsed.Seconds())
	for msg, n := range st.errors {
		problems = append(problems, fmt.Sprintf("%d transport errors: %s", n, msg))
	}
	fmt.Printf("%d comments acknowledged\n", len(st.comments))
	if dataDir != "" || dbURL != "" {
		missing, err := missingComments(st.comments, dataDir, dbURL)
		if err != nil {
			problems = append(problems, "comment check: "+err.Error())
		} else if missing > 0 {
			problems = append(problems, fmt.Sprintf("%d acknowledged comments are not in the database", missing))
		} else {
			fmt.Println("every acknowledged comment is stored")
		}
	}
	reads := len(st.latencies["article"])
	if reads > 0 {
		fmt.Printf("%d of %d story reads from the page cache (%.1f%%)\n", st.hits, reads, 100*float64(st.hits)/float64(reads))
	}
	var want int64
	for _, n := range st.views {
		want += n
	}
	fmt.Printf("%d reads the site should count (one per reader, story and hour)\n", want)
	if dataDir != "" || dbURL != "" {
		if diff, err := waitViews(st.views, before, dataDir, dbURL); err != nil {
			problems = append(problems, "view check: "+err.Error())
		} else if diff != "" {
			problems = append(problems, "the most-read counts do not match the reads sent: "+diff)
		} else {
			fmt.Println("the most-read counts match the reads sent")
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// viewsWait is how long the check waits for the site to store the reads
// it counted: it adds them every 30 s.
const viewsWait = 45 * time.Second

// waitViews waits until each story's stored count has grown from before
// by what was sent, and returns "" then; past viewsWait, or when a count
// grew by more, it returns the differences.
func waitViews(sent, before map[int64]int64, dataDir, dbURL string) (string, error) {
	deadline := time.Now().Add(viewsWait)
	for {
		after, err := storedViews(dataDir, dbURL)
		if err != nil {
			return "", err
		}
		var diffs []string
		short := false
		for id, n := range sent {
			got := after[id] - before[id]
			if got != n {
				diffs = append(diffs, fmt.Sprintf("story %d counted %d, sent %d", id, got, n))
				short = short || got < n
			}
		}
		slices.Sort(diffs)
		if len(diffs) == 0 || !short || time.Now().After(deadline) {
			return strings.Join(diffs, ", "), nil
		}
		time.Sleep(time.Second)
	}
}

// storedViews reads each story's stored read count.
func storedViews(dataDir, dbURL string) (map[int64]int64, error) {
	db, err := openDB(dataDir, dbURL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT article_id, views FROM article_view_totals`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// openDB opens the site's database read-only.
func openDB(dataDir, dbURL string) (*sql.DB, error) {
	driver, dsn := "sqlite", "file:"+dataDir+"/warta.db?mode=ro"
	if dbURL != "" {
		driver, dsn = "pgx", dbURL
	}
	return sql.Open(driver, dsn)
}

// missingComments counts acknowledged comments absent from the database:
// those with an ID by ID, those acknowledged as pending without one by the
// number of load-test comments stored.
func missingComments(acked []int64, dataDir, dbURL string) (int, error) {
	db, err := openDB(dataDir, dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	missing, withoutID := 0, 0
	for _, id := range acked {
		if id == 0 {
			withoutID++
			continue
		}
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM comments WHERE id = $1`, id).Scan(&n); err != nil {
			return 0, err
		}
		if n == 0 {
			missing++
		}
	}
	var stored int
	if err := db.QueryRow(`SELECT COUNT(*) FROM comments WHERE content LIKE '%Komentar uji beban nomor%'`).Scan(&stored); err != nil {
		return 0, err
	}
	if stored < len(acked) {
		missing = max(missing, len(acked)-stored)
	}
	return missing, nil
}
