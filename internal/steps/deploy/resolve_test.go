package deploy

import (
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

func TestReviewedSHA256TakesPlanCommentsOutputVerbatim(t *testing.T) {
	a, b := strings.Repeat("a", 64), strings.Repeat("b", 64)
	for _, tc := range []struct {
		text, env, want string
		exit            int
	}{
		{"dev=" + a + "\nstaging=" + b, "staging", b, 0},
		{"dev=" + a + "\n", "dev", a, 0},
		{strings.ToUpper(a), "prod", a, 0},
		{"dev=" + a + "\nstaging=" + b, "prod", "", step.ExitVerdict},
		{"zz", "dev", "", step.ExitUsage},
		{"dev=" + strings.Repeat("g", 64), "dev", "", step.ExitUsage},
		{a + "\n" + b, "dev", "", step.ExitUsage},
		{"dev=" + a + "\ndev=" + b, "dev", "", step.ExitUsage},
		{"", "dev", "", step.ExitUsage},
	} {
		got, err := ReviewedSHA256(tc.text, tc.env)
		if step.ExitCode(err) != tc.exit || got != tc.want {
			t.Errorf("ReviewedSHA256(%q, %q) = %q, %v (exit %d), want %q exit %d", tc.text, tc.env, got, err, step.ExitCode(err), tc.want, tc.exit)
		}
	}
}

func TestCheckBinding(t *testing.T) {
	main := []byte("resource \"x\" \"y\" {}\n")
	saved := &plan.Saved{BackendType: "gcs", Backend: map[string]string{"bucket": "olympus-tfstate-staging", "prefix": "olympus"},
		Modules: map[string]*plan.Module{"": {Dir: ".", Listed: true, Files: map[string][]byte{"main.tf": main}}}}
	root := func(files map[string][]byte) map[string]*workingModule {
		return map[string]*workingModule{"": {Module: plan.Module{Dir: ".", Files: files}}}
	}
	ok := Binding{Environment: "staging", Backend: map[string]string{"bucket": "olympus-tfstate-staging"}, Modules: root(map[string][]byte{"main.tf": main})}
	if err := CheckBinding(saved, ok); err != nil {
		t.Errorf("the plan's own environment: %v", err)
	}
	prod := Binding{Environment: "prod", Backend: map[string]string{"bucket": "olympus-tfstate-prod"}, Modules: ok.Modules}
	if err := CheckBinding(saved, prod); step.ExitCode(err) != step.ExitVerdict || !strings.Contains(err.Error(), "another environment") {
		t.Errorf("another environment: %v", err)
	}
	changed := Binding{Environment: "staging", Backend: ok.Backend, Modules: root(map[string][]byte{"main.tf": main, "extra.tf": main})}
	if err := CheckBinding(saved, changed); step.ExitCode(err) != step.ExitVerdict || !strings.Contains(err.Error(), "extra.tf is not in the plan") {
		t.Errorf("another configuration: %v", err)
	}
}
