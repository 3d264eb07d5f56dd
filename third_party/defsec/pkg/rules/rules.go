package rules

// Olympus: only the rule sets our users can trigger are linked: Google
// Cloud's, GitHub's and Kubernetes' (the providers a Google Cloud stack
// uses beside google). Upstream imports every cloud's.

import (
	_ "github.com/aquasecurity/defsec/rules/cloud/policies/github/actions"
	_ "github.com/aquasecurity/defsec/rules/cloud/policies/github/branch_protections"
	_ "github.com/aquasecurity/defsec/rules/cloud/policies/github/repositories"
	_ "github.com/aquasecurity/defsec/rules/cloud/policies/google/bigquery"
	_ "github.com/aquasecurity/defsec/rules/cloud/policies/google/compute"
	_ "github.com/aquasecurity/defsec/rules/cloud/policies/google/dns"
	_ "github.com/aquasecurity/defsec/rules/cloud/policies/google/gke"
	_ "github.com/aquasecurity/defsec/rules/cloud/policies/google/iam"
	_ "github.com/aquasecurity/defsec/rules/cloud/policies/google/kms"
	_ "github.com/aquasecurity/defsec/rules/cloud/policies/google/sql"
	_ "github.com/aquasecurity/defsec/rules/cloud/policies/google/storage"
	_ "github.com/aquasecurity/defsec/rules/kubernetes/network"
)
