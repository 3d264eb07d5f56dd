package sqlrecover

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Cloud SQL name rules, checked before any call so that a
// typo never reaches the API.
var (
	instanceRE = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)
)

// maxConnectionName is Cloud SQL's limit on project:instance.
const maxConnectionName = 98

// ValidInstance accepts a Cloud SQL instance id.
func ValidInstance(v string) error {
	if !instanceRE.MatchString(v) {
		return errors.New("not a Cloud SQL instance id (lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen)")
	}
	if len(v) > maxConnectionName-7 {
		return fmt.Errorf("%d characters, more than a Cloud SQL instance id may have (%d); give a shorter name", len(v), maxConnectionName-7)
	}
	return nil
}

// ParsePointInTime reads an RFC 3339 time, such as 2026-11-26T09:30:00Z or
// 2026-11-26T10:30:00+01:00, and returns it in UTC. RFC 3339 allows the
// "T" and "Z" in lower case (section 5.6), which Go's layout does not:
// they are upper-cased first, the only letters such a time can hold.
func ParsePointInTime(v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, strings.NewReplacer("t", "T", "z", "Z").Replace(v))
	if err != nil {
		return time.Time{}, errors.New("not an RFC 3339 time; give one such as 2026-11-26T09:30:00Z")
	}
	return t.UTC(), nil
}

// ValidPointInTime is ParsePointInTime as an input check.
func ValidPointInTime(v string) error {
	_, err := ParsePointInTime(v)
	return err
}

// ValidEndpoint accepts the base URL of an emulator: http or https, a host,
// nothing else.
func ValidEndpoint(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("not a base URL such as http://127.0.0.1:8080")
	}
	return nil
}

// DefaultTarget is the new instance's name: <instance>-pitr-<yyyymmddhhmm>
// of the point in time, in UTC.
func DefaultTarget(instance string, at time.Time) string {
	return fmt.Sprintf("%s-pitr-%s", instance, at.UTC().Format("200601021504"))
}

// checkTarget checks a target name and its length with the project.
func checkTarget(project, target string) error {
	if err := ValidInstance(target); err != nil {
		return err
	}
	if n := len(project) + 1 + len(target); n > maxConnectionName {
		return fmt.Errorf("project:instance would be %d characters, more than Cloud SQL's %d; give a shorter target-instance", n, maxConnectionName)
	}
	return nil
}
