// Package plancomment is the plan-comment step: plan each environment and
// keep one accurate, safe, readable comment on the pull request.
package plancomment

import (
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Spec defines the plan-comment step.
func Spec() *step.Spec {
	return &step.Spec{
		Name: "plan-comment",
		Description: "Plan each environment and keep one comment on the pull request up to date: counts, " +
			"protected destroys first, changes by action with changed attributes, drift and outputs, secrets redacted, never over GitHub's size limit.",
		Inputs: []step.Input{
			{Name: "environments", Default: "dev", Validate: step.ListOf(policy.ValidEnvironment),
				Description: "Environments to plan, comma-separated, each in promotion-order. Each uses its backend file and variables files: backend-config and var-file, else the project's layout in olympus.yaml, " +
					"else environments/<env>/backend.tfbackend and, when it exists, environments/<env>/terraform.tfvars."},
			step.PromotionOrder,
			step.WorkingDirectory,
			step.BackendConfigEach,
			step.VarFileEach,
			{Name: "plan-json", Repeatable: true,
				Description: "Render existing `terraform show -json` files instead of running terraform: env=path, one per line (or flag), or a single path when one environment is planned."},
			step.ProtectedTypes,
			{Name: "allow-destroy-label", Default: "allow-destroy",
				Description: "Pull request label that allows destroying protected resources."},
			{Name: "comment", Default: "update", Validate: step.OneOf("update", "new", "off"),
				Description: "update: keep one comment per working directory, each environment in its own section; new: post a new comment; off: job summary only."},
			{Name: "plan-file-dir",
				Description: "Where saved plans go (they hold secrets; keep them out of artifacts you share). Default: a directory under the system temp dir."},
			step.GitHubToken("Token for the comment; needs pull-requests: write."),
			{Name: "lock", Bool: true, Default: "false",
				Description: "Take the state lock while planning. Off by default: pull-request plans run with read-only credentials that cannot write the lock object, and deploy refuses a saved plan whose state changed since it was made."},
			step.LockTimeout,
			policyPathInput,
			policySARIFInput,
			step.EngineInput,
			step.TerraformVersion,
			step.TerraformPath,
		},
		Outputs: []step.Output{
			{Name: "has-changes", Description: "true when any environment's plan has changes."},
			{Name: "add", Description: "Resources to add, all environments."},
			{Name: "change", Description: "Resources to change in place, all environments."},
			{Name: "destroy", Description: "Resources to destroy, all environments."},
			{Name: "replace", Description: "Resources to replace, all environments."},
			{Name: "protected-destroys", Description: "Protected resources destroyed or replaced, all environments."},
			{Name: "plan-files", Description: "env=path of each saved plan, one per line."},
			{Name: "plan-sha256", Description: "env=sha256 of each saved plan, one per line, for deploy to check it applies what was reviewed."},
			{Name: "comment-url", Description: "The pull request comment, when one was written."},
			policyDenialsOutput,
			policyWarningsOutput,
		},
		Example: `
on:
  pull_request:
    types: [opened, synchronize, reopened, labeled, unlabeled]
jobs:
  plan:
    strategy:
      matrix: { environment: [dev, staging, prod] }
    permissions: { contents: read, pull-requests: write, id-token: write }
    steps:
      - uses: actions/checkout@<full commit sha>
      - uses: olympus-cloud/deploy-actions/actions/plan-comment@v1
        with:
          environments: ${{ matrix.environment }}
          working-directory: terraform`,
		Run: run,
	}
}
