package act

import (
	"regexp"
)

// deploymentKey is a job environment's deployment: key (GitHub's switch
// for its automatic deployments), on its own line.
var deploymentKey = regexp.MustCompile(`(?m)^[ \t]+deployment:[ \t]*(?:false|true)[ \t]*\n`)

// Adapt returns a workflow as act v0.2.89 can load it: act's schema does
// not know a job environment's deployment: key (GitHub added it after
// that release) and refuses the whole workflow. It removes those lines
// and nothing else, and says how many; what they mean is checked by
// internal/release's pipeline rules instead.
func Adapt(workflow []byte) ([]byte, int) {
	n := len(deploymentKey.FindAll(workflow, -1))
	return deploymentKey.ReplaceAll(workflow, nil), n
}
