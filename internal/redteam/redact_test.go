package redteam

import (
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/report"
)

// Overlapping secrets: strings.Replacer replaces the leftmost match and
// resumes after it, so the rest of the second secret stays. (The runner's
// own masker merges overlapping matches; comments, issues and files have
// only ours.)
func TestOverlappingSecrets(t *testing.T) {
	var r report.Redactor
	r.Add("alpha-secret-one")
	r.Add("one-beta-secret-two")
	if got := r.Redact("x alpha-secret-one-beta-secret-two y"); strings.Contains(got, "beta-secret") {
		t.Errorf("an overlap leaves part of a secret: %q", got)
	}
}
