package plan

import "strings"

// Attribute names whose values are secrets in Google resources even when
// the provider does not mark them sensitive.
var (
	secretNames    = map[string]bool{"secret_data": true, "secret_data_wo": true, "password": true, "private_key": true, "client_secret": true, "access_token": true, "api_key": true, "token": true, "credentials": true}
	secretSuffixes = []string{"_password", "_secret", "_token"}
)

// SecretPath reports whether the attribute at path holds a secret by its
// name: a known secret name, or any value under a container's env (Cloud
// Run env values, or a map of env vars) except the variable names.
func SecretPath(path []string) bool {
	for i, p := range path {
		if secretNames[p] {
			return true
		}
		for _, s := range secretSuffixes {
			if strings.HasSuffix(p, s) {
				return true
			}
		}
		if p == "env" && i < len(path)-1 && path[len(path)-1] != "name" {
			return true
		}
	}
	return false
}

// minSecretMask is the shortest value at a secret path that is masked in
// logs: shorter ones ("dev", "info") are ordinary words that masking would
// erase everywhere. They are still redacted wherever a plan is rendered.
const minSecretMask = 8

// secretLeaves adds every scalar of v found at a secret path.
func secretLeaves(v any, path []string, set map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, sub := range x {
			secretLeaves(sub, append(path, k), set)
		}
	case []any:
		for _, sub := range x {
			secretLeaves(sub, append(path, "[]"), set)
		}
	default:
		if SecretPath(path) {
			found := map[string]bool{}
			leaves(v, found)
			for s := range found {
				if len(s) >= minSecretMask {
					set[s] = true
				}
			}
		}
	}
}
