package tflintrules

import (
	"fmt"

	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// CloudRunInvokerPolicyRule: a Cloud Run service reachable from the
// internet (ingress INGRESS_TRAFFIC_ALL, the default) has its invokers
// managed authoritatively in the same configuration: a
// google_cloud_run_v2_service_iam_policy, or a
// google_cloud_run_v2_service_iam_binding for roles/run.invoker. Otherwise
// who may call it is decided outside Terraform, and a hand-granted invoker
// (allUsers included) is invisible to every plan. Exposure must be a
// decision written in the code: internal ingress, a load balancer in front
// (INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER), or a policy that names the
// invokers. invoker_iam_disabled = true with ingress ALL is reported too:
// anyone on the internet can call the service.
type CloudRunInvokerPolicyRule struct{ rule }

func NewCloudRunInvokerPolicyRule() *CloudRunInvokerPolicyRule {
	return &CloudRunInvokerPolicyRule{rule{name: "olympus_cloud_run_invoker_policy", severity: tflint.ERROR}}
}

func (r *CloudRunInvokerPolicyRule) Check(runner tflint.Runner) error {
	services, err := runner.GetResourceContent("google_cloud_run_v2_service", &hclext.BodySchema{
		Attributes: []hclext.AttributeSchema{{Name: "name"}, {Name: "ingress"}, {Name: "invoker_iam_disabled"}},
	}, nil)
	if err != nil || len(services.Blocks) == 0 {
		return err
	}
	// The services that have an authoritative invoker policy: by resource
	// name when the IAM resource refers to the service, and by service name
	// when it is written out.
	covered, coveredNames := map[string]bool{}, map[string]bool{}
	for _, kind := range []string{"google_cloud_run_v2_service_iam_policy", "google_cloud_run_v2_service_iam_binding"} {
		content, err := runner.GetResourceContent(kind, &hclext.BodySchema{
			Attributes: []hclext.AttributeSchema{{Name: "name"}, {Name: "role"}},
		}, nil)
		if err != nil {
			return err
		}
		for _, b := range content.Blocks {
			if role, ok := b.Body.Attributes["role"]; ok {
				v, known, err := stringValue(runner, role.Expr)
				if err != nil {
					return err
				}
				if !known || v != "roles/run.invoker" {
					continue
				}
			}
			name, ok := b.Body.Attributes["name"]
			if !ok {
				continue
			}
			for _, label := range references(name.Expr, "google_cloud_run_v2_service") {
				covered[label] = true
			}
			if v, known, err := stringValue(runner, name.Expr); err != nil {
				return err
			} else if known {
				coveredNames[v] = true
			}
		}
	}

	for _, svc := range services.Blocks {
		ingress, where := "INGRESS_TRAFFIC_ALL", svc.DefRange
		if a, ok := svc.Body.Attributes["ingress"]; ok {
			v, known, err := stringValue(runner, a.Expr)
			if err != nil {
				return err
			}
			if !known {
				continue
			}
			ingress, where = v, a.Expr.Range()
		}
		if ingress != "INGRESS_TRAFFIC_ALL" {
			continue
		}
		if a, ok := svc.Body.Attributes["invoker_iam_disabled"]; ok {
			err := runner.EvaluateExpr(a.Expr, func(disabled bool) error {
				if disabled {
					return runner.EmitIssue(r, "ingress INGRESS_TRAFFIC_ALL with invoker_iam_disabled = true: anyone on the internet can call the service; use internal ingress or a load balancer, or keep the invoker check", a.Expr.Range())
				}
				return nil
			}, nil)
			if err != nil {
				return err
			}
		}
		name := ""
		if a, ok := svc.Body.Attributes["name"]; ok {
			if name, _, err = stringValue(runner, a.Expr); err != nil {
				return err
			}
		}
		if covered[svc.Labels[1]] || (name != "" && coveredNames[name]) {
			continue
		}
		who := "google_cloud_run_v2_service." + svc.Labels[1]
		if name != "" {
			who = fmt.Sprintf("Cloud Run service %q", name)
		}
		msg := who + " takes traffic from the internet (INGRESS_TRAFFIC_ALL) and no authoritative policy says who may invoke it: " +
			"add a google_cloud_run_v2_service_iam_policy or _iam_binding for roles/run.invoker, or use internal ingress or a load balancer"
		if err := runner.EmitIssue(r, msg, where); err != nil {
			return err
		}
	}
	return nil
}
