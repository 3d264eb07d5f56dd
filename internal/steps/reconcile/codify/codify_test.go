package codify

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
)

func load(t *testing.T) *Config {
	t.Helper()
	c, err := Load(filepath.Join("testdata", "module"), filepath.Join("environments", "dev", "terraform.tfvars"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLocate(t *testing.T) {
	c := load(t)
	for _, tc := range []struct {
		name    string
		address string
		path    []string
		value   any
		kind    Kind
		last    string // file:line of the place to change
		code    string // the value as the code writes it there
		steps   int
		envFile bool
	}{
		{name: "direct-literal", address: "localcloud_service.api", path: []string{"image"}, value: "api:v2",
			kind: Literal, last: "main.tf:11", code: `"api:v1"`, steps: 1},
		{name: "variable-from-tfvars", address: "localcloud_service.api", path: []string{"env", "LOG_LEVEL"}, value: "warn",
			kind: Literal, last: "environments/dev/terraform.tfvars:2", code: `"debug"`, steps: 2, envFile: true},
		{name: "variable-default", address: "localcloud_service.api", path: []string{"env", "REGION"}, value: "europe-west4",
			kind: Literal, last: "variables.tf:12", code: `"us-central1"`, steps: 2},
		{name: "locals", address: "localcloud_sql_instance.db", path: []string{"tier"}, value: "db-custom-2-7680",
			kind: Literal, last: "main.tf:4", code: `"db-f1-micro"`, steps: 2},
		{name: "module-call", address: "module.worker.localcloud_service.worker", path: []string{"image"}, value: "worker:v4",
			kind: Literal, last: "main.tf:28", code: `"worker:v3"`, steps: 2},
		{name: "module-variable-default", address: "module.worker.localcloud_service.worker", path: []string{"scaling", "0", "min"}, value: float64(3),
			kind: Literal, last: "modules/worker/main.tf:7", code: "1", steps: 3},
		{name: "set-nowhere", address: "localcloud_sql_instance.db", path: []string{"retention_days"}, value: float64(14),
			kind: NotSet, last: "main.tf:21", steps: 0},
		{name: "map-key-set-nowhere", address: "localcloud_service.api", path: []string{"env", "DEBUG_TOKEN_TTL"}, value: "30s",
			kind: NotSet, last: "main.tf:13", steps: 1},
		{name: "computed", address: "localcloud_service.api", path: []string{"name"}, value: "olympus-api-hotfix",
			kind: Computed, last: "main.tf:10", code: `"olympus-api-${var.environment}"`, steps: 1},
		{name: "secret", address: "localcloud_service.api", path: []string{"env", "API_KEY"}, value: "leaked-by-hand",
			kind: Literal, last: "variables.tf:18", steps: 2},
		{name: "external-module", address: "module.external.google_thing.this", path: []string{"size"}, value: "L",
			kind: Outside, last: "main.tf:31", steps: 0},
		{name: "no-block", address: "localcloud_service.hand_made", path: []string{"image"}, value: "x",
			kind: NoBlock, last: ":0", steps: 0},
		{name: "reference-cycle", address: "localcloud_service.api", path: []string{"env", "LOOP"}, value: "x",
			kind: Computed, steps: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc := c.Locate(tc.address, tc.path)
			if loc.Kind != tc.kind {
				t.Fatalf("kind %q, want %q (%s)", loc.Kind, tc.kind, loc.Note)
			}
			if tc.last != "" && loc.Last().Pos() != tc.last {
				t.Errorf("last step at %s, want %s (%+v)", loc.Last().Pos(), tc.last, loc.Steps)
			}
			if tc.code != "" && loc.CodeValue() != tc.code {
				t.Errorf("code value %q, want %q", loc.CodeValue(), tc.code)
			}
			if len(loc.Steps) != tc.steps {
				t.Errorf("%d steps, want %d: %+v", len(loc.Steps), tc.steps, loc.Steps)
			}
			if loc.EnvironmentFile != tc.envFile {
				t.Errorf("environment file %v, want %v", loc.EnvironmentFile, tc.envFile)
			}
			golden.Check(t, "hints/"+tc.name+".md", loc.Suggest(Hint{Environment: "dev", Value: tc.value}))
		})
	}
}

func TestSecretsAreNeverSuggestedIntoCode(t *testing.T) {
	c := load(t)
	// Sensitive through its variable, and secret by the caller's say-so.
	for _, h := range []struct {
		path   []string
		secret bool
	}{{[]string{"env", "API_KEY"}, false}, {[]string{"env", "LOG_LEVEL"}, true}} {
		loc := c.Locate("localcloud_service.api", h.path)
		got := loc.Suggest(Hint{Environment: "dev", Value: "canary-7f3e9b", Secret: h.secret})
		if strings.Contains(got, "canary-7f3e9b") || strings.Contains(got, "```diff") || strings.Contains(got, "fixture-key-123") {
			t.Errorf("%v: the hint shows the secret or a diff:\n%s", h.path, got)
		}
		if !strings.Contains(got, "Secret Manager") {
			t.Errorf("%v: the hint does not send the secret to Secret Manager:\n%s", h.path, got)
		}
	}
}

func TestHostileValuesStayInsideOneLiteral(t *testing.T) {
	c := load(t)
	loc := c.Locate("localcloud_service.api", []string{"image"})
	got := loc.Suggest(Hint{Environment: "dev", Value: "x\r::stop-commands::y\n```\n${file(\"/etc/passwd\")}\""})
	for _, want := range []string{
		`+  image = "x\r::stop-commands::y\n` + "```" + `\n$${file(\"/etc/passwd\")}\""`,
		"````diff\n", // a fence longer than the backticks inside
	} {
		if !strings.Contains(got, want) {
			t.Errorf("hint lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\r") {
		t.Errorf("a carriage return reached the hint: %q", got)
	}
}

func TestParseAddress(t *testing.T) {
	for in, want := range map[string]Address{
		"google_sql_database_instance.main":            {Type: "google_sql_database_instance", Name: "main"},
		`module.api["a.b"].google_x.main[0]`:           {Modules: []string{"api"}, Type: "google_x", Name: "main", Key: "[0]"},
		`module.a.module.b.google_x.y["k.with.dots"]`:  {Modules: []string{"a", "b"}, Type: "google_x", Name: "y", Key: `["k.with.dots"]`},
		"module.sql.google_sql_database_instance.main": {Modules: []string{"sql"}, Type: "google_sql_database_instance", Name: "main"},
		"localcloud_service.api":                       {Type: "localcloud_service", Name: "api"},
		`localcloud_service.api["with \"quote\" ] ."]`: {Type: "localcloud_service", Name: "api", Key: `["with \"quote\" ] ."]`},
	} {
		got, err := ParseAddress(in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", in, diff)
		}
	}
	for _, bad := range []string{"data.google_x.y", "google_x", "module.a", `x.y["open`, "x.y[0"} {
		if _, err := ParseAddress(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestAFileThatDoesNotParseIsReported(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "main.tf"), "resource \"x_y\" \"z\" {\n  a = 1\n}\n")
	write(t, filepath.Join(dir, "broken.tf"), "resource \"x_y\" {\n")
	c, err := Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	loc := c.Locate("x_y.z", []string{"a"})
	if loc.Kind != Literal || len(loc.Problems) != 1 || !strings.Contains(loc.Problems[0], "broken.tf") {
		t.Errorf("kind %q problems %q", loc.Kind, loc.Problems)
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRemovalOfADeletedResource(t *testing.T) {
	c := load(t)
	loc := c.Locate("localcloud_sql_instance.db", nil)
	if loc.Kind != Block || loc.Block.Pos() != "main.tf:21" {
		t.Fatalf("kind %q at %s", loc.Kind, loc.Block.Pos())
	}
	golden.Check(t, "hints/removal.md", loc.SuggestRemoval())
}

func TestIgnoredChanges(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "main.tf"), `resource "google_cloud_run_v2_service" "main" {
  name = "api"
  lifecycle {
    ignore_changes = [traffic, client, template[0].labels]
  }
}
resource "x_y" "all" {
  lifecycle {
    ignore_changes = all
  }
}
`)
	c, err := Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		addr string
		path []string
		want bool
	}{
		{"google_cloud_run_v2_service.main", []string{"traffic", "0", "percent"}, true},
		{"google_cloud_run_v2_service.main", []string{"client"}, true},
		{"google_cloud_run_v2_service.main", []string{"template", "0", "labels", "team"}, true},
		{"google_cloud_run_v2_service.main", []string{"template", "0", "containers"}, false},
		{"google_cloud_run_v2_service.main", []string{"name"}, false},
		{"x_y.all", []string{"anything"}, true},
		{"x_y.missing", []string{"anything"}, false},
	} {
		if got := c.Ignored(tc.addr, tc.path); got != tc.want {
			t.Errorf("Ignored(%s, %v) = %v", tc.addr, tc.path, got)
		}
	}
}

func TestHiddenValuesGetALocationWithoutADiff(t *testing.T) {
	loc := load(t).Locate("localcloud_service.api", []string{"env", "LOG_LEVEL"})
	got := loc.Suggest(Hint{Environment: "dev", Value: "trace-7f3e", Hidden: true})
	if strings.Contains(got, "trace-7f3e") || strings.Contains(got, "```") || strings.Contains(got, `"debug"`) ||
		!strings.Contains(got, "environments/dev/terraform.tfvars:2") || !strings.Contains(got, "may hold secrets") {
		t.Errorf("hint:\n%s", got)
	}
}

// Every suggested change applies with git apply (as patch would) to the
// file it names.
func TestSuggestedChangesApply(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	c := load(t)
	for _, tc := range []struct {
		address string
		path    []string
		value   any
	}{
		{"localcloud_service.api", []string{"image"}, "api:v2"},
		{"localcloud_service.api", []string{"env", "LOG_LEVEL"}, "warn"},
		{"localcloud_service.api", []string{"env", "REGION"}, "europe-west4"},
		{"localcloud_service.api", []string{"env", "NEW_KEY"}, "x"},
		{"localcloud_sql_instance.db", []string{"tier"}, "db-custom-2-7680"},
		{"localcloud_sql_instance.db", []string{"retention_days"}, float64(14)},
		{"module.worker.localcloud_service.worker", []string{"image"}, "worker:v4"},
		{"localcloud_sql_instance.db", nil, nil},
	} {
		loc := c.Locate(tc.address, tc.path)
		var hint string
		if tc.path == nil {
			hint = loc.SuggestRemoval()
		} else {
			hint = loc.Suggest(Hint{Environment: "dev", Value: tc.value})
		}
		_, rest, ok := strings.Cut(hint, "```diff\n")
		if !ok {
			t.Errorf("%s %v: no diff:\n%s", tc.address, tc.path, hint)
			continue
		}
		diff, _, _ := strings.Cut(rest, "```")
		dir := t.TempDir()
		copyTree(t, filepath.Join("testdata", "module"), dir)
		write(t, filepath.Join(dir, "hint.diff"), diff)
		cmd := exec.Command(git, "apply", "-p1", "hint.diff")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s %v: git apply: %v\n%s\n%s", tc.address, tc.path, err, out, diff)
		}
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A value that reaches the attribute through a variable or local named
// like a secret is a secret even when nothing marks it sensitive: the
// value found by hand is never suggested into the variables file.
func TestSecretNamedReferencesAreNeverSuggestedIntoCode(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "main.tf"), "locals {\n  db_password = \"old-local-pw\"\n}\n\nresource \"x_y\" \"z\" {\n  metadata = {\n    boot = var.bootstrap_token\n    db   = local.db_password\n  }\n}\n")
	write(t, filepath.Join(dir, "variables.tf"), "variable \"bootstrap_token\" {\n  type = string\n}\n")
	if err := os.MkdirAll(filepath.Join(dir, "environments", "dev"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "environments", "dev", "terraform.tfvars"), "bootstrap_token = \"old-token-1\"\n")
	c, err := Load(dir, filepath.Join("environments", "dev", "terraform.tfvars"))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"boot", "db"} {
		loc := c.Locate("x_y.z", []string{"metadata", key})
		got := loc.Suggest(Hint{Environment: "dev", Value: "canary-7f3e9b"})
		if !loc.Secret || strings.Contains(got, "canary-7f3e9b") || strings.Contains(got, "```diff") {
			t.Errorf("%s: secret %v, the hint shows the secret or a diff:\n%s", key, loc.Secret, got)
		}
	}
}

// applyHint applies the hint's diff with git apply in dir and returns
// the changed file.
func applyHint(t *testing.T, dir, hint, file string) string {
	t.Helper()
	_, rest, ok := strings.Cut(hint, "```diff\n")
	if !ok {
		t.Fatalf("no diff:\n%s", hint)
	}
	diff, _, _ := strings.Cut(rest, "```")
	write(t, filepath.Join(dir, "hint.diff"), diff)
	cmd := exec.Command("git", "apply", "-p1", "hint.diff")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s\n%s", err, out, diff)
	}
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A key added by hand to a map written on one line goes into the map, not
// before it into the resource.
func TestKeyAddedToAOneLineMap(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "main.tf"), "resource \"x_y\" \"z\" {\n  name   = \"a\"\n  labels = { env = \"dev\" }\n  scaling { min = 1 }\n}\n")
	c, err := Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	got := applyHint(t, dir, c.Locate("x_y.z", []string{"labels", "team"}).Suggest(Hint{Environment: "dev", Value: "core"}), "main.tf")
	if want := "resource \"x_y\" \"z\" {\n  name   = \"a\"\n  labels = {\n    env  = \"dev\"\n    team = \"core\"\n  }\n  scaling { min = 1 }\n}\n"; got != want {
		t.Errorf("after the hint:\n%s\nwant:\n%s", got, want)
	}
	// A block on one line: no line can be inserted into it; the hint says
	// where, without a diff that would set it on the resource.
	hint := c.Locate("x_y.z", []string{"scaling", "0", "max"}).Suggest(Hint{Environment: "dev", Value: float64(3)})
	if strings.Contains(hint, "```diff") {
		t.Errorf("a diff into a one-line block:\n%s", hint)
	}
}

