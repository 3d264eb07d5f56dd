// Package reconcile is the drift-reconcile step: find what changed outside
// Terraform in each environment, keep one GitHub issue per drifted
// environment open until the code matches reality, show exactly where and
// how to codify each change, and on request revert it.
package reconcile

import (
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Spec defines the drift-reconcile step.
func Spec() *step.Spec {
	return &step.Spec{
		Name: "drift-reconcile",
		Description: "Find changes made outside Terraform (break-glass fixes) in each environment, attribute by attribute, " +
			"with where and how to codify each one; keep one issue per drifted environment until code and reality agree; " +
			"optionally revert the first environment.",
		Inputs: []step.Input{
			{Name: "environments", Validate: step.ListOf(validEnvironment),
				Description: "Environments to check, comma-separated. Default: every environment of promotion-order."},
			step.WorkingDirectory,
			step.BackendConfigEach,
			step.VarFileEach,
			promotionOrder,
			{Name: "mode", Default: "report", Validate: step.OneOf("report", "revert"),
				Description: "report: find drift and keep the issues. revert: also apply the code to the environments of revert-environments, undoing the drift."},
			{Name: "revert-environments", Validate: step.ListOf(validEnvironment),
				Description: "Environments mode revert may apply to, comma-separated. Default: the first environment of promotion-order only; production (the last) only when listed. Reverting any other environment is refused before terraform runs."},
			{Name: "issue-label", Default: "drift", Validate: validLabel,
				Description: "Label of the drift issues (one per drifted environment)."},
			{Name: "fail-on-drift", Bool: true, Default: "false",
				Description: "Exit 1 when drift is found (after the issues are written)."},
			protectedTypes,
			step.GitHubToken("Token for the drift issues (issues: write). Without one, drift is only reported in the summary."),
			step.LockTimeout,
			step.EngineInput,
			step.TerraformVersion,
			step.TerraformPath,
		},
		Outputs: []step.Output{
			{Name: "drifted", Description: "true when any environment differs from the code (changes, deletions or pinned traffic); unknown when none was found to but an environment could not be checked."},
			{Name: "drifted-environments", Description: "The environments found drifted, comma-separated."},
			{Name: "resources", Description: "How many resources drifted, in all environments; unknown when an environment could not be checked."},
			{Name: "issue-urls", Description: "The drift issue of each environment written by this run, environment=url, one per line."},
		},
		Example: `
on:
  schedule:
    - cron: "17 */6 * * *"
  workflow_dispatch:
jobs:
  drift:
    strategy:
      matrix: { environment: [dev, staging, prod] }
    concurrency: { group: drift-${{ matrix.environment }}, cancel-in-progress: false }
    permissions: { contents: read, issues: write, id-token: write }
    steps:
      - uses: actions/checkout@<full commit sha>
      - uses: google-github-actions/auth@<full commit sha>
        with:
          workload_identity_provider: ${{ vars.PLAN_WIF_PROVIDER }}
          service_account: ${{ vars.PLAN_SERVICE_ACCOUNT }}
      - uses: olympus-cloud/deploy-actions/actions/drift-reconcile@v1
        with:
          environments: ${{ matrix.environment }}
          working-directory: terraform`,
		Run: run,
	}
}

// validLabel accepts a GitHub label name.
func validLabel(v string) error {
	if len(v) > 50 || strings.ContainsAny(v, ",\n") {
		return errLabel
	}
	return nil
}
