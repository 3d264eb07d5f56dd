package cloudstack

import (
	"github.com/aquasecurity/defsec/pkg/providers/cloudstack/compute"
)

type CloudStack struct {
	Compute compute.Compute
}
