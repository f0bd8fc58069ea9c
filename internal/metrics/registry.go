// Package metrics keeps warta's counters and histograms and writes them in
// the Prometheus text exposition format (version 0.0.4) at /metrics.
//
// It is a small registry of our own rather than the Prometheus client
// library: warta needs counters, one latency histogram and gauges read at
// scrape time, and the client would pull a dozen modules (and newer
// golang.org/x versions) into the build for that.
//
// Every label set a caller passes must come from a bounded set (a route
// pattern, a status code, a comment status), never from the request itself.
package metrics

import (
	"bufio"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Registry holds metric families and writes them out. It is safe for
// concurrent use.
type Registry struct {
	mu       sync.Mutex
	families map[string]family
}

type family interface {
	write(w *bufio.Writer, name string)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{families: make(map[string]family)} }

func (r *Registry) register(name string, f family) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.families[name]; dup {
		panic("metrics: " + name + " registered twice")
	}
	r.families[name] = f
}

// Handler serves the registry in the Prometheus text format.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		bw := bufio.NewWriter(w)
		r.WriteTo(bw)
		bw.Flush()
	})
}

// WriteTo writes every family, sorted by name.
func (r *Registry) WriteTo(w *bufio.Writer) {
	r.mu.Lock()
	names := make([]string, 0, len(r.families))
	for n := range r.families {
		names = append(names, n)
	}
	fams := make([]family, len(names))
	slices.Sort(names)
	for i, n := range names {
		fams[i] = r.families[n]
	}
	r.mu.Unlock()
	for i, f := range fams {
		f.write(w, names[i])
	}
}

// header writes the HELP and TYPE lines of a family.
func header(w *bufio.Writer, name, help, typ string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, escapeHelp(help), name, typ)
}

func escapeHelp(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(s)
}

