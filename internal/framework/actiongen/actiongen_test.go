package actiongen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/steps"
)

// The committed action.yml files and README reference must be exactly what
// the step definitions generate.
func TestCommittedFilesMatchTheDefinitions(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(steps.All(), readme)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(root, f.Path))
		if err != nil {
			t.Errorf("%s: %v; run go generate ./...", f.Path, err)
			continue
		}
		if diff := cmp.Diff(string(f.Content), string(got)); diff != "" {
			t.Errorf("%s is out of date; run go generate ./... (-generated +committed):\n%s", f.Path, diff)
		}
	}
	// No action.yml for a step that no longer exists.
	dirs, _ := filepath.Glob(filepath.Join(root, "actions", "*"))
	for _, d := range dirs {
		if s := steps.Find(filepath.Base(d)); s == nil {
			t.Errorf("%s has no step behind it", d)
		}
	}
}

func TestStepActionCarriesEveryInputAndOutput(t *testing.T) {
	s := &step.Spec{
		Name:        "deploy",
		Description: `Say "hi": now`,
		Inputs: []step.Input{
			{Name: "environment", Required: true, Description: "Where."},
			{Name: "github-token", Default: "", ActionDefault: "${{ github.token }}", Description: "Token."},
			{Name: "lock-timeout", Default: "5m", Description: "Wait."},
		},
		Outputs: []step.Output{{Name: "outcome", Description: "What happened."}},
	}
	got := string(StepAction(s))
	for _, want := range []string{
		`description: "Say \"hi\": now"`,
		"  environment:\n    description: \"Where.\"\n    required: true\n",
		"  github-token:\n    description: \"Token.\"\n    required: false\n    default: \"${{ github.token }}\"\n",
		"  lock-timeout:\n    description: \"Wait.\"\n    required: false\n    default: \"5m\"\n",
		"outputs:\n  outcome:\n    description: \"What happened.\"\n",
		"runs:\n  using: \"docker\"\n  image: \"../../Dockerfile\"\n  args:\n    - \"deploy\"\n",
		"branding:\n  icon: \"upload-cloud\"",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("action.yml lacks %q:\n%s", want, got)
		}
	}
}

func TestRootActionPicksTheStepAndLeavesDefaultsToTheBinary(t *testing.T) {
	a := &step.Spec{Name: "a", Inputs: []step.Input{{Name: "x", Default: "1", Description: "X."}}}
	b := &step.Spec{Name: "b", Inputs: []step.Input{{Name: "x", Default: "2", Description: "X."}}}
	got := string(RootAction([]*step.Spec{a, b}))
	for _, want := range []string{"  step:\n", "required: true", "(Used by: a, b.)", "    - \"${{ inputs.step }}\"\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("root action.yml lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "default:") {
		t.Errorf("root action.yml sets a default the steps disagree on:\n%s", got)
	}
}

func TestReadmeWithoutMarkersIsAnError(t *testing.T) {
	if _, err := ReplaceReference([]byte("# readme\n"), nil); err == nil {
		t.Fatal("want an error naming the missing markers")
	}
}
