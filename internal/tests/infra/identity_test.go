package infra

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
	"github.com/olympus-cloud/deploy-actions/internal/tflintrules"
)

var environments = []string{"dev", "staging", "prod"}

// identityColumns are the columns of README.md's identity table.
var identityColumns = []string{"Identity", "Who can become it", "GitHub Environment", "Workflow", "Ref", "Event", "Roles"}

// identityRows reads, from terraform/bootstrap and terraform/ as one
// environment deploys them, who can become each identity and what it may
// do: one row per service account of the bootstrap, cells as README.md
// shows them (the project id replaced by <project>).
func identityRows(t *testing.T, tf, env string) [][]string {
	t.Helper()
	boot := loadRoot(t, filepath.Join(tf, "bootstrap"), env)
	root := loadRoot(t, tf, env)
	project := boot.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("var", "project_id")}, nil)
	if project == "" {
		t.Fatalf("bootstrap %s: no project_id", env)
	}
	accounts := boot.accountIDs()
	grants := append(boot.grants(accounts), root.grants(accounts)...)
	customRoles := boot.customRoles()

	var rows [][]string
	for _, sa := range boot.resources("google_service_account") {
		id := accounts[sa.Labels[1]]
		row := []string{fmt.Sprintf("`%s@%s.iam.gserviceaccount.com`", id, project), "", "—", "—", "—", "—", ""}
		if cond, ok := federation(boot, sa.Labels[1]); ok {
			claims, conj := tflintrules.ConditionClaims(cond)
			if !conj {
				t.Fatalf("%s: the attribute condition of %s is a disjunction", env, id)
			}
			one := func(name, otherwise string) string {
				vs := claims["assertion."+name]
				if len(vs) == 0 {
					return otherwise
				}
				for i := range vs {
					vs[i] = "`" + vs[i] + "`"
				}
				return strings.Join(vs, " or ")
			}
			row[1] = "GitHub Actions jobs of repository " + one("repository_id", "**any**")
			row[2] = strings.ReplaceAll(one("environment", "any"), env, "<env>")
			repo := boot.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("var", "github_repository")}, nil)
			row[3] = strings.ReplaceAll(one("workflow_ref", "any (the branch's own)"), "`"+repo+"/", "`")
			row[4] = one("ref", "any")
			row[5] = one("event_name", "any")
		} else {
			// Not federated: the services that run as it, and who may act
			// as it.
			var who []string
			for _, name := range sortedKeys(root.kids) {
				call := root.kids[name]
				if call.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("var", "service_account")}, nil) == fmt.Sprintf("%s@%s.iam.gserviceaccount.com", id, project) {
					who = append(who, fmt.Sprintf("Cloud Run service `%s` runs as it", call.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("var", "name")}, nil)))
				}
			}
			var actors []string
			for _, g := range grants {
				if g.on == "service account `"+id+"`" && g.role == "roles/iam.serviceAccountUser" {
					actors = append(actors, "`"+g.account+"`")
				}
			}
			if len(actors) > 0 {
				who = append(who, strings.Join(actors, " and ")+" may act as it (`roles/iam.serviceAccountUser`)")
			}
			row[1] = strings.Join(who, "; ")
		}
		var roles []string
		for _, g := range grants {
			if g.account != id || (g.role == "roles/iam.workloadIdentityUser" && strings.HasPrefix(g.on, "service account")) {
				continue
			}
			r := fmt.Sprintf("`%s` on the %s", g.role, g.on)
			if perms, ok := customRoles[g.role]; ok {
				// A custom role is shown with what it holds: the table
				// says exactly what the identity can do.
				r = fmt.Sprintf("`%s` (custom role: `%s`) on the %s", path.Base(g.role), strings.Join(perms, "`, `"), g.on)
			}
			if g.condition != "" {
				if limit, ok := tflintrules.GrantableRoles(g.condition); ok {
					r += ", which may grant only `" + strings.Join(limit, "`, `") + "`"
				} else if prefix, ok := instancePrefix(g.condition); ok {
					r += ", only on the Cloud SQL instances whose name starts with `" + prefix + "`"
				} else {
					t.Fatalf("%s: the table cannot say what the condition on %s of %s allows: %s", env, g.role, id, g.condition)
				}
			}
			if !slices.Contains(roles, r) {
				roles = append(roles, r)
			}
		}
		row[6] = strings.Join(roles, "<br>")
		if row[6] == "" {
			row[6] = "none"
		}
		for i := range row {
			row[i] = strings.ReplaceAll(row[i], project, "<project>")
		}
		rows = append(rows, row)
	}
	return rows
}

