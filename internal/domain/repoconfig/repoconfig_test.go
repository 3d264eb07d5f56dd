package repoconfig

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// Malformed files are refused at the line (and column) of the problem,
// with what to write instead.
func TestParseErrorsAtFileLine(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown top key", "version: 1\nproject:\n  - dir: a\n",
			[]string{`olympus.yaml:2:1: unknown key "project" in the file; did you mean "projects"?`}},
		{"unknown project key", "version: 1\nprojects:\n  - dir: a\n    enviroments: [dev]\n",
			[]string{`olympus.yaml:4:5: unknown key "enviroments" in projects[0]; did you mean "environments"?; the keys are dir, name, environments`}},
		{"unknown defaults key", "version: 1\ndefaults:\n  backend: x\n",
			[]string{`olympus.yaml:3:3: unknown key "backend" in defaults`}},
		{"no version", "projects: []\n", []string{"olympus.yaml:1:1: version is missing; start the file with version: 1"}},
		{"future version", "version: 2\n", []string{"olympus.yaml:1:10: version 2 is not supported: this olympus reads version 1"}},
		{"version not a number", "version: one\n", []string{"olympus.yaml:1:10: version must be a number"}},
		{"empty", "", []string{"olympus.yaml:1: the file is empty; start it with version: 1"}},
		{"not YAML", "version: 1\nprojects: [\n  - dir: a\n", []string{"olympus.yaml:2: not valid YAML: did not find expected node content"}},
		{"tab indentation", "version: 1\nprojects:\n\t- dir: a\n", []string{"olympus.yaml:3: not valid YAML: found character that cannot start any token"}},
		{"a list as the file", "- dir: a\n", []string{"olympus.yaml:1:1: the file must be a mapping"}},
		{"engine", "version: 1\ndefaults:\n  engine: pulumi\n", []string{`olympus.yaml:3:11: engine "pulumi" is not one of terraform, tofu`}},
		{"engine-version", "version: 1\ndefaults:\n  engine-version: \"~> one\"\n", []string{`olympus.yaml:3:19: engine-version "~> one" is not a version constraint`}},
		{"environment name", "version: 1\ndefaults:\n  environments: [dev, Prod]\n", []string{`olympus.yaml:3:17: environments: "Prod": an environment name is 1 to 63 lower-case`}},
		{"environment twice", "version: 1\ndefaults:\n  environments: [dev, dev]\n", []string{`olympus.yaml:3:17: environments: "dev" is listed twice`}},
		{"environments as a string", "version: 1\ndefaults:\n  environments: dev,prod\n", []string{"olympus.yaml:3:17: environments must be a list, such as [dev, staging, prod]"}},
		{"unknown placeholder", "version: 1\ndefaults:\n  backend-config: \"{root}/{env}.tfbackend\"\n", []string{`olympus.yaml:3:19: backend-config: "{root}/{env}.tfbackend" has the placeholder {root}`}},
		{"absolute template", "version: 1\ndefaults:\n  var-files: [/etc/x.tfvars]\n", []string{`olympus.yaml:3:14: var-files: "/etc/x.tfvars" must be relative to the repository root`}},
		{"bad glob", "version: 1\ndefaults:\n  extra-files: [\"a/[b\"]\n", []string{`olympus.yaml:3:16: extra-files: "a/[b" is not a valid glob`}},
		{"policy-path per environment", "version: 1\ndefaults:\n  policy-path: \"policy/{env}\"\n", []string{`olympus.yaml:3:16: policy-path: "policy/{env}" has {env}`}},
		{"project without dir", "version: 1\nprojects:\n  - name: a\n", []string{"olympus.yaml:3:5: projects[0] has no dir"}},
		{"dir outside", "version: 1\nprojects:\n  - dir: ../a\n", []string{`olympus.yaml:3:10: dir "../a": must stay inside the repository`}},
		{"name on a glob", "version: 1\nprojects:\n  - dir: svc/*\n    name: svc\n", []string{`olympus.yaml:4:11: name is for one directory; "svc/*" is a glob`}},
		{"key twice", "version: 1\ndefaults:\n  engine: tofu\n  engine: terraform\n", []string{"olympus.yaml:4:3: engine is given twice in defaults (first at line 3); keep one"}},
		{"project twice", "version: 1\nprojects:\n  - dir: a\n  - dir: b\n    name: a\n", []string{`olympus.yaml:4:5: project "a" is declared twice (first at line 3)`}},
		{"several problems", "version: 1\ndefaults:\n  engine: x\nprojects:\n  - dir: a\n    extra: 1\n",
			[]string{`olympus.yaml:3:11: engine "x"`, `olympus.yaml:6:5: unknown key "extra" in projects[0]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("olympus.yaml", []byte(tt.yaml))
			es := AsErrors(err)
			if len(es) != len(tt.want) {
				t.Fatalf("errors %v, want %d:\n%s", err, len(tt.want), strings.Join(tt.want, "\n"))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(es[i].Error(), w) {
					t.Errorf("error %d:\n got %s\nwant %s…", i, es[i], w)
				}
			}
		})
	}
}

// Without a file, a project is today's layout, exactly what policy.Layout
// says.
func TestDefaultIsTodaysLayout(t *testing.T) {
	p, err := (&Config{}).ProjectFor("terraform")
	if err != nil {
		t.Fatal(err)
	}
	for _, env := range []string{"dev", "prod"} {
		got, want := p.Layout(env), policy.Layout{Environment: env}
		if !cmp.Equal(got, want) {
			t.Errorf("layout %+v, want %+v", got, want)
		}
		if got.Backend() != filepath.Join("environments", env, "backend.tfbackend") || got.VarFile() != filepath.Join("environments", env, "terraform.tfvars") ||
			!slices.Equal(got.VarFiles(), []string{got.VarFile()}) {
			t.Errorf("layout paths %s %v", got.Backend(), got.VarFiles())
		}
		if p.Backend(env) != "terraform/environments/"+env+"/backend.tfbackend" ||
			!slices.Equal(p.VarFiles(env), []string{"terraform/environments/" + env + "/terraform.tfvars"}) {
			t.Errorf("files %s %v", p.Backend(env), p.VarFiles(env))
		}
		if p.EnvDir(env) != "terraform/environments/"+env {
			t.Errorf("env dir %q", p.EnvDir(env))
		}
	}
	if p.Environments != nil || p.Engine != "terraform" || p.Declared || p.Name != "terraform" {
		t.Errorf("project %+v", p)
	}
}

const sample = `version: 1
defaults:
  environments: [dev, staging, prod]
  engine-version: "~> 1.9.0"
  extra-files: ["shared/{env}.yaml"]
projects:
  - dir: network
    name: net
    engine: tofu
    backend-config: "config/{dir}/{env}.tfbackend"
    var-files: ["config/common.tfvars", "config/{dir}/{env}.tfvars"]
    policy-path: "{dir}/policy"
  - dir: services/*
    environments: [dev, prod]
`

// A project's settings are its entry's, else the defaults', else the
// built-in ones; a step's layout is relative to the root module.
func TestResolvedProject(t *testing.T) {
	cfg, err := Parse("olympus.yaml", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	net, err := cfg.ProjectFor("network")
	if err != nil {
		t.Fatal(err)
	}
	if net.Name != "net" || net.Engine != "tofu" || net.EngineVersion != "~> 1.9.0" || net.Environments.String() != "dev,staging,prod" ||
		net.PolicyPath != "network/policy" || !net.Declared || net.Source != "olympus.yaml:7" {
		t.Errorf("network %+v", net)
	}
	want := policy.Layout{Environment: "staging", BackendPath: "../config/network/staging.tfbackend",
		VarFilePaths: []string{"../config/common.tfvars", "../config/network/staging.tfvars"}}
	if got := net.Layout("staging"); !cmp.Equal(got, want) {
		t.Errorf("layout %+v, want %+v", got, want)
	}
	if net.EnvDir("dev") != "" || !slices.Equal(net.ExtraFilesOf("dev"), []string{"shared/dev.yaml"}) {
		t.Errorf("env dir %q, extra %v", net.EnvDir("dev"), net.ExtraFilesOf("dev"))
	}
	api, _ := cfg.ProjectFor("services/api/")
	if api.Name != "services/api" || api.Engine != "terraform" || api.Environments.String() != "dev,prod" || api.Layout("dev").Backend() != "environments/dev/backend.tfbackend" {
		t.Errorf("services/api %+v", api)
	}
	other, _ := cfg.ProjectFor("legacy")
	if other.Declared || other.Environments.String() != "dev,staging,prod" {
		t.Errorf("undeclared %+v", other)
	}
}

// Problems only known once a directory is matched are still at a line.
func TestResolveErrorsAtLine(t *testing.T) {
	for name, yaml := range map[string]string{
		"olympus.yaml:4: backend-config \"{dir}/backend.tfbackend\" has no {env}":        "version: 1\nprojects:\n  - dir: a\n    backend-config: \"{dir}/backend.tfbackend\"\n",
		"olympus.yaml:3: var-files of \"a\" has \"../x.tfvars\", outside the repository": "version: 1\ndefaults:\n  var-files: [\"{dir}/../../x.tfvars\"]\nprojects:\n  - dir: a\n",
	} {
		cfg, err := Parse("olympus.yaml", []byte(yaml))
		if err != nil {
			t.Fatal(err)
		}
		_, err = cfg.ProjectFor("a")
		if err == nil || !strings.HasPrefix(err.Error(), name) {
			t.Errorf("err %v, want %s", err, name)
		}
	}
	// One environment may have a backend without {env}.
	cfg, _ := Parse("olympus.yaml", []byte("version: 1\nprojects:\n  - dir: a\n    environments: [prod]\n    backend-config: \"{dir}/backend.tfbackend\"\n"))
	if _, err := cfg.ProjectFor("a"); err != nil {
		t.Error(err)
	}
}

type listing struct {
	dirs  []string
	files []string
}

func (l listing) ModuleDirs() []string    { return l.dirs }
func (l listing) Exists(path string) bool { return slices.Contains(l.files, path) }

// Projects: with no entries, every module directory with a backend file;
// a glob takes only those, a plain dir is taken as declared, the first
// entry wins, and an entry that declares nothing is a problem.
func TestProjects(t *testing.T) {
	files := listing{
		dirs: []string{".", "modules/net", "network", "services/api", "services/web", "services/lib"},
		files: []string{"environments/dev/backend.tfbackend", "services/api/environments/dev/backend.tfbackend",
			"services/web/environments/prod/backend.tfbackend", "services/lib/main.tf"},
	}
	names := func(ps []Project) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	ps, problems, err := (&Config{}).Projects(files, policy.MustOrder("dev,staging,prod"))
	if err != nil || len(problems) != 0 {
		t.Fatal(err, problems)
	}
	if diff := cmp.Diff([]string{".", "services/api", "services/web"}, names(ps)); diff != "" {
		t.Errorf("discovered (-want +got):\n%s", diff)
	}

	cfg, err := Parse("olympus.yaml", []byte(sample+"  - dir: services/api\n  - dir: gone\n  - dir: \"infra/**\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	ps, problems, err = cfg.Projects(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"net", "services/api", "services/web"}, names(ps)); diff != "" {
		t.Errorf("declared (-want +got):\n%s", diff)
	}
	want := []Problem{{Line: 16, Msg: `dir "gone" holds no .tf file: it declares no project`},
		{Line: 17, Msg: `dir "infra/**" matches no directory with .tf files and a backend file: it declares no project`}}
	if diff := cmp.Diff(want, problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// Find reads the workspace's file; with none, or for a directory it does
// not declare, the default project.
func TestFind(t *testing.T) {
	ws := t.TempDir()
	p, err := Find(ws, filepath.Join(ws, "terraform"))
	if err != nil || p.Dir != "terraform" || p.Declared {
		t.Fatalf("no file: %+v %v", p, err)
	}
	if err := os.WriteFile(filepath.Join(ws, FileName), []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err = Find(ws, "services/api")
	if err != nil || !p.Declared || p.Environments.String() != "dev,prod" {
		t.Fatalf("declared: %+v %v", p, err)
	}
	if _, err := Find(ws, "../elsewhere"); err == nil {
		t.Error("a directory outside the workspace was accepted")
	}
	os.WriteFile(filepath.Join(ws, FileName), []byte("version: 1\nprojects:\n  - dri: a\n"), 0o644)
	_, err = Find(ws, ".")
	if es := AsErrors(err); len(es) != 2 || es[0].Line != 3 {
		t.Errorf("malformed: %v", err)
	}
}
