package cli

import (
	"encoding/json"
	"os"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
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
