package report

import "strings"

// Markdown that holds untrusted text (values from plans, names and
// messages from cloud APIs, file names from a pull request, text from a
// repository's files) must not let it end its table cell, code span or
// code block, or write Markdown or HTML of its own. These four are the
// only ways the steps put such text into a summary, a comment, an issue or
// a record:
//
//   - Cell: text in a table cell.
//   - Code: text as inline code, on one line.
//   - Block (and Fence, its fence): text as a fenced code block.
//   - Line: text as one line of prose or a list item.
//
// Inline code in a table cell is Cell(Code(s)).

// cellEscaper: a pipe ends a cell; \n, \r and \r\n each end a line, and
// with it the table row.
var cellEscaper = strings.NewReplacer("|", "\\|", "\r\n", " ", "\n", " ", "\r", " ")

// Cell makes text safe inside a Markdown table cell.
func Cell(s string) string { return cellEscaper.Replace(s) }

// lineBreaks become spaces where text must stay on one line.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// Code is text as inline code that no backtick in it can close early, on
// one line: a line break (a blank line ends the span) becomes a space, as
// Markdown shows it anyway.
func Code(text string) string {
	text = lineBreaks.Replace(text)
	run := longestRun(text)
	ticks := strings.Repeat("`", run+1)
	// A space on each side is stripped by Markdown: it keeps a backtick at
	// either end from joining the delimiters, and text that starts and
	// ends with a space as it is.
	if strings.HasPrefix(text, "`") || strings.HasSuffix(text, "`") || strings.HasPrefix(text, " ") && strings.HasSuffix(text, " ") {
		return ticks + " " + text + " " + ticks
	}
	return ticks + text + ticks
}

// Fence is a code fence longer than any run of backticks in text, so that
// the text cannot close the block early.
func Fence(text string) string {
	return strings.Repeat("`", max(3, longestRun(text)+1))
}

// Block is text as a fenced code block in language lang (may be empty),
// ending with a line break.
func Block(text, lang string) string {
	ticks := Fence(text)
	return ticks + lang + "\n" + strings.TrimSuffix(text, "\n") + "\n" + ticks + "\n"
}

// lineEscaper: line breaks become spaces; < and > become entities, so
// that no tag is written; a backtick becomes a quote, so that no code
// span opens and swallows the rest of the line.
var lineEscaper = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "`", "'")

// Line is text as one line of prose or a list item: it stays on its line
// and writes no HTML and no code span.
func Line(text string) string { return lineEscaper.Replace(text) }

func longestRun(s string) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}
