package step

import (
	"path/filepath"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
)

// ConfiguredDir resolves a directory input whose default the repository
// configuration (olympus.yaml) gives, as policy-path is in deploy and
// plan-comment alike: off turns it off (""); "" asks def with the
// workspace (the repository root); anything else is the input's own
// directory within the workspace. It returns the directory resolved and
// as shown to people (relative, with slashes). A malformed olympus.yaml is
// annotated at each of its lines and is bad input.
func (rt *Runtime) ConfiguredDir(input, off string, def func(workspace string) (dir, shown string, err error)) (string, string, error) {
	switch v := rt.Inputs.String(input); v {
	case off:
		return "", "", nil
	case "":
		ws := rt.GitHub.Workspace
		if ws == "" {
			ws = rt.Workdir
		}
		dir, shown, err := def(ws)
		if es := repoconfig.AsErrors(err); len(es) > 0 {
			for _, e := range es {
				rt.Report.Annotate(Annotation{Level: "error", File: e.File, Line: e.Line, Title: "olympus: " + repoconfig.FileName, Message: e.Msg})
			}
			return "", "", Usagef("%v", err)
		}
		if err != nil {
			return "", "", InputError(input, "", err)
		}
		return dir, shown, nil
	default:
		dir, err := rt.Dir(input)
		return dir, strings.TrimSuffix(filepath.ToSlash(filepath.Clean(v)), "/"), err
	}
}
