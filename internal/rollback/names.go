package rollback

import (
	"fmt"
	"regexp"
)

// Cloud Run name rules, checked before any call so that a
// typo never reaches the API.
var (
	regionRE   = regexp.MustCompile(`^[a-z]+-[a-z]+[0-9]+$`)
	serviceRE  = regexp.MustCompile(`^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$`)
	revisionRE = regexp.MustCompile(`^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$`)
)

func match(re *regexp.Regexp, what string) func(string) error {
	return func(v string) error {
		if !re.MatchString(v) {
			return fmt.Errorf("not a %s", what)
		}
		return nil
	}
}

// Validators of the step's inputs, in the form step.Input.Validate takes.
var (
	ValidRegion   = match(regionRE, "Cloud Run region such as us-central1")
	ValidService  = match(serviceRE, "Cloud Run service name (up to 49 lowercase letters, digits or hyphens, starting with a letter)")
	ValidRevision = match(revisionRE, "Cloud Run revision name such as olympus-api-00002-abc")
)
