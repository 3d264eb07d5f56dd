package tflintrules

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// WIFApplyRule: an identity that changes infrastructure (apply, deploy,
// rollback, recover) can be impersonated through Workload Identity Federation only by
// tokens restricted to a ref and a workflow, such as the deploy workflow on
// refs/heads/main. Without that, any job of the repository that declares
// the right environment, on any branch and for any event, gets it: the
// environment claim alone is set by the job, and the promotion checks run
// inside the job.
//
// It looks at every roles/iam.workloadIdentityUser (or
// serviceAccountTokenCreator) grant on an identity whose resource name or
// account_id matches identity_pattern, to principal:// or principalSet://
// members of a pool defined in the module. Each provider of that pool must
// require assertion.ref and assertion.workflow_ref (or job_workflow_ref)
// in top-level clauses of its attribute_condition, or the member must
// select an attribute whose mapping reads both claims.
type WIFApplyRule struct{ rule }

func NewWIFApplyRule() *WIFApplyRule {
	return &WIFApplyRule{rule{name: "olympus_wif_apply_restricted", severity: tflint.ERROR}}
}

// DefaultApplyIdentityPattern recognises the identities that change
// infrastructure.
const DefaultApplyIdentityPattern = `(?i)apply|deploy|rollback|recover`

var wifRoles = []string{"roles/iam.workloadIdentityUser", "roles/iam.serviceAccountTokenCreator"}

type wifProvider struct {
	name      string
	pools     []string // the pools it references, by resource name
	poolID    string   // its workload_identity_pool_id, when known
	condition string
	known     bool // the condition's value is known
	mapping   map[string]string
}

var (
	poolInText       = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`workloadIdentityPools/([a-z0-9-]+)`) })
	attributeInText  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`/attribute\.([A-Za-z0-9_]+)/`) })
	refClaims        = []string{"assertion.ref"}
	workflowRefClaim = []string{"assertion.workflow_ref", "assertion.job_workflow_ref"}
)

func (r *WIFApplyRule) Check(runner tflint.Runner) error {
	pattern, err := identityPattern(runner, r, DefaultApplyIdentityPattern)
	if err != nil {
		return err
	}
	accounts, err := serviceAccounts(runner)
	if err != nil {
		return err
	}
	pools, providers, err := wifPools(runner)
	if err != nil {
		return err
	}
	locals, err := moduleLocals(runner)
	if err != nil {
		return err
	}
	gs, err := grants(runner, "google_service_account_iam", "service_account_id")
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	for _, g := range gs {
		role, ok, err := stringValue(runner, g.role)
		if err != nil {
			return err
		}
		if !ok || !slices.Contains(wifRoles, role) || g.target == nil {
			continue
		}
		names, err := accountNames(runner, accounts, g.target)
		if err != nil {
			return err
		}
		if !matching(pattern, names) {
			continue
		}
		member, err := text(runner, g.member)
		if err != nil {
			return err
		}
		memberPools := referencesThroughLocals(locals, g.member, "google_iam_workload_identity_pool")
		if !strings.Contains(member, "principal") && len(memberPools) == 0 {
			continue // not a federated identity
		}
		var poolIDs []string
		for _, m := range poolInText().FindAllStringSubmatch(member, -1) {
			poolIDs = append(poolIDs, m[1])
		}
		for label, id := range pools {
			if slices.Contains(poolIDs, id) {
				memberPools = append(memberPools, label)
			}
		}
		attr := ""
		if m := attributeInText().FindStringSubmatch(member); m != nil {
			attr = "attribute." + m[1]
		}
		var open []string
		for _, p := range providers {
			inPool := slices.ContainsFunc(p.pools, func(l string) bool { return slices.Contains(memberPools, l) }) ||
				(p.poolID != "" && slices.Contains(poolIDs, p.poolID))
			if !inPool || !p.known {
				continue
			}
			if restrictsRefAndWorkflow(p) || (attr != "" && mappingReadsRefAndWorkflow(p.mapping[attr])) {
				continue
			}
			open = append(open, p.name)
		}
		if len(open) == 0 {
			continue
		}
		sort.Strings(open)
		msg := fmt.Sprintf("%s can be impersonated through provider %s without a ref and workflow condition: require assertion.ref (such as == 'refs/heads/main') and assertion.workflow_ref (the workflow file on that ref) in its attribute_condition",
			identity(names), strings.Join(open, ", "))
		if err := out.emit(msg, g.member.Range()); err != nil {
			return err
		}
	}
	return nil
}

