package step

import (
	"fmt"
	"strings"
)

// Inputs of the steps that work on several environments of one root
// module (plan-comment, drift-reconcile): each environment's files, where
// {env} stands for the environment. deploy, which works on one, has its
// own backend-config and var-file.
var (
	BackendConfigEach = Input{Name: "backend-config", Validate: onlyEnvPlaceholder,
		Description: "Backend configuration file of each environment for terraform init, relative to the working directory; {env} stands for the environment " +
			"(needed when several are planned: environments never share state). Default: the project's backend-config in olympus.yaml, else environments/{env}/backend.tfbackend."}
	VarFileEach = Input{Name: "var-file", Repeatable: true, Validate: ListOf(onlyEnvPlaceholder),
		Description: "Variables files of each environment, relative to the working directory, one per line in the order terraform reads them; {env} stands for the environment, " +
			"and each file must exist. Default: the project's var-files in olympus.yaml, else environments/{env}/terraform.tfvars when it exists."}
)

// onlyEnvPlaceholder refuses a placeholder other than {env}: {dir} is for
// olympus.yaml, whose paths start at the repository root.
func onlyEnvPlaceholder(v string) error {
	if strings.Contains(strings.ReplaceAll(v, "{env}", ""), "{") {
		return fmt.Errorf("the only placeholder is {env}; give a path relative to the working directory")
	}
	return nil
}

// EnvFiles reads backend-config and var-file for envs: the backend
// template must hold {env} when there are several environments.
func (rt *Runtime) EnvFiles(envs []string) (backend string, varFiles []string, err error) {
	backend = rt.Inputs.String("backend-config")
	if backend != "" && len(envs) > 1 && !strings.Contains(backend, "{env}") {
		return "", nil, InputError("backend-config", backend, fmt.Errorf("has no {env} while %d environments are planned: each needs its own backend file, so that environments never share state; "+
			"write the path with {env} (environments/{env}/backend.tfbackend)", len(envs)))
	}
	return backend, SplitLines(rt.Inputs.String("var-file")), nil
}

// SplitLines splits a multi-line input into its non-empty trimmed lines.
func SplitLines(v string) []string {
	var out []string
	for _, l := range strings.Split(v, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// ResolveEnvFiles finds env's backend file, which must exist, and its
// variables files, relative to dir: those the var-file input named must
// exist, a layout's are used when they do. Bad input names backend-config
// or var-file when they were given, else environments.
func (rt *Runtime) ResolveEnvFiles(env, backend string, varFiles []string, dir, shownDir string) (string, []string, error) {
	input, value := "environments", env
	if given := rt.Inputs.String("backend-config"); given != "" {
		input, value = "backend-config", given
	}
	b, err := rt.File(input, backend, dir)
	if err != nil {
		return "", nil, InputError(input, value, fmt.Errorf("%s has no backend file %s in %q, or it leaves the workspace; each environment needs its own, so that environments never share state",
			env, backend, shownDir))
	}
	if rt.Inputs.String("var-file") == "" {
		vfs, err := rt.OptionalFiles("environments", varFiles, dir)
		return b, vfs, err
	}
	var vfs []string
	for _, v := range varFiles {
		p, err := rt.File("var-file", v, dir)
		if err != nil {
			return "", nil, err
		}
		vfs = append(vfs, p)
	}
	return b, vfs, nil
}
