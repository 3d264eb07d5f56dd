package defsec

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aquasecurity/defsec/pkg/rules"
)

// One module with a Google bucket and an AWS bucket, each open to the
// world: the Google rules judge the first; no AWS rule is linked, so the
// second passes unseen.
const mixed = `
resource "google_storage_bucket" "open" {
  name     = "olympus-open"
  location = "EU"
}

resource "google_storage_bucket_iam_member" "public" {
  bucket = google_storage_bucket.open.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "aws_s3_bucket" "open" {
  bucket = "olympus-open"
  acl    = "public-read"
}
`

func TestGoogleRulesStillFire(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(mixed), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := New().Scan(context.Background(), root, root)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, f := range got {
		ids[f.RuleID] = true
		if strings.HasPrefix(f.RuleID, "aws-") {
			t.Errorf("an AWS rule fired: %+v", f)
		}
	}
	for _, want := range []string{"google-storage-no-public-access", "google-storage-enable-ubla"} {
		if !ids[want] {
			t.Errorf("%s did not fire; findings: %v", want, ids)
		}
	}
}

// The security engine links the rule sets our users can trigger: Google
// Cloud's, and GitHub's and Kubernetes' (providers a Google Cloud stack
// uses); no other cloud's rule is registered, in this test binary or in
// olympus-validate.
func TestOnlyTheRuleSetsOurUsersCanTriggerAreLinked(t *testing.T) {
	providers := map[string]int{}
	for _, r := range rules.GetRegistered() {
		providers[string(r.Rule().Provider)]++
	}
	if providers["google"] < 50 {
		t.Errorf("Google rules registered: %d, want the whole set; by provider: %v", providers["google"], providers)
	}
	for p := range providers {
		switch p {
		case "google", "github", "kubernetes", "general":
		default:
			t.Errorf("%d %s rule(s) are registered; by provider: %v", providers[p], p, providers)
		}
	}

	out, err := exec.Command("go", "list", "-deps", "github.com/olympus-cloud/deploy-actions/cmd/olympus-validate").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		for _, cloud := range []string{"aws", "azure", "cloudstack", "digitalocean", "nifcloud", "openstack", "oracle"} {
			if strings.Contains(p, "defsec/rules/cloud/policies/"+cloud+"/") || strings.Contains(p, "defsec/internal/adapters/terraform/"+cloud) {
				t.Errorf("olympus-validate links %s", p)
			}
		}
	}
}
