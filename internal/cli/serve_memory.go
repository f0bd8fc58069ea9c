package cli

import (
	"runtime/debug"

	"warta/internal/config"
)

// gcPercent is the heap growth serve lets the collector allow between
// cycles, instead of Go's 100. A page render allocates a few hundred KB that
// die with the request, and warta's live heap is small (tens of MB), so at
// 100 the collector runs every few dozen renders; at 400 it runs a quarter
// as often and an uncached render costs less CPU (side by side with
// wrk against --cache-disabled, 2-core machine: +15–30% renders per
// second). The soft memory limit keeps that growth from costing memory:
// near the limit the collector runs as often as it must.
const gcPercent = 400

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
