package plancomment

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
)

// Synthetic100k is the size of the large benchmark plan.
const Synthetic100k = 100000

// templateResources is the size of the real plan the large one is copied
// from; Synthetic100k is a multiple of it.
const templateResources = 100

// synthKey is the for_each key of resource i of the template plan: a token
// found nowhere else in the plan, so that a copy renames it safely.
func synthKey(i int) string { return fmt.Sprintf("k%03dz", i) }

// synthMain is the template root module. Every service carries a
// sensitive API token in its env. The first state has keys 0-94; the plan
// under review keeps 0-69 and 88-92 (no-op), moves 70-84 to a new image
// (update), renames 85-87 (replace), drops 93-94 (delete) and adds 95-99
// (create). Key 3 is changed by hand before the plan (drift).
const synthMain = `
terraform {
  required_providers {
    localcloud = { source = "olympus/localcloud", version = "0.1.0" }
  }
}
provider "localcloud" {
  root = "${path.root}/cloud"
}
variable "api_key" {
  type      = string
  sensitive = true
}
variable "keys" { type = list(string) }
variable "updated" { type = list(string) }
variable "renamed" { type = list(string) }
resource "localcloud_service" "svc" {
  for_each = toset(var.keys)
  name     = contains(var.renamed, each.key) ? "olympus-${each.key}-v2" : "olympus-${each.key}"
  image    = "europe-docker.pkg.dev/olympus/services/${each.key}:${contains(var.updated, each.key) ? "v1.43.0" : "v1.42.0"}"
  env = {
    ENVIRONMENT = "dev"
    LOG_LEVEL   = contains(var.updated, each.key) ? "debug" : "info"
    REGION      = "europe-west1"
    SERVICE     = each.key
    FEATURES    = "billing,search,notifications,exports"
    API_TOKEN   = var.api_key
  }
}
output "api_key" {
  value     = var.api_key
  sensitive = true
}
output "services" { value = length(localcloud_service.svc) }
`

func synthVars(keys, updated, renamed []int) string {
	list := func(ix []int) string {
		var q []string
		for _, i := range ix {
			q = append(q, fmt.Sprintf("%q", synthKey(i)))
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprintf("keys = %s\nupdated = %s\nrenamed = %s\n", list(keys), list(updated), list(renamed))
}

func span(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// synthPlan100k returns a `terraform show -json` plan of Synthetic100k
// resources: a real plan of templateResources services made with terraform
// and the local provider (no-op, update, replace, delete, create, drift,
// sensitive values, prior state, planned values, configuration as
// terraform writes them), with every resource entry copied under new keys.
// It is made once into dir and kept.
func synthPlan100k(b *testing.B, dir string) string {
	b.Helper()
	out := filepath.Join(dir, "plan-100k.json")
	if _, err := os.Stat(out); err == nil {
		return out
	}
	tmpl, err := synthTemplate(filepath.Join(dir, "synth"))
	if err != nil {
		b.Fatalf("failed to make the template plan: %v", err)
	}
	if err := replicate(tmpl, out, Synthetic100k/templateResources); err != nil {
		b.Fatalf("failed to make the 100,000-resource plan: %v", err)
	}
	return out
}

func synthTemplate(dir string) ([]byte, error) {
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	os.Setenv("TF_VAR_api_key", "bench-token-0f9e8d7c")
	ctx := context.Background()
	write := func(vars string) error {
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(synthMain), 0o644); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, "terraform.tfvars"), []byte(vars), 0o644)
	}
	if err := write(synthVars(span(0, 94), nil, nil)); err != nil {
		return nil, err
	}
	tf, err := terraform.New(ctx, terraform.Options{Dir: dir})
	if err != nil {
		return nil, err
	}
	if err := tf.InitNoBackend(ctx); err != nil {
		return nil, err
	}
	first := filepath.Join(dir, "first.tfplan")
	if _, err := tf.Plan(ctx, terraform.PlanOptions{Out: first}); err != nil {
		return nil, err
	}
	if err := tf.Apply(ctx, first, nil); err != nil {
		return nil, err
	}
	store := localstore.Store{Root: filepath.Join(dir, "cloud")}
	if _, err := store.UpdateService("olympus-"+synthKey(3), func(s *localstore.Service) error {
		s.Image = "europe-docker.pkg.dev/olympus/services/hotfix:v1.42.1"
		return nil
	}); err != nil {
		return nil, err
	}
	keys := append(span(0, 92), span(95, 99)...)
	if err := write(synthVars(keys, span(70, 84), span(85, 87))); err != nil {
		return nil, err
	}
	review := filepath.Join(dir, "review.tfplan")
	if _, err := tf.Plan(ctx, terraform.PlanOptions{Out: review}); err != nil {
		return nil, err
	}
	cmd := exec.Command(tf.ExecPath(), "show", "-json", "review.tfplan")
	cmd.Dir = dir
	return cmd.Output()
}

