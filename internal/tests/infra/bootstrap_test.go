package infra

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/olympus-cloud/deploy-actions/internal/tflintrules"
)

// The properties of terraform/bootstrap that decide who can read or copy
// data, and whether a new project comes up (issue 20). Each is a function
// returning its problems, checked on terraform/ as it is (none) and on a
// broken copy (the problem it exists for).

// blockTypes lists the types a module and the modules it calls declare:
// resource types, and data source types as data.<type>.
func blockTypes(m *module) []string {
	var out []string
	for _, b := range m.blocks {
		var typ string
		switch b.Type {
		case "resource":
			typ = b.Labels[0]
		case "data":
			typ = "data." + b.Labels[0]
		default:
			continue
		}
		if !slices.Contains(out, typ) {
			out = append(out, typ)
		}
	}
	for _, name := range sortedKeys(m.kids) {
		for _, typ := range blockTypes(m.kids[name]) {
			if !slices.Contains(out, typ) {
				out = append(out, typ)
			}
		}
	}
	sort.Strings(out)
	return out
}

// unknownTypes: every resource and data source type anywhere under tf has
// an entry in resourceTypes.
func unknownTypes(t *testing.T, tf string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(tf, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".tf" {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			return diags
		}
		rel, _ := filepath.Rel(tf, path)
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			typ := ""
			switch b.Type {
			case "resource":
				typ = b.Labels[0]
			case "data":
				typ = "data." + b.Labels[0]
			}
			if _, known := resourceTypes[typ]; typ != "" && !known {
				out = append(out, fmt.Sprintf("%s:%d: %s has no entry in resourceTypes (reads_test.go): add its API and the permissions a refresh of it reads", rel, b.DefRange().Start.Line, typ))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// copiesDataOut: a permission that reads or moves data rather than
// configuration. The plan identity holds none, not even on one bucket at
// project level (it reads the state through the state bucket's policy).
func copiesDataOut(permission string) bool {
	verb := permission[strings.LastIndex(permission, ".")+1:]
	return strings.HasPrefix(verb, "export") || strings.HasPrefix(verb, "import") ||
		permission == "secretmanager.versions.access" || permission == "storage.objects.get"
}

// account is the account id of the bootstrap's google_service_account of
// that resource name.
func account(boot *module, name string) string { return boot.accountIDs()[name] }

// planRoleProblems: the plan identity's only project role is a custom role
// holding exactly what a refresh of the olympus root reads, none of it
// copying data out, and its only other grant is objectViewer on the state
// bucket.
func planRoleProblems(t *testing.T, tf, env string) []string {
	t.Helper()
	boot := loadRoot(t, filepath.Join(tf, "bootstrap"), env)
	root := loadRoot(t, tf, env)
	var need []string
	readBy := map[string][]string{}
	for _, typ := range blockTypes(root) {
		for _, p := range resourceTypes[typ].reads {
			if !slices.Contains(need, p) {
				need = append(need, p)
			}
			readBy[p] = append(readBy[p], typ)
		}
	}
	plan := account(boot, "plan")
	customs := boot.customRoles()
	state := "bucket `" + boot.str(boot.resource("google_storage_bucket", "state").Body.Attributes["name"].Expr, nil) + "`"
	var out []string
	var projectRoles int
	for _, g := range append(boot.grants(boot.accountIDs()), root.grants(boot.accountIDs())...) {
		if g.account != plan || (g.role == "roles/iam.workloadIdentityUser" && strings.HasPrefix(g.on, "service account")) {
			continue
		}
		if g.on != "project" {
			if g.role != "roles/storage.objectViewer" || g.on != state {
				out = append(out, fmt.Sprintf("%s: the plan identity holds %s on the %s: its only grant beside its project role is roles/storage.objectViewer on the %s", env, g.role, g.on, state))
			}
			continue
		}
		projectRoles++
		perms, custom := customs[g.role]
		if !custom {
			out = append(out, fmt.Sprintf("%s: the plan identity holds %s on the project: a predefined role holds more than a refresh reads (roles/viewer has cloudsql.instances.export); grant the custom role", env, g.role))
			continue
		}
		role := g.role[strings.LastIndex(g.role, "/")+1:]
		for _, p := range need {
			if !slices.Contains(perms, p) {
				out = append(out, fmt.Sprintf("%s: %s lacks %s, which a refresh of %s reads", env, role, p, strings.Join(readBy[p], ", ")))
			}
		}
		for _, p := range perms {
			switch {
			case copiesDataOut(p):
				out = append(out, fmt.Sprintf("%s: %s holds %s, which copies data out: never give it to the plan identity", env, role, p))
			case !slices.Contains(need, p):
				out = append(out, fmt.Sprintf("%s: %s holds %s, which no refresh of the olympus root reads", env, role, p))
			}
		}
	}
	if projectRoles != 1 {
		out = append(out, fmt.Sprintf("%s: the plan identity has %d project roles, want its one custom role", env, projectRoles))
	}
	return out
}

func TestPlanRoleHoldsWhatARefreshReads(t *testing.T) {
	tf := filepath.Join("..", "..", "..", "terraform")
	if u := unknownTypes(t, tf); len(u) > 0 {
		t.Errorf("types without their reads:\n%s", strings.Join(u, "\n"))
	}
	for _, env := range environments {
		if p := planRoleProblems(t, tf, env); len(p) > 0 {
			t.Errorf("%s", strings.Join(p, "\n"))
		}
	}

	// roles/viewer back (issue 20), an export in the custom role, and a
	// resource type the role does not read.
	ws := filepath.Join(workspace(t, []edit{
		{"bootstrap/identities.tf", "  role    = google_project_iam_custom_role.plan.id\n", "  role    = \"roles/viewer\"\n"},
	}), "terraform")
	wantProblems(t, planRoleProblems(t, ws, "prod"), "prod: the plan identity holds roles/viewer on the project: a predefined role holds more than a refresh reads")

	ws = filepath.Join(workspace(t, []edit{
		{"bootstrap/identities.tf", `    "cloudsql.databases.get",                # google_sql_database`, `    "cloudsql.databases.get", "cloudsql.instances.export", "storage.objects.get",`},
		{"main.tf", "module \"database\" {", "resource \"google_storage_bucket\" \"exports\" {\n  project  = var.project_id\n  name     = \"exports\"\n  location = var.region\n}\n\nresource \"google_pubsub_topic\" \"x\" {\n  name = \"x\"\n}\n\nmodule \"database\" {"},
	}), "terraform")
	wantProblems(t, planRoleProblems(t, ws, "prod"),
		"prod: olympusPlanReader holds cloudsql.instances.export, which copies data out",
		"prod: olympusPlanReader holds storage.objects.get, which copies data out",
		"prod: olympusPlanReader lacks storage.buckets.get, which a refresh of google_storage_bucket reads")
	wantProblems(t, unknownTypes(t, ws), "google_pubsub_topic has no entry in resourceTypes")
}

// wantProblems: each of want is part of one of the problems found.
func wantProblems(t *testing.T, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, w) }) {
			t.Errorf("no problem %q among:\n%s", w, strings.Join(got, "\n"))
		}
	}
}

