package runneremu

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseCommand(t *testing.T) {
	registered := commandSet{}
	registered.add("do-something")
	registered.add("add-mask")
	registered.add("stop-commands")
	tests := []struct {
		line string
		want *Command // nil: not a command
	}{
		// Vectors from the runner's own tests (src/Test/L0/Worker/ActionCommandL0.cs).
		{"::do-something k1=v1,::msg", &Command{Name: "do-something", Properties: map[string]string{"k1": "v1"}, Data: "msg"}},
		{"::do-something::", &Command{Name: "do-something", Properties: map[string]string{}}},
		{"::do-something k1=;=%2C=%0D=%0A=]=%3A,::;-%0D-%0A-]-:-,",
			&Command{Name: "do-something", Properties: map[string]string{"k1": ";=,=\r=\n=]=:"}, Data: ";-\r-\n-]-:-,"}},
		{"::do-something k1=;=%252C=%250D=%250A=]=%253A,::;-%250D-%250A-]-:-,",
			&Command{Name: "do-something", Properties: map[string]string{"k1": ";=%2C=%0D=%0A=]=%3A"}, Data: ";-%0D-%0A-]-:-,"}},
		{"::do-something k1=,k2=,::", &Command{Name: "do-something", Properties: map[string]string{}}},
		{"##[do-something k1=v1;]msg", &Command{Name: "do-something", Properties: map[string]string{"k1": "v1"}, Data: "msg", Legacy: true}},
		{"##[do-something k1=%3B=%0D=%0A=%5D;]%3B-%0D-%0A-%5D",
			&Command{Name: "do-something", Properties: map[string]string{"k1": ";=\r=\n=]"}, Data: ";-\r-\n-]", Legacy: true}},
		{">>>   ##[do-something k1=v1;]msg", &Command{Name: "do-something", Properties: map[string]string{"k1": "v1"}, Data: "msg", Legacy: true}},

		// Leading white space, tabs and no-break spaces included, is trimmed.
		{"   ::add-mask::s3cr3t", &Command{Name: "add-mask", Properties: map[string]string{}, Data: "s3cr3t"}},
		{"\t\u00a0::add-mask::s3cr3t", &Command{Name: "add-mask", Properties: map[string]string{}, Data: "s3cr3t"}},
		// Names are case-insensitive.
		{"::STOP-COMMANDS::x", &Command{Name: "STOP-COMMANDS", Properties: map[string]string{}, Data: "x"}},
		// Data runs to the end of the line, "::" included.
		{"::add-mask::a::b", &Command{Name: "add-mask", Properties: map[string]string{}, Data: "a::b"}},
		// The name ends at the first space; property keys are case-insensitive
		// and not trimmed.
		{"::do-something Title=a,title=b, title=c::", &Command{Name: "do-something", Properties: map[string]string{"title": "b", " title": "c"}}},
		// .NET's Split('=', 2, RemoveEmptyEntries) drops a value's leading "=".
		{"::do-something k==v::", &Command{Name: "do-something", Properties: map[string]string{"k": "v"}}},
		// A prefix hides the v2 form, not the legacy one.
		{"[dev] ::add-mask::x", nil},
		{"[dev] plan: ##[add-mask]x", &Command{Name: "add-mask", Properties: map[string]string{}, Data: "x", Legacy: true}},
		{":: add-mask::x", nil},
		{"::unknown::x", nil},
		{"::add-mask", nil},
		{"##[add-mask", nil},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			cmd, ok := parseV2(tt.line, registered)
			if !ok {
				cmd, ok = parseLegacy(tt.line, registered)
			}
			if tt.want == nil {
				if ok {
					t.Fatalf("parsed %+v, want no command", cmd)
				}
				return
			}
			if !ok {
				t.Fatalf("not parsed, want %+v", *tt.want)
			}
			if diff := cmp.Diff(*tt.want, cmd); diff != "" {
				t.Errorf("command (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSplitPair(t *testing.T) {
	tests := []struct {
		in, key, value string
		ok             bool
	}{
		{"k=v", "k", "v", true},
		{"k=v=w", "k", "v=w", true},
		{"k==v", "k", "v", true},
		{"=k=v", "k", "v", true},
		{"k=v=", "k", "v=", true},
		{"k=", "", "", false},
		{"=k", "", "", false},
		{"k", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		k, v, ok := splitPair(tt.in)
		if k != tt.key || v != tt.value || ok != tt.ok {
			t.Errorf("splitPair(%q) = %q, %q, %v; want %q, %q, %v", tt.in, k, v, ok, tt.key, tt.value, tt.ok)
		}
	}
}
