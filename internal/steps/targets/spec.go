package targets

import (
	"fmt"
	"strconv"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// MatrixLimit is GitHub's limit on the jobs one matrix makes.
const MatrixLimit = 256

// Spec defines the targets step.
func Spec() *step.Spec {
	wd := step.WorkingDirectory
	wd.Description = "Only projects in this directory (relative to the workspace) are targets. Default: the whole repository."
	order := step.PromotionOrder
	order.Description = "Environments of a project that " + repoconfig.FileName + " gives none, in promotion order, comma-separated: each is planned where its backend file is."
	return &step.Spec{
		Name: "targets",
		Description: "Find the root modules (projects) and environments whose plan a change can change, from the pull request's base to its head " +
			"(or every one): a file of the root module, of a local module it calls (read with hcl, transitively), of the environment, its version pins, " +
			"lock file or extra files. Outputs a matrix of jobs for strategy.matrix and says in the summary why each target was chosen, which removed " +
			"root modules left state behind, and which projects read another's state.",
		Inputs: []step.Input{
			{Name: "base", Validate: validRev,
				Description: "Commit to compare with (a branch, tag or commit), or all for every project. Default: the pull request's base in a pull_request event, " +
					"the commit before the push in a push event, all for any other event (workflow_dispatch, schedule) and outside Actions. " +
					"The base's history must be in the clone: check out with fetch-depth: 0."},
			{Name: "head", Default: "HEAD", Validate: step.GitRef,
				Description: "Commit whose projects are planned. Default: the checked-out commit."},
			wd,
			{Name: "config", Validate: validConfigPath,
				Description: "Repository configuration, relative to the repository root. Default: " + repoconfig.FileName + " when there is one; " +
					"with none, every directory with .tf files and environments/<env>/backend.tfbackend is a project."},
			order,
			{Name: "environments", Validate: step.ListOf(policy.ValidEnvironment),
				Description: "Only these environments are targets, comma-separated (to split a run of more than 256 jobs). Default: every environment."},
			{Name: "max-targets", Default: strconv.Itoa(MatrixLimit), Validate: validMax,
				Description: "Most targets one matrix may hold, at most GitHub's 256 jobs. With more, the step fails, sets no matrix and lists them all: split the run by environments or working-directory."},
		},
		Outputs: []step.Output{
			{Name: "matrix", Description: `JSON for strategy.matrix, one job per project and environment: {"include":[{"project","working-directory","environment","engine","engine-version"}]}.`},
			{Name: "projects", Description: `JSON for strategy.matrix, one job per project with its environments comma-separated: {"include":[{"project","working-directory","environments","engine","engine-version"}]}.`},
			{Name: "count", Description: "Number of targets (project × environment); 0 when nothing is to plan (guard the matrix job with it: GitHub refuses an empty matrix)."},
			{Name: "removed", Description: `JSON list of the projects (and environments) the base planned and the head does not, whose state still holds what they created: [{"project","working-directory","environments","moved-to"}].`},
			{Name: "dependencies", Description: `JSON list of the projects that read another's state through terraform_remote_state, one of them a target: [{"project","reads","environments","via"}]. Apply the read one first.`},
			{Name: "base", Description: "The commit compared with (the merge base), or all."},
			{Name: "head", Description: "The commit planned."},
		},
		Example: `
- uses: olympus-cloud/deploy-actions/actions/targets@v1
  id: targets
# then, in a job that needs it:
#   if: needs.find.outputs.count != '0'
#   strategy:
#     matrix: ${{ fromJSON(needs.find.outputs.matrix) }}`,
		Run: run,
	}
}

func validRev(v string) error {
	if v == "all" {
		return nil
	}
	return step.GitRef(v)
}

func validConfigPath(v string) error {
	if err := step.RelativeGlob(v); err != nil {
		return fmt.Errorf("must be a file relative to the repository root, such as %s", repoconfig.FileName)
	}
	return nil
}

func validMax(v string) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MatrixLimit {
		return fmt.Errorf("must be a number from 1 to %d (GitHub's limit on one matrix)", MatrixLimit)
	}
	return nil
}
