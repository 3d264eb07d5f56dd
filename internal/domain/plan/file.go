package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// FileSHA256 is the hex sha256 of a saved plan: plan-comment reports it and
// deploy checks it, so that what is applied is what was reviewed.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("failed to hash the plan %q: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("failed to hash the plan %q: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Hasher computes a sha256 on its own goroutine of what is written to it:
// a plan is hashed while it is parsed, on another core, and the hash is of
// exactly the bytes that were read. Writes are gathered into a few reused
// buffers, so hashing a file of any size makes no garbage.
type Hasher struct {
	cur        []byte
	full, free chan []byte
	done       chan string
}

// hashChunk is the size of the buffers a Hasher hashes from.
const hashChunk = 256 << 10

// NewHasher starts a Hasher; call Sum once to stop it.
func NewHasher() *Hasher {
	// Four buffers: one being filled, the others queued or being hashed.
	// free holds them all, so that the hasher never waits to give one back.
	const buffers = 4
	h := &Hasher{full: make(chan []byte, buffers), free: make(chan []byte, buffers), done: make(chan string, 1)}
	for range buffers - 1 {
		h.free <- make([]byte, 0, hashChunk)
	}
	h.cur = make([]byte, 0, hashChunk)
	go func() {
		sum := sha256.New()
		for b := range h.full {
			sum.Write(b)
			h.free <- b[:0]
		}
		h.done <- hex.EncodeToString(sum.Sum(nil))
	}()
	return h
}

// Write hashes p; it never fails.
func (h *Hasher) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), cap(h.cur)-len(h.cur))
		h.cur = append(h.cur, p[:k]...)
		p = p[k:]
		if len(h.cur) == cap(h.cur) {
			h.full <- h.cur
			h.cur = <-h.free
		}
	}
	return n, nil
}

// Sum waits for everything written to be hashed and returns the hex sha256.
func (h *Hasher) Sum() string {
	if len(h.cur) > 0 {
		h.full <- h.cur
	}
	close(h.full)
	return <-h.done
}
