package deploy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
)

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The walk reads what terraform loads: every module by key, local ones
// where their path points (overrides included), remote ones where init
// installed them, and only once they are fetched.
func TestReadModulesWalksTheTreeTerraformLoads(t *testing.T) {
	dir := t.TempDir()
	data := t.TempDir()
	writeTree(t, dir, map[string]string{
		"main.tf":                   `module "app" { source = "./modules/old" }` + "\n" + "module \"net\" {\n  source  = \"hashicorp/net/google\"\n  version = \"~> 1.0\"\n}\n",
		"override.tf":               `module "app" { source = "./modules/app" }` + "\n",
		".hidden.tf":                "ignored by terraform\n",
		"main.tf~":                  "an editor's backup\n",
		"notes.md":                  "not configuration\n",
		"modules/app/main.tf.json":  `{"module": {"db": {"source": "../db"}}}`,
		"modules/db/main.tf":        "output \"x\" { value = 1 }\n",
		"modules/db/db_override.tf": "output \"x\" { value = 2 }\n",
		"modules/old/main.tf":       "not called\n",
		"modules/app/#scratch.tf#":  "an editor's lock file\n",
		"modules/app/unparsable.tf": "module \"x\" {\n",
		"modules/app/sub/x.tf":      "in a subdirectory: not read\n",
	})
	writeTree(t, data, map[string]string{
		"modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},` +
			`{"Key":"app","Source":"./modules/app","Dir":"modules/app"},` +
			`{"Key":"net","Source":"registry.terraform.io/hashicorp/net/google","Version":"1.2.0","Dir":"` + data + `/modules/net"},` +
			`{"Key":"net.sub","Source":"./sub","Dir":"` + data + `/modules/net/sub"}]}`,
		"modules/net/main.tf":     `module "sub" { source = "./sub" }` + "\n",
		"modules/net/sub/main.tf": "output \"y\" { value = 1 }\n",
	})

	before, err := readModules(dir, data, false)
	if err != nil {
		t.Fatal(err)
	}
	after, err := readModules(dir, data, true)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Source, Version, Dir string
		Remote, Pending      bool
		Files                []string
	}
	summary := func(tree map[string]*workingModule) map[string]got {
		out := map[string]got{}
		for k, m := range tree {
			g := got{Source: m.Source, Version: m.Version, Dir: strings.ReplaceAll(m.Dir, data, "$DATA"), Remote: m.Remote, Pending: m.Pending}
			for n := range m.Files {
				g.Files = append(g.Files, n)
			}
			out[k] = g
		}
		return out
	}
	sorted := cmpopts.SortSlices(func(a, b string) bool { return a < b })
	local := map[string]got{
		"":       {Dir: ".", Files: []string{"main.tf", "override.tf"}},
		"app":    {Source: "./modules/app", Dir: "modules/app", Files: []string{"main.tf.json", "unparsable.tf"}},
		"app.db": {Source: "../db", Dir: "modules/db", Files: []string{"db_override.tf", "main.tf"}},
	}
	want := map[string]got{"net": {Source: "hashicorp/net/google", Remote: true, Pending: true}}
	for k, v := range local {
		want[k] = v
	}
	if diff := cmp.Diff(want, summary(before), sorted); diff != "" {
		t.Errorf("before init (-want +got):\n%s", diff)
	}
	want["net"] = got{Source: "registry.terraform.io/hashicorp/net/google", Version: "1.2.0", Dir: "$DATA/modules/net", Remote: true, Files: []string{"main.tf"}}
	want["net.sub"] = got{Source: "./sub", Dir: "$DATA/modules/net/sub", Remote: true, Files: []string{"main.tf"}}
	if diff := cmp.Diff(want, summary(after), sorted); diff != "" {
		t.Errorf("after init (-want +got):\n%s", diff)
	}
}

func TestReadModulesStopsAModuleCallingItself(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"main.tf": `module "me" { source = "./" }` + "\n"})
	if _, err := readModules(dir, "", false); err == nil || !strings.Contains(err.Error(), "does a module call itself") {
		t.Errorf("err %v", err)
	}
}

