package policy

import (
	tfjson "github.com/hashicorp/terraform-json"
)

// DefaultProtected are the types whose destruction loses data; deploy,
// plan-comment and drift-reconcile refuse to destroy them without an
// explicit allowance.
var DefaultProtected = []string{"google_sql_database_instance", "google_sql_database", "google_storage_bucket", "google_secret_manager_secret"}

// Protected is a set of protected resource types.
type Protected map[string]bool

// NewProtected makes the set from the input's list.
func NewProtected(types []string) Protected {
	p := Protected{}
	for _, t := range types {
		p[t] = true
	}
	return p
}

// Destroys lists the changes that destroy or replace a protected resource.
func (p Protected) Destroys(changes []Change) []Change {
	var out []Change
	for _, c := range changes {
		if p[c.Type] && (c.Action == Delete || c.Action == Replace) {
			out = append(out, c)
		}
	}
	return out
}

// PlanDestroys lists the protected destroys of a plan.
func (p Protected) PlanDestroys(pl *tfjson.Plan) []Change { return p.Destroys(Changes(pl)) }
