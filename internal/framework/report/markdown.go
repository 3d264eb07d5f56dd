package report

import "strings"

// Markdown that holds untrusted text (values from plans, names and
// messages from cloud APIs, file names from a pull request) must not let
// it end its table cell or code block and write Markdown of its own. Every
// step's summaries, comments and issues use these.

// cellEscaper: a pipe ends a cell; \n, \r and \r\n each end a line, and
// with it the table row.
var cellEscaper = strings.NewReplacer("|", "\\|", "\r\n", " ", "\n", " ", "\r", " ")

// Cell makes text safe inside a Markdown table cell.
func Cell(s string) string { return cellEscaper.Replace(s) }

// Fence is a code fence longer than any run of backticks in text, so that
// the text cannot close the block early.
func Fence(text string) string {
	longest, run := 0, 0
	for i := 0; i < len(text); i++ {
		if text[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}
