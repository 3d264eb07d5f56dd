package validate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, body := range files {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLockFileWarning(t *testing.T) {
	const google = "terraform {\n  required_providers {\n    google = {\n      source  = \"registry.terraform.io/hashicorp/google\"\n      version = \"~> 6.31\"\n    }\n  }\n}\n"
	for name, tc := range map[string]struct {
		dir   string // the module, relative to the working directory
		files map[string]string
		want  string // the providers named, "" for no warning
	}{
		"required provider, no lock file": {files: map[string]string{"infra/main.tf": google}, want: "hashicorp/google"},
		"the working directory itself":    {dir: ".", files: map[string]string{"main.tf": google}, want: "hashicorp/google"},
		"lock file committed":             {files: map[string]string{"infra/main.tf": google, "infra/.terraform.lock.hcl": "# lock\n"}},
		"built-in provider only": {files: map[string]string{
			"infra/main.tf": "resource \"terraform_data\" \"x\" {}\ndata \"terraform_remote_state\" \"y\" {}\n"}},
		"implied by resources, in a called module, with an alias": {files: map[string]string{
			"infra/main.tf":         "module \"db\" {\n  source = \"../modules/db\"\n}\nprovider \"random\" {}\n",
			"modules/db/main.tf":    "resource \"google_sql_database_instance\" \"db\" {}\nmodule \"again\" {\n  source = \"../db\"\n}\n",
			"modules/db/version.tf": "terraform {\n  required_providers {\n    tls = \"~> 4.0\"\n    acme = {\n      source = \"vancluever/acme\"\n    }\n  }\n}\n",
		}, want: "hashicorp/google, hashicorp/random, hashicorp/tls, vancluever/acme"},
	} {
		t.Run(name, func(t *testing.T) {
			root := writeTree(t, tc.files)
			if tc.dir == "" {
				tc.dir = "infra"
			}
			for _, engine := range []string{"terraform", "tofu"} {
				checkLockNotice(t, root, tc.dir, tc.want, engine)
			}
		})
	}
}

// checkLockNotice checks the lock-file notice of dir, whose hint names
// the engine that runs the module.
func checkLockNotice(t *testing.T, root, dir, providers, engine string) {
	t.Helper()
	n, err := checkLockFile(root, filepath.Join(root, dir), engine)
	if err != nil {
		t.Fatal(err)
	}
	if providers == "" {
		if n != nil {
			t.Errorf("warned: %+v", n)
		}
		return
	}
	if n == nil {
		t.Fatal("no warning")
	}
	if n.Level != "warning" || n.Check != "validate" || n.Module != dir {
		t.Errorf("notice %+v, want a validate warning for %s", n, dir)
	}
	command := "`" + engine + " -chdir=infra providers lock -platform=linux_amd64 -platform=linux_arm64 -platform=darwin_amd64 -platform=darwin_arm64`"
	if dir == "." {
		command = "`" + engine + " providers lock -platform=linux_amd64 -platform=linux_arm64 -platform=darwin_amd64 -platform=darwin_arm64`"
	}
	for _, want := range []string{
		"no .terraform.lock.hcl: the version and checksums of " + providers + " are not pinned, so each " + engine + " init",
		command,
	} {
		if !strings.Contains(n.Message, want) {
			t.Errorf("%s: message %q does not say %q", engine, n.Message, want)
		}
	}
}

func TestCallerEnvironments(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"live/main.tf": "module \"app\" {\n  source = \"../modules/app\"\n}\n",
		"live/environments/prod/terraform.tfvars":     "",
		"live/environments/dev/terraform.tfvars":      "",
		"tools/main.tf":                               "module \"app\" {\n  source = \"../modules/app\"\n}\nmodule \"x\" {\n  source = \"../modules/x\"\n}\n",
		"tools/environments/staging/terraform.tfvars": "",
		"modules/app/main.tf":                         "module \"db\" {\n  source = \"../db\"\n}\n",
		"modules/db/main.tf":                          "",
		"modules/x/main.tf":                           "",
		"sandbox/main.tf":                             "module \"x\" {\n  source = \"../modules/x\"\n}\n",
	})
	roots, called, err := FindModules(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := CallerEnvironments(roots)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"modules/app": "dev,prod,staging", "modules/db": "dev,prod,staging", "modules/x": "staging"}
	for _, mod := range called {
		rel, _ := filepath.Rel(dir, mod)
		if envs, ok := got[mod]; !ok || strings.Join(envs, ",") != want[rel] {
			t.Errorf("%s: environments %q (known: %v), want %q", rel, envs, ok, want[rel])
		}
	}
	if len(got) != len(want) || !slices.Contains(roots, filepath.Join(dir, "sandbox")) {
		t.Errorf("CallerEnvironments = %v for roots %v", got, roots)
	}
}
