package fault

import (
	"errors"
	"strings"
	"testing"
)

// The one hint is added to what Google's libraries and terraform's google
// provider say when they find no credentials, and to nothing else.
func TestCredentialsAddsTheOneHintWhereCredentialsAreMissing(t *testing.T) {
	for msg, hinted := range map[string]bool{
		"credentials: could not find default credentials. See https://cloud.google.com/docs/authentication/external/set-up-adc for more information": true,
		"google: could not find default credentials. See https://cloud.google.com/docs/authentication/external/set-up-adc":                           true,
		"Error: Attempted to load application default credentials since neither `credentials` nor `access_token` was set in the provider block.":     true,
		"Error: Error acquiring the state lock": false,
	} {
		err := Credentials(errors.New(msg))
		if got := strings.Contains(err.Error(), CredentialsHint); got != hinted {
			t.Errorf("%q: hint added %v, want %v", msg, got, hinted)
		}
		if !strings.HasPrefix(err.Error(), msg) {
			t.Errorf("%q: the error's own message is lost: %q", msg, err.Error())
		}
	}
	if Credentials(nil) != nil {
		t.Error("Credentials(nil) is not nil")
	}
}