// nodeOf names what a traversal refers to: a resource (type.name), a data
// source (data.type.name) or a module call (module.name); "" otherwise.
func nodeOf(tr hcl.Traversal) string {
	var names []string
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			names = append(names, s.Name)
		case hcl.TraverseAttr:
			names = append(names, s.Name)
		}
	}
	switch {
	case len(names) >= 3 && names[0] == "data":
		return "data." + names[1] + "." + names[2]
	case len(names) >= 2 && names[0] == "module":
		return "module." + names[1]
	case len(names) >= 2 && strings.HasPrefix(names[0], "google_"):
		return names[0] + "." + names[1]
	}
	return ""
}

// bodyRefs lists what a block's body refers to, nested blocks and
// depends_on included.
func bodyRefs(body *hclsyntax.Body) []string {
	var out []string
	for _, a := range body.Attributes {
		for _, tr := range a.Expr.Variables() {
			if n := nodeOf(tr); n != "" {
				out = append(out, n)
			}
		}
	}
	for _, b := range body.Blocks {
		out = append(out, bodyRefs(b.Body)...)
	}
	return out
}

// enabledAPIs are the services a module's google_project_service enables.
func enabledAPIs(m *module) []string {
	var out []string
	for _, b := range m.resources("google_project_service") {
		for _, each := range m.instances(b) {
			out = append(out, m.str(b.Body.Attributes["service"].Expr, each))
		}
	}
	return out
}

