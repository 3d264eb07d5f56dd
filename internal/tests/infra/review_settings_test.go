package infra

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Fixes from the security review of terraform/ that no tflint rule judges
// (they are properties of this configuration, not rules for every user's):
// each is read from the HCL, so removing one fails here.

// hclFile parses one file of terraform/.
func hclFile(t *testing.T, rel string) (*hclsyntax.Body, []byte) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "terraform", rel))
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(src, rel, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return f.Body.(*hclsyntax.Body), src
}

// blocksOf returns the nested blocks of body of the given type whose labels
// start with labels.
func blocksOf(body *hclsyntax.Body, typ string, labels ...string) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, b := range body.Blocks {
		if b.Type == typ && len(b.Labels) >= len(labels) && slices.Equal(b.Labels[:len(labels)], labels) {
			out = append(out, b)
		}
	}
	return out
}

func oneBlock(t *testing.T, body *hclsyntax.Body, typ string, labels ...string) *hclsyntax.Body {
	t.Helper()
	bs := blocksOf(body, typ, labels...)
	if len(bs) != 1 {
		t.Fatalf("want one %s %q block, found %d", typ, labels, len(bs))
	}
	return bs[0].Body
}

// exprText is an attribute's expression as written, "" when unset.
func exprText(body *hclsyntax.Body, src []byte, name string) string {
	a, ok := body.Attributes[name]
	if !ok {
		return ""
	}
	return string(a.Expr.Range().SliceBytes(src))
}

func TestDatabaseKeepsTheReviewFixes(t *testing.T) {
	file, src := hclFile(t, "modules/cloud-sql/main.tf")
	instance := oneBlock(t, file, "resource", "google_sql_database_instance", "main")
	settings := oneBlock(t, instance, "settings")

	// Finding 3: no password exists; users log in with IAM.
	flags := map[string]string{}
	for _, f := range blocksOf(settings, "database_flags") {
		flags[strings.Trim(exprText(f.Body, src, "name"), `"`)] = strings.Trim(exprText(f.Body, src, "value"), `"`)
	}
	if flags["cloudsql.iam_authentication"] != "on" {
		t.Errorf("database flag cloudsql.iam_authentication is %q, want \"on\" (IAM database authentication, no password)", flags["cloudsql.iam_authentication"])
	}
	user := oneBlock(t, file, "resource", "google_sql_user", "app")
	if got := exprText(user, src, "type"); got != `"CLOUD_IAM_SERVICE_ACCOUNT"` {
		t.Errorf("google_sql_user.app type = %s, want \"CLOUD_IAM_SERVICE_ACCOUNT\"", got)
	}
	if got := exprText(user, src, "password"); got != "" {
		t.Errorf("google_sql_user.app sets a password (%s): it would lie in the state and in saved plans", got)
	}

	// Finding 6: autoresize owns the disk after creation.
	if exprText(settings, src, "disk_autoresize") != "true" {
		t.Error("settings.disk_autoresize is not true")
	}
	lifecycle := oneBlock(t, instance, "lifecycle")
	if got := exprText(lifecycle, src, "ignore_changes"); !strings.Contains(got, "settings[0].disk_size") {
		t.Errorf("lifecycle.ignore_changes = %q: without settings[0].disk_size every plan after a growth shrinks the disk", got)
	}

	// Finding 6: deletion refused by the API too, and backups kept.
	for name, want := range map[string]string{"deletion_protection_enabled": "true", "retain_backups_on_delete": "true", "connector_enforcement": `"REQUIRED"`} {
		if got := exprText(settings, src, name); got != want {
			t.Errorf("settings.%s = %q, want %s", name, got, want)
		}
	}
	if got := exprText(instance, src, "deletion_protection"); got != "true" {
		t.Errorf("deletion_protection = %q, want true", got)
	}

	// Finding 6: a maintenance window on the environment's update track
	// (the parity test checks canary in staging, stable in prod).
	window := oneBlock(t, settings, "maintenance_window")
	if got := exprText(window, src, "update_track"); got != "var.update_track" {
		t.Errorf("maintenance_window.update_track = %q, want var.update_track", got)
	}
	if exprText(window, src, "day") == "" || exprText(window, src, "hour") == "" {
		t.Error("maintenance_window has no day or hour")
	}
}

// Finding 3: nothing reads a secret's value into the state or a plan.
func TestNoSecretValueIsReadIntoTheState(t *testing.T) {
	root := filepath.Join("..", "..", "..", "terraform")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".tf" {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		body, _ := hclFile(t, rel)
		for _, b := range blocksOf(body, "data", "google_secret_manager_secret_version") {
			t.Errorf("%s:%d: data source google_secret_manager_secret_version puts the secret in clear in the state and in saved plans", rel, b.DefRange().Start.Line)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Finding 3: a revision runs a pinned secret version, so rotating a secret
// changes nothing until a deploy.
func TestSecretEnvMustPinAVersion(t *testing.T) {
	file, src := hclFile(t, "modules/cloud-run-service/variables.tf")
	variable := oneBlock(t, file, "variable", "secret_env")
	validation := oneBlock(t, variable, "validation")
	cond := exprText(validation, src, "condition")
	m := regexp.MustCompile(`regex\("([^"]+)",\s*s\.version\)`).FindStringSubmatch(cond)
	if m == nil {
		t.Fatalf("secret_env's validation does not check s.version against a pattern: %s", cond)
	}
	pattern := regexp.MustCompile(strings.ReplaceAll(m[1], `\\`, `\`))
	for version, ok := range map[string]bool{"3": true, "12": true, "latest": false, "0": false, "": false} {
		if pattern.MatchString(version) != ok {
			t.Errorf("secret_env version %q accepted=%v by %s, want %v", version, !ok, m[1], ok)
		}
	}
}