// replicate writes tmpl with each resource entry (changes, drift, planned
// values, prior state) copied n times under new keys; the rest as it is.
func replicate(tmpl []byte, out string, n int) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(tmpl, &top); err != nil {
		return err
	}
	f, err := os.Create(out + ".tmp")
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	copies := func(list json.RawMessage) ([]byte, error) {
		var entries []json.RawMessage
		if err := json.Unmarshal(list, &entries); err != nil {
			return nil, err
		}
		// Each entry names one resource, by its key.
		key := make([]string, len(entries))
		for j, e := range entries {
			for i := 0; i < templateResources; i++ {
				if k := synthKey(i); bytes.Contains(e, []byte(k)) {
					key[j] = k
				}
			}
		}
		var buf bytes.Buffer
		buf.WriteByte('[')
		for c := 0; c < n; c++ {
			for j, e := range entries {
				if buf.Len() > 1 {
					buf.WriteByte(',')
				}
				if key[j] == "" {
					buf.Write(e)
					continue
				}
				buf.WriteString(strings.ReplaceAll(string(e), key[j], fmt.Sprintf("%s%04d", key[j], c)))
			}
		}
		buf.WriteByte(']')
		return buf.Bytes(), nil
	}
	var err2 error
	for _, k := range []string{"resource_changes", "resource_drift"} {
		if top[k] != nil {
			if top[k], err2 = copies(top[k]); err2 != nil {
				return err2
			}
		}
	}
	if top["planned_values"], err2 = resourcesAt(top["planned_values"], []string{"root_module", "resources"}, copies); err2 != nil {
		return err2
	}
	if top["prior_state"], err2 = resourcesAt(top["prior_state"], []string{"values", "root_module", "resources"}, copies); err2 != nil {
		return err2
	}
	// terraform's order of the top-level keys.
	order := []string{"format_version", "terraform_version", "variables", "planned_values", "resource_drift", "resource_changes",
		"output_changes", "prior_state", "configuration", "relevant_attributes", "checks", "timestamp", "applyable", "complete", "errored"}
	w.WriteByte('{')
	first := true
	seen := map[string]bool{}
	emit := func(k string) {
		if top[k] == nil || seen[k] {
			return
		}
		seen[k] = true
		if !first {
			w.WriteByte(',')
		}
		first = false
		fmt.Fprintf(w, "%q:", k)
		w.Write(top[k])
	}
	for _, k := range order {
		emit(k)
	}
	rest := make([]string, 0, len(top))
	for k := range top {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		emit(k)
	}
	w.WriteString("}\n")
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(out+".tmp", out)
}

// resourcesAt replaces the list at path inside v by its copies.
func resourcesAt(v json.RawMessage, path []string, copies func(json.RawMessage) ([]byte, error)) (json.RawMessage, error) {
	if len(path) == 0 {
		return copies(v)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		return nil, err
	}
	inner, err := resourcesAt(m[path[0]], path[1:], copies)
	if err != nil {
		return nil, err
	}
	m[path[0]] = inner
	return marshalOrdered(m)
}

// marshalOrdered writes an object with its keys sorted, as terraform does.
func marshalOrdered(m map[string]json.RawMessage) (json.RawMessage, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, "%q:", k)
		buf.Write(m[k])
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
