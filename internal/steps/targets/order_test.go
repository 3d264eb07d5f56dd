package targets

import (
	"testing"
)

// reads parses the data sources of one HCL file.
func reads(t *testing.T, dir, src string) []StateRead {
	t.Helper()
	m := ParseModule(dir, []File{{Name: dir + "/main.tf", Data: []byte(src)}})
	if len(m.Problems) > 0 {
		t.Fatal(m.Problems)
	}
	return m.StateReads
}

func backend(t *testing.T, typ, file string) Backend {
	t.Helper()
	cfg, err := ParseBackendFile("backend.tfbackend", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	return Backend{Type: typ, Config: cfg}
}

// A terraform_remote_state data source names another project's state when
// its backend and every setting that locates a state agree, literal or
// templated.
func TestReadsState(t *testing.T) {
	gcsRead := func(config string) string {
		return "data \"terraform_remote_state\" \"n\" {\n  backend = \"gcs\"\n  config = " + config + "\n}\n"
	}
	tests := []struct {
		name      string
		src       string
		typ, file string
		dir       string
		want      bool
	}{
		{"same bucket and prefix", gcsRead(`{ bucket = "tfstate-dev", prefix = "network" }`), "gcs", "bucket = \"tfstate-dev\"\nprefix = \"network\"\n", "network", true},
		{"templated bucket", gcsRead(`{ bucket = "tfstate-${var.env}", prefix = "network" }`), "gcs", "bucket = \"tfstate-prod\"\nprefix = \"network\"\n", "network", true},
		{"another prefix", gcsRead(`{ bucket = "tfstate-dev", prefix = "network" }`), "gcs", "bucket = \"tfstate-dev\"\nprefix = \"api\"\n", "api", false},
		{"another bucket", gcsRead(`{ bucket = "other-dev", prefix = "network" }`), "gcs", "bucket = \"tfstate-dev\"\nprefix = \"network\"\n", "network", false},
		{"another backend type", gcsRead(`{ bucket = "tfstate-dev", prefix = "network" }`), "s3", "bucket = \"tfstate-dev\"\nprefix = \"network\"\n", "network", false},
		{"the bucket alone locates nothing", gcsRead(`{ bucket = "tfstate-dev" }`), "gcs", "bucket = \"tfstate-dev\"\nprefix = \"network\"\n", "network", false},
		{"a prefix the backend does not have", gcsRead(`{ bucket = "tfstate-dev", prefix = "network" }`), "gcs", "bucket = \"tfstate-dev\"\n", "network", false},
		{"a whole reference", gcsRead(`{ bucket = var.bucket, prefix = "network" }`), "gcs", "bucket = \"tfstate-dev\"\nprefix = \"network\"\n", "network", true},
		{"s3 key", "data \"terraform_remote_state\" \"n\" {\n  backend = \"s3\"\n  config = {\n    bucket = \"b\"\n    key    = \"network/terraform.tfstate\"\n  }\n}\n",
			"s3", "bucket = \"b\"\nkey = \"network/terraform.tfstate\"\n", "network", true},
		{"local path, relative to each root", "data \"terraform_remote_state\" \"n\" {\n  backend = \"local\"\n  config = { path = \"../network/state/dev.tfstate\" }\n}\n",
			"local", "path = \"state/dev.tfstate\"\n", "network", true},
		{"local path, templated", "data \"terraform_remote_state\" \"n\" {\n  backend = \"local\"\n  config = { path = \"../network/state/${var.env}.tfstate\" }\n}\n",
			"local", "path = \"state/prod.tfstate\"\n", "network", true},
		{"local path of another root", "data \"terraform_remote_state\" \"n\" {\n  backend = \"local\"\n  config = { path = \"../network/state/dev.tfstate\" }\n}\n",
			"local", "path = \"state/dev.tfstate\"\n", "web", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := reads(t, "app", tt.src)
			if len(rs) != 1 {
				t.Fatalf("reads %+v", rs)
			}
			if got := readsState(rs[0], "app", backend(t, tt.typ, tt.file), tt.dir); got != tt.want {
				t.Errorf("readsState = %v, want %v (read %+v)", got, tt.want, rs[0])
			}
		})
	}
}

