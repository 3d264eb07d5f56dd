package policy

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDeploymentPayloadRoundTrip(t *testing.T) {
	rec := DeploymentRecord{Verified: true, CloudRun: map[string]string{
		CloudRunKey("olympus-dev-7d1e", "us-central1", "olympus-api"): "olympus-api-00002-abc",
	}}
	base := map[string]any{"plan_sha256": "ab12"}
	p := FormatDeploymentPayload(base, rec)
	if _, ok := base[PayloadKey]; ok {
		t.Error("FormatDeploymentPayload changed its argument")
	}
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"olympus":{"verified":true,"cloud_run":{"olympus-dev-7d1e/us-central1/olympus-api":"olympus-api-00002-abc"}},"plan_sha256":"ab12"}`; string(raw) != want {
		t.Errorf("payload %s\nwant    %s", raw, want)
	}
	// GitHub returns a payload created as a string as a string.
	quoted, _ := json.Marshal(string(raw))
	for _, in := range [][]byte{raw, quoted} {
		got, ok, err := ParseDeploymentPayload(in)
		if err != nil || !ok || !got.Verified || got.Revision("olympus-dev-7d1e", "us-central1", "olympus-api") != "olympus-api-00002-abc" {
			t.Errorf("parse %s: %+v %v %v", in, got, ok, err)
		}
		if got.Revision("olympus-dev-7d1e", "us-central1", "olympus-web") != "" {
			t.Error("a service the record does not name has a revision")
		}
	}
}

func TestParseDeploymentPayload(t *testing.T) {
	for _, tc := range []struct {
		payload  string
		ok       bool
		verified bool
		err      string
	}{
		{payload: ``},
		{payload: `null`},
		{payload: `{}`},
		{payload: `""`},
		{payload: `"not json"`},
		{payload: `{"plan_sha256":"ab12"}`},
		{payload: `{"olympus":null}`},
		{payload: `{"olympus":{}}`, ok: true},
		{payload: `{"olympus":{"verified":false,"cloud_run":{"olympus-dev-7d1e/us-central1/api":"api-00001-abc"}}}`, ok: true},
		{payload: `{"olympus":{"verified":true}}`, ok: true, verified: true},
		{payload: `{"olympus":{"verified":"yes"}}`, ok: true, err: `verified is string, not bool`},
		{payload: `{"olympus":[]}`, ok: true, err: `is array`},
		{payload: `{"olympus":{"verified":true,"cloud_run":{"api":"api-00001-abc"}}}`, ok: true, err: `cloud_run key "api" is not <project>/<region>/<service>`},
		{payload: `{"olympus":{"verified":true,"cloud_run":{"olympus-dev-7d1e/us-central1/api":"api/../x"}}}`, ok: true, err: `revision "api/../x": not a Cloud Run revision name`},
		{payload: `{"olympus":{"verified":true,"cloud_run":{"olympus-dev-7d1e/us-central1/api":7}}}`, ok: true, err: `is number, not string`},
	} {
		got, ok, err := ParseDeploymentPayload([]byte(tc.payload))
		if ok != tc.ok || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: ok %v err %v, want ok %v err %q", tc.payload, ok, err, tc.ok, tc.err)
			continue
		}
		if err == nil && got.Verified != tc.verified {
			t.Errorf("%s: verified %v", tc.payload, got.Verified)
		}
	}
}
