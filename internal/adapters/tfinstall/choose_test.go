package tfinstall

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestChoose(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		files   map[string]string // under the workspace; the module is mod/
		source  string
		exact   string
		allows  []string
		refuses []string
		any     bool
		err     string
	}{
		{name: "input exact wins over everything", input: "1.9.8",
			files:  map[string]string{"mod/.terraform-version": "1.11.4", "mod/main.tf": `terraform { required_version = "~> 1.11.0" }`},
			source: "input terraform-version", exact: "1.9.8"},
		{name: "input constraint", input: "~> 1.10.0", source: "input terraform-version", allows: []string{"1.10.5"}, refuses: []string{"1.11.0"}},
		{name: "bad input", input: "latest please", err: "give an exact version"},
		{name: ".terraform-version in the module", files: map[string]string{"mod/.terraform-version": "1.11.4\n", "mod/main.tf": `terraform { required_version = ">= 1.5" }`},
			source: ".terraform-version", exact: "1.11.4"},
		{name: ".terraform-version in the workspace root", files: map[string]string{".terraform-version": "v1.10.2"},
			source: ".terraform-version", exact: "1.10.2"},
		{name: "the nearest pin wins", files: map[string]string{".terraform-version": "1.10.2", "mod/.tool-versions": "golang 1.26.0\nterraform 1.11.1 1.10.0 # main\n"},
			source: ".tool-versions", exact: "1.11.1"},
		{name: ".tool-versions without terraform is no pin", files: map[string]string{"mod/.tool-versions": "golang 1.26.0\n", "mod/main.tf": `terraform { required_version = "~> 1.11.0" }`},
			source: "required_version in main.tf", allows: []string{"1.11.9"}, refuses: []string{"1.12.0", "1.10.9"}},
		{name: "a pin that is not exact is refused", files: map[string]string{"mod/.terraform-version": "latest:^1.11"}, err: "only an exact version"},
		{name: "required_version of every file holds", files: map[string]string{
			"mod/main.tf":        `terraform { required_version = ">= 1.9" }`,
			"mod/versions.tf":    "terraform {\n  required_version = \"< 1.12\"\n  required_providers {}\n}\n",
			"mod/other.tf.json":  `{"terraform": {"required_version": "!= 1.10.0"}}`,
			"mod/sub/ignored.tf": `terraform { required_version = "= 0.12.0" }`,
		}, source: "required_version in main.tf, other.tf.json, versions.tf", allows: []string{"1.11.4", "1.9.0"}, refuses: []string{"1.10.0", "1.12.0", "1.8.5"}},
		{name: "an override file replaces required_version", files: map[string]string{
			"mod/main.tf":     `terraform { required_version = "~> 1.10.0" }`,
			"mod/override.tf": `terraform { required_version = "~> 1.11.0" }`,
		}, source: "required_version in override.tf", allows: []string{"1.11.2"}, refuses: []string{"1.10.2"}},
		{name: "no constraint at all", files: map[string]string{"mod/main.tf": `resource "x" "y" {}`}, any: true},
		{name: "a file that does not parse is left to terraform", files: map[string]string{"mod/main.tf": `terraform { required_version = "~> 1.11.0" }`, "mod/broken.tf": `terraform {`},
			source: "required_version in main.tf", allows: []string{"1.11.0"}},
		{name: "a bad required_version", files: map[string]string{"mod/main.tf": `terraform { required_version = "one point eleven" }`}, err: "is not a version constraint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := t.TempDir()
			os.MkdirAll(filepath.Join(ws, "mod"), 0o755)
			write(t, ws, tt.files)
			c, err := Choose(Detect, tt.input, filepath.Join(ws, "mod"), ws)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Any() != tt.any {
				t.Fatalf("Any() = %v, want %v (%+v)", c.Any(), tt.any, c)
			}
			if tt.source != "" && c.Source != tt.source {
				t.Errorf("source = %q, want %q", c.Source, tt.source)
			}
			if tt.exact != "" && (c.Exact == nil || c.Exact.String() != tt.exact) {
				t.Errorf("exact = %v, want %s", c.Exact, tt.exact)
			}
			for _, v := range tt.allows {
				if !c.Allows(version.Must(version.NewVersion(v))) {
					t.Errorf("%s refused, want allowed by %s", v, c)
				}
			}
			for _, v := range tt.refuses {
				if c.Allows(version.Must(version.NewVersion(v))) {
					t.Errorf("%s allowed, want refused by %s", v, c)
				}
			}
		})
	}
}

func TestPinsAboveTheWorkspaceAreIgnored(t *testing.T) {
	outer := t.TempDir()
	write(t, outer, map[string]string{".terraform-version": "1.2.3", "ws/mod/main.tf": ""})
	c, err := Choose(Detect, "", filepath.Join(outer, "ws", "mod"), filepath.Join(outer, "ws"))
	if err != nil || !c.Any() {
		t.Fatalf("choice %+v, %v: a pin outside the workspace was read", c, err)
	}
}

