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
