package initgc

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestFirstCollectionRestoresPacing: until the first collection nothing
// is collected under a limit; after it, the runtime's defaults are back.
func TestFirstCollectionRestoresPacing(t *testing.T) {
	select {
	case <-Restored:
		t.Skip("GOGC or GOMEMLIMIT set, or a collection already ran")
	default:
	}
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Fatalf("GC percent before the first collection = %d, want -1 (off)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != Limit {
		t.Fatalf("memory limit before the first collection = %d, want %d", l, Limit)
	}
	runtime.GC()
	select {
	case <-Restored:
	case <-time.After(10 * time.Second):
		t.Fatal("the first collection did not restore the pacing")
	}
	if p := debug.SetGCPercent(-1); p != 100 {
		t.Errorf("GC percent after the first collection = %d, want 100", p)
	}
	debug.SetGCPercent(100)
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("memory limit after the first collection = %d, want none", l)
	}
}
