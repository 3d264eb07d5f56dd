package runneremu

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseFileCommand(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    map[string]string
		wantErr string
	}{
		// Vectors from the runner's own tests (src/Test/L0/Worker/SetOutputFileCommandL0.cs).
		{name: "simple", content: "MY_OUTPUT=MY VALUE\n", want: map[string]string{"MY_OUTPUT": "MY VALUE"}},
		{name: "empty lines skipped", content: "\nA=1\n\nB=2\n", want: map[string]string{"A": "1", "B": "2"}},
		{name: "empty value", content: "A=\n", want: map[string]string{"A": ""}},
		{name: "equals signs in values", content: "A==abc\nB=def=ghi\nC=jkl=\n", want: map[string]string{"A": "=abc", "B": "def=ghi", "C": "jkl="}},
		{name: "heredoc", content: "A<<EOF\nline one\nline two\nEOF\n", want: map[string]string{"A": "line one\nline two"}},
		{name: "heredoc empty value", content: "A<<EOF\nEOF\n", want: map[string]string{"A": ""}},
		{name: "heredoc odd delimiters", content: "A<<=EOF\nhello\n=EOF\nB<<<EOF\ntwo\n<EOF\n", want: map[string]string{"A": "hello", "B": "two"}},
		{name: "heredoc delimiter last without newline", content: "A<<EOF\nx\nEOF", want: map[string]string{"A": "x"}},
		{name: "heredoc keeps empty lines and a final empty line", content: "A<<EOF\n\nx\n\nEOF\n", want: map[string]string{"A": "\nx\n"}},

		// A value containing the delimiter ends early; what follows is read
		// as more entries: the injection a fixed delimiter allows.
		{
			name:    "value containing the delimiter",
			content: "plan<<ghadelimiter_1\n+ name = \"x\"\nghadelimiter_1\nhas-changes=false\nghadelimiter_1\n",
			want:    map[string]string{"plan": "+ name = \"x\"", "has-changes": "false"},
			wantErr: "Invalid format 'ghadelimiter_1'",
		},
		{
			name:    "value containing the delimiter, then a clean entry",
			content: "plan<<EOF\nEOF\nhas-changes=false\nEOF\n",
			want:    map[string]string{"plan": "", "has-changes": "false"},
			wantErr: "Invalid format 'EOF'",
		},
		// The delimiter must be the whole line: indented or suffixed copies
		// stay in the value.
		{name: "delimiter inside a line is value", content: "A<<EOF\n  EOF\nEOF-not\nEOF\n", want: map[string]string{"A": "  EOF\nEOF-not"}},
		// Lines end at "\n" only (Linux): "\r" is kept.
		{name: "crlf file", content: "A=1\r\nB<<EOF\r\nx\r\nEOF\r\n", want: map[string]string{"A": "1\r", "B": "x\r"}},
		{name: "crlf value, lf delimiter line", content: "B<<EOF\r\nx\nEOF\n", want: map[string]string{}, wantErr: "Invalid value. Matching delimiter not found 'EOF\r'"},
		{name: "= before << is a plain value", content: "A=b<<EOF\n", want: map[string]string{"A": "b<<EOF"}},
		{name: "empty name allowed by the parser", content: "=v\n", want: map[string]string{"": "v"}},

		{name: "missing delimiter", content: "A=1\nB<<EOF\nx\n", want: map[string]string{"A": "1"}, wantErr: "Invalid value. Matching delimiter not found 'EOF'"},
		{name: "last value line without newline", content: "B<<EOF\nx", want: map[string]string{}, wantErr: "Invalid value. EOF marker missing new line."},
		{name: "empty delimiter", content: "B<<\nx\n", want: map[string]string{}, wantErr: "Invalid format 'B<<'. Name must not be empty and delimiter must not be empty"},
		{name: "empty heredoc name", content: "<<EOF\nx\nEOF\n", want: map[string]string{}, wantErr: "Invalid format '<<EOF'. Name must not be empty and delimiter must not be empty"},
		{name: "neither form", content: "A=1\njust text\nB=2\n", want: map[string]string{"A": "1"}, wantErr: "Invalid format 'just text'"},
		{name: "later entry wins", content: "A=1\nA=2\n", want: map[string]string{"A": "2"}},
		{name: "bom dropped", content: "\xef\xbb\xbfA=1\n", want: map[string]string{"A": "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFileCommand([]byte(tt.content))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pairs (-want +got):\n%s", diff)
			}
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tt.wantErr {
				t.Errorf("error = %q, want %q", gotErr, tt.wantErr)
			}
		})
	}
}

// SetOutput refuses an empty name and stops there.
func TestParseOutputFile(t *testing.T) {
	got, err := ParseOutputFile([]byte("A=1\n=v\nB=2\n"))
	if err == nil || err.Error() != "Value cannot be null. (Parameter 'name')" {
		t.Errorf("error = %v, want the empty-name error", err)
	}
	if diff := cmp.Diff(map[string]string{"A": "1"}, got); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
}
