package reconcile

import (
	"strconv"

	tfjson "github.com/hashicorp/terraform-json"
)

// providerSchemas answers Schema from `terraform providers schema -json`.
type providerSchemas map[string]*tfjson.SchemaBlock

// NewSchema indexes the resource types of every provider; nil gives a nil
// Schema (every attribute is then considered settable).
func NewSchema(ps *tfjson.ProviderSchemas) Schema {
	if ps == nil {
		return nil
	}
	out := providerSchemas{}
	for _, p := range ps.Schemas {
		if p == nil {
			continue
		}
		for name, s := range p.ResourceSchemas {
			if s != nil && s.Block != nil {
				out[name] = s.Block
			}
		}
	}
	return out
}

// ComputedOnly reports whether the attribute at path is set only by the
// provider: no configuration can set it, so its change is a consequence
// (an etag, an update time, a revision name), never something to codify.
func (s providerSchemas) ComputedOnly(resourceType string, path []string) bool {
	b := s[resourceType]
	if b == nil {
		return false
	}
	for i := 0; i < len(path); i++ {
		name := path[i]
		if _, err := strconv.Atoi(name); err == nil {
			continue // an element of a list or set block
		}
		if a, ok := b.Attributes[name]; ok && a != nil {
			return computedOnly(a, path[i+1:])
		}
		nb, ok := b.NestedBlocks[name]
		if !ok || nb == nil || nb.Block == nil {
			return false
		}
		b = nb.Block
	}
	return false
}

func computedOnly(a *tfjson.SchemaAttribute, rest []string) bool {
	if a.Computed && !a.Optional && !a.Required {
		return true
	}
	if a.AttributeNestedType == nil {
		return false
	}
	for j, name := range rest {
		if _, err := strconv.Atoi(name); err == nil {
			continue
		}
		sub, ok := a.AttributeNestedType.Attributes[name]
		if !ok || sub == nil {
			return false
		}
		return computedOnly(sub, rest[j+1:])
	}
	return false
}
