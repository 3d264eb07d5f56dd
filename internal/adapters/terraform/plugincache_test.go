package terraform

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

func TestInitsSharingAPluginCacheTakeTurns(t *testing.T) {
	t.Setenv("TF_PLUGIN_CACHE_DIR", t.TempDir())
	unlock, err := lockPluginCache(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		u, err := lockPluginCache(context.Background())
		if err != nil {
			t.Error(err)
			return
		}
		got.Store(true)
		u()
	}()
	time.Sleep(200 * time.Millisecond)
	if got.Load() {
		t.Fatal("a second init took the plugin cache while the first held it")
	}
	unlock()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the second init never got the plugin cache")
	}
	if !got.Load() {
		t.Fatal("the second init did not run")
	}

	// A cancelled wait gives up.
	unlock, _ = lockPluginCache(context.Background())
	defer unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := lockPluginCache(ctx); err == nil {
		t.Fatal("a cancelled wait for the plugin cache succeeded")
	}
}

func TestNoPluginCacheNoLock(t *testing.T) {
	t.Setenv("TF_PLUGIN_CACHE_DIR", "")
	a, err := lockPluginCache(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, err := lockPluginCache(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	a()
	b()
}
