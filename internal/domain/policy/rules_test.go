package policy

import (
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

func TestParseOrder(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Order
		wantErr string
	}{
		{"dev,staging,prod", Order{"dev", "staging", "prod"}, ""},
		{" dev , qa\nprod\n", Order{"dev", "qa", "prod"}, ""},
		{"prod", Order{"prod"}, ""},
		{"", nil, "name at least one"},
		{"dev,,prod", nil, "empty"},
		{"dev,staging,dev", nil, `"dev" is listed twice`},
		{"dev,Prod", nil, `"Prod"`},
		{"dev,../prod", nil, `"../prod"`},
	} {
		got, err := ParseOrder(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseOrder(%q) error = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("ParseOrder(%q) = %v, %v", tc.in, got, err)
		}
	}
	o := MustOrder(DefaultOrder)
	if o.First() != "dev" || o.Production() != "prod" || o.Previous("prod") != "staging" || o.Previous("dev") != "" || o.Has("qa") {
		t.Errorf("order helpers wrong on %v", o)
	}
}

// What counts as a secret, shape by shape.
func TestSecrets(t *testing.T) {
	p := &tfjson.Plan{
		ResourceChanges: []*tfjson.ResourceChange{nil, {Address: "x.y", Change: &tfjson.Change{
			Actions: tfjson.Actions{tfjson.ActionUpdate},
			Before:  map[string]any{"config": `{"user":"app","password":"json-string-secret"}`, "port": 5432.0},
			After: map[string]any{
				"settings":    map[string]any{"db_password": "nested-secret", "tier": "small"},
				"require_ssl": true,
				"pin":         86420975.0,
				"short":       1234.0,
			},
			AfterSensitive: map[string]any{"require_ssl": true, "pin": true, "short": true},
		}}},
		OutputChanges: map[string]*tfjson.Change{
			"admin_password": {Actions: tfjson.Actions{tfjson.ActionCreate}, After: "nonsensitive-secret"},
			"db":             {Actions: tfjson.Actions{tfjson.ActionCreate}, After: map[string]any{"host": "db.internal", "password": "object-secret"}},
			"none":           nil,
		},
	}
	got := Secrets(p)
	for _, want := range []string{"json-string-secret", "nested-secret", "nonsensitive-secret", "object-secret", "86420975", "8.6420975e+07"} {
		if !slices.Contains(got, want) {
			t.Errorf("Secrets lacks %q: %q", want, got)
		}
	}
	for _, not := range []string{"true", "1234", "app", "small", "db.internal", "5432"} {
		if slices.Contains(got, not) {
			t.Errorf("Secrets has %q, which must not be masked: %q", not, got)
		}
	}
}

func TestRedactKeysLooksInsideObjectsAndJSONStrings(t *testing.T) {
	v := map[string]any{"host": "h", "password": "p", "list": []any{map[string]any{"API_KEY": "k"}}, "doc": `{"token":"t","x":1}`}
	got := RedactKeys(v, "***").(map[string]any)
	if got["password"] != "***" || got["host"] != "h" || got["list"].([]any)[0].(map[string]any)["API_KEY"] != "***" || strings.Contains(got["doc"].(string), `"t"`) {
		t.Errorf("RedactKeys = %v", got)
	}
	if v["password"] != "p" {
		t.Error("RedactKeys changed its input")
	}
}

func TestProtectedAndDrift(t *testing.T) {
	p := &tfjson.Plan{
		ResourceChanges: []*tfjson.ResourceChange{
			{Address: "google_sql_database_instance.db", Type: "google_sql_database_instance", Mode: tfjson.ManagedResourceMode, Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionDelete, tfjson.ActionCreate}}},
			{Address: "google_storage_bucket.b", Type: "google_storage_bucket", Mode: tfjson.ManagedResourceMode, Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate}}},
		},
		ResourceDrift: []*tfjson.ResourceChange{nil,
			{Address: "data.x.y", Mode: tfjson.DataResourceMode, Change: &tfjson.Change{}},
			{Address: "google_storage_bucket.b", Mode: tfjson.ManagedResourceMode, Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate}}},
		},
	}
	d := NewProtected(DefaultProtected).PlanDestroys(p)
	if len(d) != 1 || d[0].Address != "google_sql_database_instance.db" || d[0].Action != Replace {
		t.Errorf("protected destroys %+v", d)
	}
	if got := DriftAddresses(p); !slices.Equal(got, []string{"google_storage_bucket.b"}) {
		t.Errorf("drift %v", got)
	}
	if (Layout{Environment: "prod"}).Backend() != "environments/prod/backend.tfbackend" {
		t.Error("layout")
	}
}
