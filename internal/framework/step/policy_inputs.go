package step

import (
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// PromotionOrder is the promotion-order input every step that knows the
// environments shares.
var PromotionOrder = Input{Name: "promotion-order", Default: policy.DefaultOrder,
	Validate:    func(v string) error { _, err := policy.ParseOrder(v); return err },
	Description: "Environments in promotion order, comma-separated: each deploys only a commit with a successful deployment in the one before it; the last is production."}

// ProtectedTypes is the protected-types input of the steps that plan.
var ProtectedTypes = Input{Name: "protected-types", Default: strings.Join(policy.DefaultProtected, ","),
	Description: "Resource types whose destroy or replace is refused unless allowed: by allow-destroy in deploy, by the pull request's allow-destroy-label in plan-comment."}
