package imagetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/dockerrun"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/gitrepo"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

// targets in the image as the runner starts it, on a clone made by the
// runner's user: git reads the history inside the container (another
// user's workspace), and a shared module's change re-plans its caller
// only.
func TestTargetsInTheImage(t *testing.T) {
	requireImage(t)
	r := dockerrun.NewRunner(t, image)
	ws := r.Workspace
	// The workspace belongs to the runner's user, not to this test's.
	git := func(args ...string) string {
		return gitrepo.Git(t, ws, append([]string{"-c", "safe.directory=*"}, args...)...)
	}
	git("init", "-q", "-b", "main")
	for name, body := range map[string]string{
		"olympus.yaml":                            "version: 1\ndefaults:\n  environments: [dev, prod]\n",
		"modules/net/main.tf":                     "resource \"x\" \"y\" {}\n",
		"app/main.tf":                             "module \"net\" {\n  source = \"../modules/net\"\n}\n",
		"app/environments/dev/backend.tfbackend":  "prefix = \"app-dev\"\n",
		"app/environments/prod/backend.tfbackend": "prefix = \"app-prod\"\n",
		"web/main.tf":                             "resource \"x\" \"z\" {}\n",
		"web/environments/dev/backend.tfbackend":  "prefix = \"web-dev\"\n",
		"web/environments/prod/backend.tfbackend": "prefix = \"web-prod\"\n",
	} {
		gitrepo.Write(t, ws, name, body)
	}
	git("add", "-A")
	git("commit", "-qm", "base")
	base := git("rev-parse", "HEAD")
	gitrepo.Write(t, ws, "modules/net/main.tf", "resource \"x\" \"y\" {}\n# changed\n")
	git("commit", "-qam", "change")
	r.Chown(t, ws)

	event := harness.Event{Name: "pull_request", Payload: map[string]any{"number": 3,
		"pull_request": map[string]any{"number": 3, "base": map[string]any{"sha": base, "ref": "main"}}}}
	res := r.Run(t, dockerrun.Step{Name: "targets", Event: event, Network: "none"}, 2*time.Minute)
	if res.ExitCode != 0 {
		failed(t, "targets", res)
	}
	var m struct {
		Include []map[string]string `json:"include"`
	}
	if err := json.Unmarshal([]byte(res.Outputs["matrix"]), &m); err != nil || len(m.Include) != 2 ||
		m.Include[0]["working-directory"] != "app" || m.Include[0]["environment"] != "dev" || m.Include[1]["environment"] != "prod" {
		t.Errorf("matrix %s (%v)", res.Outputs["matrix"], err)
	}
	if res.Outputs["base"] != base || !strings.Contains(res.Summary, "module `modules/net`: `modules/net/main.tf`") {
		t.Errorf("outputs %v\nsummary:\n%s", res.Outputs, res.Summary)
	}
	if log := res.Log(); log.Failed || len(log.Annotations) != 0 {
		t.Errorf("job log: failed %v, annotations %+v", log.Failed, log.Annotations)
	}
	assertClean(t, r)
}