var instanceNamePrefix = regexp.MustCompile(`resource\.name\.startsWith\('projects/[^/']+/instances/([^']*)'\)`)

// instancePrefix reads an IAM condition that limits a grant to the Cloud
// SQL instances whose name starts with a prefix: the prefix.
func instancePrefix(condition string) (string, bool) {
	m := instanceNamePrefix.FindStringSubmatch(condition)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// federation returns the attribute condition of the provider of the pool
// that a bootstrap service account trusts (roles/iam.workloadIdentityUser
// in its IAM policy), if it trusts one.
func federation(boot *module, account string) (string, bool) {
	for _, p := range boot.resources("google_service_account_iam_policy") {
		if !slices.Contains(referenced(p.Body.Attributes["service_account_id"].Expr, "google_service_account"), account) {
			continue
		}
		for _, data := range referencedData(p.Body.Attributes["policy_data"].Expr) {
			for _, b := range boot.resource("google_iam_policy", data).Body.Blocks {
				if b.Type != "binding" || boot.str(b.Body.Attributes["role"].Expr, nil) != "roles/iam.workloadIdentityUser" {
					continue
				}
				for _, pool := range referenced(b.Body.Attributes["members"].Expr, "google_iam_workload_identity_pool") {
					for _, prov := range boot.resources("google_iam_workload_identity_pool_provider") {
						if slices.Contains(referenced(prov.Body.Attributes["workload_identity_pool_id"].Expr, "google_iam_workload_identity_pool"), pool) {
							return boot.str(prov.Body.Attributes["attribute_condition"].Expr, nil), true
						}
					}
				}
			}
		}
	}
	return "", false
}

// mergeEnvironments makes one table of the environments' tables, their
// rows matched by their first cell: a cell that differs says which
// environment has which value, and a row that some environments lack
// shows — for them (data_refresh.tf's identity is staging's only).
func mergeEnvironments(tables map[string][][]string) [][]string {
	var keys []string
	rows := map[string]map[string][]string{} // first cell => environment => row
	width := 0
	for _, env := range environments {
		for _, r := range tables[env] {
			if rows[r[0]] == nil {
				keys = append(keys, r[0])
				rows[r[0]] = map[string][]string{}
			}
			rows[r[0]][env] = r
			width = max(width, len(r))
		}
	}
	out := make([][]string, len(keys))
	for i, key := range keys {
		out[i] = make([]string, width)
		for j := range width {
			var order []string
			byValue := map[string][]string{}
			for _, env := range environments {
				v := "—"
				if r, ok := rows[key][env]; ok {
					v = r[j]
				}
				if byValue[v] == nil {
					order = append(order, v)
				}
				byValue[v] = append(byValue[v], env)
			}
			if len(order) == 1 {
				out[i][j] = order[0]
				continue
			}
			var parts []string
			for _, v := range order {
				parts = append(parts, fmt.Sprintf("%s (%s)", v, strings.Join(byValue[v], ", ")))
			}
			out[i][j] = strings.Join(parts, "; ")
		}
	}
	return out
}

func markdownTable(columns []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(columns, " | ") + " |\n|" + strings.Repeat("---|", len(columns)) + "\n")
	for _, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	return b.String()
}