// apiWaitProblems: every resource, data source and module call of a root
// module whose API the same root enables waits for it, directly
// (depends_on) or through something it refers to that does; and every
// API the root's types need is enabled by it or by enabledElsewhere.
func apiWaitProblems(m *module, enabledElsewhere []string) []string {
	own := enabledAPIs(m)
	apisOf := map[string][]string{} // node => the APIs its types need
	refs := map[string][]string{}
	var nodes []string
	for _, b := range m.blocks {
		var node string
		var types []string
		switch b.Type {
		case "resource":
			node, types = b.Labels[0]+"."+b.Labels[1], []string{b.Labels[0]}
		case "data":
			node, types = "data."+b.Labels[0]+"."+b.Labels[1], []string{"data." + b.Labels[0]}
		case "module":
			node, types = "module."+b.Labels[0], blockTypes(m.kids[b.Labels[0]])
		default:
			continue
		}
		nodes = append(nodes, node)
		refs[node] = bodyRefs(b.Body)
		for _, typ := range types {
			if api := resourceTypes[typ].api; api != "" && !slices.Contains(apisOf[node], api) {
				apisOf[node] = append(apisOf[node], api)
			}
		}
	}
	waits := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, n := range nodes {
			if waits[n] {
				continue
			}
			for _, r := range refs[n] {
				if strings.HasPrefix(r, "google_project_service.") || waits[r] {
					waits[n], changed = true, true
					break
				}
			}
		}
	}
	var out []string
	for _, n := range nodes {
		if strings.HasPrefix(n, "google_project_service.") {
			continue
		}
		for _, api := range apisOf[n] {
			switch {
			case slices.Contains(own, api) && !waits[n]:
				out = append(out, fmt.Sprintf("%s needs %s, which this root enables, and does not wait for it: add depends_on = [google_project_service.apis]", n, api))
			case !slices.Contains(own, api) && !slices.Contains(enabledElsewhere, api) && !slices.Contains(defaultAPIs, api):
				out = append(out, fmt.Sprintf("%s needs %s, which nothing enables", n, api))
			}
		}
	}
	return out
}

// Every resource of the bootstrap that needs an API the bootstrap enables
// waits for it: on a new project the first apply must not race the
// enabling of IAM, KMS or Binary Authorization. The olympus root's likewise,
// with what the bootstrap enabled before it.
func TestEveryResourceWaitsForItsAPI(t *testing.T) {
	check := func(tf string) []string {
		boot := loadRoot(t, filepath.Join(tf, "bootstrap"), "prod")
		root := loadRoot(t, tf, "prod")
		out := apiWaitProblems(boot, nil)
		for _, p := range apiWaitProblems(root, enabledAPIs(boot)) {
			out = append(out, "olympus root: "+p)
		}
		return out
	}
	if p := check(filepath.Join("..", "..", "..", "terraform")); len(p) > 0 {
		t.Errorf("%s", strings.Join(p, "\n"))
	}
	ws := filepath.Join(workspace(t, []edit{
		{"bootstrap/identities.tf", "  display_name = \"Terraform plan (read-only)\"\n\n  depends_on = [google_project_service.apis]\n", "  display_name = \"Terraform plan (read-only)\"\n"},
		{"bootstrap/main.tf", "    \"cloudkms.googleapis.com\",\n", ""},
		{"main.tf", "  depends_on = [google_project_service.apis]\n}\n", "}\n"},
	}), "terraform")
	wantProblems(t, check(ws),
		"google_service_account.plan needs iam.googleapis.com, which this root enables, and does not wait for it",
		"google_kms_key_ring.attestation needs cloudkms.googleapis.com, which nothing enables",
		"olympus root: google_compute_network.main needs compute.googleapis.com, which this root enables, and does not wait for it")
}

