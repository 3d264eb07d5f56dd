package policy

import (
	tfjson "github.com/hashicorp/terraform-json"
)

// Drifted lists the managed resources terraform found changed or deleted
// outside Terraform when it refreshed (resource_drift); data sources are
// read every time and never drift.
func Drifted(p *tfjson.Plan) []*tfjson.ResourceChange {
	var out []*tfjson.ResourceChange
	if p == nil {
		return nil
	}
	for _, rc := range p.ResourceDrift {
		if rc != nil && rc.Change != nil && rc.Mode != tfjson.DataResourceMode {
			out = append(out, rc)
		}
	}
	return out
}

// DriftAddresses are the addresses of Drifted.
func DriftAddresses(p *tfjson.Plan) []string {
	var out []string
	for _, rc := range Drifted(p) {
		out = append(out, rc.Address)
	}
	return out
}
