package plan

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadSavedOnARealPlan makes a plan with the real terraform and reads
// back where it was made.
func TestReadSavedOnARealPlan(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform not on PATH")
	}
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	main := "terraform {\n  backend \"local\" {}\n}\nresource \"terraform_data\" \"x\" { input = \"a\" }\nmodule \"child\" { source = \"./modules/child\" }\n"
	child := "module \"leaf\" { source = \"../leaf\" }\n"
	leaf := `{"output": {"v": {"value": "leaf"}}}`
	write("main.tf", main)
	write("modules/child/main.tf", child)
	write("modules/leaf/leaf.tf.json", leaf)
	write("modules/leaf/leaf_override.tf", "output \"v\" { value = \"over\" }\n")
	write("modules/leaf/.ignored.tf", "not loaded\n")
	write("staging.tfbackend", "path = \"staging.tfstate\"\n")
	run := func(args ...string) {
		cmd := exec.Command(tf, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-backend-config=staging.tfbackend")
	run("plan", "-out=staging.tfplan")
	s, err := ReadSaved(filepath.Join(dir, "staging.tfplan"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Saved{BackendType: "local", Backend: map[string]string{"path": "staging.tfstate"}, Workspace: "default",
		Modules: map[string]*Module{
			"":           {Dir: ".", Listed: true, Files: map[string][]byte{"main.tf": []byte(main)}},
			"child":      {Source: "./modules/child", Dir: "modules/child", Listed: true, Files: map[string][]byte{"main.tf": []byte(child)}},
			"child.leaf": {Source: "../leaf", Dir: "modules/leaf", Listed: true, Files: map[string][]byte{"leaf.tf.json": []byte(leaf), "leaf_override.tf": []byte("output \"v\" { value = \"over\" }\n")}},
		}}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("ReadSaved (-want +got):\n%s", diff)
	}
}

func TestReadSavedRefusesOtherFiles(t *testing.T) {
	f := filepath.Join(t.TempDir(), "plan.json")
	os.WriteFile(f, []byte(`{"format_version":"1.2"}`), 0o644)
	if _, err := ReadSaved(f); err == nil {
		t.Error("a JSON file was read as a saved plan")
	}
}
