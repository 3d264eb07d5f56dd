package step

// Workspace is the repository's checkout: GITHUB_WORKSPACE inside
// Actions, else the directory relative inputs are resolved against.
func (rt *Runtime) Workspace() string {
	if rt.GitHub.Workspace != "" {
		return rt.GitHub.Workspace
	}
	return rt.Workdir
}

// OptionalFiles is OptionalFile for each of values (an environment's
// variables files): those absent are left out, in order.
func (rt *Runtime) OptionalFiles(input string, values []string, base string) ([]string, error) {
	var out []string
	for _, v := range values {
		p, err := rt.OptionalFile(input, v, base)
		if err != nil {
			return nil, err
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out, nil
}
