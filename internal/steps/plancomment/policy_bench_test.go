package plancomment

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/regopolicy"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// BenchPolicies is how many policy files the policy benchmark judges the
// 10,000-resource plan with.
const BenchPolicies = 200

// benchPolicies can be lowered for a profile.
var benchPolicies = BenchPolicies

// benchPolicyDir writes n policies in the shapes policies take: a rule
// over every resource change filtered by type (most match nothing in the
// plan, some match all 10,000 services and read their attributes), by
// action, by environment, and over the outputs; deny and warn alike.
func benchPolicyDir(tb testing.TB, n, shapes int) string {
	tb.Helper()
	dir := tb.TempDir()
	for i := range n {
		var body string
		switch i % shapes {
		case 0: // a type the plan does not hold
			body = fmt.Sprintf(`deny contains msg if {
	some rc in input.resource_changes
	rc.type == "google_storage_bucket_%d"
	rc.change.after.uniform_bucket_level_access == false
	msg := sprintf("%%s: uniform access off", [rc.address])
}`, i)
		case 1: // every service: an attribute read on each
			body = fmt.Sprintf(`warn contains msg if {
	some rc in input.resource_changes
	rc.type == "localcloud_service"
	not startswith(rc.change.after.image, "europe-docker.pkg.dev/olympus/")
	msg := sprintf("%%s: image outside the registry (%d)", [rc.address])
}`, i)
		case 2: // by action
			body = fmt.Sprintf(`deny contains msg if {
	some rc in input.resource_changes
	"delete" in rc.change.actions
	rc.type == "google_sql_database_instance_%d"
	msg := sprintf("%%s destroyed", [rc.address])
}`, i)
		case 3: // by environment and a nested attribute
			body = fmt.Sprintf(`deny contains msg if {
	data.olympus.environment == "prod"
	some rc in input.resource_changes
	rc.type == "localcloud_service"
	rc.change.after.env.LOG_LEVEL == "debug"
	msg := sprintf("%%s: debug logging in prod (%d)", [rc.address])
}`, i)
		default: // a count over the plan
			body = fmt.Sprintf(`warn contains msg if {
	n := count([rc | some rc in input.resource_changes; "create" in rc.change.actions])
	n > %d
	msg := sprintf("%%d resources created", [n])
}`, 20000+i)
		}
		src := fmt.Sprintf("package bench.p%d\n\n%s\n", i, body)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%03d.rego", i)), []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// cpuTime is the CPU time this process has used, user and system: on a
// machine shared with other work, wall time says little.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPolicies200 is what the policies add to plan-comment on the
// 10,000-resource plan: 200 policies compiled once (load), the plan's JSON
// read into the redacted input (input), and the whole evaluation, input
// included, as the step runs it (evaluate).
func BenchmarkPolicies200(b *testing.B) {
	b.Setenv("TF_CLI_CONFIG_FILE", tfenv.Shared(b))
	_, planJSON := benchPlan(b)
	dir := benchPolicyDir(b, benchPolicies, 5)
	b.Logf("plan: %d resources, %.1f MB of JSON; %d policies", BenchResources, float64(len(planJSON))/1e6, BenchPolicies)
	redact := func(s string) string { return s }
	ctx := context.Background()
	set, err := regopolicy.Load(dir, "policy")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if _, err := regopolicy.Load(dir, "policy"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("input", func(b *testing.B) {
		b.SetBytes(int64(len(planJSON)))
		for b.Loop() {
			if _, err := regopolicy.Input(bytes.NewReader(planJSON), redact); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("evaluate", func(b *testing.B) {
		open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(planJSON)), nil }
		b.ReportAllocs()
		for b.Loop() {
			start, cpu := time.Now(), cpuTime()
			res, err := set.Evaluate(ctx, []regopolicy.Plan{{Open: open, Data: regopolicy.Data{Environment: "dev"}}}, redact)
			if err != nil {
				b.Fatal(err)
			}
			if len(res[0].Warnings) != 0 || len(res[0].Denials) != 0 {
				b.Fatalf("the benchmark's policies found %d denials and %d warnings on a clean plan", len(res[0].Denials), len(res[0].Warnings))
			}
			b.ReportMetric(time.Since(start).Seconds(), "wall-s/eval")
			b.ReportMetric((cpuTime() - cpu).Seconds(), "cpu-s/eval")
		}
	})
	// The cheapest shape alone: 200 rules each about a type the plan does
	// not hold, as most policies are for most plans.
	typed, err := regopolicy.Load(benchPolicyDir(b, benchPolicies, 1), "policy")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("evaluate-by-type", func(b *testing.B) {
		open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(planJSON)), nil }
		b.ReportAllocs()
		for b.Loop() {
			start, cpu := time.Now(), cpuTime()
			if _, err := typed.Evaluate(ctx, []regopolicy.Plan{{Open: open, Data: regopolicy.Data{Environment: "dev"}}}, redact); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(time.Since(start).Seconds(), "wall-s/eval")
			b.ReportMetric((cpuTime() - cpu).Seconds(), "cpu-s/eval")
		}
	})
}