// stateBucketProblems: the state bucket keeps its history (versioning,
// soft delete of 30 days or more, no destroy) and its IAM policy is the
// bootstrap's whole word: an authoritative policy naming the plan identity
// (objectViewer) and the apply identity (objectUser), and no other grant on
// the bucket or of a storage role on the project.
func stateBucketProblems(t *testing.T, tf, env string) []string {
	t.Helper()
	boot := loadRoot(t, filepath.Join(tf, "bootstrap"), env)
	bucket := boot.resource("google_storage_bucket", "state")
	if bucket == nil {
		return []string{"no google_storage_bucket.state"}
	}
	var out []string
	days := 0
	for _, b := range bucket.Body.Blocks {
		if b.Type == "soft_delete_policy" {
			if v := boot.eval(b.Body.Attributes["retention_duration_seconds"].Expr, nil); v.IsKnown() && v.Type() == cty.Number {
				s, _ := v.AsBigFloat().Int64()
				days = int(s / 86400)
			}
		}
		if b.Type == "versioning" {
			if v := boot.eval(b.Body.Attributes["enabled"].Expr, nil); !v.IsKnown() || v.Type() != cty.Bool || v.False() {
				out = append(out, "the state bucket is not versioned")
			}
		}
	}
	if days < 30 {
		out = append(out, fmt.Sprintf("the state bucket's soft delete keeps deleted objects %d days, want 30 or more", days))
	}
	for _, kind := range []string{"google_storage_bucket_iam_member", "google_storage_bucket_iam_binding"} {
		for _, b := range boot.resources(kind) {
			out = append(out, fmt.Sprintf("%s.%s: the bucket's IAM is one authoritative google_storage_bucket_iam_policy, not additive grants", kind, b.Labels[1]))
		}
	}
	name := "bucket `" + boot.str(bucket.Body.Attributes["name"].Expr, nil) + "`"
	var onBucket []string
	for _, g := range boot.grants(boot.accountIDs()) {
		switch {
		case g.on == name:
			onBucket = append(onBucket, g.role+" "+g.account)
		case g.on == "project" && strings.HasPrefix(g.role, "roles/storage."):
			out = append(out, fmt.Sprintf("%s holds %s on the project: every bucket, the state included", g.account, g.role))
		}
	}
	sort.Strings(onBucket)
	if want := []string{"roles/storage.objectUser " + account(boot, "apply"), "roles/storage.objectViewer " + account(boot, "plan")}; !slices.Equal(onBucket, want) {
		out = append(out, fmt.Sprintf("the state bucket grants %q, want %q", onBucket, want))
	}
	policies := boot.resources("google_storage_bucket_iam_policy")
	if len(policies) != 1 || !slices.Contains(referenced(policies[0].Body.Attributes["bucket"].Expr, "google_storage_bucket"), "state") {
		out = append(out, "the state bucket has no authoritative google_storage_bucket_iam_policy")
	}
	return out
}

func TestStateBucketKeepsItsHistoryAndItsIAMIsAuthoritative(t *testing.T) {
	for _, env := range environments {
		if p := stateBucketProblems(t, filepath.Join("..", "..", "..", "terraform"), env); len(p) > 0 {
			t.Errorf("%s: %s", env, strings.Join(p, "\n"))
		}
	}
	ws := filepath.Join(workspace(t, []edit{
		{"bootstrap/main.tf", "retention_duration_seconds = 30 * 24 * 60 * 60", "retention_duration_seconds = 7 * 24 * 60 * 60"},
		{"bootstrap/main.tf", "resource \"google_storage_bucket_iam_policy\" \"state\" {\n  bucket      = google_storage_bucket.state.name\n  policy_data = data.google_iam_policy.state.policy_data\n}",
			"resource \"google_storage_bucket_iam_binding\" \"state\" {\n  bucket  = google_storage_bucket.state.name\n  role    = \"roles/storage.objectViewer\"\n  members = [google_service_account.plan.member, \"projectViewer:p\"]\n}"},
	}), "terraform")
	wantProblems(t, stateBucketProblems(t, ws, "prod"),
		"the state bucket's soft delete keeps deleted objects 7 days, want 30 or more",
		"google_storage_bucket_iam_binding.state: the bucket's IAM is one authoritative google_storage_bucket_iam_policy",
		"the state bucket has no authoritative google_storage_bucket_iam_policy")
}

