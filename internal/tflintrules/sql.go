package tflintrules

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// sqlSchema is the part of google_sql_database_instance the SQL rules read.
var sqlSchema = &hclext.BodySchema{
	Attributes: []hclext.AttributeSchema{{Name: "deletion_protection"}},
	Blocks: []hclext.BlockSchema{{
		Type: "settings",
		Body: &hclext.BodySchema{Blocks: []hclext.BlockSchema{{
			Type: "backup_configuration",
			Body: &hclext.BodySchema{Attributes: []hclext.AttributeSchema{
				{Name: "enabled"},
				{Name: "point_in_time_recovery_enabled"},
				{Name: "transaction_log_retention_days"},
			}},
		}}},
	}},
}

// sqlInstance is one google_sql_database_instance as the rules see it;
// backup is nil when settings.backup_configuration is missing, and where
// is the block to point at then.
type sqlInstance struct {
	block  *hclext.Block
	backup *hclext.Block
	where  hcl.Range
}

func sqlInstances(runner tflint.Runner) ([]sqlInstance, error) {
	content, err := runner.GetResourceContent("google_sql_database_instance", sqlSchema, nil)
	if err != nil {
		return nil, err
	}
	var out []sqlInstance
	for _, b := range content.Blocks {
		inst := sqlInstance{block: b, where: b.DefRange}
		for _, s := range b.Body.Blocks {
			inst.where = s.DefRange
			for _, bc := range s.Body.Blocks {
				inst.backup = bc
			}
		}
		out = append(out, inst)
	}
	return out, nil
}

// SQLBackupRule: every Cloud SQL instance keeps backups and point-in-time
// recovery, and cannot be deleted by an apply; our data rollback is a
// point-in-time restore, which needs both.
type SQLBackupRule struct{ rule }

func NewSQLBackupRule() *SQLBackupRule {
	return &SQLBackupRule{rule{name: "olympus_sql_backup_pitr", severity: tflint.ERROR}}
}

func (r *SQLBackupRule) Check(runner tflint.Runner) error {
	insts, err := sqlInstances(runner)
	if err != nil {
		return err
	}
	for _, inst := range insts {
		if a, ok := inst.block.Body.Attributes["deletion_protection"]; ok {
			if err := mustBe(runner, r, a, true, "deletion_protection must not be false: a plan could delete the database and its backups"); err != nil {
				return err
			}
		}
		if inst.backup == nil {
			if err := runner.EmitIssue(r, "settings.backup_configuration is missing: enable backups and point-in-time recovery", inst.where); err != nil {
				return err
			}
			continue
		}
		for _, name := range []string{"enabled", "point_in_time_recovery_enabled"} {
			a, ok := inst.backup.Body.Attributes[name]
			if !ok {
				if err := runner.EmitIssue(r, fmt.Sprintf("backup_configuration.%s is not set: set it to true", name), inst.backup.DefRange); err != nil {
					return err
				}
				continue
			}
			if err := mustBe(runner, r, a, true, fmt.Sprintf("backup_configuration.%s must be true", name)); err != nil {
				return err
			}
		}
	}
	return nil
}

// mustBe reports the attribute when it evaluates to anything but want.
// Values tflint cannot know (variables without a value) are not judged.
func mustBe[T comparable](runner tflint.Runner, r tflint.Rule, a *hclext.Attribute, want T, message string) error {
	return runner.EvaluateExpr(a.Expr, func(v T) error {
		if v == want {
			return nil
		}
		return runner.EmitIssue(r, message, a.Expr.Range())
	}, nil)
}

// ProdSQLRetentionRule: in production, transaction logs are kept 7 days and
// point-in-time recovery stays on, so any moment of the last week can be
// restored.
//
// Production is the environment named in OLYMPUS_ENVIRONMENT (validate sets
// it when it lints a module with environments/<env>/terraform.tfvars, and
// to the callers' environments, comma-separated, when it lints a module
// that roots call) or in the rule's environment option, when it is one of
// production_environments (default ["prod"]).
type ProdSQLRetentionRule struct {
	rule
	getenv func(string) string
}

func NewProdSQLRetentionRule() *ProdSQLRetentionRule {
	return &ProdSQLRetentionRule{rule: rule{name: "olympus_prod_sql_retention", severity: tflint.ERROR}, getenv: os.Getenv}
}

// EnvironmentVariable names the environment being linted.
const EnvironmentVariable = "OLYMPUS_ENVIRONMENT"

type prodConfig struct {
	Environment            string   `hclext:"environment,optional"`
	ProductionEnvironments []string `hclext:"production_environments,optional"`
}

func (r *ProdSQLRetentionRule) production(runner tflint.Runner) (string, bool, error) {
	var cfg prodConfig
	if err := runner.DecodeRuleConfig(r.Name(), &cfg); err != nil {
		return "", false, err
	}
	envs, prods := cfg.Environment, cfg.ProductionEnvironments
	if envs == "" {
		envs = r.getenv(EnvironmentVariable)
	}
	if prods == nil {
		prods = []string{"prod"}
	}
	// A module that roots call is linted with all their environments,
	// comma-separated: it is production if any of them is.
	for _, env := range strings.Split(envs, ",") {
		if env = strings.TrimSpace(env); env != "" && slices.Contains(prods, env) {
			return env, true, nil
		}
	}
	return envs, false, nil
}

func (r *ProdSQLRetentionRule) Check(runner tflint.Runner) error {
	env, prod, err := r.production(runner)
	if err != nil || !prod {
		return err
	}
	insts, err := sqlInstances(runner)
	if err != nil {
		return err
	}
	for _, inst := range insts {
		if inst.backup == nil {
			if err := runner.EmitIssue(r, fmt.Sprintf("in %s, backup_configuration must keep transaction logs 7 days with point-in-time recovery on", env), inst.where); err != nil {
				return err
			}
			continue
		}
		attrs := inst.backup.Body.Attributes
		// The API's default retention depends on the edition, so production
		// states it.
		if a, ok := attrs["transaction_log_retention_days"]; !ok {
			err = runner.EmitIssue(r, fmt.Sprintf("in %s, set transaction_log_retention_days = 7", env), inst.backup.DefRange)
		} else {
			err = mustBe(runner, r, a, 7, fmt.Sprintf("in %s, transaction_log_retention_days must be 7", env))
		}
		if err != nil {
			return err
		}
		if a, ok := attrs["point_in_time_recovery_enabled"]; !ok {
			err = runner.EmitIssue(r, fmt.Sprintf("in %s, point_in_time_recovery_enabled must be true", env), inst.backup.DefRange)
		} else {
			err = mustBe(runner, r, a, true, fmt.Sprintf("in %s, point-in-time recovery cannot be turned off", env))
		}
		if err != nil {
			return err
		}
	}
	return nil
}
