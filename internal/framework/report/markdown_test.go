package report

import (
	"strings"
	"testing"
)

// The vocabulary for untrusted text: whatever the text, it stays in its
// cell, span, block or line.
func TestMarkdownVocabularyKeepsHostileTextInItsPlace(t *testing.T) {
	hostile := "a|b`c``d\n\n## heading\r\n<img src=x onerror=alert(1)> [link](http://x) ```\n"
	if got := Cell(hostile); strings.ContainsAny(got, "\r\n") || strings.Contains(strings.ReplaceAll(got, `\|`, ""), "|") {
		t.Errorf("Cell(%q) = %q: a line break or an unescaped pipe", hostile, got)
	}
	for text, want := range map[string]string{
		"plain":        "`plain`",
		"a`b":          "``a`b``",
		"`start":       "`` `start ``",
		"end``":        "``` end`` ```",
		" both ":       "`  both  `",
		"two\nlines":   "`two lines`",
		"x ``` y\r\nz": "````x ``` y z````",
	} {
		if got := Code(text); got != want {
			t.Errorf("Code(%q) = %q, want %q", text, got, want)
		}
	}
	b := Block(hostile, "diff")
	fence, _, _ := strings.Cut(b, "diff\n")
	if len(fence) != 4 || !strings.HasSuffix(b, "\n"+fence+"\n") || strings.Count(b, fence) != 2 {
		t.Errorf("Block = %q: the fence %q is not longer than every run of backticks inside", b, fence)
	}
	line := Line(hostile)
	if strings.ContainsAny(line, "\r\n") {
		t.Errorf("Line(%q) = %q: a line break", hostile, line)
	}
	if strings.ContainsAny(line, "<>`") {
		t.Errorf("Line(%q) = %q: a tag or a code span can open", hostile, line)
	}
}
