// Package deploy is the deploy step: init against the environment's backend,
// plan, apply, and report what changed.
package deploy

import (
	"github.com/olympus-cloud/deploy-actions/internal/policy"
	"github.com/olympus-cloud/deploy-actions/internal/step"
)

// Spec defines the deploy step.
func Spec() *step.Spec {
	return &step.Spec{
		Name: "deploy",
		Description: "Deploy the Terraform root module to one environment: init against that " +
			"environment's backend, plan, and apply exactly the plan that was shown.",
		Inputs: []step.Input{
			{Name: "environment", Required: true, Validate: policy.ValidEnvironment,
				Description: "Environment to deploy, one of promotion-order (dev, staging or prod by default)."},
			step.WorkingDirectory,
			{Name: "backend-config",
				Description: "Backend configuration file for terraform init, relative to the working directory. Default: environments/<environment>/backend.tfbackend."},
			{Name: "var-file",
				Description: "Variables file for plan, relative to the working directory. Default: environments/<environment>/terraform.tfvars when it exists."},
			policy.PromotionOrder,
			{Name: "allowed-refs", Default: "refs/heads/main",
				Description: "Refs that may deploy to any environment after the first, comma-separated."},
			{Name: "plan-file",
				Description: "The reviewed plan to apply (plan-comment's saved plan). Default: plan and apply in this run."},
			{Name: "plan-sha256",
				Description: "sha256 of plan-file as plan-comment reported it; a different file is refused."},
			policy.ProtectedTypes,
			{Name: "allow-destroy", Bool: true, Default: "false",
				Description: "Allow destroying or replacing protected resources."},
			{Name: "allow-drift", Bool: true, Default: "false",
				Description: "Allow applying over changes made outside Terraform beyond the first environment (it reverts them)."},
			step.GitHubToken("Token for the deployment records and the promotion check; needs deployments: write."),
			{Name: "break-glass", Bool: true, Default: "false",
				Description: "Deploy without GitHub (no promotion check, no deployment record), when CI or GitHub is down. Document the change."},
			step.LockTimeout,
			step.TerraformVersion,
			step.TerraformPath,
		},
		Outputs: []step.Output{
			{Name: "outcome", Description: "applied, no-changes, refused or failed."},
			{Name: "has-changes", Description: "true when the plan had changes."},
			{Name: "add", Description: "Resources added (a replace counts as one add and one destroy)."},
			{Name: "change", Description: "Resources changed in place."},
			{Name: "destroy", Description: "Resources destroyed."},
			{Name: "replace", Description: "Resources replaced."},
			{Name: "deployment-id", Description: "The GitHub deployment recorded for this run."},
			{Name: "terraform-outputs", Description: "The root module's outputs as JSON; sensitive ones are \"(sensitive)\" and masked."},
		},
		Run: run,
	}
}
