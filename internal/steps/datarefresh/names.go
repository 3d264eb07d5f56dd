package datarefresh

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Cloud SQL name rules, checked before any call so that a typo never
// reaches the API.
var instanceRE = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)

// ValidInstance accepts a Cloud SQL instance id.
func ValidInstance(v string) error {
	if !instanceRE.MatchString(v) {
		return errors.New("not a Cloud SQL instance id (lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen)")
	}
	if len(v) > maxConnectionName-7 {
		return fmt.Errorf("%d characters, more than a Cloud SQL instance id may have (%d)", len(v), maxConnectionName-7)
	}
	return nil
}

// ValidBackup accepts a backup run id: a positive integer.
func ValidBackup(v string) error {
	if n, err := strconv.ParseInt(v, 10, 64); err != nil || n <= 0 {
		return errors.New("not a backup run id (a positive integer, as gcloud sql backups list shows)")
	}
	return nil
}

// ValidServiceAccount accepts a service account's email.
func ValidServiceAccount(v string) error {
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || !strings.HasSuffix(v, ".gserviceaccount.com") {
		return errors.New("not a service account email (name@project.iam.gserviceaccount.com)")
	}
	return nil
}

// ValidEndpoint accepts the base URL of an emulator: http or https, a
// host, nothing else.
func ValidEndpoint(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("not a base URL such as http://127.0.0.1:8080")
	}
	return nil
}
