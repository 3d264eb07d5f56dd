package validate

import (
	"regexp"
	"strings"
)

// maxWords bounds a tool's message in a notice; the log has all of it.
const maxWords = 2000

var (
	ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)
	// Lines of a terraform diagnostic that show source, not words: "on
	// main.tf line 1:", the numbered lines, and the values under them.
	sourceLine = regexp.MustCompile(`^\s+(on .* line \d+|\d+:|├|│|\(source code not available\))`)
	// Our wrapping of a tool's failure, before its words.
	wrapping = regexp.MustCompile(`^(failed to (run|init)[^:]*: |exit status \d+:?\s*)+`)
	spaces   = regexp.MustCompile(`\s+`)
)

// toolWords is what a tool said when it failed, on one line: the errors
// of terraform's diagnostics ("Summary: detail", its warnings left out),
// else the message without our wrapping.
func toolWords(err error) string {
	text := ansiEscape.ReplaceAllString(err.Error(), "")
	words := strings.Join(terraformErrors(text), "; ")
	if words == "" {
		words = strings.TrimSpace(spaces.ReplaceAllString(wrapping.ReplaceAllString(strings.TrimSpace(text), ""), " "))
	}
	if len(words) > maxWords {
		cut := maxWords
		for cut > 0 && words[cut]&0xC0 == 0x80 {
			cut--
		}
		words = words[:cut] + "…"
	}
	return words
}

// terraformErrors reads the error diagnostics terraform printed, with or
// without colour (boxed in │), each as "Summary: detail".
func terraformErrors(text string) []string {
	var out []string
	var summary string
	var detail []string
	inError, inDiag := false, false
	flush := func() {
		if inError {
			d := summary
			if len(detail) > 0 {
				d += ": " + strings.Join(detail, " ")
			}
			out = append(out, d)
		}
		inError, inDiag, summary, detail = false, false, "", nil
	}
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimRight(l, " \r")
		l = strings.TrimLeft(l, "╷╵")
		if rest, ok := strings.CutPrefix(l, "│"); ok {
			l = strings.TrimPrefix(rest, " ")
		}
		switch {
		case strings.HasPrefix(l, "Error: "):
			flush()
			inError, inDiag, summary = true, true, strings.TrimSpace(strings.TrimPrefix(l, "Error: "))
		case strings.HasPrefix(l, "Warning: "):
			flush()
			inDiag = true
		case !inDiag || sourceLine.MatchString(l):
		default:
			if t := strings.TrimSpace(l); t != "" {
				detail = append(detail, t)
			}
		}
	}
	flush()
	return out
}
