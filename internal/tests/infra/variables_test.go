package infra

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

var (
	expression = regexp.MustCompile(`\$\{\{[^}]*\}\}`)
	variable   = regexp.MustCompile(`\bvars\.([A-Za-z_][A-Za-z0-9_]*)`)
)

// workflowVariableProblems: each variable that a step of a job in a GitHub
// Environment reads (vars.NAME in its with: or run:) is one the bootstrap
// sets in that Environment (sets: Environment template, such as <env> or
// <env>-plan, => names). A job names its Environment by an expression
// (inputs.environment, matrix.environment), read as <env>. Otherwise the
// job runs with an empty value: an auth step with no provider.
func workflowVariableProblems(workflows map[string][]byte, sets map[string][]string) []string {
	var out []string
	for _, file := range sortedKeys(workflows) {
		var w struct {
			Jobs map[string]struct {
				Environment any `yaml:"environment"`
				Steps       []struct {
					Run  string            `yaml:"run"`
					With map[string]string `yaml:"with"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(workflows[file], &w); err != nil {
			out = append(out, file+": not YAML: "+err.Error())
			continue
		}
		for _, name := range sortedKeys(w.Jobs) {
			job := w.Jobs[name]
			env, _ := job.Environment.(string)
			if m, ok := job.Environment.(map[string]any); ok {
				env, _ = m["name"].(string)
			}
			if env == "" {
				continue
			}
			env = expression.ReplaceAllString(env, "<env>")
			for _, e := range environments {
				if env == e || strings.HasPrefix(env, e+"-") {
					env = "<env>" + strings.TrimPrefix(env, e)
				}
			}
			var read []string
			for _, s := range job.Steps {
				texts := []string{s.Run}
				for _, k := range sortedKeys(s.With) {
					texts = append(texts, s.With[k])
				}
				for _, text := range texts {
					for _, m := range variable.FindAllStringSubmatch(text, -1) {
						if !slices.Contains(read, m[1]) {
							read = append(read, m[1])
						}
					}
				}
			}
			for _, v := range read {
				if slices.Contains(repositorySettings, v) {
					continue
				}
				if !slices.Contains(sets[env], v) {
					out = append(out, fmt.Sprintf("%s: job %s reads vars.%s, which the bootstrap does not set in GitHub Environment %s (github_environment_variables: %s)",
						file, name, v, env, strings.Join(sets[env], ", ")))
				}
			}
		}
	}
	return out
}

// repositorySettings are variables a job in an Environment may read that
// are not identities but the repository's own choices, set by its
// maintainers (README: each is documented there, which
// TestRepositorySettingsAreDocumented checks): DEV_VERIFY is deploy-dev's
// checks after the apply.
var repositorySettings = []string{"DEV_VERIFY"}

func TestRepositorySettingsAreDocumented(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range repositorySettings {
		if !strings.Contains(string(b), "`"+v+"`") {
			t.Errorf("README.md does not document the repository variable %s", v)
		}
	}
}

// bootstrapVariables is github_environment_variables: Environment template
// => variable names.
func bootstrapVariables(t *testing.T, tf string) map[string][]string {
	sets := map[string][]string{}
	for _, row := range environmentVariables(t, tf) {
		env := strings.Trim(row[0], "`")
		for _, v := range strings.Split(row[1], ", ") {
			sets[env] = append(sets[env], strings.Trim(v, "`"))
		}
	}
	return sets
}

// TestWorkflowsReadTheVariablesTheBootstrapSets: every variable the
// workflows' jobs read from their GitHub Environment is in the bootstrap's
// github_environment_variables for it (sql-recover.yml once read a
// WIF_PROVIDER nobody set).
func TestWorkflowsReadTheVariablesTheBootstrapSets(t *testing.T) {
	sets := bootstrapVariables(t, filepath.Join("..", "..", "..", "terraform"))
	if len(sets["<env>"]) == 0 || len(sets["<env>-plan"]) == 0 {
		t.Fatalf("github_environment_variables: %v", sets)
	}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", ".github", "workflows", "*.yml"))
	workflows := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		workflows[filepath.Base(p)] = b
	}
	if len(workflows) < 3 {
		t.Fatalf("only %d workflows", len(workflows))
	}
	if problems := workflowVariableProblems(workflows, sets); len(problems) > 0 {
		t.Errorf("variables the bootstrap does not set:\n%s", strings.Join(problems, "\n"))
	}

	// The check reads the Environment and the variable of each step.
	broken := map[string][]byte{"sql-recover.yml": []byte(`
jobs:
  recover:
    environment: { name: "${{ inputs.environment }}", deployment: false }
    steps:
      - uses: google-github-actions/auth@0000000000000000000000000000000000000000
        with:
          workload_identity_provider: ${{ vars.WIF_PROVIDER }}
          service_account: ${{ vars.SQL_RECOVER_SERVICE_ACCOUNT }}
  plan:
    environment: ${{ matrix.environment }}-plan
    steps:
      - run: echo "${{ vars.DEPLOY_SERVICE_ACCOUNT }}"
  build:
    steps:
      - run: echo "${{ vars.ANYTHING }}"
`)}
	got := workflowVariableProblems(broken, sets)
	sort.Strings(got)
	want := []string{
		"sql-recover.yml: job plan reads vars.DEPLOY_SERVICE_ACCOUNT, which the bootstrap does not set in GitHub Environment <env>-plan",
		"sql-recover.yml: job recover reads vars.WIF_PROVIDER, which the bootstrap does not set in GitHub Environment <env>",
	}
	if len(got) != len(want) {
		t.Fatalf("problems of a broken workflow:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %q, want %q...", got[i], want[i])
		}
	}
}
