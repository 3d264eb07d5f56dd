package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/steps"
)

func policyTest(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), steps.All(), append([]string{"policy", "test"}, args...), &stdout, &stderr, func(string) string { return "" })
	return code, stdout.String() + stderr.String()
}

// TestTheRepositorysPoliciesPassTheirTests runs `olympus policy test
// policy/` on the example policies the repository ships, as CI does.
func TestTheRepositorysPoliciesPassTheirTests(t *testing.T) {
	code, out := policyTest(t, "-v", filepath.Join("..", "..", "policy"))
	if code != 0 || !strings.Contains(out, "8 passed, 0 failed") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, name := range []string{"data.olympus_rules.sql_test.test_destroy_denied_in_every_environment", "data.olympus_rules.iam_test.test_prod_iam_change_with_label_warns"} {
		if !strings.Contains(out, "PASS "+name) {
			t.Errorf("no PASS for %s:\n%s", name, out)
		}
	}
}

func TestAFailingPolicyTestFailsWithItsName(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"p.rego":      "package p\n\ndeny contains \"no\" if { input.bad }\n",
		"p_test.rego": "package p\n\ntest_denies if {\n  deny with input as {\"bad\": true}\n}\n\ntest_wrongly_expects_nothing if {\n  count(deny) == 0 with input as {\"bad\": true}\n}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out := policyTest(t, dir)
	if code != 1 || !strings.Contains(out, "FAIL data.p.test_wrongly_expects_nothing ("+filepath.ToSlash(dir)+"/p_test.rego:7)") || !strings.Contains(out, "1 passed, 1 failed") {
		t.Fatalf("exit %d, want 1 naming the test:\n%s", code, out)
	}
	if strings.Contains(out, "FAIL data.p.test_denies") {
		t.Errorf("a passing test is reported failed:\n%s", out)
	}

	if err := os.WriteFile(filepath.Join(dir, "broken.rego"), []byte("package b\n\ndeny contains x if {\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := policyTest(t, dir); code != 2 || !strings.Contains(out, "broken.rego:") {
		t.Errorf("a malformed policy: exit %d, want 2 naming the file:\n%s", code, out)
	}
	empty := t.TempDir()
	if code, out := policyTest(t, empty); code != 1 || !strings.Contains(out, "no test_ rule") {
		t.Errorf("no tests: exit %d, want 1:\n%s", code, out)
	}
	if code, _ := policyTest(t, filepath.Join(empty, "missing")); code != 2 {
		t.Errorf("a missing directory: exit %d, want 2", code)
	}
}
