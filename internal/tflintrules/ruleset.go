// Package tflintrules is the Olympus tflint ruleset: deployment policy from
// our strategy (recoverable databases, separate state per environment,
// immutable images, projects from variables) and the identity and exposure
// rules a GCP security review asks for (who can become a CI identity, a
// read-only plan identity that can copy no data out, a recovery identity
// that can only clone, limited IAM admins, databases that apply and cannot
// be deleted by hand, no unmanaged public services), checked on every pull
// request.
package tflintrules

import (
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// Version is the ruleset's version, reported to tflint.
const Version = "0.3.0"

// Rules are every Olympus rule, enabled by default.
func Rules() []tflint.Rule {
	return []tflint.Rule{
		NewSQLBackupRule(),
		NewProdSQLRetentionRule(),
		NewBackendPerEnvironmentRule(),
		NewImmutableImageRule(),
		NewNoHardcodedProjectRule(),
		NewWIFApplyRule(),
		NewPlanReadOnlyRule(),
		NewPlanNoExportRule(),
		NewSQLRecoverLeastPrivilegeRule(),
		NewConditionalIAMAdminRule(),
		NewSQLEditionTierRule(),
		NewProdSQLDeletionProtectionRule(),
		NewCloudRunInvokerPolicyRule(),
	}
}

// RuleSet is what cmd/tflint-ruleset-olympus serves.
func RuleSet() tflint.RuleSet {
	return &tflint.BuiltinRuleSet{
		Name:    "olympus",
		Version: Version,
		Rules:   Rules(),
	}
}

const docs = "https://github.com/olympus-cloud/deploy-actions/blob/main/docs/tflint-rules.md#"

// rule holds what every Olympus rule has in common.
type rule struct {
	tflint.DefaultRule
	name     string
	severity tflint.Severity
}

func (r *rule) Name() string              { return r.name }
func (r *rule) Enabled() bool             { return true }
func (r *rule) Severity() tflint.Severity { return r.severity }
func (r *rule) Link() string              { return docs + r.name }
