// Package repoconfig is the repository configuration, olympus.yaml at the
// root of a repository: which directories are Terraform root modules
// ("projects"), their environments in promotion order, where each
// environment's backend and variables files are, the engine and its
// version constraint, the extra files whose change re-plans a project,
// and the policy path. It is optional: with no file every project has
// today's layout (environments/<env>/backend.tfbackend and
// environments/<env>/terraform.tfvars in the root module) and the steps'
// inputs alone decide the rest.
//
// The package reads bytes and paths and calls nothing; it imports only
// internal/domain/policy, whose Layout it fills.
//
// # Using it from a step
//
// A step that works on one root module asks for it by its working
// directory:
//
//	proj, err := repoconfig.Find(workspace, workingDir)
//	// err is a *repoconfig.Error (file:line) for a malformed file:
//	// report it as bad input, exit 2.
//	layout := proj.Layout(env) // a policy.Layout: Backend(), VarFiles()
//	order := proj.Environments // nil when olympus.yaml does not say
//
// Find reads <workspace>/olympus.yaml when there is one. A directory that
// the file does not declare, or no file at all, gets the default project:
// today's layout, no environments (the step's promotion-order input
// decides), engine terraform. Inputs given to a step still override what
// the file says.
//
// A step that works on every root module (targets) parses the file itself
// with Parse (it reads it from a commit) and lists the projects with
// Config.Projects over the commit's files.
//
// # Schema, version 1
//
//	version: 1                  # required
//	defaults:                   # optional: every project's settings
//	  environments: [dev, staging, prod]   # in promotion order
//	  engine: terraform         # or tofu
//	  engine-version: "~> 1.9"  # a version constraint
//	  backend-config: "{dir}/environments/{env}/backend.tfbackend"
//	  var-files: ["{dir}/environments/{env}/terraform.tfvars"]
//	  extra-files: ["shared/*.yaml"]       # globs; a change re-plans
//	  policy-path: policy/
//	projects:                   # optional: with none, every directory
//	  - dir: services/*         #   with .tf files and a backend file of
//	    environments: [dev, prod]  # one of its environments is a project
//	  - dir: network
//	    name: network           # default: the directory
//	    engine: tofu
//
// Paths are relative to the repository root, slash-separated; in
// templates {dir} is the project's directory and {env} the environment.
// A project entry's settings replace the defaults' one by one. A directory
// is declared by the first entry that matches it. A glob entry matches
// the directories that hold .tf files and the backend file of at least
// one of their environments. Unknown keys, bad values and a backend
// template without {env} (when there are several environments) are errors
// at file:line.
package repoconfig
