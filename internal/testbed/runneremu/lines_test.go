package runneremu

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLineReader(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		want   []string
	}{
		{"lf", []string{"a\nb\n"}, []string{"a", "b"}},
		{"no final newline", []string{"a\nb"}, []string{"a", "b"}},
		{"crlf is one break", []string{"a\r\nb\r\n"}, []string{"a", "b"}},
		{"cr alone breaks", []string{"value = \"x\r::stop-commands::y\"\n"}, []string{`value = "x`, `::stop-commands::y"`}},
		{"cr cr lf", []string{"a\r\r\nb"}, []string{"a", "", "b"}},
		{"lf cr", []string{"a\n\rb"}, []string{"a", "", "b"}},
		{"empty lines kept", []string{"\n\na\n"}, []string{"", "", "a"}},
		{"only a newline", []string{"\n"}, []string{""}},
		{"nothing", []string{""}, nil},
		{"line split across chunks", []string{"::add-", "mask::x\n"}, []string{"::add-mask::x"}},
		{"crlf split across chunks", []string{"a\r", "\nb\n"}, []string{"a", "b"}},
		{"cr at the end of the stream", []string{"a\r"}, []string{"a"}},
		{"bom at the start dropped", []string{"\xef\xbb\xbf::add-mask::x\n"}, []string{"::add-mask::x"}},
		{"bom later kept", []string{"a\n", "\xef\xbb\xbfb\n"}, []string{"a", "\ufeffb"}},
		{"invalid utf-8 replaced", []string{"a\xffb\n"}, []string{"a\ufffdb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r lineReader
			var got []string
			for _, c := range tt.chunks {
				got = append(got, r.feed([]byte(c))...)
			}
			got = append(got, r.close()...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

// A line ended by "\r" is held until the stream's next byte shows whether
// a "\n" follows (StreamReader.ReadLine).
func TestLineReaderHoldsCR(t *testing.T) {
	var r lineReader
	if got := r.feed([]byte("a\r")); len(got) != 0 {
		t.Fatalf("feed(a\\r) = %q, want nothing yet", got)
	}
	if got := r.feed([]byte("b\n")); !cmp.Equal(got, []string{"a", "b"}) {
		t.Fatalf("feed(b\\n) = %q, want [a b]", got)
	}
}