// providerClaims reads the attribute condition of the provider the
// bootstrap's service account of that resource name trusts.
func providerClaims(t *testing.T, boot *module, name string) map[string][]string {
	t.Helper()
	cond, ok := federation(boot, name)
	if !ok {
		t.Fatalf("%s trusts no workload identity pool", name)
	}
	claims, ok := tflintrules.ConditionClaims(cond)
	if !ok {
		t.Fatalf("%s: the condition is a disjunction: %s", name, cond)
	}
	return claims
}

// planConditionProblems: prod's plan identity accepts only dispatch and
// schedule runs of the deploy and drift workflows on main, in prod-plan:
// no branch, pull request or other workflow can become it.
func planConditionProblems(t *testing.T, tf string) []string {
	t.Helper()
	boot := loadRoot(t, filepath.Join(tf, "bootstrap"), "prod")
	repo := boot.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("var", "github_repository")}, nil)
	claims := providerClaims(t, boot, "plan")
	var out []string
	check := func(claim string, allowed ...string) {
		got := claims["assertion."+claim]
		if len(got) == 0 {
			out = append(out, fmt.Sprintf("prod's plan identity does not restrict %s (want one of %q)", claim, allowed))
		}
		for _, v := range got {
			if !slices.Contains(allowed, v) {
				out = append(out, fmt.Sprintf("prod's plan identity accepts %s %q (want one of %q)", claim, v, allowed))
			}
		}
	}
	check("event_name", "workflow_dispatch", "schedule")
	check("ref", "refs/heads/main")
	check("workflow_ref", repo+"/.github/workflows/deploy-infrastructure.yml@refs/heads/main", repo+"/.github/workflows/drift.yml@refs/heads/main")
	check("environment", "prod-plan")
	return out
}

func TestProdPlanIdentityOnlyFromMainAndTheNamedWorkflows(t *testing.T) {
	if p := planConditionProblems(t, filepath.Join("..", "..", "..", "terraform")); len(p) > 0 {
		t.Errorf("%s", strings.Join(p, "\n"))
	}
	// Pull requests turned on for prod: any branch's workflow again.
	ws := filepath.Join(workspace(t, []edit{
		{"bootstrap/environments/prod/terraform.tfvars", "plan_pull_requests   = false", "plan_pull_requests   = true"},
	}), "terraform")
	wantProblems(t, planConditionProblems(t, ws),
		`prod's plan identity accepts event_name "pull_request"`,
		"prod's plan identity does not restrict ref",
		"prod's plan identity does not restrict workflow_ref")
}

// sqlRecoverProblems: the sql-recover identity holds one custom role,
// clone, get and list of Cloud SQL instances, conditioned on the olympus
// instances' name prefix, which the olympus root's instance has.
func sqlRecoverProblems(t *testing.T, tf, env string) []string {
	t.Helper()
	boot := loadRoot(t, filepath.Join(tf, "bootstrap"), env)
	root := loadRoot(t, tf, env)
	project := boot.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("var", "project_id")}, nil)
	instance := root.kids["database"].str(root.kids["database"].resource("google_sql_database_instance", "main").Body.Attributes["name"].Expr, nil)
	id := account(boot, "sql_recover")
	customs := boot.customRoles()
	var out []string
	n := 0
	for _, g := range boot.grants(boot.accountIDs()) {
		if g.account != id || (g.role == "roles/iam.workloadIdentityUser" && strings.HasPrefix(g.on, "service account")) {
			continue
		}
		n++
		perms, custom := customs[g.role]
		if !custom || g.on != "project" {
			out = append(out, fmt.Sprintf("sql-recover holds %s on the %s, want only its custom role (roles/cloudsql.admin could export, import and delete)", g.role, g.on))
			continue
		}
		if want := []string{"cloudsql.instances.clone", "cloudsql.instances.get", "cloudsql.instances.list"}; !slices.Equal(perms, want) {
			out = append(out, fmt.Sprintf("sql-recover's custom role holds %q, want %q", perms, want))
		}
		prefix, ok := instancePrefix(g.condition)
		want := "resource.type != 'sqladmin.googleapis.com/Instance' || resource.name.startsWith('projects/" + project + "/instances/" + prefix + "')"
		switch {
		case !ok || g.condition != want:
			out = append(out, fmt.Sprintf("sql-recover's grant has condition %q, want the instance name prefix: %q", g.condition, want))
		case prefix == "" || !strings.HasPrefix(instance, prefix):
			out = append(out, fmt.Sprintf("sql-recover may clone instances starting with %q, and the database is %q", prefix, instance))
		}
	}
	if n != 1 {
		out = append(out, fmt.Sprintf("sql-recover has %d grants, want its one custom role", n))
	}
	return out
}

