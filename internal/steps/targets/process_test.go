package targets

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/gitrepo"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
)

// recorder keeps what the step reports.
type recorder struct {
	outputs     map[string]string
	summary     strings.Builder
	annotations []step.Annotation
}

func (r *recorder) Mask(string)                  {}
func (r *recorder) Redact(s string) string       { return s }
func (r *recorder) SetOutput(name, value string) { r.outputs[name] = value }
func (r *recorder) Summary(md string)            { r.summary.WriteString(md) }
func (r *recorder) Annotate(a step.Annotation)   { r.annotations = append(r.annotations, a) }
func (r *recorder) Logger() *slog.Logger         { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// fixture is a repository of three root modules and two shared modules:
//
//	services/api  -> modules/platform -> modules/net; reads network's state
//	services/web  (dev and prod only)
//	network       (a gcs backend, prefix in its block)
func fixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	gitrepo.Git(t, dir, "init", "-q", "-b", "main")
	files := map[string]string{
		"README.md":                        "# infra\n",
		"docs/guide.md":                    "how to\n",
		"modules/net/main.tf":              "resource \"google_compute_network\" \"n\" {\n  name = var.name\n}\n",
		"modules/net/variables.tf":         "variable \"name\" {}\n",
		"modules/net/README.md":            "the network module\n",
		"modules/platform/main.tf":         "module \"net\" {\n  source = \"../net\"\n  name   = \"olympus\"\n}\n",
		"services/api/main.tf":             "module \"platform\" {\n  source = \"../../modules/platform\"\n}\n\nmodule \"dns\" {\n  source  = \"terraform-google-modules/cloud-dns/google\"\n  version = \"5.0.0\"\n}\n",
		"services/api/state.tf":            "data \"terraform_remote_state\" \"network\" {\n  backend = \"gcs\"\n  config = {\n    bucket = \"olympus-tfstate-${var.environment}\"\n    prefix = \"network\"\n  }\n}\n",
		"services/api/versions.tf":         "terraform {\n  required_version = \">= 1.5\"\n  backend \"gcs\" {}\n}\n",
		"services/api/.terraform.lock.hcl": "# locks\n",
		"services/web/main.tf":             "resource \"google_storage_bucket\" \"site\" {\n  name = \"site\"\n}\n",
		"network/main.tf":                  "terraform {\n  backend \"gcs\" {\n    prefix = \"network\"\n  }\n}\n",
	}
	for _, env := range []string{"dev", "staging", "prod"} {
		files["services/api/environments/"+env+"/backend.tfbackend"] = "bucket = \"olympus-tfstate-" + env + "\"\nprefix = \"api\"\n"
		files["services/api/environments/"+env+"/terraform.tfvars"] = "environment = \"" + env + "\"\n"
		files["network/environments/"+env+"/backend.tfbackend"] = "bucket = \"olympus-tfstate-" + env + "\"\n"
	}
	for _, env := range []string{"dev", "prod"} {
		files["services/web/environments/"+env+"/backend.tfbackend"] = "bucket = \"olympus-tfstate-" + env + "\"\nprefix = \"web\"\n"
	}
	for name, body := range files {
		gitrepo.Write(t, dir, name, body)
	}
	commitAll(t, dir, "base")
	return dir
}

func commitAll(t *testing.T, dir, msg string) string {
	t.Helper()
	gitrepo.Git(t, dir, "add", "-A")
	gitrepo.Git(t, dir, "commit", "-q", "--allow-empty", "-m", msg)
	return gitrepo.Git(t, dir, "rev-parse", "HEAD")
}

// find runs the step in dir with inputs (base HEAD~1 unless given), as
// resolve reads them.
func find(t *testing.T, dir string, inputs map[string]string) (*recorder, error) {
	t.Helper()
	values := map[string]string{"head": "HEAD", "working-directory": ".", "promotion-order": "dev,staging,prod", "max-targets": "256", "base": "HEAD~1"}
	for k, v := range inputs {
		values[k] = v
	}
	rec := &recorder{outputs: map[string]string{}}
	rt := &step.Runtime{Inputs: Spec().NewInputs(values), Report: rec, Getenv: os.Getenv, Workdir: dir}
	git := ExecGit{Dir: dir, Getenv: os.Getenv}
	cfg, err := resolve(context.Background(), rt, git)
	if err != nil {
		return rec, err
	}
	return rec, (&Finder{Config: cfg, Git: git, Report: rec}).Process(context.Background())
}

