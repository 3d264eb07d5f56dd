package targets

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
)

func planned(dir string, envs []string, uses ...Use) *Planned {
	return &Planned{Project: repoconfig.Default(dir), Envs: envs, Uses: uses}
}

var (
	three = []string{"dev", "staging", "prod"}
	two   = []string{"dev", "prod"}
)

// shown is a target as "dir/env: kind file", one per reason.
func shown(res Result) []string {
	out := []string{}
	for _, t := range res.Targets {
		var rs []string
		for _, r := range t.Reasons {
			s := string(r.Kind) + " " + r.File
			if r.Module != "" {
				s += " (" + strings.Join(append(slices.Clone(r.Via), r.Module), ">") + ")"
			}
			if r.Link != "" {
				s += " via " + r.Link
			}
			if r.Note != "" {
				s += " [" + r.Note + "]"
			}
			rs = append(rs, s)
		}
		out = append(out, t.Project.Dir+"/"+t.Environment+": "+strings.Join(rs, "; "))
	}
	return out
}

func modified(paths ...string) []Change {
	var cs []Change
	for _, p := range paths {
		cs = append(cs, Change{Status: 'M', Path: p})
	}
	return cs
}

// The pure choice, change by change.
func TestSelect(t *testing.T) {
	moduleDirs := []string{".", "app", "web", "modules/a", "modules/b", "modules/c", "modules/unused", "shared"}
	head := func() []*Planned {
		return []*Planned{
			planned(".", []string{"dev"}),
			planned("app", three, Use{Dir: "modules/a"}, Use{Dir: "modules/b", Via: []string{"modules/a"}}),
			planned("web", two, Use{Dir: "modules/c"}),
		}
	}
	tests := []struct {
		name    string
		changes []Change
		links   map[string]string
		want    []string
	}{
		{"root file", modified("web/main.tf"), nil, []string{"web/dev: root module web/main.tf", "web/prod: root module web/main.tf"}},
		{"file in a subdirectory of the root", modified("web/templates/startup.sh"), nil,
			[]string{"web/dev: root module web/templates/startup.sh", "web/prod: root module web/templates/startup.sh"}},
		{"module two levels deep", modified("modules/b/main.tf"), nil, []string{
			"app/dev: module modules/b/main.tf (modules/a>modules/b)", "app/staging: module modules/b/main.tf (modules/a>modules/b)",
			"app/prod: module modules/b/main.tf (modules/a>modules/b)"}},
		{"one environment", modified("app/environments/staging/terraform.tfvars"), nil,
			[]string{"app/staging: environment app/environments/staging/terraform.tfvars"}},
		{"any file of one environment's directory", modified("app/environments/prod/extra.auto.tfvars"), nil,
			[]string{"app/prod: environment app/environments/prod/extra.auto.tfvars"}},
		{"an environment that is not planned", modified("web/environments/staging/terraform.tfvars", "web/environments/qa/backend.tfbackend"), nil, []string{}},
		{"lock file", modified("web/.terraform.lock.hcl"), nil, []string{"web/dev: lock file web/.terraform.lock.hcl", "web/prod: lock file web/.terraform.lock.hcl"}},
		{"version pin at the root", modified(".terraform-version"), nil, []string{
			"./dev: version pin .terraform-version",
			"app/dev: version pin .terraform-version", "app/staging: version pin .terraform-version", "app/prod: version pin .terraform-version",
			"web/dev: version pin .terraform-version", "web/prod: version pin .terraform-version"}},
		{"version pin of one root", modified("web/.tool-versions"), nil, []string{"web/dev: version pin web/.tool-versions", "web/prod: version pin web/.tool-versions"}},
		{"documentation and hidden directories", modified("README.md", "modules/a/README.md", ".github/workflows/ci.yml", "web/.gitignore", "app/.tflint.hcl"), nil, []string{}},
		{"a file of the repository root module", modified("scripts/x.sh"), nil, []string{"./dev: root module scripts/x.sh"}},
		{"a module no one calls", modified("modules/unused/main.tf"), nil, []string{}},
		{"symbolic link to a shared file", modified("shared/providers.tf"), map[string]string{"web/providers.tf": "shared/providers.tf"},
			[]string{"web/dev: root module shared/providers.tf via web/providers.tf", "web/prod: root module shared/providers.tf via web/providers.tf"}},
		{"symbolic link to a shared directory", modified("shared/envs/dev/terraform.tfvars"), map[string]string{"app/environments/dev": "shared/envs/dev"},
			[]string{"app/dev: environment shared/envs/dev/terraform.tfvars via app/environments/dev"}},
		{"added and deleted files", []Change{{Status: 'A', Path: "modules/c/new.tf"}, {Status: 'D', Path: "web/old.tf"}}, nil,
			[]string{"web/dev: module modules/c/new.tf (modules/c); root module web/old.tf", "web/prod: module modules/c/new.tf (modules/c); root module web/old.tf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hp := head()
			res := Select(Selection{Changes: tt.changes, ConfigFile: "olympus.yaml", Head: hp, Base: head(), Links: tt.links,
				ModuleDirs: dirSet(moduleDirs), HeadModuleDirs: dirSet(moduleDirs)})
			if diff := cmp.Diff(tt.want, shown(res)); diff != "" {
				t.Errorf("targets (-want +got):\n%s", diff)
			}
			if len(res.Removed) != 0 {
				t.Errorf("removed %+v", res.Removed)
			}
		})
	}
}