func TestSQLRecoverIsLimitedToCloningTheOlympusInstances(t *testing.T) {
	for _, env := range environments {
		if p := sqlRecoverProblems(t, filepath.Join("..", "..", "..", "terraform"), env); len(p) > 0 {
			t.Errorf("%s: %s", env, strings.Join(p, "\n"))
		}
	}
	ws := filepath.Join(workspace(t, []edit{
		{"bootstrap/identities.tf", "  role    = google_project_iam_custom_role.sql_recover.id\n", "  role    = \"roles/cloudsql.admin\"\n"},
	}), "terraform")
	wantProblems(t, sqlRecoverProblems(t, ws, "prod"), "sql-recover holds roles/cloudsql.admin on the project")
	ws = filepath.Join(workspace(t, []edit{
		{"bootstrap/identities.tf", `"resource.type != 'sqladmin.googleapis.com/Instance' || `, `"`},
		{"bootstrap/identities.tf", `"cloudsql.instances.clone", "cloudsql.instances.get"`, `"cloudsql.instances.clone", "cloudsql.instances.export", "cloudsql.instances.get"`},
	}), "terraform")
	wantProblems(t, sqlRecoverProblems(t, ws, "prod"),
		`sql-recover's custom role holds ["cloudsql.instances.clone" "cloudsql.instances.export"`,
		`sql-recover's grant has condition "resource.name.startsWith('projects/olympus-prod-9c3f/instances/olympus-')"`)
}

// imageProblems: the API's image repository is the bootstrap's, so the
// olympus root's first apply finds the image its Cloud Run service runs:
// the root creates no repository, looks up the bootstrap's, and deploys
// from it. Only the application's release workflow on main may push there.
func imageProblems(t *testing.T, tf, env string) []string {
	t.Helper()
	boot := loadRoot(t, filepath.Join(tf, "bootstrap"), env)
	root := loadRoot(t, tf, env)
	var out []string
	app := boot.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("var", "app_repository")}, nil)
	appID := boot.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("var", "app_repository_id")}, nil)
	for _, name := range []string{"image_push", "image_attestor"} {
		claims := providerClaims(t, boot, name)
		for _, claim := range []string{"repository_id", "ref", "workflow_ref"} {
			want := map[string]string{"repository_id": appID, "ref": "refs/heads/main",
				"workflow_ref": app + "/" + boot.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("var", "app_release_workflow")}, nil) + "@refs/heads/main"}[claim]
			if got := claims["assertion."+claim]; !slices.Equal(got, []string{want}) {
				out = append(out, fmt.Sprintf("%s accepts %s %q, want only %q", account(boot, name), claim, got, want))
			}
		}
	}
	for _, typ := range blockTypes(root) {
		if typ == "google_artifact_registry_repository" {
			out = append(out, "the olympus root creates an Artifact Registry repository: its Cloud Run service would need an image in a repository the same apply creates; the bootstrap makes it")
		}
	}
	repo := boot.resource("google_artifact_registry_repository", "images")
	lookup := root.resource("google_artifact_registry_repository", "images")
	if repo == nil || lookup == nil || lookup.Type != "data" {
		return append(out, "the bootstrap has no google_artifact_registry_repository.images, or the olympus root no data source looking it up")
	}
	attr := func(m *module, b *hclsyntax.Block, name string) string {
		return m.str(b.Body.Attributes[name].Expr, nil)
	}
	for _, a := range []string{"project", "location", "repository_id"} {
		if attr(boot, repo, a) != attr(root, lookup, a) {
			out = append(out, fmt.Sprintf("the olympus root looks up %s %q, the bootstrap makes %q", a, attr(root, lookup, a), attr(boot, repo, a)))
		}
	}
	path := attr(boot, repo, "location") + "-docker.pkg.dev/" + attr(boot, repo, "project") + "/" + attr(boot, repo, "repository_id") + "/"
	if image := root.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("var", "api_image")}, nil); !strings.HasPrefix(image, path) {
		out = append(out, fmt.Sprintf("api_image %q is not in the bootstrap's repository %s", image, path))
	}
	var writers []string
	for _, g := range boot.grants(boot.accountIDs()) {
		if strings.HasPrefix(g.role, "roles/artifactregistry.") && g.role != "roles/artifactregistry.reader" {
			writers = append(writers, g.role+" "+g.account+" on the "+g.on)
		}
	}
	if want := []string{"roles/artifactregistry.writer " + account(boot, "image_push") + " on the Artifact Registry repository `" + attr(boot, repo, "repository_id") + "`"}; !slices.Equal(writers, want) {
		out = append(out, fmt.Sprintf("who may write images: %q, want %q", writers, want))
	}
	return out
}

