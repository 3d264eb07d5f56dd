package policy

import _ "github.com/olympus-cloud/deploy-actions/internal/framework/step"
