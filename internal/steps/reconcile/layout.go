package reconcile

import (
	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// envFiles finds each environment's backend file (required) and
// variables files: the backend-config and var-file inputs, else the
// project's layout in olympus.yaml, else today's layout.
func envFiles(rt *step.Runtime, cfg *Config, proj repoconfig.Project) error {
	backend, varFiles, err := rt.EnvFiles(cfg.Environments)
	if err != nil {
		return err
	}
	over := repoconfig.Overrides{Backend: backend, VarFiles: varFiles}
	for _, e := range cfg.Environments {
		l := proj.StepLayout(e, over)
		b, vfs, err := rt.ResolveEnvFiles(e, l.Backend(), l.VarFiles(), cfg.Dir, cfg.ShownDir)
		if err != nil {
			return err
		}
		cfg.Backends[e] = b
		if len(vfs) > 0 {
			cfg.VarFiles[e] = vfs
		}
	}
	return nil
}

// lastOf is the variables file that wins (terraform reads them in order),
// "" for none.
func lastOf(files []string) string {
	if len(files) == 0 {
		return ""
	}
	return files[len(files)-1]
}