func TestArtifactRegistryComesBeforeCloudRun(t *testing.T) {
	for _, env := range environments {
		if p := imageProblems(t, filepath.Join("..", "..", "..", "terraform"), env); len(p) > 0 {
			t.Errorf("%s: %s", env, strings.Join(p, "\n"))
		}
	}
	// The repository made by the olympus root again, as before issue 20,
	// and pushes from any branch.
	ws := filepath.Join(workspace(t, []edit{
		{"main.tf", "data \"google_artifact_registry_repository\" \"images\" {", "resource \"google_artifact_registry_repository\" \"images\" {\n  format = \"DOCKER\""},
		{"bootstrap/images.tf", "    \"assertion.ref == 'refs/heads/main'\",\n", ""},
	}), "terraform")
	wantProblems(t, imageProblems(t, ws, "prod"),
		"the olympus root creates an Artifact Registry repository",
		`image-push accepts ref []`)
}

// binaryAuthorizationProblems: every Cloud Run service uses the project's
// Binary Authorization policy, and in prod (and staging, which mirrors it)
// the policy refuses what the release attestor has not attested.
func binaryAuthorizationProblems(t *testing.T, tf, env string) []string {
	t.Helper()
	boot := loadRoot(t, filepath.Join(tf, "bootstrap"), env)
	root := loadRoot(t, tf, env)
	var out []string
	var services func(m *module)
	services = func(m *module) {
		for _, svc := range m.resources("google_cloud_run_v2_service") {
			ok := false
			for _, b := range svc.Body.Blocks {
				if b.Type != "binary_authorization" {
					continue
				}
				v := m.eval(b.Body.Attributes["use_default"].Expr, nil)
				_, breakglass := b.Body.Attributes["breakglass_justification"]
				ok = v.IsKnown() && v.Type() == cty.Bool && v.True() && !breakglass
			}
			if !ok {
				out = append(out, fmt.Sprintf("%s: google_cloud_run_v2_service.%s does not use the project's Binary Authorization policy (binary_authorization { use_default = true }, no breakglass)", m.dir, svc.Labels[1]))
			}
		}
		for _, name := range sortedKeys(m.kids) {
			services(m.kids[name])
		}
	}
	services(root)
	policies := boot.resources("google_binary_authorization_policy")
	if len(policies) != 1 {
		return append(out, fmt.Sprintf("the bootstrap has %d google_binary_authorization_policy, want 1", len(policies)))
	}
	var rule *hclsyntax.Body
	for _, b := range policies[0].Body.Blocks {
		if b.Type == "default_admission_rule" {
			rule = b.Body
		}
	}
	if rule == nil {
		return append(out, "the Binary Authorization policy has no default_admission_rule")
	}
	if got := boot.str(rule.Attributes["evaluation_mode"].Expr, nil); got != "REQUIRE_ATTESTATION" {
		out = append(out, fmt.Sprintf("the policy's evaluation_mode is %q, want REQUIRE_ATTESTATION", got))
	}
	if a, ok := rule.Attributes["require_attestations_by"]; !ok || len(referenced(a.Expr, "google_binary_authorization_attestor")) == 0 {
		out = append(out, "the policy requires no attestation by the bootstrap's attestor")
	}
	if got := boot.str(rule.Attributes["enforcement_mode"].Expr, nil); env != "dev" && got != "ENFORCED_BLOCK_AND_AUDIT_LOG" {
		out = append(out, fmt.Sprintf("in %s the policy's enforcement_mode is %q: an unattested image would run", env, got))
	}
	return out
}