// wifPools reads the pools (resource name => workload_identity_pool_id) and
// providers of the module.
func wifPools(runner tflint.Runner) (map[string]string, []wifProvider, error) {
	poolContent, err := runner.GetResourceContent("google_iam_workload_identity_pool", &hclext.BodySchema{
		Attributes: []hclext.AttributeSchema{{Name: "workload_identity_pool_id"}},
	}, nil)
	if err != nil {
		return nil, nil, err
	}
	pools := map[string]string{}
	for _, b := range poolContent.Blocks {
		id := ""
		if a, ok := b.Body.Attributes["workload_identity_pool_id"]; ok {
			if id, _, err = stringValue(runner, a.Expr); err != nil {
				return nil, nil, err
			}
		}
		pools[b.Labels[1]] = id
	}
	content, err := runner.GetResourceContent("google_iam_workload_identity_pool_provider", &hclext.BodySchema{
		Attributes: []hclext.AttributeSchema{{Name: "workload_identity_pool_id"}, {Name: "attribute_condition"}, {Name: "attribute_mapping"}},
	}, nil)
	if err != nil {
		return nil, nil, err
	}
	var providers []wifProvider
	for _, b := range content.Blocks {
		p := wifProvider{name: b.Labels[0] + "." + b.Labels[1], known: true}
		if a, ok := b.Body.Attributes["workload_identity_pool_id"]; ok {
			p.pools = references(a.Expr, "google_iam_workload_identity_pool")
			if p.poolID, _, err = stringValue(runner, a.Expr); err != nil {
				return nil, nil, err
			}
		}
		// No attribute_condition accepts every token of the issuer.
		if a, ok := b.Body.Attributes["attribute_condition"]; ok {
			if p.condition, p.known, err = stringValue(runner, a.Expr); err != nil {
				return nil, nil, err
			}
		}
		if a, ok := b.Body.Attributes["attribute_mapping"]; ok && evaluable(a.Expr) {
			if err := runner.EvaluateExpr(a.Expr, func(m map[string]string) error { p.mapping = m; return nil }, nil); err != nil {
				return nil, nil, err
			}
		}
		providers = append(providers, p)
	}
	return pools, providers, nil
}

// restrictsRefAndWorkflow: every token the provider accepts has a fixed
// ref and workflow.
func restrictsRefAndWorkflow(p wifProvider) bool {
	claims, ok := ConditionClaims(p.condition)
	if !ok {
		return false
	}
	var ref, workflow bool
	for name, values := range claims {
		if len(values) == 0 {
			continue
		}
		source := name
		if strings.HasPrefix(name, "attribute.") {
			source = strings.TrimSpace(p.mapping[name])
		}
		ref = ref || slices.Contains(refClaims, source)
		workflow = workflow || slices.Contains(workflowRefClaim, source)
	}
	return ref && workflow
}

// mappingReadsRefAndWorkflow: an attribute computed from both claims (a
// member selecting one of its values is restricted by both).
func mappingReadsRefAndWorkflow(mapping string) bool {
	return mentionsClaim(mapping, refClaims) && mentionsClaim(mapping, workflowRefClaim)
}

func mentionsClaim(s string, claims []string) bool {
	for _, c := range claims {
		for i := strings.Index(s, c); i >= 0; {
			end := i + len(c)
			if end == len(s) || !isIdentChar(s[end]) {
				return true
			}
			next := strings.Index(s[end:], c)
			if next < 0 {
				break
			}
			i = end + next
		}
	}
	return false
}

func isIdentChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
