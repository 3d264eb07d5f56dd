package githubapi

import _ "github.com/olympus-cloud/deploy-actions/internal/steps/deploy"
