// Package deploy is the deploy step: init against the environment's backend,
// plan, apply, and report what changed.
package deploy

import (
	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Modes of a deploy.
const (
	ModeApply = "apply"
	ModePlan  = "plan"
)

func validKey(v string) error {
	_, err := plan.ParseKey(v)
	return err
}

// Spec defines the deploy step.
func Spec() *step.Spec {
	return &step.Spec{
		Name: "deploy",
		Description: "Deploy the Terraform root module to one environment: init against that " +
			"environment's backend, plan, and apply exactly the plan that was shown; or, in plan mode, check the promotion and save the plan for a later approved apply.",
		Inputs: []step.Input{
			{Name: "environment", Required: true, Validate: policy.ValidEnvironment,
				Description: "Environment to deploy, one of promotion-order (dev, staging or prod by default)."},
			{Name: "mode", Default: ModeApply, Validate: step.OneOf(ModeApply, ModePlan),
				Description: "apply: plan (or take plan-file) and apply. plan: check the promotion, plan, show the plan in the summary and save it (outputs plan-file and plan-sha256) for a later job to apply behind the environment's approval; nothing is applied and no deployment is recorded."},
			step.WorkingDirectory,
			{Name: "backend-config",
				Description: "Backend configuration file for terraform init, relative to the working directory. Default: the project's backend-config in olympus.yaml, else environments/<environment>/backend.tfbackend."},
			{Name: "var-file",
				Description: "Variables file for plan, relative to the working directory. Default: the project's var-files in olympus.yaml (those that exist, in order), else environments/<environment>/terraform.tfvars when it exists."},
			step.PromotionOrder,
			{Name: "allowed-refs", Default: "refs/heads/main",
				Description: "Refs that may deploy to any environment after the first, comma-separated."},
			{Name: "plan-file",
				Description: "The reviewed plan to apply: the plan-file output of a deploy in plan mode, or plan-comment's saved plan. Default: plan and apply in this run."},
			{Name: "plan-sha256",
				Description: "sha256 of plan-file as plan mode or plan-comment reported it (their plan-sha256 output, verbatim); a different plan is refused."},
			{Name: "plan-file-dir",
				Description: "Plan mode: where the saved plan goes (inside the workspace for an artifact upload). Default: a private directory under the runner's temp dir."},
			{Name: "plan-encryption-key", Secret: true, Validate: validKey,
				Description: "An age identity (`olympus plan-key` or age-keygen prints one; keep it in a secret). Plan mode writes the saved plan encrypted with it, and apply decrypts plan-file with it: saved plans hold secrets, and artifacts are readable by anyone who can read the repository."},
			step.ProtectedTypes,
			{Name: "allow-destroy", Bool: true, Default: "false",
				Description: "Allow destroying or replacing protected resources."},
			{Name: "allow-drift", Bool: true, Default: "false",
				Description: "Allow applying over changes made outside Terraform beyond the first environment (it reverts them)."},
			{Name: "unreviewed",
				Description: "A deploy of the default branch compares its plan with the one reviewed in the merged pull request (plan-comment records it in its comment). When there is none to compare with (a direct push, or no record of this environment): refuse, or warn and apply. Default: warn in the first environment of promotion-order, refuse in the others."},
			{Name: "allow-unreviewed", Bool: true, Default: "false",
				Description: "Apply even changes the merged pull request's reviewers were not shown (an unreviewed destroy, replace or resource), or with no reviewed plan at all; needs reason, and files an incident record."},
			{Name: "reason",
				Description: "Why allow-unreviewed is used; goes into the incident record."},
			{Name: "verify",
				Description: "Checks after the apply, a YAML list: `url:` (or `output:` naming a root module output that holds the URL) with `status:` (default 200), `contains:`, `timeout:` (per attempt, default 10s) and `attempts:` (default 5, with backoff); or `run:` a command in the workspace (exit 0 passes). The deployment is a success only when they pass; a verified deploy records the revision each Cloud Run service serves."},
			{Name: "on-verify-failure", Default: OnFailureNone, Validate: step.OneOf(OnFailureNone, OnFailureRollback),
				Description: "none: a failed check fails the deploy. rollback: it also moves the traffic of the Cloud Run services this apply changed back to their known-good revision (the last verified deployment's, as traffic-rollback), waits until it serves and files an incident record; Terraform's changes stay applied."},
			{Name: "cloud-run-services",
				Description: "Cloud Run services to record and roll back, project/region/service, one a line. Default: the google_cloud_run_v2_service resources of the plan (for a rollback, those whose revision this apply changed)."},
			{Name: "run-endpoint",
				Description: "Advanced: host:port of a Cloud Run emulator, spoken to in plaintext gRPC without credentials (tests and demos only)."},
			step.GitHubToken("Token for the deployment records and the promotion check; needs deployments: write, and pull-requests: read for plan parity (issues: write to file incident records as issues)."),
			{Name: "break-glass", Bool: true, Default: "false",
				Description: "Deploy without GitHub (no promotion check, no deployment record), when CI or GitHub is down. Document the change."},
			policyPathInput,
			policyLabelsInput,
			step.LockTimeout,
			step.EngineInput,
			step.TerraformVersion,
			step.TerraformPath,
		},
		Outputs: []step.Output{
			{Name: "outcome", Description: "applied, no-changes, planned (plan mode), refused, failed, or verify-failed (applied, but a check after the apply failed)."},
			{Name: "has-changes", Description: "true when the plan had changes."},
			{Name: "add", Description: "Resources added (a replace counts as one add and one destroy)."},
			{Name: "change", Description: "Resources changed in place."},
			{Name: "destroy", Description: "Resources destroyed."},
			{Name: "replace", Description: "Resources replaced."},
			{Name: "deployment-id", Description: "The GitHub deployment recorded for this run."},
			{Name: "plan-file", Description: "Plan mode: the saved plan (encrypted with plan-encryption-key when given), relative to the workspace when inside it."},
			{Name: "plan-sha256", Description: "The sha256 of the plan as terraform reads it, as env=sha256: in plan mode the plan saved, in apply mode the reviewed plan applied."},
			{Name: "verified", Description: "With verify: true when every check passed after the apply, false otherwise."},
			{Name: "verify-result", Description: "With verify: each check's target, whether it passed, and why not, as JSON (redacted)."},
			{Name: "rolled-back", Description: "With on-verify-failure: rollback: what traffic was moved back, one service a line."},
			{Name: "verified-deployment-id", Description: "The GitHub deployment that records a verified deploy and its serving revisions."},
			{Name: "terraform-outputs", Description: "The root module's outputs as JSON; sensitive ones are \"(sensitive)\" and masked."},
		},
		Example: `
on:
  workflow_dispatch:
    inputs:
      environment: { type: choice, options: [staging, prod] }
jobs:
  plan:  # no approval: the promotion is checked and the plan shown here
    environment: { name: "${{ inputs.environment }}-plan", deployment: false }
    permissions: { contents: read, deployments: read, id-token: write }
    outputs:
      plan-file: ${{ steps.plan.outputs.plan-file }}
      plan-sha256: ${{ steps.plan.outputs.plan-sha256 }}
    steps:
      - uses: actions/checkout@<full commit sha>
      - id: plan
        uses: olympus-cloud/deploy-actions/actions/deploy@v1
        with:
          mode: plan
          environment: ${{ inputs.environment }}
          plan-file-dir: .plans
          plan-encryption-key: ${{ secrets.PLAN_ENCRYPTION_KEY }}
      - uses: actions/upload-artifact@<full commit sha>
        with: { name: plan, path: "${{ steps.plan.outputs.plan-file }}" }
  apply:  # behind the environment's approval: exactly that plan
    needs: plan
    environment: ${{ inputs.environment }}
    concurrency: { group: "terraform-${{ inputs.environment }}", cancel-in-progress: false }
    permissions: { contents: read, deployments: write, id-token: write }
    steps:
      - uses: actions/checkout@<full commit sha>
      - uses: actions/download-artifact@<full commit sha>
        with: { name: plan, path: .plans }
      - uses: olympus-cloud/deploy-actions/actions/deploy@v1
        with:
          environment: ${{ inputs.environment }}
          plan-file: ${{ needs.plan.outputs.plan-file }}
          plan-sha256: ${{ needs.plan.outputs.plan-sha256 }}
          plan-encryption-key: ${{ secrets.PLAN_ENCRYPTION_KEY }}`,
		Run: run,
	}
}
