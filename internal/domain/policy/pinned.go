package policy

import (
	"path"

	tfjson "github.com/hashicorp/terraform-json"
)

// Pinned is a service whose traffic is all on a revision older than its
// latest: a traffic rollback that a deploy must not undo.
type Pinned struct {
	Address, Serving, Latest string
	// Project, Region and Service name the Cloud Run service, when the
	// state says them.
	Project, Region, Service string
}

// ReleaseCommand is the exact command that lets the service's traffic
// follow its latest Ready revision again once a fix is deployed.
func (p Pinned) ReleaseCommand() string {
	service, project, region := p.Service, p.Project, p.Region
	if service == "" {
		service = "<service>"
	}
	if project == "" {
		project = "<project>"
	}
	cmd := "olympus traffic-rollback --project " + project
	if region != "" {
		cmd += " --region " + region
	}
	return cmd + " --service " + service + " --to-revision LATEST --reason \"release the rollback: fix deployed\""
}

// PinnedTraffic finds the Cloud Run services (google_cloud_run_v2_service,
// and the test bed's localcloud_service) in the plan's refreshed prior
// state whose traffic is pinned to an older revision.
func PinnedTraffic(p *tfjson.Plan) []Pinned {
	if p == nil || p.PriorState == nil || p.PriorState.Values == nil {
		return nil
	}
	var out []Pinned
	var walk func(m *tfjson.StateModule)
	walk = func(m *tfjson.StateModule) {
		if m == nil {
			return
		}
		for _, r := range m.Resources {
			if pin, ok := pinned(r); ok {
				out = append(out, pin)
			}
		}
		for _, c := range m.ChildModules {
			walk(c)
		}
	}
	walk(p.PriorState.Values.RootModule)
	return out
}

func pinned(r *tfjson.StateResource) (Pinned, bool) {
	if r == nil {
		return Pinned{}, false
	}
	var pin Pinned
	var latest string
	var traffic []any
	switch r.Type {
	case "google_cloud_run_v2_service":
		latest, _ = r.AttributeValues["latest_ready_revision"].(string)
		traffic, _ = r.AttributeValues["traffic_statuses"].([]any)
		pin.Service, _ = r.AttributeValues["name"].(string)
		pin.Project, _ = r.AttributeValues["project"].(string)
		pin.Region, _ = r.AttributeValues["location"].(string)
	case "localcloud_service":
		latest, _ = r.AttributeValues["revision"].(string)
		traffic, _ = r.AttributeValues["traffic"].([]any)
		pin.Service, _ = r.AttributeValues["name"].(string)
		pin.Project, _ = r.AttributeValues["project"].(string)
		pin.Region, _ = r.AttributeValues["region"].(string)
	default:
		return Pinned{}, false
	}
	latest = path.Base(latest)
	for _, t := range traffic {
		m, _ := t.(map[string]any)
		rev, _ := m["revision"].(string)
		pct, _ := m["percent"].(float64)
		if pct == 100 && rev != "" && path.Base(rev) != latest && latest != "" && latest != "." {
			pin.Address, pin.Serving, pin.Latest = r.Address, path.Base(rev), latest
			return pin, true
		}
	}
	return Pinned{}, false
}
