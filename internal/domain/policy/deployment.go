package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"sort"
	"strings"
)

// DeploymentTask marks the GitHub deployments that olympus deploy creates.
// GitHub also creates deployments of its own (task "deploy") for every job
// that names an environment; only ours count, for the promotion gate and
// for the known-good revision of a rollback.
const DeploymentTask = "deploy:olympus"

// PayloadKey is the key of a deployment's payload under which deploy keeps
// its record; other keys (the reviewed plan's sha256, the run) sit beside
// it.
const PayloadKey = "olympus"

// DeploymentRecord is what a deploy records of itself in its GitHub
// deployment payload, under PayloadKey:
//
//	{"olympus": {"verified": true, "cloud_run": {"<project>/<region>/<service>": "<revision>"}}}
//
// deploy writes it; traffic-rollback (and deploy's own rollback after a
// failed check) reads the last verified one to find the known-good
// revision of a service.
type DeploymentRecord struct {
	// Verified: the checks after the apply passed.
	Verified bool `json:"verified"`
	// CloudRun is the revision each Cloud Run service served once the
	// deploy was verified, keyed by CloudRunKey.
	CloudRun map[string]string `json:"cloud_run,omitempty"`
}

// CloudRunKey names a Cloud Run service in a DeploymentRecord.
func CloudRunKey(project, region, service string) string {
	return project + "/" + region + "/" + service
}

// Revision is the revision the record names for a service, "" if none.
func (r DeploymentRecord) Revision(project, region, service string) string {
	return r.CloudRun[CloudRunKey(project, region, service)]
}

// Check refuses a record whose keys are not project/region/service or
// whose values are not revision names, by Cloud Run's rules.
func (r DeploymentRecord) Check() error {
	keys := make([]string, 0, len(r.CloudRun))
	for k := range r.CloudRun {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts := strings.Split(k, "/")
		if len(parts) != 3 || ValidProject(parts[0]) != nil || ValidRegion(parts[1]) != nil || ValidService(parts[2]) != nil {
			return fmt.Errorf("cloud_run key %q is not <project>/<region>/<service>", k)
		}
		if err := ValidRevision(r.CloudRun[k]); err != nil {
			return fmt.Errorf("cloud_run %q: revision %q: %w", k, r.CloudRun[k], err)
		}
	}
	return nil
}

// FormatDeploymentPayload returns payload with r under PayloadKey, for a
// deployment request; payload itself is not changed and may be nil.
func FormatDeploymentPayload(payload map[string]any, r DeploymentRecord) map[string]any {
	out := maps.Clone(payload)
	if out == nil {
		out = map[string]any{}
	}
	out[PayloadKey] = r
	return out
}

// ParseDeploymentPayload reads the record in a deployment's payload as
// GitHub returns it: an object, or a string that holds one (a payload
// created as a string). ok is false when there is no record: a deployment
// that is not ours, or made before deploys recorded one. An error is a
// record that is there but malformed.
func ParseDeploymentPayload(raw []byte) (r DeploymentRecord, ok bool, err error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		raw = []byte(s)
	}
	var payload map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &payload) != nil {
		return DeploymentRecord{}, false, nil
	}
	rec, found := payload[PayloadKey]
	if !found || string(rec) == "null" {
		return DeploymentRecord{}, false, nil
	}
	dec := json.NewDecoder(strings.NewReader(string(rec)))
	if err := dec.Decode(&r); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return DeploymentRecord{}, true, fmt.Errorf("the %q record of the payload: %s is %s, not %s", PayloadKey, te.Field, te.Value, te.Type)
		}
		return DeploymentRecord{}, true, fmt.Errorf("the %q record of the payload: %w", PayloadKey, err)
	}
	if err := r.Check(); err != nil {
		return DeploymentRecord{}, true, fmt.Errorf("the %q record of the payload: %w", PayloadKey, err)
	}
	return r, true, nil
}