// environmentVariables reads the bootstrap output github_environment_variables:
// per GitHub Environment (<env> for the environment's name), the variables
// the workflows read.
func environmentVariables(t *testing.T, tf string) [][]string {
	t.Helper()
	tables := map[string][][]string{}
	for _, env := range environments {
		boot := loadRoot(t, filepath.Join(tf, "bootstrap"), env)
		var rows [][]string
		for _, b := range boot.blocks {
			// github_environment_variables, and the outputs beside it of
			// one identity each (data_refresh_environment_variables).
			if b.Type != "output" || !strings.HasSuffix(b.Labels[0], "environment_variables") {
				continue
			}
			obj, ok := b.Body.Attributes["value"].Expr.(*hclsyntax.ObjectConsExpr)
			if !ok {
				t.Fatal("github_environment_variables is not an object written out")
			}
			for _, item := range obj.Items {
				name := boot.str(item.KeyExpr, nil)
				vars, ok := item.ValueExpr.(*hclsyntax.ObjectConsExpr)
				if name == "" || !ok {
					t.Fatalf("github_environment_variables: an Environment that cannot be read")
				}
				var names []string
				for _, v := range vars.Items {
					names = append(names, "`"+boot.str(v.KeyExpr, nil)+"`")
				}
				key := "`" + strings.Replace(name, env, "<env>", 1) + "`"
				if i := slices.IndexFunc(rows, func(r []string) bool { return r[0] == key }); i >= 0 {
					rows[i][1] += ", " + strings.Join(names, ", ")
					continue
				}
				rows = append(rows, []string{key, strings.Join(names, ", ")})
			}
		}
		tables[env] = rows
	}
	return mergeEnvironments(tables)
}

// generatedSection is README.md's text between the markers of a generated
// section.
func generatedSection(readme, name string) (before, section, after string, ok bool) {
	begin := "<!-- BEGIN " + name + ": generated by `go test ./internal/tests/infra -run TestREADMETablesMatchTheCode -update` -->\n"
	end := "<!-- END " + name + " -->"
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		return "", "", "", false
	}
	return readme[:i+len(begin)], readme[i+len(begin) : j], readme[j:], true
}

func readmeTables(t *testing.T, tf string) map[string]string {
	tables := map[string][][]string{}
	for _, env := range environments {
		tables[env] = identityRows(t, tf, env)
	}
	return map[string]string{
		"identity table":               markdownTable(identityColumns, mergeEnvironments(tables)),
		"GitHub Environment variables": markdownTable([]string{"GitHub Environment", "Variables"}, environmentVariables(t, tf)),
	}
}

// TestREADMETablesMatchTheCode: terraform/README.md's identity table ("who
// can become which identity, from which workflow, ref and event, with which
// roles") and the GitHub Environment variables are what the HCL says, for
// every environment. -update rewrites them.
func TestREADMETablesMatchTheCode(t *testing.T) {
	path := filepath.Join("..", "..", "..", "terraform", "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	generated := readmeTables(t, filepath.Join("..", "..", "..", "terraform"))
	for _, name := range sortedKeys(generated) {
		before, section, after, ok := generatedSection(readme, name)
		if !ok {
			t.Fatalf("README.md has no generated section %q", name)
		}
		if golden.Updating() {
			readme = before + generated[name] + after
			continue
		}
		if diff := cmp.Diff(generated[name], section); diff != "" {
			t.Errorf("README.md's %s differs from the HCL (-hcl +readme); go test ./internal/tests/infra -run TestREADMETablesMatchTheCode -update rewrites it:\n%s", name, diff)
		}
	}
	if golden.Updating() {
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The table follows the code: a broken copy of the bootstrap (the apply
	// identity trusting any ref of the deploy workflow) reads differently.
	ws := workspace(t, []edit{{"bootstrap/identities.tf", `      "assertion.ref == 'refs/heads/main'",
      "assertion.workflow_ref == '${local.deploy_workflow}'",
`, ""}})
	broken := readmeTables(t, filepath.Join(ws, "terraform"))["identity table"]
	if broken == generated["identity table"] || !strings.Contains(broken, "`terraform-apply@<project>.iam.gserviceaccount.com` | GitHub Actions jobs of repository `812345678` | `<env>` | any (the branch's own) | any |") {
		t.Errorf("the table of a bootstrap whose apply identity has no ref or workflow condition:\n%s", broken)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