// A pin file is read only when it stays inside the workspace: a link that
// leads out of it is refused, exit 2, naming the file, and what it points
// at is never read (its first line would otherwise be quoted in the error).
func TestPinsThatLeaveTheWorkspaceAreRefusedUnread(t *testing.T) {
	const canary = "canary-7f3e9b-outside"
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	if err := os.WriteFile(secret, []byte(canary+"\nterraform "+canary+"\nterraform { required_version = \""+canary+"\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, pin := range []string{".terraform-version", ".tool-versions", ".opentofu-version", "mod/.terraform-version", "mod/.tool-versions", "mod/.opentofu-version", "mod/main.tf"} {
		t.Run(pin, func(t *testing.T) {
			ws := t.TempDir()
			write(t, ws, map[string]string{"mod/versions.tf": `terraform { required_version = ">= 1.5" }`})
			link := filepath.Join(ws, pin)
			if err := os.Symlink(secret, link); err != nil {
				t.Fatal(err)
			}
			_, err := Choose(Detect, "", filepath.Join(ws, "mod"), ws)
			if err == nil || !strings.Contains(err.Error(), link) {
				t.Fatalf("err = %v, want a refusal naming %s", err, link)
			}
			if step.ExitCode(err) != step.ExitUsage {
				t.Errorf("exit %d, want %d", step.ExitCode(err), step.ExitUsage)
			}
			if strings.Contains(err.Error(), canary) {
				t.Errorf("the refusal quotes what the link points at: %v", err)
			}
		})
	}
	// A link that stays inside the workspace is read as the file (relative,
	// as git checks links out).
	ws := t.TempDir()
	write(t, ws, map[string]string{"pins/tf": "1.11.4\n", "mod/main.tf": ""})
	os.Symlink(filepath.Join("..", "pins", "tf"), filepath.Join(ws, "mod", ".terraform-version"))
	c, err := Choose(Detect, "", filepath.Join(ws, "mod"), ws)
	if err != nil || c.Exact == nil || c.Exact.String() != "1.11.4" {
		t.Fatalf("choice %+v, %v; want 1.11.4 from the link inside the workspace", c, err)
	}
}

func TestTheEngineAndItsVersion(t *testing.T) {
	tests := []struct {
		name   string
		engine Engine
		files  map[string]string // under the workspace; the module is mod/
		want   Engine
		source string
		exact  string
		allows []string
	}{
		{name: "no pin at all is terraform", files: map[string]string{"mod/main.tf": ""}, want: Terraform},
		{name: ".opentofu-version is tofu", files: map[string]string{"mod/.opentofu-version": "1.9.1\n"}, want: Tofu, source: ".opentofu-version", exact: "1.9.1"},
		{name: ".opentofu-version at the root", files: map[string]string{".opentofu-version": "v1.10.0"}, want: Tofu, exact: "1.10.0"},
		{name: ".opentofu-version beside .terraform-version wins", files: map[string]string{"mod/.opentofu-version": "1.9.1", "mod/.terraform-version": "1.11.4"}, want: Tofu, exact: "1.9.1"},
		{name: "the nearest pin decides", files: map[string]string{".opentofu-version": "1.9.1", "mod/.terraform-version": "1.11.4"}, want: Terraform, exact: "1.11.4"},
		{name: ".tool-versions naming opentofu", files: map[string]string{"mod/.tool-versions": "golang 1.26.0\nopentofu 1.8.8\n"}, want: Tofu, source: ".tool-versions", exact: "1.8.8"},
		{name: ".tool-versions naming both: terraform's line is read for terraform", engine: Terraform, files: map[string]string{"mod/.tool-versions": "opentofu 1.8.8\nterraform 1.11.4\n"}, want: Terraform, exact: "1.11.4"},
		{name: "the engine input wins over the pins", engine: Terraform, files: map[string]string{"mod/.opentofu-version": "1.9.1", "mod/main.tf": `terraform { required_version = ">= 1.9" }`}, want: Terraform, source: "required_version in main.tf", allows: []string{"1.11.4"}},
		{name: "tofu reads .tofu files, which replace the .tf of the same name", engine: Tofu, files: map[string]string{
			"mod/main.tf":   `terraform { required_version = "~> 1.5.0" }`,
			"mod/main.tofu": `terraform { required_version = "~> 1.9.0" }`,
			"mod/other.tf":  `terraform { required_version = ">= 1.6" }`,
		}, want: Tofu, source: "required_version in main.tofu, other.tf", allows: []string{"1.9.4"}},
		{name: "terraform never reads .tofu files", engine: Terraform, files: map[string]string{"mod/main.tofu": `terraform { required_version = "~> 1.9.0" }`}, want: Terraform, source: "no required_version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := t.TempDir()
			os.MkdirAll(filepath.Join(ws, "mod"), 0o755)
			write(t, ws, tt.files)
			c, err := Choose(tt.engine, "", filepath.Join(ws, "mod"), ws)
			if err != nil {
				t.Fatal(err)
			}
			if c.Engine != tt.want {
				t.Errorf("engine %q, want %q", c.Engine, tt.want)
			}
			if tt.source != "" && c.Source != tt.source {
				t.Errorf("source %q, want %q", c.Source, tt.source)
			}
			if tt.exact != "" && (c.Exact == nil || c.Exact.String() != tt.exact) {
				t.Errorf("exact %v, want %s", c.Exact, tt.exact)
			}
			for _, v := range tt.allows {
				if !c.Allows(version.Must(version.NewVersion(v))) {
					t.Errorf("%s refused by %s", v, c)
				}
			}
		})
	}
}

func TestParseEngine(t *testing.T) {
	for in, want := range map[string]Engine{"": Detect, "terraform": Terraform, " Tofu ": Tofu, "opentofu": Tofu} {
		if got, err := ParseEngine(in); err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseEngine("pulumi"); err == nil || !strings.Contains(err.Error(), "give terraform or tofu") {
		t.Errorf("pulumi: %v", err)
	}
}