// targetsOf lists the matrix's project/environment pairs.
func targetsOf(t *testing.T, rec *recorder) []string {
	t.Helper()
	var m struct {
		Include []map[string]string `json:"include"`
	}
	if err := json.Unmarshal([]byte(rec.outputs["matrix"]), &m); err != nil {
		t.Fatalf("matrix %q: %v", rec.outputs["matrix"], err)
	}
	out := []string{}
	for _, e := range m.Include {
		out = append(out, e["working-directory"]+"/"+e["environment"])
	}
	return out
}

// stable replaces the commit ids of the summary.
func stable(t *testing.T, dir, summary string) string {
	for _, rev := range []string{"HEAD~1", "HEAD"} {
		id := gitrepo.Git(t, dir, "rev-parse", rev)
		summary = strings.ReplaceAll(summary, id[:12], rev)
	}
	return summary
}

func mustWrite(t *testing.T, dir, name, body string) { gitrepo.Write(t, dir, name, body) }

func appendTo(t *testing.T, dir, name, more string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, dir, name, string(b)+more)
}

// Each change re-plans exactly the projects × environments whose plan it
// can change, says why (golden summaries), and never drops a removed root
// module silently.
func TestTargetsOnFixtureRepositories(t *testing.T) {
	allAPI := []string{"services/api/dev", "services/api/staging", "services/api/prod"}
	tests := []struct {
		name    string
		change  func(t *testing.T, dir string)
		inputs  map[string]string
		want    []string
		removed string
	}{
		{"root file", func(t *testing.T, dir string) {
			appendTo(t, dir, "services/web/main.tf", "# more\n")
		}, nil, []string{"services/web/dev", "services/web/prod"}, "[]"},
		{"shared module two levels deep", func(t *testing.T, dir string) {
			appendTo(t, dir, "modules/net/main.tf", "# more\n")
		}, nil, allAPI, "[]"},
		{"one environment tfvars", func(t *testing.T, dir string) {
			appendTo(t, dir, "services/api/environments/staging/terraform.tfvars", "replicas = 2\n")
		}, nil, []string{"services/api/staging"}, "[]"},
		{"lock file", func(t *testing.T, dir string) {
			appendTo(t, dir, "services/api/.terraform.lock.hcl", "# new provider\n")
		}, nil, allAPI, "[]"},
		{"unrelated readme", func(t *testing.T, dir string) {
			appendTo(t, dir, "README.md", "more\n")
			appendTo(t, dir, "docs/guide.md", "more\n")
			appendTo(t, dir, "modules/net/README.md", "more\n")
		}, nil, []string{}, "[]"},
		{"an environment not planned", func(t *testing.T, dir string) {
			mustWrite(t, dir, "services/web/environments/qa/terraform.tfvars", "x = 1\n")
		}, nil, []string{}, "[]"},
		{"deleted root", func(t *testing.T, dir string) {
			gitrepo.Git(t, dir, "rm", "-rq", "services/web")
		}, nil, []string{}, `[{"project":"services/web","working-directory":"services/web","environments":["dev","prod"]}]`},
		{"renamed root", func(t *testing.T, dir string) {
			os.MkdirAll(filepath.Join(dir, "apps"), 0o755)
			gitrepo.Git(t, dir, "mv", "services/web", "apps/web")
		}, nil, []string{"apps/web/dev", "apps/web/prod"},
			`[{"project":"services/web","working-directory":"services/web","environments":["dev","prod"],"moved-to":"apps/web"}]`},
		{"file moved between roots", func(t *testing.T, dir string) {
			gitrepo.Git(t, dir, "mv", "services/api/state.tf", "services/web/state.tf")
		}, nil, append(slicesClone(allAPI), "services/web/dev", "services/web/prod"), "[]"},
		{"version pin in a parent", func(t *testing.T, dir string) {
			mustWrite(t, dir, "services/.terraform-version", "1.9.8\n")
		}, nil, append(slicesClone(allAPI), "services/web/dev", "services/web/prod"), "[]"},
		{"required_version", func(t *testing.T, dir string) {
			mustWrite(t, dir, "services/api/versions.tf", "terraform {\n  required_version = \">= 1.9\"\n  backend \"gcs\" {}\n}\n")
		}, nil, allAPI, "[]"},
		{"state read by another", func(t *testing.T, dir string) {
			appendTo(t, dir, "network/main.tf", "# more\n")
		}, nil, []string{"network/dev", "network/staging", "network/prod"}, "[]"},
		{"all", func(t *testing.T, dir string) {}, map[string]string{"base": "all"},
			append(append([]string{"network/dev", "network/staging", "network/prod"}, allAPI...), "services/web/dev", "services/web/prod"), "[]"},
		{"working directory and environments", func(t *testing.T, dir string) {
			appendTo(t, dir, "modules/net/main.tf", "# more\n")
			appendTo(t, dir, "network/main.tf", "# more\n")
		}, map[string]string{"working-directory": "services", "environments": "dev,prod"}, []string{"services/api/dev", "services/api/prod"}, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t)
			tt.change(t, dir)
			commitAll(t, dir, tt.name)
			rec, err := find(t, dir, tt.inputs)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, targetsOf(t, rec)); diff != "" {
				t.Errorf("targets (-want +got):\n%s", diff)
			}
			if rec.outputs["removed"] != tt.removed {
				t.Errorf("removed %s, want %s", rec.outputs["removed"], tt.removed)
			}
			warnings := 0
			for _, a := range rec.annotations {
				if a.Level == "warning" && strings.HasPrefix(a.Title, "olympus: no longer planned: ") {
					warnings++
				}
			}
			// A deletion warns; a move with the state does not.
			if want := strings.Count(tt.removed, `"project"`) - strings.Count(tt.removed, "moved-to"); warnings != want {
				t.Errorf("%d warnings of roots no longer planned, want %d: %+v", warnings, want, rec.annotations)
			}
			if rec.outputs["count"] != itoa(len(tt.want)) {
				t.Errorf("count %s, want %d", rec.outputs["count"], len(tt.want))
			}
			golden.Check(t, strings.ReplaceAll(tt.name, " ", "-")+".md", stable(t, dir, rec.summary.String()))
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// With olympus.yaml: a layout of its own (environment files outside the
// root modules), extra files, an engine, and the file's own change.
func TestTargetsWithConfiguration(t *testing.T) {
	dir := t.TempDir()
	gitrepo.Git(t, dir, "init", "-q", "-b", "main")
	for name, body := range map[string]string{
		"olympus.yaml": `version: 1
defaults:
  environments: [dev, prod]
  backend-config: "config/{dir}/{env}.tfbackend"
  var-files: ["config/{env}.tfvars"]
projects:
  - dir: stacks/*
    extra-files: ["schemas/{env}/*.json"]
  - dir: edge
    name: edge-cdn
    engine: tofu
    engine-version: "~> 1.8.0"
`,
		"stacks/api/main.tf": "resource \"x\" \"y\" {}\n",
		"stacks/db/main.tf":  "resource \"x\" \"z\" {}\n",
		"stacks/lib/main.tf": "# no backend: not a project\n",
		"edge/main.tf":       "resource \"x\" \"w\" {}\n",
		"config/dev.tfvars":  "x = 1\n",
		"config/prod.tfvars": "x = 2\n",
	} {
		gitrepo.Write(t, dir, name, body)
	}
	for _, p := range []string{"stacks/api", "stacks/db", "edge"} {
		for _, env := range []string{"dev", "prod"} {
			gitrepo.Write(t, dir, "config/"+p+"/"+env+".tfbackend", "prefix = \""+p+"-"+env+"\"\n")
		}
	}
	commitAll(t, dir, "base")
	appendTo(t, dir, "config/prod.tfvars", "y = 3\n")
	mustWrite(t, dir, "schemas/dev/order.json", "{}\n")
	appendTo(t, dir, "olympus.yaml", "    var-files: [\"config/{env}.tfvars\", \"config/edge.tfvars\"]\n")
	commitAll(t, dir, "change")
	rec, err := find(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"edge/dev", "edge/prod", "stacks/api/dev", "stacks/api/prod", "stacks/db/dev", "stacks/db/prod"}
	if diff := cmp.Diff(want, targetsOf(t, rec)); diff != "" {
		t.Errorf("targets (-want +got):\n%s", diff)
	}
	if !strings.Contains(rec.outputs["matrix"], `{"project":"edge-cdn","working-directory":"edge","environment":"dev","engine":"tofu","engine-version":"~> 1.8.0"}`) {
		t.Errorf("matrix %s", rec.outputs["matrix"])
	}
	golden.Check(t, "with-configuration.md", stable(t, dir, rec.summary.String()))
}