// Dependencies names the reader, the project read and the environments
// whose state matches.
func TestDependencies(t *testing.T) {
	app, network, web := planned("app", two), planned("network", two), planned("web", two)
	rs := reads(t, "app", "data \"terraform_remote_state\" \"net\" {\n  backend = \"gcs\"\n  config = { bucket = \"tfstate-dev\", prefix = \"network\" }\n}\n")
	all := []States{
		{Project: app, Reads: rs, Backends: map[string]Backend{"dev": backend(t, "gcs", "bucket = \"tfstate-dev\"\nprefix = \"app\"\n")}},
		{Project: network, Backends: map[string]Backend{
			"dev":  backend(t, "gcs", "bucket = \"tfstate-dev\"\nprefix = \"network\"\n"),
			"prod": backend(t, "gcs", "bucket = \"tfstate-prod\"\nprefix = \"network\"\n")}},
		{Project: web, Backends: map[string]Backend{"dev": backend(t, "gcs", "bucket = \"tfstate-dev\"\nprefix = \"web\"\n")}},
	}
	deps := Dependencies(all)
	if len(deps) != 1 || deps[0].Reader != app || deps[0].Read != network || len(deps[0].Envs) != 1 || deps[0].Envs[0] != "dev" ||
		deps[0].Via != "data.terraform_remote_state.net" || deps[0].Pos != "app/main.tf:1" {
		t.Fatalf("dependencies %+v", deps)
	}
	if got := relevant(deps, []*Target{{Project: web}}); len(got) != 0 {
		t.Errorf("a dependency between projects that are not targets was kept: %+v", got)
	}
	if got := relevant(deps, []*Target{{Project: network}}); len(got) != 1 {
		t.Errorf("the dependency of a target was dropped")
	}
}

// ParseModule follows local module sources only, reads JSON too, and
// keeps what it can of a file with errors.
func TestParseModule(t *testing.T) {
	m := ParseModule("live/app", []File{
		{Name: "live/app/main.tf", Data: []byte(`
module "net" {
  source = "../../modules/net"
}
module "here" {
  source = "./sub"
}
module "registry" {
  source  = "terraform-google-modules/network/google"
  version = "9.0.0"
}
module "git" {
  source = "git::https://example.com/m.git?ref=v1"
}
module "outside" {
  source = "../../../elsewhere"
}
terraform {
  backend "gcs" {
    prefix = "app"
  }
}
`)},
		{Name: "live/app/more.tf.json", Data: []byte(`{"module": {"db": {"source": "../../modules/db"}}}`)},
		{Name: "live/app/broken.tf", Data: []byte("module \"x\" {\n  source = \"../../modules/x\"\n}\nresource {\n")},
	})
	var dirs []string
	for _, c := range m.Calls {
		dirs = append(dirs, c.Dir)
	}
	want := []string{"modules/net", "live/app/sub", "modules/db", "modules/x"}
	if len(dirs) != len(want) {
		t.Fatalf("calls %v, want %v", dirs, want)
	}
	for i := range want {
		if dirs[i] != want[i] {
			t.Errorf("call %d: %s, want %s", i, dirs[i], want[i])
		}
	}
	if m.Backend == nil || m.Backend.Type != "gcs" || m.Backend.Config["prefix"].Text != "app" {
		t.Errorf("backend %+v", m.Backend)
	}
	if len(m.Problems) != 1 {
		t.Errorf("problems %v, want the broken file's", m.Problems)
	}
}

// Graph reads each module once and finds the modules a root calls
// transitively, cycles included.
func TestGraph(t *testing.T) {
	calls := map[string][]string{"app": {"modules/a", "modules/c"}, "modules/a": {"modules/b"}, "modules/b": {"modules/a", "modules/c"}}
	loads := map[string]int{}
	g := &Graph{Load: func(dir string) *Module {
		loads[dir]++
		m := &Module{}
		for _, to := range calls[dir] {
			m.Calls = append(m.Calls, Call{Dir: to})
		}
		return m
	}}
	uses := g.Uses("app")
	g.Uses("app")
	got := map[string][]string{}
	for _, u := range uses {
		got[u.Dir] = u.Via
	}
	if len(got) != 3 || len(got["modules/a"]) != 0 || len(got["modules/c"]) != 0 || len(got["modules/b"]) != 1 || got["modules/b"][0] != "modules/a" {
		t.Errorf("uses %+v", uses)
	}
	for dir, n := range loads {
		if n != 1 {
			t.Errorf("%s read %d times", dir, n)
		}
	}
}
