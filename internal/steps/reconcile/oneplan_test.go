package reconcile

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/tfinstall"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/steps/reconcile/codify"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// driftCases is a module with one resource for every kind of change made
// outside Terraform that drift-reconcile reports or must leave alone.
const driftCases = `
terraform {
  required_providers {
    localcloud = { source = "olympus/localcloud", version = "0.1.0" }
  }
}
provider "localcloud" { root = "${path.root}/.localcloud" }
variable "gone" { default = false }
variable "img" { default = "img:3" }
resource "localcloud_sql_instance" "%CHANGED%" {
  name = "changed"
  tier = "db-f1-micro"
}
resource "localcloud_sql_instance" "ignored" {
  name = "ignored"
  tier = "db-f1-micro"
  lifecycle { ignore_changes = [tier] }
}
resource "localcloud_sql_instance" "ignored_all" {
  name = "ignored-all"
  tier = "db-f1-micro"
  lifecycle { ignore_changes = all }
}
resource "localcloud_sql_instance" "defaulted" {
  name = "defaulted"
  tier = "db-f1-micro"
}
resource "localcloud_service" "deleted" {
  name  = "deleted"
  image = "img:1"
}
resource "localcloud_service" "pinned" {
  name  = "pinned"
  image = var.img
}
resource "localcloud_service" "envchg" {
  name  = "envchg"
  image = "img:1"
  env   = { A = "1", API_TOKEN = "tok-1" }
}
resource "localcloud_sql_instance" "orphan" {
  count = var.gone ? 1 : 0
  name  = "orphan"
  tier  = "db-f1-micro"
}
resource "localcloud_sql_instance" "orphan_deleted" {
  count = var.gone ? 1 : 0
  name  = "orphan-deleted"
  tier  = "db-f1-micro"
}
resource "localcloud_sql_instance" "tainted" {
  name = "tainted"
  tier = "db-f1-micro"
}
resource "localcloud_sql_instance" "unchanged" {
  name = "unchanged"
  tier = "db-f1-micro"
}
`

