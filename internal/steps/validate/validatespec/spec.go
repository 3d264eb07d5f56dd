// Package validatespec is the definition of the validate step, apart from
// its engine: olympus reads it to generate action.yml and --help and to
// run olympus-validate, without linking the security scanner or the SQL
// parser, which only olympus-validate needs.
package validatespec

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Binary is the program that runs the validate step with its engines.
const Binary = "olympus-validate"

// Checks are validate's checks, in the order they run.
var Checks = []string{"fmt", "validate", "tflint", "security", "migrations"}

// Severities are the finding severities, lowest first.
var Severities = []string{"low", "medium", "high", "critical"}

// DefaultMigrationsPath is where SQL migrations are looked for.
const DefaultMigrationsPath = "migrations/**/*.sql"

// DefaultPostgresVersion is the PostgreSQL major version the migration
// guard assumes (migrations.DefaultPostgresVersion, which this package
// does not link).
const DefaultPostgresVersion = "16"

// PostgresVersion checks a PostgreSQL major version: 9.6, or 10 to 99 (a
// minor version such as 16.4 is accepted and ignored).
func PostgresVersion(v string) error {
	if _, err := ParsePostgresVersion(v); err != nil {
		return err
	}
	return nil
}

// ParsePostgresVersion reads a PostgreSQL version as its major number (9
// for 9.x).
func ParsePostgresVersion(v string) (int, error) {
	major, minor, _ := strings.Cut(strings.TrimSpace(v), ".")
	n, err := strconv.Atoi(major)
	switch {
	case err != nil, n < 9, n > 99, n == 9 && minor == "", n >= 10 && minor != "" && strings.Trim(minor, "0123456789") != "":
		return 0, fmt.Errorf("must be a PostgreSQL major version such as 16 (or 9.6)")
	}
	return n, nil
}

// Spec defines the validate step.
func Spec(run func(context.Context, *step.Runtime) error) *step.Spec {
	wd := step.WorkingDirectory
	wd.Description = "Directory searched for Terraform root modules, relative to the workspace."
	return &step.Spec{
		Name: "validate",
		Description: "Check every Terraform root module with terraform fmt and validate, tflint with the " +
			"Olympus ruleset, and a defsec security scan, and guard SQL migrations against changes that break the running " +
			"version; report annotations, a SARIF file and a job summary. " +
			"Warns (without failing) when a root module that needs providers has no .terraform.lock.hcl.",
		Inputs: []step.Input{
			wd,
			{Name: "checks", Default: strings.Join(Checks, ","), Validate: step.ListOf(step.OneOf(Checks...)),
				Description: "Checks to run, comma-separated: " + strings.Join(Checks, ", ") + "."},
			{Name: "severity-threshold", Default: "high", Validate: step.OneOf(Severities...),
				Description: "Findings at or above this severity fail the step: low, medium, high or critical."},
			{Name: "tflint-config",
				Description: "tflint configuration file, relative to the workspace. Default: .tflint.hcl in the " +
					"working directory or the workspace, else a built-in one (terraform recommended preset and the olympus ruleset)."},
			{Name: "sarif-file", Default: "olympus-validate.sarif",
				Description: "Where to write the SARIF 2.1.0 log of all findings, relative to the workspace; upload it with github/codeql-action/upload-sarif."},
			{Name: "migrations-path", Default: DefaultMigrationsPath, Validate: step.RelativeGlob,
				Description: "SQL migrations the migrations check judges: a glob relative to the workspace (** crosses directories)."},
			{Name: "migrations-lock-severity", Default: "medium", Validate: step.OneOf(Severities...),
				Description: "Severity of the migration guard's lock findings (a statement that blocks a table's reads or writes while it runs, " +
					"or DDL without a lock_timeout): low, medium, high or critical. Findings that break the running version are always high."},
			{Name: "migrations-postgres-version", Default: DefaultPostgresVersion, Validate: PostgresVersion,
				Description: "PostgreSQL major version the migrations run on (such as 16, or 9.6): some statements lock or rewrite a table only before a version."},
			{Name: "migrations-base", Validate: step.GitRef,
				Description: "Git ref: only migrations added or changed since it are judged. Default: the pull request's base in a " +
					"pull_request event; with no base, or no history to compare with (check out with fetch-depth: 0), every file."},
			step.EngineInput,
			step.TerraformVersion,
			step.TerraformPath,
			{Name: "tflint-path",
				Description: "Path to the tflint binary (v0.64.0). Default: tflint on PATH. The olympus plugin is looked up in TFLINT_PLUGIN_DIR, else beside the olympus binary."},
		},
		Outputs: []step.Output{
			{Name: "findings", Description: "Number of findings of every severity."},
			{Name: "failed", Description: "true when a finding is at or above severity-threshold."},
			{Name: "sarif-file", Description: "Path of the SARIF file written."},
		},
		Example: `
- uses: olympus-cloud/deploy-actions/actions/validate@v1
  id: validate
  with:
    working-directory: terraform
- uses: github/codeql-action/upload-sarif@<full commit sha>
  if: always() && steps.validate.outputs.sarif-file != ''
  with:
    sarif_file: ${{ steps.validate.outputs.sarif-file }}`,
		Run:    run,
		Binary: Binary,
	}
}