// Layouts from olympus.yaml: environment files outside the root module,
// extra files, and a change of the file itself.
func TestSelectWithConfiguration(t *testing.T) {
	cfgAt := func(yaml string) *repoconfig.Config {
		c, err := repoconfig.Parse("olympus.yaml", []byte(yaml))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	const base = `version: 1
defaults:
  var-files: ["config/common.tfvars", "config/{env}.tfvars", "{dir}/{env}.tfvars"]
  backend-config: "{dir}/{env}.tfbackend"
  extra-files: ["shared/{env}/*.yaml", "{dir}/policy/**"]
projects:
  - dir: app
  - dir: web
    environments: [dev, prod]
`
	projects := func(c *repoconfig.Config) []*Planned {
		var out []*Planned
		for _, dir := range []string{"app", "web"} {
			p, err := c.ProjectFor(dir)
			if err != nil {
				t.Fatal(err)
			}
			envs, _ := PlanEnvs(p, policy.MustOrder("dev,staging,prod"), nil, func(string) bool { return true })
			out = append(out, &Planned{Project: p, Envs: envs})
		}
		return out
	}
	tests := []struct {
		name    string
		head    string
		changes []Change
		want    []string
	}{
		{"shared var file of one environment", base, modified("config/staging.tfvars"), []string{"app/staging: environment config/staging.tfvars"}},
		{"var file common to every environment", base, modified("config/common.tfvars"), []string{
			"app/dev: environment config/common.tfvars", "app/staging: environment config/common.tfvars", "app/prod: environment config/common.tfvars",
			"web/dev: environment config/common.tfvars", "web/prod: environment config/common.tfvars"}},
		{"backend file in the module", base, modified("web/prod.tfbackend"), []string{"web/prod: environment web/prod.tfbackend"}},
		{"var file of an environment not planned", base, modified("web/staging.tfvars"), []string{}},
		{"extra file of one environment", base, modified("shared/prod/flags.yaml"), []string{
			"app/prod: extra file shared/prod/flags.yaml", "web/prod: extra file shared/prod/flags.yaml"}},
		{"extra file of one project", base, modified("web/policy/rules/deny.rego"), []string{
			"web/dev: extra file web/policy/rules/deny.rego", "web/prod: extra file web/policy/rules/deny.rego"}},
		{"olympus.yaml: one project's engine", strings.Replace(base, "    environments: [dev, prod]\n", "    environments: [dev, prod]\n    engine: tofu\n", 1),
			modified("olympus.yaml"), []string{
				"web/dev: configuration olympus.yaml [changes the project's settings]", "web/prod: configuration olympus.yaml [changes the project's settings]"}},
		{"olympus.yaml: an environment added", strings.Replace(base, "[dev, prod]", "[dev, staging, prod]", 1),
			modified("olympus.yaml"), []string{"web/staging: configuration olympus.yaml [adds the environment]"}},
		{"olympus.yaml: comments only", "# projects\n" + base, modified("olympus.yaml"), []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dirs := dirSet([]string{"app", "web"})
			res := Select(Selection{Changes: tt.changes, ConfigFile: "olympus.yaml", Head: projects(cfgAt(tt.head)), Base: projects(cfgAt(base)),
				ModuleDirs: dirs, HeadModuleDirs: dirs})
			if diff := cmp.Diff(tt.want, shown(res)); diff != "" {
				t.Errorf("targets (-want +got):\n%s", diff)
			}
		})
	}
}

