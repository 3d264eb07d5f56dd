package tflintrules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// SQLEditionTierRule: a Cloud SQL instance's tier belongs to its edition,
// or the first apply fails. PostgreSQL 16 and later default to the
// ENTERPRISE_PLUS edition, which accepts only db-perf-optimized-* tiers; so
// a POSTGRES_16 instance with a db-custom-* tier and no edition cannot be
// created. ENTERPRISE, in turn, rejects db-perf-optimized-* tiers.
//
// The edition is settings.edition, or the default of the database version
// when it is unset. Tiers of families the rule does not know, and values
// tflint cannot know, are not judged.
type SQLEditionTierRule struct{ rule }

func NewSQLEditionTierRule() *SQLEditionTierRule {
	return &SQLEditionTierRule{rule{name: "olympus_sql_edition_tier", severity: tflint.ERROR}}
}

var editionSchema = &hclext.BodySchema{
	Attributes: []hclext.AttributeSchema{{Name: "database_version"}},
	Blocks: []hclext.BlockSchema{{
		Type: "settings",
		Body: &hclext.BodySchema{Attributes: []hclext.AttributeSchema{{Name: "edition"}, {Name: "tier"}}},
	}},
}

var (
	postgresVersion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^POSTGRES_(\d+)`) })
	// Tier families of the ENTERPRISE edition only.
	enterpriseTiers = []string{"db-custom-", "db-f1-micro", "db-g1-small", "db-n1-", "db-standard-", "db-highmem-", "db-lightweight-"}
)

const enterprisePlusTier = "db-perf-optimized-"

func (r *SQLEditionTierRule) Check(runner tflint.Runner) error {
	content, err := runner.GetResourceContent("google_sql_database_instance", editionSchema, nil)
	if err != nil {
		return err
	}
	for _, inst := range content.Blocks {
		version := ""
		if a, ok := inst.Body.Attributes["database_version"]; ok {
			if version, _, err = stringValue(runner, a.Expr); err != nil {
				return err
			}
		}
		for _, s := range inst.Body.Blocks {
			tierAttr, ok := s.Body.Attributes["tier"]
			if !ok {
				continue
			}
			tier, known, err := stringValue(runner, tierAttr.Expr)
			if err != nil {
				return err
			}
			if !known {
				continue
			}
			edition, explicit := "", false
			if a, ok := s.Body.Attributes["edition"]; ok {
				if edition, explicit, err = stringValue(runner, a.Expr); err != nil {
					return err
				}
				if !explicit {
					continue // set, but to a value tflint cannot know
				}
			} else if m := postgresVersion().FindStringSubmatch(version); m != nil {
				if n, _ := strconv.Atoi(m[1]); n >= 16 {
					edition = "ENTERPRISE_PLUS"
				}
			}
			msg := ""
			switch {
			case edition == "ENTERPRISE_PLUS" && hasAnyPrefix(tier, enterpriseTiers):
				msg = fmt.Sprintf("tier %q is an ENTERPRISE tier, but the edition is ENTERPRISE_PLUS", tier)
				if !explicit {
					msg = fmt.Sprintf("%s without settings.edition is ENTERPRISE_PLUS, which rejects tier %q", version, tier)
				}
				msg += `: set edition = "ENTERPRISE", or use a db-perf-optimized-N-* tier`
			case edition == "ENTERPRISE" && strings.HasPrefix(tier, enterprisePlusTier):
				msg = fmt.Sprintf(`tier %q needs edition = "ENTERPRISE_PLUS"; ENTERPRISE takes db-custom-* tiers`, tier)
			}
			if msg != "" {
				if err := runner.EmitIssue(r, msg, tierAttr.Expr.Range()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// ProdSQLDeletionProtectionRule: in production, a Cloud SQL instance is
// protected from deletion by the API itself
// (settings.deletion_protection_enabled), not only by Terraform
// (deletion_protection, which guards plans alone: a break-glass delete in
// the console or with gcloud still works), and its backups outlive it
// (settings.retain_backups_on_delete), so sql-recover has something to
// restore from if it is deleted anyway.
//
// Production is decided as for olympus_prod_sql_retention: the
// environment named by OLYMPUS_ENVIRONMENT or the rule's environment
// option, when it is one of production_environments (default ["prod"]).
type ProdSQLDeletionProtectionRule struct {
	ProdSQLRetentionRule
}

func NewProdSQLDeletionProtectionRule() *ProdSQLDeletionProtectionRule {
	r := &ProdSQLDeletionProtectionRule{*NewProdSQLRetentionRule()}
	r.name = "olympus_prod_sql_deletion_protection"
	return r
}

var deletionProtectionSchema = &hclext.BodySchema{Blocks: []hclext.BlockSchema{{
	Type: "settings",
	Body: &hclext.BodySchema{Attributes: []hclext.AttributeSchema{{Name: "deletion_protection_enabled"}, {Name: "retain_backups_on_delete"}}},
}}}

func (r *ProdSQLDeletionProtectionRule) Check(runner tflint.Runner) error {
	env, prod, err := r.production(runner)
	if err != nil || !prod {
		return err
	}
	content, err := runner.GetResourceContent("google_sql_database_instance", deletionProtectionSchema, nil)
	if err != nil {
		return err
	}
	for _, inst := range content.Blocks {
		for _, s := range inst.Body.Blocks {
			for _, c := range []struct{ name, why string }{
				{"deletion_protection_enabled", "so the API refuses to delete the instance (Terraform's deletion_protection guards plans only)"},
				{"retain_backups_on_delete", "so its backups outlive a deletion"},
			} {
				a, ok := s.Body.Attributes[c.name]
				if !ok {
					if err := runner.EmitIssue(r, fmt.Sprintf("in %s, set settings.%s = true %s", env, c.name, c.why), s.DefRange); err != nil {
						return err
					}
					continue
				}
				if err := mustBe(runner, r, a, true, fmt.Sprintf("in %s, settings.%s must be true %s", env, c.name, c.why)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
