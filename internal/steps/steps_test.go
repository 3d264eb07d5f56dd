package steps

import "testing"

// Every step listed runs, here (Run) or in its own binary (Binary): there
// is no scaffolding for steps that are not built.
func TestEveryStepRuns(t *testing.T) {
	for _, s := range All() {
		if (s.Run == nil) == (s.Binary == "") {
			t.Errorf("step %s: want exactly one of Run and Binary", s.Name)
		}
	}
}
