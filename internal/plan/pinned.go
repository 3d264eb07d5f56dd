package plan

import (
	"fmt"
	"path"

	tfjson "github.com/hashicorp/terraform-json"
)

// Pinned is a service whose traffic is all on a revision older than its
// latest: a traffic rollback that a deploy must not undo.
type Pinned struct {
	Address, Serving, Latest string
	// Project, Region and Service name the Cloud Run service, as far as
	// the state knows them ("" when it does not).
	Project, Region, Service string
}

// RollForward is the command that releases the pin.
func (p Pinned) RollForward() string { return RollForwardCommand(p.Project, p.Region, p.Service) }

// PinnedTraffic finds the Cloud Run services (google_cloud_run_v2_service,
// and the test bed's localcloud_service) in the plan's refreshed prior
// state whose traffic is pinned to an older revision.
func PinnedTraffic(p *tfjson.Plan) []Pinned {
	if p.PriorState == nil || p.PriorState.Values == nil {
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
	var latest string
	var traffic []any
	switch r.Type {
	case "google_cloud_run_v2_service":
		latest, _ = r.AttributeValues["latest_ready_revision"].(string)
		traffic, _ = r.AttributeValues["traffic_statuses"].([]any)
	case "localcloud_service":
		latest, _ = r.AttributeValues["revision"].(string)
		traffic, _ = r.AttributeValues["traffic"].([]any)
	default:
		return Pinned{}, false
	}
	latest = path.Base(latest)
	str := func(k string) string { v, _ := r.AttributeValues[k].(string); return v }
	for _, t := range traffic {
		m, _ := t.(map[string]any)
		rev, _ := m["revision"].(string)
		pct, _ := m["percent"].(float64)
		if pct == 100 && rev != "" && path.Base(rev) != latest && latest != "" && latest != "." {
			return Pinned{Address: r.Address, Serving: path.Base(rev), Latest: latest,
				Project: str("project"), Region: str("location"), Service: path.Base(str("name"))}, true
		}
	}
	return Pinned{}, false
}

// RollForwardCommand is the command that releases a traffic rollback once
// a fix is deployed: traffic follows the latest Ready revision again.
// Unknown values are left as <placeholders>.
func RollForwardCommand(project, region, service string) string {
	or := func(v, placeholder string) string {
		if v == "" {
			return placeholder
		}
		return v
	}
	return fmt.Sprintf("olympus traffic-rollback --project %s --region %s --service %s --to-revision LATEST --reason \"fix deployed\"",
		or(project, "<project>"), or(region, "<region>"), or(service, "<service>"))
}
