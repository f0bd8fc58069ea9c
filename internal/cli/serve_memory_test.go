package cli

import (
	"runtime/debug"
	"testing"

	"warta/internal/config"
)

// serve paces the collector for a small live heap and a soft limit, but an
// operator's GOGC or GOMEMLIMIT wins unless --memory-mb is given.
func TestTuneMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	beforePercent := debug.SetGCPercent(-1)
	debug.SetGCPercent(beforePercent)
	env := func(m map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	cfg := config.Default()

	restore := tuneMemory(cfg, env(nil))
	if got := debug.SetMemoryLimit(-1); got != 192<<20 {
		t.Errorf("default soft limit %d bytes, want 192 MiB", got)
	}
	if got := debug.SetGCPercent(-1); got != gcPercent {
		t.Errorf("GC percent %d, want %d", got, gcPercent)
	}
	debug.SetGCPercent(gcPercent) // SetGCPercent(-1) turned it off
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit not restored: %d, was %d", got, before)
	}

	restore = tuneMemory(cfg, env(map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}))
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("GOMEMLIMIT in the environment overridden: %d", got)
	}
	if got := debug.SetGCPercent(-1); got != beforePercent {
		t.Errorf("GOGC in the environment overridden: %d", got)
	}
	debug.SetGCPercent(beforePercent)
	restore()

	cfg.MemoryMB = 300
	restore = tuneMemory(cfg, env(map[string]string{"GOMEMLIMIT": "1GiB"}))
	if got := debug.SetMemoryLimit(-1); got != 300<<20 {
		t.Errorf("--memory-mb 300 gave %d bytes", got)
	}
	restore()
}
