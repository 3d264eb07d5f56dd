// Package initgc keeps the garbage collector idle while the binary's
// packages initialize and for as long as the step stays small.
//
// Initialization allocates a few MiB (protocol buffer registries, compiled
// expressions) that all stay live, so a collection then frees nothing, yet
// with the default pacer (first collection at 4 MiB) it took a quarter of
// the CPU of a whole traffic-rollback or sql-recover process. Imported
// for its side effect by the commands before any other package: its init
// turns collection off under a memory limit; the first collection, made
// when the process reaches the limit, turns the default pacing back on
// (GOGC=100, no limit), so a step that holds much memory (a large plan)
// is collected as usual. GOGC or GOMEMLIMIT in the environment are the
// user's choice and leave everything as the runtime set it.
package initgc

import (
	"os"
	"runtime"
	"runtime/debug"
)

// Limit is the memory (as the runtime counts it) the process may reach
// before its first collection.
const Limit = 64 << 20

// Restored is closed once the default pacing is back; tests wait on it.
var Restored = make(chan struct{})

func init() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		close(Restored)
		return
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(Limit)
	// A finalizer runs after the first collection that finds its object
	// unreachable: the first one. The pointer keeps the object off the
	// tiny allocator, whose blocks may never be finalized.
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
		close(Restored)
	})
}

type sentinel struct{ _ *int }
