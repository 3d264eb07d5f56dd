package plan

import (
	"path"

	tfjson "github.com/hashicorp/terraform-json"
)

// Pinned is a service whose traffic is all on a revision older than its
// latest: a traffic rollback that a deploy must not undo.
type Pinned struct {
	Address, Serving, Latest string
}

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
	for _, t := range traffic {
		m, _ := t.(map[string]any)
		rev, _ := m["revision"].(string)
		pct, _ := m["percent"].(float64)
		if pct == 100 && rev != "" && path.Base(rev) != latest && latest != "" && latest != "." {
			return Pinned{Address: r.Address, Serving: path.Base(rev), Latest: latest}, true
		}
	}
	return Pinned{}, false
}
