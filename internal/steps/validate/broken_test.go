package validate

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDanglingVarFilesSayHowToMendThem(t *testing.T) {
	root := t.TempDir()
	mod := filepath.Join(root, "org", "envs", "shared")
	write(t, filepath.Join(mod, "main.tf"), "")
	write(t, filepath.Join(root, "org", "terraform.example.tfvars"), "")
	write(t, filepath.Join(root, "org", "common.auto.tfvars.example"), "")
	write(t, filepath.Join(mod, "environments", "prod", "terraform.tfvars"), "")
	for link, target := range map[string]string{
		"terraform.tfvars":                  "../../terraform.tfvars",
		"common.auto.tfvars":                "../../common.auto.tfvars",
		"access.auto.tfvars":                "../../access.auto.tfvars",
		"environments/dev/terraform.tfvars": "/nonexistent/dev.tfvars",
		"notes.txt":                         "../../nowhere.txt", // not a file any tool reads
	} {
		p := filepath.Join(mod, link)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	for words, want := range map[string]string{
		"Failed to read file terraform.tfvars": `org/envs/shared/terraform.tfvars is a symlink to "../../terraform.tfvars", which does not exist: ` +
			"create org/terraform.tfvars from org/terraform.example.tfvars, or remove the symlink",
		`The file "common.auto.tfvars" does not exist.`: `org/envs/shared/common.auto.tfvars is a symlink to "../../common.auto.tfvars", which does not exist: ` +
			"create org/common.auto.tfvars from org/common.auto.tfvars.example, or remove the symlink",
		`The file "access.auto.tfvars" does not exist.`: `org/envs/shared/access.auto.tfvars is a symlink to "../../access.auto.tfvars", which does not exist: ` +
			"create org/access.auto.tfvars, or remove the symlink",
		`The file "environments/dev/terraform.tfvars" does not exist.`: `org/envs/shared/environments/dev/terraform.tfvars is a symlink to "/nonexistent/dev.tfvars", which does not exist: ` +
			"create /nonexistent/dev.tfvars, or remove the symlink",
		"failed to load tfvars from org/envs/shared/environments/dev/terraform.tfvars: open org/envs/shared/environments/dev/terraform.tfvars: no such file or directory": `org/envs/shared/environments/dev/terraform.tfvars is a symlink to "/nonexistent/dev.tfvars", which does not exist: ` +
			"create /nonexistent/dev.tfvars, or remove the symlink",
		"Unsupported block type":        "",
		"Failed to read file notes.txt": "",
	} {
		if got := brokenFilesHint(root, mod, words); got != want {
			t.Errorf("for %q:\n got %q\nwant %q", words, got, want)
		}
	}
}
