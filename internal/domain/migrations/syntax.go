package migrations

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	pgquery "github.com/wasilibs/go-pgquery/parser"
)

// SQL the parser refuses, and files it must not be given.

// broken is set once the parser failed inside (a WebAssembly trap): its
// state cannot be trusted for another file in this process.
var broken atomic.Bool

const invalidAlternative = "Fix the SQL: PostgreSQL would refuse this migration."

// unparsable finds what the parser cannot be trusted with: a NUL byte
// would silently end the text it sees, and a huge file takes minutes.
func unparsable(s *source) (Finding, bool) {
	switch {
	case len(s.text) > MaxFileSize:
		return Finding{Rule: "invalid-sql", Class: Invalid, Title: "file too large to judge", Line: 1,
			Message:     fmt.Sprintf("The file has more than %d bytes, the most the guard judges.", MaxFileSize),
			Alternative: "Split the migration into smaller files."}, true
	case !utf8.ValidString(s.text):
		at := 0
		for at < len(s.text) {
			r, n := utf8.DecodeRuneInString(s.text[at:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		return Finding{Rule: "invalid-sql", Class: Invalid, Title: "not UTF-8", Line: s.line(at),
			Message: "The file is not valid UTF-8.", Alternative: "Save the migration as UTF-8."}, true
	case broken.Load():
		return Finding{Rule: "invalid-sql", Class: Invalid, Title: "not judged", Line: 1,
			Message:     "Not judged: the SQL parser failed on an earlier file of this run and cannot be trusted with more.",
			Alternative: "Fix the file the parser failed on (see its finding), then run again."}, true
	case strings.IndexByte(s.text, 0) >= 0:
		return Finding{Rule: "invalid-sql", Class: Invalid, Title: "NUL byte", Line: s.line(strings.IndexByte(s.text, 0)),
			Message: "The file contains a NUL byte, which PostgreSQL does not accept in SQL.", Alternative: invalidAlternative}, true
	}
	if depth, at := nesting(s.text); depth > MaxNesting {
		return Finding{Rule: "invalid-sql", Class: Invalid, Title: "too deeply nested to judge", Line: s.line(at),
			Message:     fmt.Sprintf("An expression here is nested about %d levels deep; the parser's stack allows %d.", depth, MaxNesting),
			Alternative: "Split the expression or the statement; a migration rarely needs more than a few levels."}, true
	}
	return Finding{}, false
}

// MaxNesting bounds how deep an expression may nest: libpg_query, compiled
// to WebAssembly, runs out of stack on a few thousand levels (a chain of
// 5,000 "+" does), which the guard must not meet.
const MaxNesting = 1000

// nesting estimates the deepest expression of a file, without the parser:
// each open bracket is a level, and so is each operator chained at one
// level (a+b+c nests as (a+b)+c); a comma or semicolon ends a chain.
// Quoted text and comments do not count. It returns the depth and where it
// was reached.
func nesting(text string) (int, int) {
	chains := []int{0} // operators chained at each open level
	sum, deepest, at := 0, 0, 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\'' || c == '"':
			i = skipQuoted(text, i, c)
		case c == '-' && i+1 < len(text) && text[i+1] == '-':
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			if end := strings.Index(text[i+2:], "*/"); end >= 0 {
				i += end + 3
			} else {
				i = len(text)
			}
		case c == '$':
			i = skipDollarQuoted(text, i)
		case c == '(' || c == '[':
			chains = append(chains, 0)
		case (c == ')' || c == ']') && len(chains) > 1:
			sum -= chains[len(chains)-1]
			chains = chains[:len(chains)-1]
		case c == ',' || c == ';':
			sum -= chains[len(chains)-1]
			chains[len(chains)-1] = 0
		case strings.IndexByte(operatorChars, c) >= 0:
			for i+1 < len(text) && strings.IndexByte(operatorChars, text[i+1]) >= 0 {
				i++
			}
			chains[len(chains)-1]++
			sum++
		}
		if d := len(chains) - 1 + sum; d > deepest {
			deepest, at = d, min(i, len(text)-1)
		}
	}
	return deepest, at
}

// operatorChars make up PostgreSQL's operators, and :: casts.
const operatorChars = "+-*/%^<>=|&#~!@:"

// skipQuoted returns the index of the quote that closes the one at i (a
// doubled quote is part of the text), or the end.
func skipQuoted(text string, i int, q byte) int {
	for j := i + 1; j < len(text); j++ {
		if text[j] == q {
			if j+1 < len(text) && text[j+1] == q {
				j++
				continue
			}
			return j
		}
	}
	return len(text)
}

// skipDollarQuoted skips a $tag$…$tag$ string starting at i, or just the
// $ of a parameter ($1).
func skipDollarQuoted(text string, i int) int {
	end := strings.IndexByte(text[i+1:], '$')
	if end < 0 {
		return i
	}
	tag := text[i : i+end+2]
	for _, r := range tag[1 : len(tag)-1] {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return i
		}
	}
	close := strings.Index(text[i+len(tag):], tag)
	if close < 0 {
		return len(text)
	}
	return i + len(tag) + close + len(tag) - 1
}

// syntaxFinding reports the parser's error at its line.
func syntaxFinding(s *source, err error) Finding {
	f := Finding{Rule: "invalid-sql", Class: Invalid, Title: "invalid SQL", Line: 1, Message: err.Error(), Alternative: invalidAlternative}
	var pe *pgquery.Error
	if errors.As(err, &pe) {
		f.Message = oneLine(pe.Message, maxStatement)
		if pe.Cursorpos > 0 {
			f.Line = s.line(s.charOffset(pe.Cursorpos))
		}
	}
	f.Title = "invalid SQL: " + f.Message
	return f
}
