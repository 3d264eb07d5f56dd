package githubapi_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
)

const key = "olympus-dev-7d1e/us-central1/olympus-api"

func names(key string) func(policy.DeploymentRecord) bool {
	return func(r policy.DeploymentRecord) bool { return r.CloudRun[key] != "" }
}

// deploymentsBed is a fake GitHub holding the deployments of a history,
// oldest first, each with its final status.
func deploymentsBed(t *testing.T) (*fakegithub.Server, *github.Client, map[string]int64) {
	t.Helper()
	gh := fakegithub.New(t, "tok")
	c, err := githubapi.New(step.GitHub{Token: "tok", APIURL: gh.URL}, slog.New(slog.NewTextHandler(io.Discard, nil)), githubapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	record := func(verified bool, cloudRun map[string]string) map[string]any {
		return policy.FormatDeploymentPayload(map[string]any{"plan_sha256": "ab12"}, policy.DeploymentRecord{Verified: verified, CloudRun: cloudRun})
	}
	gh.AddToken("forged", "mallory")
	forger, err := githubapi.New(step.GitHub{Token: "forged", APIURL: gh.URL}, slog.New(slog.NewTextHandler(io.Discard, nil)), githubapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, d := range []struct {
		name, task, env string
		payload         any
		state           string
	}{
		{"good", policy.DeploymentTask, "dev", record(true, map[string]string{key: "olympus-api-00001-abc"}), "success"},
		{"github's own", "deploy", "dev", record(true, map[string]string{key: "olympus-api-00009-abc"}), "success"},
		{"staging", policy.DeploymentTask, "staging", record(true, map[string]string{key: "olympus-api-00008-abc"}), "success"},
		{"another service", policy.DeploymentTask, "dev", record(true, map[string]string{"olympus-dev-7d1e/us-central1/olympus-web": "olympus-web-00001-abc"}), "success"},
		{"failed", policy.DeploymentTask, "dev", record(true, map[string]string{key: "olympus-api-00002-abc"}), "failure"},
		{"unverified", policy.DeploymentTask, "dev", record(false, map[string]string{key: "olympus-api-00003-abc"}), "success"},
		{"malformed", policy.DeploymentTask, "dev", map[string]any{"olympus": map[string]any{"verified": true, "cloud_run": map[string]any{key: "../x"}}}, "success"},
		{"no record", policy.DeploymentTask, "dev", nil, "success"},
		{"forged", policy.DeploymentTask, "dev", record(true, map[string]string{key: "olympus-api-00007-abc"}), "success"},
	} {
		c := c
		if d.name == "forged" {
			c = forger
		}
		dep, _, err := c.Repositories.CreateDeployment(context.Background(), "olympus-cloud", "olympus", github.DeploymentRequest{
			Ref: "main", Task: github.Ptr(d.task), Environment: github.Ptr(d.env), Payload: d.payload, RequiredContexts: []string{}})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Repositories.CreateDeploymentStatus(context.Background(), "olympus-cloud", "olympus", dep.GetID(), github.DeploymentStatusRequest{State: d.state}); err != nil {
			t.Fatal(err)
		}
		ids[d.name] = dep.GetID()
	}
	return gh, c, ids
}

func TestLastVerifiedSkipsWhatIsNotAVerifiedDeployOfOurs(t *testing.T) {
	gh, c, ids := deploymentsBed(t)
	before := len(gh.Requests())
	repo := githubapi.Repo{Owner: "olympus-cloud", Name: "olympus", Self: "github-actions[bot]"}
	v, found, why, err := githubapi.LastVerified(context.Background(), c, repo, "dev", names(key))
	if err != nil || !found || v.ID != ids["good"] || v.Record.CloudRun[key] != "olympus-api-00001-abc" {
		t.Fatalf("found %v %+v (%s), %v; want deployment %d", found, v, why, err, ids["good"])
	}
	ours, ignored, err := githubapi.Ours(context.Background(), c, repo, "dev", "")
	if err != nil || len(ours) != 6 || len(ignored) != 1 || !strings.Contains(ignored[0], "was created by mallory, not by github-actions[bot]") {
		t.Errorf("ours %d, ignored %q, %v", len(ours), ignored, err)
	}
	// Payloads are judged first: only the verified ones naming the service
	// have their status read (the failed one, then the good one).
	var statusReads []string
	for _, r := range gh.Requests()[before:] {
		if strings.HasSuffix(r.Path, "/statuses") {
			statusReads = append(statusReads, r.Path)
		}
	}
	if len(statusReads) != 2 {
		t.Errorf("status reads %v, want those of the failed and the good deployments only", statusReads)
	}

	// Another identity's token: none of these deployments are its own.
	other := repo
	other.Self = "alice"
	_, found, why, err = githubapi.LastVerified(context.Background(), c, other, "dev", names(key))
	if err != nil || found || !strings.Contains(why, "was created by github-actions[bot], not by alice") || !strings.Contains(why, "7 of our task ignored") {
		t.Errorf("as alice: found %v, why %q, err %v", found, why, err)
	}

	// A service no verified deployment names.
	_, found, why, err = githubapi.LastVerified(context.Background(), c, repo, "dev", names("olympus-dev-7d1e/us-central1/olympus-admin"))
	if err != nil || found || !strings.Contains(why, "6 deployments of ours read") || !strings.Contains(why, "revision \"../x\"") {
		t.Errorf("unnamed service: found %v, why %q, err %v", found, why, err)
	}
}

func TestLastVerifiedReportsAFailedRead(t *testing.T) {
	gh, c, _ := deploymentsBed(t)
	gh.Inject(fakegithub.Fault{PathPrefix: "/repos/olympus-cloud/olympus/deployments", Status: 404, Times: 1})
	_, found, _, err := githubapi.LastVerified(context.Background(), c, githubapi.Repo{Owner: "olympus-cloud", Name: "olympus", Self: "github-actions[bot]"}, "dev", names(key))
	if err == nil || found || !strings.Contains(err.Error(), "failed to list the dev deployments") {
		t.Errorf("found %v, err %v", found, err)
	}
}
