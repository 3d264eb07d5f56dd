package deploy

import (
	_ "github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	_ "github.com/olympus-cloud/deploy-actions/internal/steps/deploy/sub"
	_ "github.com/olympus-cloud/deploy-actions/internal/steps/plancomment"
)
