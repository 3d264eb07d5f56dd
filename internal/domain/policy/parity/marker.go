package parity

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// The record travels in the plan comment as one hidden line per
// environment, which plan-comment writes and deploy reads; both are
// here because a step never imports another:
//
//	<!-- olympus:reviewed env=dev v1 <record> -->
//
// The environment is a policy.ValidEnvironment name and the record is
// base64url (Encode), so neither can end the comment. plan-comment must
// write the line outside the text it sanitises (its sections of plan
// text turn every "<!--" into "&lt;!--", so a plan cannot forge one);
// FindRecord refuses a body with two lines for one environment all the
// same.
const markerPrefix = "<!-- olympus:reviewed env="

var markerRE = regexp.MustCompile(`<!-- olympus:reviewed env=([a-z0-9_-]+) v(\d+) ([A-Za-z0-9_-]*) -->`)

// MarkerOverhead is what the line adds to the record, for budgets.
const MarkerOverhead = len(markerPrefix) + 63 + len(" v1  -->\n")

// Marker is the hidden line that carries env's record.
func Marker(env, record string) (string, error) {
	if err := policy.ValidEnvironment(env); err != nil {
		return "", fmt.Errorf("environment %q: %w", env, err)
	}
	if strings.Trim(record, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		return "", fmt.Errorf("a record is base64url (Encode), not %q", record)
	}
	return fmt.Sprintf("%s%s v%d %s -->\n", markerPrefix, env, Version, record), nil
}

// FindRecord returns env's record from a comment body (our own comment:
// the caller checks who wrote it), decoded. found is false when the body
// has none for env (the pull request's plan predates the record, or did
// not plan env): deploy then says so and treats the change as
// unreviewed. A body with two lines for env, or a line of another
// format version, is an error.
func FindRecord(body, env string) (cs *ChangeSet, found bool, err error) {
	var record string
	for _, m := range markerRE.FindAllStringSubmatch(body, -1) {
		if m[1] != env {
			continue
		}
		if found {
			return nil, true, fmt.Errorf("the comment holds two reviewed change sets for %q; re-run the pull request's plan", env)
		}
		found = true
		if m[2] != fmt.Sprint(Version) {
			return nil, true, fmt.Errorf("the change set of %q was recorded in format %s and this olympus reads format %d; re-run the pull request's plan so that it is recorded again", env, m[2], Version)
		}
		record = m[3]
	}
	if !found {
		return nil, false, nil
	}
	cs, err = Decode(record)
	return cs, true, err
}
