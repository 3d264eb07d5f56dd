package report

import _ "github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
