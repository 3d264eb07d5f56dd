package plancomment

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// BenchResources is the size of the benchmark plan.
const BenchResources = 10000

var (
	benchOnce sync.Once
	benchDir  string
	benchJSON []byte
	benchErr  error
)

// benchPlan makes a real saved plan of BenchResources services with the
// local provider, once, and its `terraform show -json`. OLYMPUS_BENCH_DIR
// keeps it between runs.
func benchPlan(b *testing.B) (dir string, planJSON []byte) {
	b.Helper()
	benchOnce.Do(func() {
		benchDir = os.Getenv("OLYMPUS_BENCH_DIR")
		if benchDir == "" {
			benchDir, benchErr = os.MkdirTemp("", "olympus-bench-")
			if benchErr != nil {
				return
			}
		}
		main := fmt.Sprintf(`
terraform {
  required_providers {
    localcloud = { source = "olympus/localcloud", version = "0.1.0" }
  }
}
provider "localcloud" {
  root = "${path.root}/cloud"
}
resource "localcloud_service" "svc" {
  count = %d
  name  = "olympus-svc-${count.index}"
  image = "europe-docker.pkg.dev/olympus/services/svc-${count.index}:v1.42.0"
  env = {
    ENVIRONMENT = "dev"
    LOG_LEVEL   = "info"
    REGION      = "europe-west1"
    SERVICE     = "svc-${count.index}"
    FEATURES    = "billing,search,notifications,exports"
  }
}
`, BenchResources)
		if benchErr = os.WriteFile(filepath.Join(benchDir, "main.tf"), []byte(main), 0o644); benchErr != nil {
			return
		}
		ctx := context.Background()
		var tf *terraform.Terraform
		if tf, benchErr = terraform.New(ctx, terraform.Options{Dir: benchDir}); benchErr != nil {
			return
		}
		// init every time: the provider it installs comes from this test
		// process's mirror.
		if benchErr = tf.InitNoBackend(ctx); benchErr != nil {
			return
		}
		cached := filepath.Join(benchDir, "plan.json")
		if benchJSON, benchErr = os.ReadFile(cached); benchErr == nil {
			return
		}
		if _, benchErr = tf.Plan(ctx, terraform.PlanOptions{Out: filepath.Join(benchDir, "plan.tfplan")}); benchErr != nil {
			return
		}
		cmd := exec.Command(tf.ExecPath(), "show", "-json", "plan.tfplan")
		cmd.Dir = benchDir
		if benchJSON, benchErr = cmd.Output(); benchErr != nil {
			return
		}
		benchErr = os.WriteFile(cached, benchJSON, 0o644)
	})
	if benchErr != nil {
		b.Fatalf("failed to make the benchmark plan: %v", benchErr)
	}
	return benchDir, benchJSON
}

// BenchmarkPlanComment renders a 10,000-resource plan (parse, the comment
// within GitHub's limit, and the full job summary), beside terraform
// rendering the same saved plan as text.
func BenchmarkPlanComment(b *testing.B) {
	b.Setenv("TF_CLI_CONFIG_FILE", tfenv.Shared(b))
	dir, planJSON := benchPlan(b)
	b.Logf("plan: %d resources, %.1f MB of JSON", BenchResources, float64(len(planJSON))/1e6)

	b.Run("render", func(b *testing.B) {
		b.SetBytes(int64(len(planJSON)))
		b.ReportAllocs()
		for b.Loop() {
			p, err := parse(planJSON)
			if err != nil {
				b.Fatal(err)
			}
			e := &EnvPlan{Environment: "dev", Plan: p, Protected: protectedTypes(), PlanFile: "dev.tfplan"}
			body := Merge("terraform", "", []*EnvPlan{e}, CommentLimit)
			summary := FitSection(e, report.SummaryLimit-4096)
			if len(body) > CommentLimit || !strings.Contains(summary, "10000 to add") {
				b.Fatalf("comment %d bytes; summary starts %q", len(body), summary[:min(len(summary), 80)])
			}
		}
	})
	b.Run("terraform-show-text", func(b *testing.B) {
		tfPath, err := terraform.Find("")
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			cmd := exec.Command(tfPath, "show", "-no-color", "plan.tfplan")
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil || len(out) == 0 {
				b.Fatalf("terraform show: %v\n%s", err, out)
			}
		}
	})
}

// BenchmarkPlanComment100k renders the synthetic 100,000-resource plan
// (see synthPlan100k) the way the step does: read from the file, secrets
// collected, the comment within GitHub's limit and the full job summary.
func BenchmarkPlanComment100k(b *testing.B) {
	b.Setenv("TF_CLI_CONFIG_FILE", tfenv.Shared(b))
	dir, _ := benchPlan(b)
	file := synthPlan100k(b, dir)
	st, err := os.Stat(file)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("plan: %d resources, %.1f MB of JSON", Synthetic100k, float64(st.Size())/1e6)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		p, secrets, err := readPlanJSON(&job{planJSON: file, shownJSON: file})
		if err != nil {
			b.Fatal(err)
		}
		if len(secrets) == 0 {
			b.Fatal("no secrets found")
		}
		e := &EnvPlan{Environment: "dev", Plan: p, Protected: protectedTypes(), PlanFile: "dev.tfplan"}
		body := Merge("terraform", "", []*EnvPlan{e}, CommentLimit)
		summary := FitSection(e, report.SummaryLimit-4096)
		if len(body) > CommentLimit || !strings.Contains(summary, "to add") {
			b.Fatalf("comment %d bytes; summary starts %q", len(body), summary[:min(len(summary), 80)])
		}
	}
}