func TestBinaryAuthorizationGuardsProduction(t *testing.T) {
	for _, env := range environments {
		if p := binaryAuthorizationProblems(t, filepath.Join("..", "..", "..", "terraform"), env); len(p) > 0 {
			t.Errorf("%s: %s", env, strings.Join(p, "\n"))
		}
	}
	ws := filepath.Join(workspace(t, []edit{
		{"modules/cloud-run-service/main.tf", "    use_default = true\n", "    use_default = false\n"},
		{"bootstrap/environments/prod/terraform.tfvars", `binary_authorization_enforcement = "ENFORCED_BLOCK_AND_AUDIT_LOG"`, `binary_authorization_enforcement = "DRYRUN_AUDIT_LOG_ONLY"`},
	}), "terraform")
	wantProblems(t, binaryAuthorizationProblems(t, ws, "prod"),
		"modules/cloud-run-service: google_cloud_run_v2_service.main does not use the project's Binary Authorization policy",
		`in prod the policy's enforcement_mode is "DRYRUN_AUDIT_LOG_ONLY"`)
}

// TestBringUpIsWrittenInOrder: terraform/README.md's bring-up of a new
// project names its steps in the order they must run (the bootstrap's
// apply, the release variables, the first image and its attestation, its
// digest pinned, the pipeline's first apply), and the variables it tells
// the application's release workflow to use are the ones the bootstrap
// outputs.
func TestBringUpIsWrittenInOrder(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "terraform", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, "## Bringing up a new project")
	if start < 0 {
		t.Fatal(`terraform/README.md has no "## Bringing up a new project"`)
	}
	section := readme[start:]
	section = section[:strings.Index(section[3:], "\n## ")+3]
	last, lastStep := -1, ""
	for _, step := range []string{
		"gcloud storage buckets create gs://$P-bootstrap-tfstate",
		"terraform apply -var-file=environments/$ENV/terraform.tfvars",
		"application_release_variables",
		"pushes the API's image to `IMAGE_REPOSITORY`",
		"attestations sign-and-create",
		"`api_image` in `environments/<env>/terraform.tfvars`",
		"The pipeline's first apply",
	} {
		i := strings.Index(section, step)
		switch {
		case i < 0:
			t.Errorf("the bring-up does not say %q", step)
		case i < last:
			t.Errorf("the bring-up says %q before %q", step, lastStep)
		default:
			last, lastStep = i, step
		}
	}
	boot := loadRoot(t, filepath.Join("..", "..", "..", "terraform", "bootstrap"), "prod")
	var names []string
	for _, o := range boot.blocks {
		if o.Type != "output" || o.Labels[0] != "application_release_variables" {
			continue
		}
		for _, env := range o.Body.Attributes["value"].Expr.(*hclsyntax.ObjectConsExpr).Items {
			for _, v := range env.ValueExpr.(*hclsyntax.ObjectConsExpr).Items {
				names = append(names, boot.str(v.KeyExpr, nil))
			}
		}
	}
	for _, v := range []string{"IMAGE_REPOSITORY", "ATTESTOR", "ATTESTATION_KEY_VERSION"} {
		if !slices.Contains(names, v) {
			t.Errorf("the bring-up uses $%s, which application_release_variables (%q) does not set", v, names)
		}
	}
}
