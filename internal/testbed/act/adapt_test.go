package act

import "testing"

func TestAdaptRemovesOnlyTheDeploymentKey(t *testing.T) {
	in := "jobs:\n  a:\n    environment:\n      name: dev-plan\n      deployment: false\n    steps:\n      - run: echo deployment: false\n"
	out, n := Adapt([]byte(in))
	want := "jobs:\n  a:\n    environment:\n      name: dev-plan\n    steps:\n      - run: echo deployment: false\n"
	if string(out) != want || n != 1 {
		t.Errorf("Adapt = %q, %d", out, n)
	}
}

func TestImageNameIsActs(t *testing.T) {
	for uses, want := range map[string]string{
		"./actions/deploy":       "act-actions-deploy-dockeraction:latest",
		"./actions/plan-comment": "act-actions-plan-comment-dockeraction:latest",
	} {
		if got := ImageName(uses); got != want {
			t.Errorf("ImageName(%q) = %q, want %q", uses, got, want)
		}
	}
}
