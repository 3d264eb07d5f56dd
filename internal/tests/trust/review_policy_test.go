package trust_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// google_cloud_run_v2_service writes env as a list of {name, value}; the
// name DB_PASSWORD is a value, not a key, so neither policy.Secrets nor
// plan.Parse masks the password, and terraform prints it in the plan
// (and in drift) as `value = "..."`.
const cloudRunPlan = `{"format_version":"1.2","terraform_version":"1.11.4",
"resource_changes":[{"address":"google_cloud_run_v2_service.api","mode":"managed","type":"google_cloud_run_v2_service","name":"api","provider_name":"registry.terraform.io/hashicorp/google",
 "change":{"actions":["create"],"before":null,
  "after":{"name":"api","template":[{"containers":[{"image":"x","env":[{"name":"DB_PASSWORD","value":"canary-envlist-4411","value_source":[]}]}]}]},
  "after_unknown":{},"before_sensitive":false,"after_sensitive":{"template":[{"containers":[{"env":[{"value_source":[]}]}]}]}}}]}`

func TestCloudRunEnvListSecretIsMasked(t *testing.T) {
	var p tfjson.Plan
	if err := json.Unmarshal([]byte(cloudRunPlan), &p); err != nil {
		t.Fatal(err)
	}
	if s := policy.Secrets(&p); !slices.Contains(s, "canary-envlist-4411") {
		t.Errorf("policy.Secrets misses env {name: DB_PASSWORD, value}: %q", s)
	}
	parsed, err := plan.Parse(strings.NewReader(cloudRunPlan))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(parsed.Secrets, "canary-envlist-4411") {
		t.Errorf("plan.Parse misses env {name: DB_PASSWORD, value}: %q", parsed.Secrets)
	}
}
