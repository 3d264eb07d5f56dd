package terraform

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockPluginCache serialises terraform init across goroutines and
// processes (plan-comment's workers, validate's modules) when they share a
// provider plugin cache (TF_PLUGIN_CACHE_DIR): terraform documents the
// cache as not safe for concurrent inits, which can leave a provider
// half-written in it. Plans and applies only read the cache and run in
// parallel. Without a cache there is nothing to guard.
func lockPluginCache(ctx context.Context) (func(), error) {
	dir := os.Getenv("TF_PLUGIN_CACHE_DIR")
	if dir == "" {
		return func() {}, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("failed to create the plugin cache TF_PLUGIN_CACHE_DIR=%q: %w", dir, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, ".olympus-init.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("failed to lock the plugin cache %q: %w", dir, err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("failed to lock the plugin cache %q: %w", dir, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("failed to lock the plugin cache %q: %w", dir, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
