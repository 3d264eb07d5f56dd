package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestHasherHashesWhatWasRead(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 100000) // several chunks
	want := sha256.Sum256(data)
	h := NewHasher()
	// Odd-sized writes, as a decoder's reads are.
	if _, err := io.CopyBuffer(h, bytes.NewReader(data), make([]byte, 7777)); err != nil {
		t.Fatal(err)
	}
	if got := h.Sum(); got != hex.EncodeToString(want[:]) {
		t.Errorf("Sum = %s, want %x", got, want)
	}
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := FileSHA256(file); err != nil || got != hex.EncodeToString(want[:]) {
		t.Errorf("FileSHA256 = %s, %v", got, err)
	}
	if got := NewHasher().Sum(); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("empty Sum = %s", got)
	}
}
