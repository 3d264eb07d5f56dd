package plancomment

import _ "github.com/olympus-cloud/deploy-actions/internal/cli"
