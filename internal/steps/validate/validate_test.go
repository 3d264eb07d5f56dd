package validate_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/steps/validate"
	"github.com/olympus-cloud/deploy-actions/internal/steps/validate/defsec"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

func validator(t *testing.T, fixture string) *validate.Validator {
	t.Helper()
	// Our own CLI config: no registry, so the google provider cannot be
	// installed, as on our machines, in the same words on every machine.
	t.Setenv("TF_CLI_CONFIG_FILE", noRegistryConfig(t))
	dir := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("testdata", fixture), dir)
	cfg := filepath.Join(t.TempDir(), "tflint.hcl")
	if err := os.WriteFile(cfg, []byte(validate.DefaultTFLintConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	return &validate.Validator{
		Dir:    dir,
		Checks: validate.Checks,
		TFLint: &validate.TFLint{Path: tfenv.TFLint(t), Config: cfg, PluginDir: tfenv.PluginDir(t)},
		Terraform: func(ctx context.Context, mod string) (*terraform.Terraform, error) {
			return terraform.New(ctx, terraform.Options{Dir: mod})
		},
		Security: defsec.New(),
	}
}

// render is the expected-output form of a result: one line per finding
// and notice, stable across machines.
func render(r *validate.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "modules: %s\n", strings.Join(r.Modules, " "))
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "%s %s %s:%d %s\n", f.Check, f.Severity, f.File, f.Line, f.RuleID)
	}
	for _, n := range r.Notices {
		level := n.Level
		if level == "" {
			level = "notice"
		}
		fmt.Fprintf(&b, "%s %s %s\n", level, n.Check, n.Module)
	}
	return b.String()
}

func TestViolationsGiveExactlyTheExpectedFindings(t *testing.T) {
	v := validator(t, "violations")
	res, err := v.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "violations.findings", render(res))
	for _, f := range res.Findings {
		if f.RuleID == "google-storage-bucket-encryption-customer-key" {
			t.Errorf("a #tfsec:ignore'd finding was reported: %+v", f)
		}
	}
	if len(res.Failing(validate.High)) == 0 || len(res.Failing(validate.Critical)) == 0 {
		t.Errorf("the violations must fail at high and at critical")
	}
	golden.Check(t, "violations.summary.md", stableWords(strings.ReplaceAll(validate.Summary(res, v.Checks, validate.High), v.Dir, "<dir>")))

	// The SARIF log is checked end to end in e2e_test.go.
	if err := validate.WriteSARIF(io.Discard, v.Checks, res.Findings); err != nil {
		t.Fatal(err)
	}
}

func TestCleanFixtureHasNoFindings(t *testing.T) {
	res, err := validator(t, "clean").Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 || len(res.Notices) != 0 {
		t.Errorf("clean fixture: %s", render(res))
	}
}

func TestRootModulesSkipCalledModules(t *testing.T) {
	dir := t.TempDir()
	for p, body := range map[string]string{
		"root/main.tf":           "module \"svc\" {\n  source = \"../modules/svc\"\n}\n",
		"modules/svc/main.tf":    "",
		"other/main.tf":          "",
		"root/.terraform/x/a.tf": "",
		"modules/remote/main.tf": "module \"r\" {\n  source = \"hashicorp/x/y\"\n}\n",
	} {
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	got, err := validate.RootModules(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i], _ = filepath.Rel(dir, got[i])
	}
	if diff := cmp.Diff([]string{"modules/remote", "other", "root"}, got); diff != "" {
		t.Errorf("root modules (-want +got):\n%s", diff)
	}
}

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]validate.Severity{"low": validate.Low, "MEDIUM": validate.Medium, "High": validate.High, "critical": validate.Critical} {
		if got, err := validate.ParseSeverity(in); err != nil || got != want {
			t.Errorf("validate.ParseSeverity(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := validate.ParseSeverity("severe"); err == nil {
		t.Error("an unknown severity was accepted")
	}
}
