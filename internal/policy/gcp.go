package policy

import (
	"errors"
	"regexp"
)

// projectRE is Google Cloud's rule for project ids.
var projectRE = regexp.MustCompile(`^[a-z][-a-z0-9]{4,28}[a-z0-9]$`)

// ValidProject accepts a GCP project id, in the form step.Input.Validate
// takes; every step that calls Google Cloud checks its project with it
// before any call, so that a typo never reaches the API.
func ValidProject(v string) error {
	if !projectRE.MatchString(v) {
		return errors.New("not a GCP project id (6-30 lowercase letters, digits or hyphens, starting with a letter)")
	}
	return nil
}
