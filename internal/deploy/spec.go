// Package deploy is the deploy step: init against the environment's backend,
// plan, apply, and report what changed.
package deploy

import (
	"github.com/olympus-cloud/deploy-actions/internal/step"
)

// Environments are the Olympus environments, in promotion order.
var Environments = []string{"dev", "staging", "prod"}

// Spec defines the deploy step.
func Spec() *step.Spec {
	return &step.Spec{
		Name: "deploy",
		Description: "Deploy the Terraform root module to one environment: init against that " +
			"environment's backend, plan, and apply exactly the plan that was shown.",
		Inputs: []step.Input{
			{Name: "environment", Required: true, Validate: step.OneOf(Environments...),
				Description: "Environment to deploy: dev, staging or prod."},
			step.WorkingDirectory,
			{Name: "backend-config",
				Description: "Backend configuration file for terraform init, relative to the working directory. Default: environments/<environment>/backend.tfbackend."},
			{Name: "var-file",
				Description: "Variables file for plan, relative to the working directory. Default: environments/<environment>/terraform.tfvars when it exists."},
			step.LockTimeout,
			step.TerraformPath,
		},
		Outputs: []step.Output{
			{Name: "outcome", Description: "applied, no-changes or failed."},
			{Name: "has-changes", Description: "true when the plan had changes."},
			{Name: "add", Description: "Resources added (a replace counts as one add and one destroy)."},
			{Name: "change", Description: "Resources changed in place."},
			{Name: "destroy", Description: "Resources destroyed."},
			{Name: "replace", Description: "Resources replaced."},
		},
		Run: run,
	}
}