func TestConfigDiff(t *testing.T) {
	main, child := []byte("module \"a\" {}\n"), []byte("output \"x\" {}\n")
	planned := func() map[string]*plan.Module {
		return map[string]*plan.Module{
			"":    {Dir: ".", Listed: true, Files: map[string][]byte{"main.tf": main}},
			"a":   {Source: "./modules/a", Dir: "modules/a", Listed: true, Files: map[string][]byte{"main.tf": child}},
			"r":   {Source: "git::https://example.com/r.git", Dir: "/tmp/plan-data/modules/r", Listed: true, Files: map[string][]byte{"main.tf": child}},
			"r.s": {Source: "./s", Dir: "/tmp/plan-data/modules/r/s", Listed: true, Files: map[string][]byte{"main.tf": child}},
		}
	}
	working := func() map[string]*workingModule {
		return map[string]*workingModule{
			"":    {Module: plan.Module{Dir: ".", Files: map[string][]byte{"main.tf": main}}},
			"a":   {Module: plan.Module{Source: "./modules/a", Dir: "modules/a", Files: map[string][]byte{"main.tf": child}}},
			"r":   {Module: plan.Module{Source: "git::https://example.com/r.git", Dir: "/tmp/apply-data/modules/r", Files: map[string][]byte{"main.tf": child}}, Remote: true},
			"r.s": {Module: plan.Module{Source: "./s", Dir: "/tmp/apply-data/modules/r/s", Files: map[string][]byte{"main.tf": child}}, Remote: true},
		}
	}
	for _, tc := range []struct {
		name   string
		change func(map[string]*plan.Module, map[string]*workingModule)
		want   []string
	}{
		{"the same, though init put the remote module elsewhere", func(map[string]*plan.Module, map[string]*workingModule) {}, nil},
		{"before init", func(_ map[string]*plan.Module, w map[string]*workingModule) {
			w["r"] = &workingModule{Module: plan.Module{Source: "git::https://example.com/r.git"}, Remote: true, Pending: true}
			delete(w, "r.s")
		}, nil},
		{"a local module's file", func(_ map[string]*plan.Module, w map[string]*workingModule) {
			w["a"].Files["main.tf"] = []byte("changed\n")
		}, []string{"modules/a/main.tf differs"}},
		{"files on one side only", func(p map[string]*plan.Module, w map[string]*workingModule) {
			w["a"].Files["new.tf"] = child
			p[""].Files["gone.tf"] = child
		}, []string{"gone.tf is in the plan, not here", "modules/a/new.tf is not in the plan"}},
		{"a fetched module's file", func(_ map[string]*plan.Module, w map[string]*workingModule) {
			w["r.s"].Files["main.tf"] = []byte("changed\n")
		}, []string{"main.tf of module.r.module.s differs"}},
		{"another version", func(p map[string]*plan.Module, w map[string]*workingModule) {
			p["r"].Version, w["r"].Version = "1.0.0", "1.1.0"
		}, []string{`module.r is "git::https://example.com/r.git" 1.0.0 in the plan, "git::https://example.com/r.git" 1.1.0 here`}},
		{"a module read from elsewhere", func(_ map[string]*plan.Module, w map[string]*workingModule) {
			w["a"].Dir = "modules/b"
		}, []string{"module.a is read from modules/a in the plan, from modules/b here"}},
		{"a module called on one side only", func(p map[string]*plan.Module, w map[string]*workingModule) {
			delete(w, "a")
			w["b"] = &workingModule{Module: plan.Module{Dir: "modules/b"}}
		}, []string{"module.a is in the plan, not called here", "module.b is called here, not in the plan"}},
		{"files without a manifest entry", func(p map[string]*plan.Module, _ map[string]*workingModule) {
			p["a"].Listed = false
		}, []string{"module.a has files in the plan but no entry in its module manifest"}},
		{"a file terraform does not load", func(p map[string]*plan.Module, _ map[string]*workingModule) {
			p[""].Files["list.tfquery.hcl"] = child
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, w := planned(), working()
			tc.change(p, w)
			if diff := cmp.Diff(tc.want, configDiff(p, w)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// The refusal names the first difference and counts the others.
func TestCheckConfigNamesTheFirstDifference(t *testing.T) {
	saved := &plan.Saved{Modules: map[string]*plan.Module{"": {Dir: ".", Listed: true, Files: map[string][]byte{"a.tf": nil, "b.tf": nil, "c.tf": nil}}}}
	err := checkConfig(saved, map[string]*workingModule{"": {Module: plan.Module{Dir: "."}}})
	if err == nil || !strings.Contains(err.Error(), "(a.tf is in the plan, not here, and 2 more)") {
		t.Errorf("err %v", err)
	}
}
