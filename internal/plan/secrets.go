package plan

import "strings"

// Attribute names whose values are secrets in Google resources even when
// the provider does not mark them sensitive.
var (
	secretNames    = map[string]bool{"secret_data": true, "secret_data_wo": true, "password": true, "private_key": true, "client_secret": true, "access_token": true, "api_key": true, "token": true, "credentials": true}
	secretSuffixes = []string{"_password", "_secret", "_token"}
)

// SecretPath reports whether the attribute at path may hold a secret: a
// secret name (SecretName), or any value under a container's env (Cloud Run
// env values, or a map of env vars) except the variable names. Renderings
// show these as Redacted.
func SecretPath(path []string) bool {
	if SecretName(path) {
		return true
	}
	for i, p := range path {
		if p == "env" && i < len(path)-1 && path[len(path)-1] != "name" {
			return true
		}
	}
	return false
}

// SecretName reports whether an element of path is a secret's name
// (secret_data, password, …). Values there are also masked in logs; env
// values are not, because most are ordinary settings ("info", a region)
// that masking would erase from every line.
func SecretName(path []string) bool {
	for _, p := range path {
		if secretNames[p] {
			return true
		}
		for _, s := range secretSuffixes {
			if strings.HasSuffix(p, s) {
				return true
			}
		}
	}
	return false
}

// secretLeaves adds every scalar of v found under a secret's name.
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
		if SecretName(path) {
			leaves(v, set)
		}
	}
}