func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`).Replace(s)
}

// labelText renders {a="x",b="y"} (empty without labels), with extra pairs
// (the histogram's le) appended.
func labelText(names, values []string, extra ...string) string {
	if len(names) == 0 && len(extra) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `%s="%s"`, n, escapeLabel(values[i]))
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `%s="%s"`, extra[i], escapeLabel(extra[i+1]))
	}
	b.WriteByte('}')
	return b.String()
}

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// seriesKey joins label values into a map key; \xff never occurs in UTF-8.
func seriesKey(values []string) string { return strings.Join(values, "\xff") }

func checkLabels(name string, names, values []string) {
	if len(names) != len(values) {
		panic(fmt.Sprintf("metrics: %s takes %d label values, got %d", name, len(names), len(values)))
	}
}

// Counter is a family of monotonically increasing values.
type Counter struct {
	name, help string
	labels     []string

	mu     sync.Mutex
	series map[string]*counterSeries
}

type counterSeries struct {
	values []string
	v      float64
}

// Counter registers and returns a counter family with the given label names.
func (r *Registry) Counter(name, help string, labels ...string) *Counter {
	c := &Counter{name: name, help: help, labels: labels, series: make(map[string]*counterSeries)}
	r.register(name, c)
	return c
}

// Add adds v (≥ 0) to the series with the given label values.
func (c *Counter) Add(v float64, labelValues ...string) {
	checkLabels(c.name, c.labels, labelValues)
	key := seriesKey(labelValues)
	c.mu.Lock()
	s := c.series[key]
	if s == nil {
		s = &counterSeries{values: slices.Clone(labelValues)}
		c.series[key] = s
	}
	s.v += v
	c.mu.Unlock()
}

// Inc adds 1.
func (c *Counter) Inc(labelValues ...string) { c.Add(1, labelValues...) }

// Value returns the current value of one series, for tests.
func (c *Counter) Value(labelValues ...string) float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.series[seriesKey(labelValues)]; s != nil {
		return s.v
	}
	return 0
}

func (c *Counter) write(w *bufio.Writer, name string) {
	header(w, name, c.help, "counter")
	c.mu.Lock()
	keys := sortedKeys(c.series)
	for _, k := range keys {
		s := c.series[k]
		fmt.Fprintf(w, "%s%s %s\n", name, labelText(c.labels, s.values), formatFloat(s.v))
	}
	c.mu.Unlock()
}

// Histogram is a family of distributions over fixed buckets.
type Histogram struct {
	name, help string
	labels     []string
	buckets    []float64

	mu     sync.Mutex
	series map[string]*histSeries
}

type histSeries struct {
	values []string
	counts []uint64 // per bucket, not cumulative
	count  uint64
	sum    float64
}

// DefaultBuckets suit request latencies in seconds, from 1 ms to 10 s.
var DefaultBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Histogram registers and returns a histogram family with the given upper
// bounds (sorted ascending; +Inf is implied).
func (r *Registry) Histogram(name, help string, buckets []float64, labels ...string) *Histogram {
	h := &Histogram{name: name, help: help, labels: labels, buckets: buckets, series: make(map[string]*histSeries)}
	r.register(name, h)
	return h
}

// Observe records v in the series with the given label values.
func (h *Histogram) Observe(v float64, labelValues ...string) {
	checkLabels(h.name, h.labels, labelValues)
	key := seriesKey(labelValues)
	i, _ := slices.BinarySearch(h.buckets, v) // first bound ≥ v; len for +Inf
	h.mu.Lock()
	s := h.series[key]
	if s == nil {
		s = &histSeries{values: slices.Clone(labelValues), counts: make([]uint64, len(h.buckets)+1)}
		h.series[key] = s
	}
	s.counts[i]++
	s.count++
	s.sum += v
	h.mu.Unlock()
}

// Count returns how many values one series has recorded, for tests.
func (h *Histogram) Count(labelValues ...string) uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s := h.series[seriesKey(labelValues)]; s != nil {
		return s.count
	}
	return 0
}

func (h *Histogram) write(w *bufio.Writer, name string) {
	header(w, name, h.help, "histogram")
	h.mu.Lock()
	for _, k := range sortedKeys(h.series) {
		s := h.series[k]
		var cum uint64
		for i, b := range h.buckets {
			cum += s.counts[i]
			fmt.Fprintf(w, "%s_bucket%s %d\n", name, labelText(h.labels, s.values, "le", formatFloat(b)), cum)
		}
		fmt.Fprintf(w, "%s_bucket%s %d\n", name, labelText(h.labels, s.values, "le", "+Inf"), s.count)
		fmt.Fprintf(w, "%s_sum%s %s\n", name, labelText(h.labels, s.values), formatFloat(s.sum))
		fmt.Fprintf(w, "%s_count%s %d\n", name, labelText(h.labels, s.values), s.count)
	}
	h.mu.Unlock()
}

// Emit reports one sample of a function-backed family.
type Emit func(value float64, labelValues ...string)

type funcFamily struct {
	help, typ string
	labels    []string
	collect   func(emit Emit)
}

// GaugeFunc registers a gauge family whose samples collect reports at each
// scrape, for values something else already keeps (pool statistics, queue
// lengths). collect must not block for long; it runs on every scrape.
func (r *Registry) GaugeFunc(name, help string, labels []string, collect func(emit Emit)) {
	r.register(name, &funcFamily{help: help, typ: "gauge", labels: labels, collect: collect})
}

// CounterFunc is GaugeFunc for values that only grow (hits since start).
func (r *Registry) CounterFunc(name, help string, labels []string, collect func(emit Emit)) {
	r.register(name, &funcFamily{help: help, typ: "counter", labels: labels, collect: collect})
}

func (f *funcFamily) write(w *bufio.Writer, name string) {
	header(w, name, f.help, f.typ)
	f.collect(func(v float64, labelValues ...string) {
		checkLabels(name, f.labels, labelValues)
		fmt.Fprintf(w, "%s%s %s\n", name, labelText(f.labels, labelValues), formatFloat(v))
	})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
