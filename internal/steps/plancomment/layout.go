package plancomment

import (
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// layouts reads where each environment's files are: the backend-config
// and var-file inputs, else the project's layout in olympus.yaml, else
// today's layout.
func layouts(rt *step.Runtime, dir string, envs []string) (repoconfig.Project, repoconfig.Overrides, error) {
	backend, varFiles, err := rt.EnvFiles(envs)
	if err != nil {
		return repoconfig.Project{}, repoconfig.Overrides{}, err
	}
	proj, err := repoconfig.ForStep(rt.Workspace(), dir)
	return proj, repoconfig.Overrides{Backend: backend, VarFiles: varFiles}, err
}

// envFiles finds an environment's backend file and variables files.
func envFiles(rt *step.Runtime, l policy.Layout, shownDir, dir string) (string, []string, error) {
	return rt.ResolveEnvFiles(l.Environment, l.Backend(), l.VarFiles(), dir, shownDir)
}