// drift-reconcile runs one normal plan per environment and reads the drift
// from its resource_drift: this checks, on the test bed's terraform, that
// a normal plan shows everything a refresh-only plan does, and that the
// findings are the same. The cases: an attribute changed by hand, one the
// code does not set, ignore_changes on the attribute and on all, a
// deleted resource, resources gone from the code (changed, and deleted),
// a tainted resource, a moved one that also changed, traffic pinned to an
// older revision (read from the prior state), and a secret-named value.
func TestOnePlanShowsAllTheDrift(t *testing.T) {
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("no terraform on PATH")
	}
	t.Setenv("TF_CLI_CONFIG_FILE", tfenv.Shared(t))
	t.Setenv("CHECKPOINT_DISABLE", "1")
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", strings.Replace(driftCases, "%CHANGED%", "changed", 1))
	path, _ := exec.LookPath("terraform")
	tf, err := tfexec.NewTerraform(dir, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := tf.Init(ctx); err != nil {
		t.Fatal(err)
	}
	for _, vars := range [][]*tfexec.VarOption{{tfexec.Var("gone=true"), tfexec.Var("img=img:2")}, {tfexec.Var("gone=true")}} {
		opts := []tfexec.ApplyOption{}
		for _, v := range vars {
			opts = append(opts, v)
		}
		if err := tf.Apply(ctx, opts...); err != nil {
			t.Fatal(err)
		}
	}

	// Changes by hand, and in the code.
	store := localstore.Store{Root: filepath.Join(dir, ".localcloud")}
	for _, name := range []string{"changed", "ignored", "ignored-all", "orphan", "tainted"} {
		inst, err := store.GetSQLInstance(name)
		if err != nil {
			t.Fatal(err)
		}
		inst.Tier = "db-custom-2-7680"
		if name == "changed" {
			inst.RetentionDays = 14
		}
		if err := store.PutSQLInstance(inst); err != nil {
			t.Fatal(err)
		}
	}
	inst, _ := store.GetSQLInstance("defaulted")
	inst.RetentionDays = 30
	store.PutSQLInstance(inst)
	store.DeleteService("deleted")
	store.DeleteSQLInstance("orphan-deleted")
	store.UpdateService("pinned", func(s *localstore.Service) error {
		s.Traffic = []localstore.TrafficTarget{{Revision: s.Revisions[0].Name, Percent: 100}}
		return nil
	})
	store.UpdateService("envchg", func(s *localstore.Service) error {
		s.Env["A"], s.Env["API_TOKEN"] = "2", "tok-canary-by-hand"
		return nil
	})
	if err := tf.Taint(ctx, "localcloud_sql_instance.tainted"); err != nil {
		t.Fatal(err)
	}
	write("main.tf", strings.Replace(driftCases, "%CHANGED%", "renamed", 1)+
		"moved {\n  from = localcloud_sql_instance.changed\n  to   = localcloud_sql_instance.renamed\n}\n")

	// Both plans, in one session, as drift-reconcile would run them.
	rep := &fakeReporter{outputs: map[string]string{}}
	s, err := terraform.Open(ctx, terraform.SessionOptions{Dir: dir, Masks: rep,
		Engine: tfinstall.Request{Engine: step.Engine{Path: path}}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if refreshOnlyNeeded(s.Version()) {
		t.Fatalf("terraform %s would run a refresh-only plan beside the normal one", s.Version())
	}
	plans := t.TempDir()
	shown, err := s.Plan(ctx, terraform.Job{Environment: "dev", Plans: []terraform.PlanSpec{
		{Out: filepath.Join(plans, "refresh.tfplan"), RefreshOnly: true}, {Out: filepath.Join(plans, "normal.tfplan")}}})
	if err != nil {
		t.Fatal(err)
	}
	refresh, normal := shown[0].Plan, shown[1].Plan

	want := []string{"localcloud_service.deleted", "localcloud_service.envchg", "localcloud_service.pinned",
		"localcloud_sql_instance.defaulted", "localcloud_sql_instance.ignored", "localcloud_sql_instance.ignored_all",
		"localcloud_sql_instance.orphan[0]", "localcloud_sql_instance.orphan_deleted[0]", "localcloud_sql_instance.renamed",
		"localcloud_sql_instance.tainted"}
	if diff := cmp.Diff(want, drifted(refresh)); diff != "" {
		t.Fatalf("the refresh-only plan's drift (-want +got): the cases did not drift as meant\n%s", diff)
	}
	if diff := cmp.Diff(drifts(refresh), drifts(normal)); diff != "" {
		t.Errorf("resource_drift of the refresh-only plan (-) and of the normal plan (+) differ:\n%s", diff)
	}
	if diff := cmp.Diff(jsonOf(t, refresh.PriorState), jsonOf(t, normal.PriorState)); diff != "" {
		t.Errorf("prior states differ (pinned traffic is read there):\n%s", diff)
	}
	loc, err := codify.Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	both, one := Analyze(refresh, normal, nil, loc), Analyze(normal, normal, nil, loc)
	if diff := cmp.Diff(both, one, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Errorf("findings from both plans (-) and from the normal plan alone (+) differ:\n%s", diff)
	}
	if needsSchema(refresh, normal) != needsSchema(normal, normal) {
		t.Error("the schemas are needed with one plan and not the other")
	}
	// What is reported: the deleted, changed, defaulted, orphaned,
	// moved and tainted resources and the pinned service; not what
	// ignore_changes hands to others, nor the orphan already gone.
	if len(one.Pinned) != 1 || one.Count() != 7 || one.Codified != 1 {
		t.Errorf("findings: %d pinned, %d resources, %d codified", len(one.Pinned), one.Count(), one.Codified)
	}
}

func drifted(p *tfjson.Plan) []string {
	var out []string
	for _, rc := range p.ResourceDrift {
		out = append(out, rc.Address)
	}
	return out
}

// drifts are a plan's resource_drift entries as JSON, by address, leaving
// out the moved-only ones (no attribute changed), which a normal plan
// does not list and drift-reconcile does not report.
func drifts(p *tfjson.Plan) map[string]string {
	out := map[string]string{}
	for _, rc := range p.ResourceDrift {
		if rc.Change.Actions.NoOp() {
			continue
		}
		b, _ := json.Marshal(rc)
		out[rc.Address] = string(b)
	}
	return out
}

func jsonOf(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
