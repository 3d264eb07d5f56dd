package migrations

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	pgquery "github.com/wasilibs/go-pgquery/parser"
)

// SQL the parser refuses, and files it must not be given.

const invalidAlternative = "Fix the SQL: PostgreSQL would refuse this migration."

// unparsable finds what the parser cannot be trusted with: a NUL byte
// would silently end the text it sees, and a huge file takes minutes.
func unparsable(s *source) (Finding, bool) {
	switch {
	case len(s.text) > MaxFileSize:
		return Finding{Rule: "invalid-sql", Title: "file too large to judge", Line: 1,
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
		return Finding{Rule: "invalid-sql", Title: "not UTF-8", Line: s.line(at),
			Message: "The file is not valid UTF-8.", Alternative: "Save the migration as UTF-8."}, true
	case strings.IndexByte(s.text, 0) >= 0:
		return Finding{Rule: "invalid-sql", Title: "NUL byte", Line: s.line(strings.IndexByte(s.text, 0)),
			Message: "The file contains a NUL byte, which PostgreSQL does not accept in SQL.", Alternative: invalidAlternative}, true
	}
	return Finding{}, false
}

// syntaxFinding reports the parser's error at its line.
func syntaxFinding(s *source, err error) Finding {
	f := Finding{Rule: "invalid-sql", Title: "invalid SQL", Line: 1, Message: err.Error(), Alternative: invalidAlternative}
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
