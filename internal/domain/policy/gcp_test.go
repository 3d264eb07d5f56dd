package policy

import (
	"testing"
)

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		check func(string) error
		ok    []string
		bad   []string
	}{
		{ValidProject, []string{"olympus-prod-9c3f", "abcdef"}, []string{"", "Olympus", "abc", "1olympus", "olympus-", "a_b_cdef"}},
		{ValidRegion, []string{"us-central1", "europe-west4"}, []string{"", "us-central", "US-central1", "us central1", "us-central1/x"}},
		{ValidService, []string{"olympus-api", "a"}, []string{"", "Olympus", "api-", "-api", "api_v2", "a234567890123456789012345678901234567890123456789x"}},
		{ValidRevision, []string{"olympus-api-00002-abc"}, []string{"", "olympus-api-00002-abc/x", "Olympus-api", "rev-"}},
	} {
		for _, v := range tc.ok {
			if err := tc.check(v); err != nil {
				t.Errorf("%q refused: %v", v, err)
			}
		}
		for _, v := range tc.bad {
			if tc.check(v) == nil {
				t.Errorf("%q accepted", v)
			}
		}
	}
}
