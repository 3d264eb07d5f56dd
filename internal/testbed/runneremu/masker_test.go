package runneremu

import (
	"slices"
	"testing"
)

func TestMask(t *testing.T) {
	tests := []struct {
		name    string
		secrets []string
		in      string
		want    string
	}{
		{"plain", []string{"s3cr3t"}, "pw=s3cr3t.", "pw=***."},
		{"every occurrence", []string{"s3cr3t"}, "s3cr3t s3cr3t", "*** ***"},
		{"overlapping matches merge", []string{"abab"}, "ababab", "***"},
		{"touching secrets merge", []string{"abc", "def"}, "abcdef", "***"},
		{"no minimum length", []string{"a"}, "banana", "b***n***n***"},
		{"base64", []string{"s3cr3t"}, "czNjcjN0", "***"},
		{"base64 of user:secret (shifted)", []string{"password1"}, "dXNlcjpwYXNzd29yZDE=", "dXNlcjpw***"},
		{"json escaped", []string{"a\"b\\c\nd"}, `{"v":"a\"b\\c\nd"}`, `{"v":"***"}`},
		{"json control char lower-case hex", []string{"a\x1bb"}, `a\u001bb`, "***"},
		{"uri escaped", []string{"p@ss word"}, "x=p%40ss%20word", "x=***"},
		{"xml escaped", []string{"a<b&c"}, "a&lt;b&amp;c", "***"},
		{"expression escaped", []string{"it's"}, "'it''s'", "'***'"},
		{"command line escaped", []string{`say "hi"`}, `say \"hi\"`, "***"},
		{"quotes trimmed", []string{`"long-value"`}, "long-value", "***"},
		{"powershell pre ampersand", []string{"secret1&secret2"}, "secret1& was split", "*** was split"},
		{"powershell post ampersand", []string{"secret1&secret2"}, "then secret2", "then ***"},
		// Not among the runner's encodings: Go's HTML-safe JSON and the
		// exponent form of a number.
		{"go json.Marshal html escape not masked", []string{"a<b>&c"}, `a\u003cb\u003e\u0026c`, `a\u003cb\u003e\u0026c`},
		{"float form not masked", []string{"12345678"}, "1.2345678e+07", "1.2345678e+07"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMasker()
			for _, s := range tt.secrets {
				m.add(s)
			}
			if got := m.mask(tt.in); got != tt.want {
				t.Errorf("mask(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEncoders(t *testing.T) {
	got := []string{}
	for _, enc := range valueEncoders {
		got = append(got, enc(`"a'b<&+x>"`))
	}
	want := []string{
		`ImEnYjwmK3g+Ig==`,                    // base64
		`YSdiPCYreD4i`,                        // base64, 1 byte shifted
		`J2I8Jit4PiI=`,                        // base64, 2 bytes shifted
		`\"a'b<&+x>\"`,                        // command line
		`"a''b<&+x>"`,                         // expression
		`\"a'b<&+x>\"`,                        // JSON
		`%22a%27b%3C%26%2Bx%3E%22`,            // URI
		`&quot;a&apos;b&lt;&amp;+x&gt;&quot;`, // XML
		`a'b<&+x>`,                            // quotes trimmed (more than 8 characters)
		`"a'b<&+`,                             // PowerShell, before "&+"
		``,                                    // PowerShell, after "&+" and one character: ">\"" is too short
	}
	if !slices.Equal(got, want) {
		t.Errorf("encodings:\n got %q\nwant %q", got, want)
	}
}
