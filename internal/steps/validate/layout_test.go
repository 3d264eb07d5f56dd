package validate

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
)

func TestLayoutsEnvironments(t *testing.T) {
	ws := writeTree(t, map[string]string{
		"olympus.yaml": "version: 1\nprojects:\n  - dir: listed\n    environments: [test, live]\n    backend-config: \"{dir}/cfg/{env}.tfbackend\"\n    var-files: [\"{dir}/cfg/common.tfvars\", \"{dir}/cfg/{env}.tfvars\"]\n" +
			"  - dir: found\n    backend-config: \"{dir}/{env}/backend.tfbackend\"\n    var-files: [\"{dir}/{env}/vars.tfvars\"]\n",
		"listed/main.tf":                          "",
		"listed/cfg/common.tfvars":                "",
		"listed/cfg/test.tfvars":                  "",
		"listed/cfg/live.tfbackend":               "",
		"found/main.tf":                           "",
		"found/qa/backend.tfbackend":              "",
		"found/qa/vars.tfvars":                    "",
		"found/uat/backend.tfbackend":             "",
		"plain/main.tf":                           "",
		"plain/environments/dev/terraform.tfvars": "",
	})
	cfg, err := repoconfig.Load(ws)
	if err != nil {
		t.Fatal(err)
	}
	l := &Layouts{Config: cfg, Workspace: ws}
	for mod, want := range map[string][]EnvVars{
		// live has its backend and the shared values only; test has no
		// backend, but its values.
		"listed": {{Env: "live", VarFiles: []string{filepath.Join("cfg", "common.tfvars")}}, {Env: "test", VarFiles: []string{filepath.Join("cfg", "common.tfvars"), filepath.Join("cfg", "test.tfvars")}}},
		// Environments read back from the templates.
		"found": {{Env: "qa", VarFiles: []string{filepath.Join("qa", "vars.tfvars")}}, {Env: "uat"}},
		// Undeclared: today's layout.
		"plain": {{Env: "dev", VarFiles: []string{filepath.Join("environments", "dev", "terraform.tfvars")}}},
	} {
		got, err := l.Environments(filepath.Join(ws, mod))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v (%v), want %+v", mod, got, err, want)
		}
	}

	// Each check runs with the environment's files.
	var runs []EnvVars
	ctx := WithLayouts(context.Background(), l)
	if _, err := PerEnvironment(ctx, filepath.Join(ws, "listed"), func(ev EnvVars) ([]Finding, error) {
		runs = append(runs, ev)
		return []Finding{{RuleID: "r", Message: "m"}}, nil
	}); err != nil || len(runs) != 2 || len(runs[1].VarFiles) != 2 {
		t.Errorf("runs %+v (%v)", runs, err)
	}
}
