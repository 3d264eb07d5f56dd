package policy

import (
	"errors"
	"regexp"
	"sync"
)

// projectRE is Google Cloud's rule for project ids.
var projectRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][-a-z0-9]{4,28}[a-z0-9]$`) })

// ValidProject accepts a GCP project id, in the form step.Input.Validate
// takes; every step that calls Google Cloud checks its project with it
// before any call, so that a typo never reaches the API.
func ValidProject(v string) error {
	if !projectRE().MatchString(v) {
		return errors.New("not a GCP project id (6-30 lowercase letters, digits or hyphens, starting with a letter)")
	}
	return nil
}

// Cloud Run name rules, checked before any call so that a typo never
// reaches the API.
var (
	regionRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z]+-[a-z]+[0-9]+$`) })
	serviceRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$`) })
	revisionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$`) })
)

func match(re func() *regexp.Regexp, what string) func(string) error {
	return func(v string) error {
		if !re().MatchString(v) {
			return errors.New("not a " + what)
		}
		return nil
	}
}

// Validators of Cloud Run names, in the form step.Input.Validate takes.
var (
	ValidRegion   = match(regionRE, "Cloud Run region such as us-central1")
	ValidService  = match(serviceRE, "Cloud Run service name (up to 49 lowercase letters, digits or hyphens, starting with a letter)")
	ValidRevision = match(revisionRE, "Cloud Run revision name such as olympus-api-00002-abc")
)