// What the head no longer plans is always reported: deleted, moved (with
// or without its state), an environment dropped, no longer declared.
func TestSelectRemoved(t *testing.T) {
	renamed := func(from, to string, score int) Change {
		return Change{Status: 'R', From: from, Path: to, Score: score}
	}
	tests := []struct {
		name       string
		head       []*Planned
		headDirs   []string
		changes    []Change
		want       string
		wantTarget []string
	}{
		{"deleted", nil, nil, []Change{{Status: 'D', Path: "web/main.tf"}, {Status: 'D', Path: "web/environments/dev/backend.tfbackend"}},
			"web dev,prod kept=false remains=false moved= same=false", []string{}},
		{"moved with its backend files", []*Planned{planned("apps/web", two)}, []string{"apps/web"}, []Change{
			renamed("web/main.tf", "apps/web/main.tf", 100),
			renamed("web/environments/dev/backend.tfbackend", "apps/web/environments/dev/backend.tfbackend", 100),
			renamed("web/environments/prod/backend.tfbackend", "apps/web/environments/prod/backend.tfbackend", 100)},
			"web dev,prod kept=false remains=false moved=apps/web same=true", []string{"apps/web/dev", "apps/web/prod"}},
		{"moved, a backend changed", []*Planned{planned("apps/web", two)}, []string{"apps/web"}, []Change{
			renamed("web/main.tf", "apps/web/main.tf", 100),
			renamed("web/environments/dev/backend.tfbackend", "apps/web/environments/dev/backend.tfbackend", 100),
			renamed("web/environments/prod/backend.tfbackend", "apps/web/environments/prod/backend.tfbackend", 80)},
			"web dev,prod kept=false remains=false moved=apps/web same=false", []string{"apps/web/dev", "apps/web/prod"}},
		{"an environment dropped", []*Planned{planned("web", []string{"dev"})}, []string{"web"}, []Change{{Status: 'D', Path: "web/environments/prod/backend.tfbackend"}},
			"web prod kept=true remains=true moved= same=false", []string{}},
		{"no longer a project", nil, []string{"web"}, modified("olympus.yaml"),
			"web dev,prod kept=false remains=true moved= same=false", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Select(Selection{Changes: tt.changes, ConfigFile: "olympus.yaml", Head: tt.head, Base: []*Planned{planned("web", two)},
				ModuleDirs: dirSet(append([]string{"web"}, tt.headDirs...)), HeadModuleDirs: dirSet(tt.headDirs)})
			if len(res.Removed) != 1 {
				t.Fatalf("removed %+v", res.Removed)
			}
			rm := res.Removed[0]
			got := fmt.Sprintf("%s %s kept=%v remains=%v moved=%s same=%v", rm.Project.Dir, strings.Join(rm.Envs, ","), rm.Kept, rm.Remains, rm.MovedTo, rm.SameState)
			if got != tt.want {
				t.Errorf("removed %s, want %s", got, tt.want)
			}
			// Only what the head plans is a target.
			targets := []string{}
			for _, tg := range res.Targets {
				targets = append(targets, tg.Project.Dir+"/"+tg.Environment)
			}
			if diff := cmp.Diff(tt.wantTarget, targets); diff != "" {
				t.Errorf("targets (-want +got):\n%s", diff)
			}
		})
	}
}

// All makes every planned environment of every project a target.
func TestSelectAll(t *testing.T) {
	res := Select(Selection{All: "a workflow_dispatch event: every project", Head: []*Planned{planned("app", three), planned("web", two)}})
	want := []string{"app/dev: all  [a workflow_dispatch event: every project]", "app/staging: all  [a workflow_dispatch event: every project]",
		"app/prod: all  [a workflow_dispatch event: every project]", "web/dev: all  [a workflow_dispatch event: every project]", "web/prod: all  [a workflow_dispatch event: every project]"}
	if diff := cmp.Diff(want, shown(res)); diff != "" {
		t.Errorf("targets (-want +got):\n%s", diff)
	}
}

// PlanEnvs plans the environments with a backend file, in promotion
// order, within the environments input.
func TestPlanEnvs(t *testing.T) {
	p := repoconfig.Default("app")
	has := func(f string) bool { return f != "app/environments/staging/backend.tfbackend" }
	envs, missing := PlanEnvs(p, policy.MustOrder("dev,staging,prod"), nil, has)
	if !slices.Equal(envs, []string{"dev", "prod"}) || !slices.Equal(missing, []string{"staging"}) {
		t.Errorf("envs %v missing %v", envs, missing)
	}
	envs, _ = PlanEnvs(p, policy.MustOrder("dev,staging,prod"), []string{"prod"}, has)
	if !slices.Equal(envs, []string{"prod"}) {
		t.Errorf("only prod: %v", envs)
	}
}
