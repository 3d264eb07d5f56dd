package regopolicy

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// policies writes files (name → source) into a new directory.
func policies(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const samplePlan = `{
  "format_version": "1.2",
  "terraform_version": "1.11.4",
  "variables": {"db_password": {"value": "canary-var-1234567"}, "api_key": {"value": "canary-sensitive-var"}, "region": {"value": "europe-west1"}},
  "resource_changes": [
    {"address": "google_sql_database_instance.main", "type": "google_sql_database_instance", "name": "main",
     "change": {"actions": ["delete"], "before": {"name": "main", "root_password": "canary-root-pw-123"}, "after": null,
                "before_sensitive": {"root_password": true}, "after_sensitive": false}},
    {"address": "google_project_iam_member.ci", "type": "google_project_iam_member", "name": "ci",
     "change": {"actions": ["create"], "before": null, "after": {"role": "roles/editor", "member": "serviceAccount:ci@x", "condition": []},
                "before_sensitive": false, "after_sensitive": {"condition": []}}},
    {"address": "google_cloud_run_v2_service.api", "type": "google_cloud_run_v2_service", "name": "api",
     "change": {"actions": ["update"], "before": {"env": {"GREETING": "known-canary-value-42"}, "config": "{\"password\": \"canary-json-pw\"}"},
                "after": {"env": {"GREETING": "known-canary-value-42", "LEVEL": "canary-sensitive-env"}, "config": "{\"password\": \"canary-json-pw\"}"},
                "before_sensitive": {}, "after_sensitive": {"env": {"LEVEL": true}}}}
  ],
  "output_changes": {"dsn": {"actions": ["create"], "before": null, "after": "canary-output-dsn", "after_sensitive": true, "before_sensitive": false}},
  "configuration": {"root_module": {"variables": {"api_key": {"sensitive": true, "default": "canary-default-key"}}}}
}`

func sampleInput(t testing.TB, redact func(string) string) ast.Value {
	t.Helper()
	v, err := Input(strings.NewReader(samplePlan), redact)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func evaluate(t *testing.T, dir string, data Data) Results {
	t.Helper()
	s, err := Load(dir, "policy")
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	res, err := s.Evaluate(context.Background(), []Plan{{Input: sampleInput(t, nil), Data: data}}, nil)
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	return res[0]
}

func TestEvaluateDenyWarnViolationWithFileLineAndRule(t *testing.T) {
	dir := policies(t, map[string]string{
		"sql.rego": `package terraform.sql

deny contains msg if {
	some rc in input.resource_changes
	rc.type == "google_sql_database_instance"
	"delete" in rc.change.actions
	msg := sprintf("%s would be destroyed", [rc.address])
}
`,
		"iam/iam.rego": `package terraform.iam

warn_iam contains msg if {
	some rc in input.resource_changes
	startswith(rc.type, "google_project_iam")
	msg := sprintf("IAM change: %s", [rc.address])
}

violation contains {"msg": "gatekeeper style", "details": {}} if {
	data.olympus.environment == "prod"
}

helper := true
`,
		"iam/iam_test.rego": `package terraform.iam
test_nothing if { true }
`,
		".hidden/x.rego": `this is not rego`,
	})
	res := evaluate(t, dir, Data{Environment: "prod"})
	if len(res.Denials) != 2 || len(res.Warnings) != 1 {
		t.Fatalf("denials %+v, warnings %+v", res.Denials, res.Warnings)
	}
	want := Result{Kind: Deny, Rule: "violation", Package: "data.terraform.iam", File: "policy/iam/iam.rego", Line: 9, Message: "gatekeeper style"}
	if res.Denials[0] != want {
		t.Errorf("first denial %+v, want %+v", res.Denials[0], want)
	}
	want = Result{Kind: Deny, Rule: "deny", Package: "data.terraform.sql", File: "policy/sql.rego", Line: 3, Message: "google_sql_database_instance.main would be destroyed"}
	if res.Denials[1] != want {
		t.Errorf("second denial %+v, want %+v", res.Denials[1], want)
	}
	want = Result{Kind: Warn, Rule: "warn_iam", Package: "data.terraform.iam", File: "policy/iam/iam.rego", Line: 3, Message: "IAM change: google_project_iam_member.ci"}
	if res.Warnings[0] != want {
		t.Errorf("warning %+v, want %+v", res.Warnings[0], want)
	}
	if dev := evaluate(t, dir, Data{Environment: "dev"}); len(dev.Denials) != 1 {
		t.Errorf("data.olympus.environment is not per plan: dev denials %+v", dev.Denials)
	}
}

func TestARuleDefinedInTwoFilesNamesEachDefinition(t *testing.T) {
	dir := policies(t, map[string]string{
		"a.rego": "package main\n\ndeny contains \"from a\" if { true }\n",
		"b.rego": "package main\n\n\n\ndeny contains \"from b\" if { true }\ndeny contains \"b again\" if { input.format_version == \"1.2\" }\n",
	})
	res := evaluate(t, dir, Data{})
	got := map[string]string{}
	for _, r := range res.Denials {
		got[r.Message] = r.File + ":" + strconv.Itoa(r.Line)
	}
	want := map[string]string{"from a": "policy/a.rego:3", "from b": "policy/b.rego:5", "b again": "policy/b.rego:6"}
	for m, at := range want {
		if got[m] != at {
			t.Errorf("%q at %q, want %q (all: %v)", m, got[m], at, got)
		}
	}
}

func TestValueFormsAndV0Syntax(t *testing.T) {
	dir := policies(t, map[string]string{
		"v0.rego": "package old\n\ndeny[msg] {\n  input.format_version == \"1.2\"\n  msg := \"v0 works\"\n}\n",
		"forms.rego": `package forms

deny_bool := true
warn_false := false
warn_value := 42
deny_undefined := "never" if { false }
`,
	})
	res := evaluate(t, dir, Data{})
	var msgs []string
	for _, r := range append(res.Denials, res.Warnings...) {
		msgs = append(msgs, r.Rule+"="+r.Message)
	}
	got := strings.Join(msgs, ",")
	if got != "deny_bool=deny_bool,deny=v0 works,warn_value=42" {
		t.Errorf("results %s", got)
	}
}

func TestMalformedPoliciesNameFileAndLine(t *testing.T) {
	for name, tc := range map[string]struct {
		files map[string]string
		want  string
	}{
		"syntax":           {map[string]string{"ok.rego": "package ok\n", "bad.rego": "package bad\n\ndeny contains msg if {\n  msg := \n}\n"}, "policy/bad.rego:"},
		"unsafe":           {map[string]string{"unsafe.rego": "package u\n\n\ndeny contains msg if {\n  x == 1\n}\n"}, "policy/unsafe.rego:4"},
		"v0 typo":          {map[string]string{"old.rego": "package old\n\ndeny[msg] {\n  msg := \"x\"\n  input.a ==\n}\n"}, "policy/old.rego:"},
		"unknown function": {map[string]string{"f.rego": "package f\n\ndeny contains msg if {\n  msg := nosuch(1)\n}\n"}, "policy/f.rego:4"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(policies(t, tc.files), "policy")
			es := AsErrors(err)
			if len(es) == 0 || !strings.Contains(err.Error(), tc.want) || es[0].Line == 0 {
				t.Fatalf("err %v, want one at %s with a line", err, tc.want)
			}
			if strings.Contains(err.Error(), copyPrefix) {
				t.Errorf("the error names the internal copy: %v", err)
			}
		})
	}
}

func TestEvaluationErrorNamesFileAndLine(t *testing.T) {
	dir := policies(t, map[string]string{"conflict.rego": "package c\n\ndeny := msg if {\n  some rc in input.resource_changes\n  msg := rc.address\n}\n"})
	s, err := Load(dir, "policy")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Evaluate(context.Background(), []Plan{{Input: sampleInput(t, nil), Data: Data{Environment: "dev"}}}, nil)
	if err == nil || !strings.Contains(err.Error(), "policy/conflict.rego:") || !strings.Contains(err.Error(), "dev") {
		t.Fatalf("err %v", err)
	}
}

func TestInputIsRedacted(t *testing.T) {
	known := "known-canary-value-42"
	redact := func(s string) string { return strings.ReplaceAll(s, known, "***") }
	v := sampleInput(t, redact)
	text := v.String()
	if strings.Contains(text, "canary") {
		t.Errorf("a secret reached the policies' input:\n%s", text)
	}
	for _, want := range []string{`"root_password": "(sensitive)"`, `"GREETING": "***"`, `"LEVEL": "(sensitive)"`, `"role": "roles/editor"`, `"europe-west1"`} {
		if !strings.Contains(text, want) {
			t.Errorf("input lacks %s:\n%s", want, text)
		}
	}
	// A policy that echoes the whole input says no secret either.
	dir := policies(t, map[string]string{"echo.rego": "package echo\n\nwarn contains json.marshal(input) if { true }\n"})
	s, err := Load(dir, "policy")
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Evaluate(context.Background(), []Plan{{Input: v}}, nil)
	if err != nil || len(res[0].Warnings) != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	if strings.Contains(res[0].Warnings[0].Message, "canary") {
		t.Errorf("a policy's message carries a secret")
	}
}

func TestTestRunsTestRules(t *testing.T) {
	dir := policies(t, map[string]string{
		"p.rego": "package p\n\ndeny contains \"no\" if { input.bad }\n",
		"p_test.rego": `package p

test_denies if {
	deny with input as {"bad": true}
}

test_allows if {
	count(deny) == 0 with input as {"bad": false}
}

test_wrong if {
	count(deny) == 0 with input as {"bad": true}
}
`,
	})
	res, err := Test(context.Background(), dir, "policy")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range res {
		got[r.Name] = r.Passed()
		if r.File != "policy/p_test.rego" || r.Line == 0 {
			t.Errorf("%s at %s:%d", r.Name, r.File, r.Line)
		}
	}
	want := map[string]bool{"data.p.test_denies": true, "data.p.test_allows": true, "data.p.test_wrong": false}
	if len(got) != len(want) {
		t.Fatalf("results %v", got)
	}
	for n, pass := range want {
		if got[n] != pass {
			t.Errorf("%s passed=%v, want %v", n, got[n], pass)
		}
	}
	if _, err := Test(context.Background(), policies(t, map[string]string{"x_test.rego": "package x\ntest_a if {\n  y ==\n}\n"}), "policy"); len(AsErrors(err)) == 0 || !strings.Contains(err.Error(), "policy/x_test.rego:") {
		t.Errorf("a malformed test file: %v", err)
	}
}
