package validate

import (
	"fmt"
	"path/filepath"
	"strings"
)

// initFailed is the notice for a module terraform init -backend=false
// could not prepare, so that terraform validate could not run: in
// terraform's words, naming the remote module sources it could not
// download. The other checks need neither and ran.
func initFailed(root, mod string, err error) *Notice {
	words := toolWords(err)
	var failed []string
	for _, c := range remoteCalls(mod) {
		if strings.Contains(words, fmt.Sprintf("module %q", c.Name)) {
			failed = append(failed, fmt.Sprintf("%q (module %q, %s:%d)", c.Source, c.Name, relTo(root, c.File), c.Line))
		}
	}
	var msg string
	switch {
	case len(failed) > 0:
		msg = fmt.Sprintf("terraform validate skipped: remote module source %s could not be downloaded: %s. "+
			"Make it reachable from the runner (credentials for a private repository, a mirror) or vendor the module. "+
			"validate ran what does not need it: fmt, tflint and the security scan, without the remote module's contents.",
			strings.Join(failed, ", "), sentence(words))
	case strings.Contains(words, "provider"):
		msg = fmt.Sprintf("terraform validate skipped: terraform init could not install the providers: %s. "+
			"Where the registry cannot be reached, give terraform a provider mirror or plugin cache; the other checks ran.", sentence(words))
	default:
		msg = fmt.Sprintf("terraform validate skipped: terraform init failed: %s. The other checks ran.", sentence(words))
	}
	return &Notice{Check: "validate", Module: relTo(root, mod), Message: msg, Incomplete: true}
}

// remoteCall is a module call whose source is not a local directory.
type remoteCall struct {
	moduleCall
	File string
}

// remoteCalls lists the remote module calls of mod and of the local
// modules it calls, transitively: terraform init downloads them all.
func remoteCalls(mod string) []remoteCall {
	var out []remoteCall
	seen := map[string]bool{mod: true}
	for queue := []string{mod}; len(queue) > 0; queue = queue[1:] {
		files, _ := filepath.Glob(filepath.Join(queue[0], "*.tf"))
		for _, f := range files {
			for _, c := range moduleCalls(f) {
				if !isLocalSource(c.Source) {
					out = append(out, remoteCall{c, f})
					continue
				}
				dir := filepath.Clean(filepath.Join(queue[0], c.Source))
				if !seen[dir] {
					seen[dir] = true
					queue = append(queue, dir)
				}
			}
		}
	}
	return out
}
