package validate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Tools' failures as our wrappers return them, the tools' output captured
// from terraform 1.11 and tflint 0.64.
const (
	fmtDanglingTFVars = "failed to run terraform fmt: exit status 2\n" +
		"There are some problems with the CLI configuration:\n╷\n│ Warning: Unable to open CLI configuration file\n│\n" +
		"│ The CLI configuration file at \"/root/.terraformrc\" does not exist.\n╵\n\n\n" +
		"Error: Failed to read file terraform.tfvars\n\n\n"
	initRemoteModules = "failed to init: exit status 1\n\n" +
		"Error: Failed to download module\n\n  on main.tf line 1:\n   1: module \"vpc\" {\n\n" +
		"Could not download module \"vpc\" (main.tf:1) source code from\n\"git::file:///nonexistent/shared.git?ref=v1\": error downloading\n" +
		"'file:///nonexistent/shared.git?ref=v1': /usr/bin/git exited with 128:\nCloning into '.terraform/modules/vpc'...\n" +
		"fatal: '/nonexistent/shared.git' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\n" +
		"Please make sure you have the correct access rights\nand the repository exists.\n\n" +
		"Error: Error accessing remote module registry\n\n  on main.tf line 5:\n   5: module \"net\" {\n\n" +
		"Failed to retrieve available versions for module \"net\" (main.tf:5) from\nregistry.terraform.io: failed to request discovery document.\n"
	validateInColour = "exit status 1\n\x1b[31m╷\x1b[0m\x1b[0m\n\x1b[31m│\x1b[0m \x1b[0m\x1b[1m\x1b[31mError: \x1b[0m\x1b[0m\x1b[1mModule not installed\x1b[0m\n" +
		"\x1b[31m│\x1b[0m \x1b[0m\n\x1b[31m│\x1b[0m \x1b[0m\x1b[0m  on main.tf line 1:\n\x1b[31m│\x1b[0m \x1b[0m   1: module \"x\" {\x1b[0m\n" +
		"\x1b[31m│\x1b[0m \x1b[0m\n\x1b[31m│\x1b[0m \x1b[0mThis module is not yet installed. Run \"terraform init\" to install all\n" +
		"\x1b[31m│\x1b[0m \x1b[0mmodules required by this configuration.\n\x1b[31m╵\x1b[0m\x1b[0m\n"
)

func TestToolWordsAreTheToolsOwn(t *testing.T) {
	for name, tc := range map[string]struct{ err, want string }{
		"terraform fmt on a dangling symlink": {fmtDanglingTFVars, "Failed to read file terraform.tfvars"},
		"terraform init, two modules": {initRemoteModules, `Failed to download module: Could not download module "vpc" (main.tf:1) source code from ` +
			`"git::file:///nonexistent/shared.git?ref=v1": error downloading 'file:///nonexistent/shared.git?ref=v1': /usr/bin/git exited with 128: ` +
			`Cloning into '.terraform/modules/vpc'... fatal: '/nonexistent/shared.git' does not appear to be a git repository ` +
			`fatal: Could not read from remote repository. Please make sure you have the correct access rights and the repository exists.; ` +
			`Error accessing remote module registry: Failed to retrieve available versions for module "net" (main.tf:5) from registry.terraform.io: failed to request discovery document.`},
		"terraform in colour": {validateInColour, `Module not installed: This module is not yet installed. Run "terraform init" to install all modules required by this configuration.`},
		"tflint's error":      {`failed to run tflint: Failed to read file: The file "common.auto.tfvars" does not exist.`, `Failed to read file: The file "common.auto.tfvars" does not exist.`},
		"a crash on stderr":   {"failed to run tflint: exit status 2: panic: boom\n\ngoroutine 1 [running]:", "panic: boom goroutine 1 [running]:"},
		"our own error":       {`failed to scan "a" for security problems: open a/x.tfvars: no such file or directory`, `failed to scan "a" for security problems: open a/x.tfvars: no such file or directory`},
	} {
		t.Run(name, func(t *testing.T) {
			if got := toolWords(errors.New(tc.err)); got != tc.want {
				t.Errorf("toolWords =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestToolWordsAreBounded(t *testing.T) {
	got := toolWords(errors.New("Error: " + strings.Repeat("é", maxWords)))
	if len(got) > maxWords+len("…") || !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "éé") {
		t.Errorf("%d bytes, ends %q", len(got), got[len(got)-8:])
	}
}

func TestInitFailedNamesTheRemoteSources(t *testing.T) {
	root := t.TempDir()
	mod := filepath.Join(root, "net")
	write(t, filepath.Join(mod, "main.tf"), "module \"vpc\" {\n  source = \"git::file:///nonexistent/shared.git?ref=v1\"\n}\n\nmodule \"local\" {\n  source = \"../modules/x\"\n}\n")
	write(t, filepath.Join(root, "modules", "x", "main.tf"), "module \"net\" {\n  source  = \"terraform-google-modules/network/google\"\n  version = \"~> 9.0\"\n}\n")
	n := initFailed(root, mod, errors.New(initRemoteModules))
	for _, want := range []string{
		`remote module source "git::file:///nonexistent/shared.git?ref=v1" (module "vpc", net/main.tf:1), "terraform-google-modules/network/google" (module "net", modules/x/main.tf:1) could not be downloaded`,
		"does not appear to be a git repository",
		"validate ran what does not need it",
	} {
		if !strings.Contains(n.Message, want) {
			t.Errorf("the notice does not say %q:\n%s", want, n.Message)
		}
	}
	if n.Module != "net" || n.Check != "validate" || !n.Incomplete {
		t.Errorf("notice %+v", n)
	}
	providers := initFailed(root, mod, errors.New("exit status 1\n\nError: Failed to query available provider packages\n\nCould not retrieve the list of available versions for provider hashicorp/google\n"))
	if !strings.Contains(providers.Message, "could not install the providers: Failed to query available provider packages: Could not retrieve") {
		t.Errorf("provider notice: %s", providers.Message)
	}
}

func write(t *testing.T, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
