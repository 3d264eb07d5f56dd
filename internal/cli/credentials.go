package cli

import (
	"encoding/json"
	"os"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// runnerTokens are the runner's credentials in a step's environment: the
// OIDC token request and the runtime (cache, artifacts) token.
var runnerTokens = []string{"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_RUNTIME_TOKEN"}

// cloudTokens are access tokens that auth actions and gcloud export.
var cloudTokens = []string{"GOOGLE_OAUTH_ACCESS_TOKEN", "CLOUDSDK_AUTH_ACCESS_TOKEN", "GOOGLE_CREDENTIALS"}

// jobCredentials are the secrets of the job's environment that no input
// names: the runner's tokens, cloud access tokens, and the secrets in the
// credentials file google-github-actions/auth writes (for Workload
// Identity Federation, the header that carries the OIDC request token).
func jobCredentials(getenv func(string) string) []string {
	var out []string
	for _, k := range append(append([]string{}, runnerTokens...), cloudTokens...) {
		if v := getenv(k); v != "" {
			out = append(out, v)
		}
	}
	for _, k := range []string{"GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_GHA_CREDS_PATH", "CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE"} {
		p := getenv(k)
		if p == "" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil || len(b) > 1<<20 {
			continue
		}
		var v any
		if json.Unmarshal(b, &v) == nil {
			out = append(out, policy.OutputSecrets("", v, false)...)
		}
	}
	return out
}

// secretInputs are the names of the inputs any of steps marks Secret (the
// GitHub token, the plan key, ...): the root action passes every input to
// every step, so a step's environment may hold another step's secrets.
func secretInputs(steps []*step.Spec) map[string]bool {
	out := map[string]bool{}
	for _, s := range steps {
		for _, def := range s.Inputs {
			if def.Secret {
				out[inputKey(def.Name)] = true
			}
		}
	}
	return out
}

// inputKey is the input a variable of the environment carries, in one
// form for every way a runner spells it: INPUT_GITHUB-TOKEN (a Docker
// action's), INPUT_GITHUB_TOKEN, any case. It is "" for any other variable.
func inputKey(name string) string {
	k := strings.ToUpper(strings.NewReplacer("-", "_", " ", "_").Replace(name))
	if strings.HasPrefix(k, "INPUT_") {
		return k
	}
	return "INPUT_" + k
}

// withoutInputs is environ without the variables that carry the inputs
// in drop (inputKey forms).
func withoutInputs(environ []string, drop map[string]bool) []string {
	out := make([]string, 0, len(environ))
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(strings.ToUpper(k), "INPUT_") && drop[inputKey(k)] {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// unsetInputs removes from this process's environment, which every
// process it starts inherits (terraform and its providers, tflint and its
// plugins, plan workers, run: checks), the variables that carry the inputs
// in drop. The step has read its inputs by then.
func unsetInputs(drop map[string]bool) {
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(strings.ToUpper(k), "INPUT_") && drop[inputKey(k)] {
			os.Unsetenv(k)
		}
	}
}
