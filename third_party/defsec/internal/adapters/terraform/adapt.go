package terraform

import (
	"github.com/aquasecurity/defsec/internal/adapters/terraform/github"
	"github.com/aquasecurity/defsec/internal/adapters/terraform/google"
	"github.com/aquasecurity/defsec/internal/adapters/terraform/kubernetes"
	"github.com/aquasecurity/defsec/pkg/state"
	"github.com/aquasecurity/defsec/pkg/terraform"
)

// Adapt reads the modules into the state the rules judge. Olympus: only
// the providers whose rules are linked (see pkg/rules) are read; upstream
// reads every cloud's.
func Adapt(modules terraform.Modules) *state.State {
	return &state.State{
		GitHub:     github.Adapt(modules),
		Google:     google.Adapt(modules),
		Kubernetes: kubernetes.Adapt(modules),
	}
}
