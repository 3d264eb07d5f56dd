package targets

import (
	"context"

	"github.com/olympus-cloud/deploy-actions/internal/step"
)

func run(ctx context.Context, env *step.Env) error {
	git := ExecGit{Dir: env.Workdir, Getenv: env.Getenv}
	cfg, err := resolve(ctx, env, git)
	if err != nil {
		return err
	}
	return (&Finder{Config: cfg, Git: git, Report: env.Report}).Process(ctx)
}
