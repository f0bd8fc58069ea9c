package cli

import (
	"runtime/debug"

	"warta/internal/config"
)

// gcPercent is the heap growth serve lets the collector allow between
// cycles, instead of Go's 100. A page render allocates some 100 KB that die
// with the request, and warta's live heap is small (tens of MB), so at 100
// the collector runs every few hundred renders; at 200 a third as often.
// Side by side with wrk against --cache-disabled (2-core machine, after the
// page writers): 100, 200 and 400 cost 394-479, 382-413 and 348-394 µs of
// CPU per uncached article. 400 would also let a small heap grow to five
// times its size, which on the 100,000-article site went past 120 MiB
// resident; 200 keeps most of the gain for less. The soft memory limit
// bounds the growth of a large heap.
const gcPercent = 200

// tuneMemory sets the collector's pace and soft memory limit for serve,
// unless the environment sets them (GOGC, GOMEMLIMIT) and --memory-mb does
// not. It returns a function that puts back what was there before, for a
// serve run inside a test process.
func tuneMemory(cfg config.Config, getenv func(string) (string, bool)) (restore func()) {
	prevPercent, prevLimit := -2, int64(-1)
	if _, set := getenv("GOGC"); !set {
		prevPercent = debug.SetGCPercent(gcPercent)
	}
	if _, set := getenv("GOMEMLIMIT"); !set || cfg.MemoryMB > 0 {
		prevLimit = debug.SetMemoryLimit(int64(cfg.MemoryLimitMB()) << 20)
	}
	return func() {
		if prevPercent != -2 {
			debug.SetGCPercent(prevPercent)
		}
		if prevLimit >= 0 {
			debug.SetMemoryLimit(prevLimit)
		}
	}
}
