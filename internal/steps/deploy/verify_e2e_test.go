package deploy_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/demoapp"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runemu"
)

const (
	runProject = "olympus-dev-7d1e"
	runRegion  = "us-central1"
)

// Bad verify input is exit 2 before terraform runs: nothing is
// initialised, planned or recorded.
func TestBadVerifyInputIsRefusedBeforeTerraform(t *testing.T) {
	for _, tc := range []struct{ desc, verify, says string }{
		{"malformed YAML", "- url: [http://x", "input verify: not valid YAML"},
		{"an output the module does not declare", "- output: service_ulr", `key output: invalid value "service_ulr": did you mean service_url?`},
		{"a URL without a scheme", "- url: api.example.com/healthz", "input verify, entry 1, key url: invalid value \"api.example.com/healthz\": the URL has no scheme"},
	} {
		gh := fakegithub.New(t, harness.Token)
		dir := example(t)
		r := deployRun(t, gh, dir, "dev", nil)
		r.Inputs["verify"] = tc.verify
		res := harness.Exec(t, r)
		if res.ExitCode != 2 || !strings.Contains(res.Stdout+res.Stderr, tc.says) {
			t.Errorf("%s: exit %d, want 2 saying %q\n%s", tc.desc, res.ExitCode, tc.says, res.Stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, ".terraform")); err == nil {
			t.Errorf("%s: terraform was initialised", tc.desc)
		}
		if w := gh.Writes(); len(w) > 0 {
			t.Errorf("%s: GitHub was written to: %+v", tc.desc, w)
		}
	}
}

// A deploy proves itself against the test bed's HTTP service: a healthy
// image passes its checks, the deployment is a success and a deployment
// records the serving revision; a broken image fails them, the traffic
// goes back to that revision through the Cloud Run emulator, the
// incident is filed, the deployment is a failure and the step exits 1.
// The canary (the example's API key, also in a check's URL) is in no
// output, summary, URL or body.
func TestChecksAfterTheApplyAndRollback(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	store := localstore.Store{Root: filepath.Join(dir, ".localcloud", "dev")}
	srv, err := demoapp.Start("", store)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	emu, err := runemu.Start(store, runProject, runRegion)
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Stop()
	key := runProject + "/" + runRegion + "/olympus-api-dev"
	deploy := func(sha, image string) *harness.Result {
		t.Helper()
		r := deployRun(t, gh, dir, "dev", map[string]string{
			"TF_VAR_image":            image,
			"TF_VAR_service_base_url": "http://" + srv.Addr,
			"OLYMPUS_VERIFY_BACKOFF":  "10ms",
		})
		r.SHA = sha
		r.Inputs["verify"] = "- output: service_url\n  contains: ok\n  attempts: 2\n  timeout: 5s\n" +
			"- url: " + srv.URL("olympus-api-dev") + "/healthz?key=" + canary + "\n  attempts: 1\n" +
			"- run: sh checks/api-ready.sh dev\n  attempts: 1\n"
		r.Inputs["on-verify-failure"] = "rollback"
		r.Inputs["cloud-run-services"] = key
		r.Inputs["run-endpoint"] = emu.Addr
		res := harness.Exec(t, r)
		assertNoCanary(t, res)
		// As the runner shows the job: the log with its masks applied,
		// and the annotations.
		log := res.Log()
		if log.Contains(canary) {
			t.Errorf("the runner's log shows the canary")
		}
		for _, a := range log.Annotations {
			if strings.Contains(a.Message, canary) || strings.Contains(fmt.Sprint(a.Properties), canary) {
				t.Errorf("a %s annotation holds the canary", a.Type)
			}
		}
		for _, req := range gh.Requests() {
			if strings.Contains(req.Body, canary) || strings.Contains(req.Query, canary) {
				t.Errorf("the canary was sent to GitHub: %s %s", req.Method, req.Path)
			}
		}
		return res
	}

	const good, bad = "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"
	res := deploy(good, "api:v1")
	if res.ExitCode != 0 || res.Outputs["outcome"] != "applied" || res.Outputs["verified"] != "true" {
		t.Fatalf("the healthy deploy: exit %d outputs %v\n%s\n%s", res.ExitCode, res.Outputs, res.Summary, res.Stderr)
	}
	if !strings.Contains(res.Summary, "Checks after apply: all 3 passed") || !strings.Contains(res.Outputs["verify-result"], `"passed":true`) {
		t.Errorf("the checks are not in the summary and outputs:\n%s\n%v", res.Summary, res.Outputs)
	}
	svc, err := store.GetService("olympus-api-dev")
	if err != nil {
		t.Fatal(err)
	}
	goodRev := svc.LatestRevision()
	var verified *fakegithub.Deployment
	for _, d := range gh.Deployments() {
		if d.SHA == good && d.Description == "olympus verified deploy to dev" {
			verified = &d
		}
	}
	if verified == nil {
		t.Fatalf("no verified deployment recorded: %+v", gh.Deployments())
	}
	b, _ := json.Marshal(verified.Payload)
	var payload struct {
		Olympus struct {
			Verified bool              `json:"verified"`
			CloudRun map[string]string `json:"cloud_run"`
		} `json:"olympus"`
	}
	if err := json.Unmarshal(b, &payload); err != nil || !payload.Olympus.Verified || payload.Olympus.CloudRun[key] != goodRev {
		t.Errorf("the verified deployment's payload %s, want %s serving %s", b, key, goodRev)
	}
	if sts := gh.Statuses(verified.ID); len(sts) == 0 || sts[len(sts)-1].State != "success" {
		t.Errorf("the verified deployment's statuses: %+v", sts)
	}

	res = deploy(bad, "api:v2-broken")
	if res.ExitCode != 1 || res.Outputs["outcome"] != "verify-failed" || res.Outputs["verified"] != "false" {
		t.Fatalf("the broken deploy: exit %d outputs %v\n%s\n%s", res.ExitCode, res.Outputs, res.Summary, res.Stderr)
	}
	for _, s := range []string{"the checks after the apply failed", "rolled the traffic of olympus-api-dev back", "to " + goodRev,
		"the known-good revision of the last verified deployment", "Terraform's changes stay applied", "git revert 222222222222"} {
		if !strings.Contains(res.Stdout+res.Stderr, s) {
			t.Errorf("the failure does not say %q:\n%s", s, res.Stderr)
		}
	}
	if svc, _ = store.GetService("olympus-api-dev"); len(svc.Serving()) != 1 || svc.Serving()[0].Revision != goodRev || svc.LatestRevision() == goodRev {
		t.Errorf("traffic after the rollback: %+v (latest %s), want all on %s", svc.Serving(), svc.LatestRevision(), goodRev)
	}
	for _, d := range gh.Deployments() {
		if d.SHA != bad {
			continue
		}
		if d.Description == "olympus verified deploy to dev" {
			t.Errorf("a failed deploy was recorded as verified")
		}
		if sts := gh.Statuses(d.ID); len(sts) == 0 || sts[len(sts)-1].State != "failure" {
			t.Errorf("the failed deploy's statuses: %+v", sts)
		}
	}
	var filed bool
	for _, i := range gh.Issues() {
		if i.Title == "Rollback after failed checks: dev" && strings.Contains(i.Body, goodRev) {
			filed = true
		}
		if strings.Contains(i.Body, canary) {
			t.Errorf("the canary is in issue %d", i.Number)
		}
	}
	if !filed {
		t.Errorf("no incident record: %+v", gh.Issues())
	}
}
