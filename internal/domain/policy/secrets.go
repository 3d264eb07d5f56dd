package policy

import (
	"encoding/json"
	"strings"
)

// Attribute and key names whose values are secrets even when nothing marks
// them sensitive: Google resources' secret_data, an object output's
// password, a variable called db_password. Compared case-insensitively.
var (
	secretNames    = map[string]bool{"secret": true, "secret_data": true, "secret_data_wo": true, "password": true, "password_wo": true, "passwd": true, "private_key": true, "client_secret": true, "access_token": true, "refresh_token": true, "authorization": true, "api_key": true, "apikey": true, "token": true, "credentials": true}
	secretSuffixes = []string{"_password", "_passwd", "_secret", "_token", "_api_key", "_apikey", "_private_key", "_credentials"}
)

// SecretKey reports whether one key names a secret.
func SecretKey(k string) bool {
	k = strings.ToLower(k)
	if secretNames[k] {
		return true
	}
	for _, s := range secretSuffixes {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}

// SecretName reports whether an element of path names a secret. Values
// there are redacted in renderings and masked in logs.
func SecretName(path []string) bool {
	for _, p := range path {
		if SecretKey(p) {
			return true
		}
	}
	return false
}

// SecretPath reports whether the attribute at path may hold a secret: a
// SecretName, or any value under a container's env (Cloud Run env values,
// or a map of env vars) except the variable names. Renderings redact
// these; env values are not masked in logs, because most are ordinary
// settings ("info", a region) that masking would erase from every line.
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

// jsonContainer decodes s when it is a JSON object or array, the form
// jsonencode() gives a structured value inside a string attribute.
func jsonContainer(s string) (any, bool) {
	t := strings.TrimSpace(s)
	if len(t) < 2 || (t[0] != '{' && t[0] != '[') {
		return nil, false
	}
	var v any
	d := json.NewDecoder(strings.NewReader(t))
	d.UseNumber()
	if d.Decode(&v) != nil || d.More() {
		return nil, false
	}
	return v, true
}

// HasSecretKey reports whether v holds a secret-named key at any depth,
// also inside JSON strings.
func HasSecretKey(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, sub := range x {
			if SecretKey(k) || HasSecretKey(sub) {
				return true
			}
		}
	case []any:
		for _, sub := range x {
			if HasSecretKey(sub) {
				return true
			}
		}
	case string:
		if inner, ok := jsonContainer(x); ok {
			return HasSecretKey(inner)
		}
	}
	return false
}

// RedactKeys returns v with every value under a secret-named key, at any
// depth and inside JSON strings, replaced by shown; v is not changed.
func RedactKeys(v any, shown string) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, sub := range x {
			if SecretKey(k) && sub != nil {
				out[k] = shown
				continue
			}
			out[k] = RedactKeys(sub, shown)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, sub := range x {
			out[i] = RedactKeys(sub, shown)
		}
		return out
	case string:
		if inner, ok := jsonContainer(x); ok && HasSecretKey(inner) {
			b, err := json.Marshal(RedactKeys(inner, shown))
			if err != nil {
				return shown
			}
			return string(b)
		}
	}
	return v
}
