package targets

// Graph is the module graph of one commit: each module directory read
// once, on first need, and the local modules each root calls,
// transitively.
type Graph struct {
	// Load reads the module in a directory.
	Load    func(dir string) *Module
	modules map[string]*Module
}

// Module is the module in dir, read once.
func (g *Graph) Module(dir string) *Module {
	if g.modules == nil {
		g.modules = map[string]*Module{}
	}
	m, ok := g.modules[dir]
	if !ok {
		m = g.Load(dir)
		g.modules[dir] = m
	}
	return m
}

// Uses are the local modules root calls, directly or through other
// modules, each once with the shortest chain of calls that reaches it.
func (g *Graph) Uses(root string) []Use {
	var out []Use
	seen := map[string]bool{root: true}
	queue := []Use{{Dir: root}}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, c := range g.Module(cur.Dir).Calls {
			if seen[c.Dir] {
				continue
			}
			seen[c.Dir] = true
			var via []string
			if cur.Dir != root {
				via = append(append(via, cur.Via...), cur.Dir)
			}
			u := Use{Dir: c.Dir, Via: via}
			out = append(out, u)
			queue = append(queue, u)
		}
	}
	return out
}

// Read is every module read so far, by directory.
func (g *Graph) Read() map[string]*Module { return g.modules }
