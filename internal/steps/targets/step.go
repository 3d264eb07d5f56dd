package targets

import (
	"context"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

func run(ctx context.Context, rt *step.Runtime) error {
	git := ExecGit{Dir: rt.Workdir, Getenv: rt.Getenv}
	cfg, err := resolve(ctx, rt, git)
	if err != nil {
		return err
	}
	return (&Finder{Config: cfg, Git: git, Report: rt.Report}).Process(ctx)
}