// A key that is not an identifier (an annotation) is quoted once, as HCL
// writes it.
func TestKeyThatIsNotAnIdentifierIsQuotedOnce(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "main.tf"), "resource \"x_y\" \"z\" {\n  annotations = {\n    env = \"dev\"\n  }\n}\n")
	c, err := Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	got := applyHint(t, dir, c.Locate("x_y.z", []string{"annotations", "run.googleapis.com/${x}"}).Suggest(Hint{Environment: "dev", Value: "v"}), "main.tf")
	if want := "    \"run.googleapis.com/$${x}\" = \"v\"\n"; !strings.Contains(got, want) {
		t.Errorf("after the hint:\n%s\nwant the line %q", got, want)
	}
}

// A variables file whose last line has no newline still takes the
// suggested change, at its end or on its last line.
func TestVariablesFileWithoutFinalNewline(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, tc := range []struct{ tfvars, want string }{
		{"a    = 1\nb    = 2", "a    = 1\nb    = 2\ntier = \"big\"\n"},
		{"a    = 1\ntier = \"small\"", "a    = 1\ntier = \"big\"\n"},
		{"tier = \"small\"\na    = 1", "tier = \"big\"\na    = 1"},
	} {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "main.tf"), "resource \"x_y\" \"z\" {\n  tier = var.tier\n}\n")
		write(t, filepath.Join(dir, "variables.tf"), "variable \"tier\" {\n  default = \"small\"\n}\n")
		write(t, filepath.Join(dir, "dev.tfvars"), tc.tfvars)
		c, err := Load(dir, "dev.tfvars")
		if err != nil {
			t.Fatal(err)
		}
		got := applyHint(t, dir, c.Locate("x_y.z", []string{"tier"}).Suggest(Hint{Environment: "dev", Value: "big"}), "dev.tfvars")
		if strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(tc.want, " ", "") {
			t.Errorf("%q after the hint: %q, want %q", tc.tfvars, got, tc.want)
		}
	}
}

// A value written as a heredoc is replaced whole.
func TestHeredocValue(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "main.tf"), "resource \"x_y\" \"z\" {\n  script = <<-EOT\n    echo hi\n  EOT\n  other = 1\n}\n")
	c, err := Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	got := applyHint(t, dir, c.Locate("x_y.z", []string{"script"}).Suggest(Hint{Environment: "dev", Value: "echo bye\n"}), "main.tf")
	if want := "resource \"x_y\" \"z\" {\n  script = \"echo bye\\n\"\n  other = 1\n}\n"; got != want {
		t.Errorf("after the hint:\n%s\nwant:\n%s", got, want)
	}
}
