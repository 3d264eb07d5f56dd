package migrations

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// What the guard cannot judge is a finding of its own, never silence: SQL
// built at run time (EXECUTE of anything but a constant string), DO blocks
// and functions in languages other than PL/pgSQL and SQL, dblink_exec,
// psql commands that run other SQL (\gexec, \i, \connect), and a file that
// turns standard_conforming_strings off (the parser then misreads it).

const cannotJudgeAlternative = "Write the statements out in the migration, where the guard judges them; " +
	"once a reviewer has checked this one, mark the file `-- olympus:contract <reason>`."

func (c *checker) cannotJudge(s stmt, what, why string) {
	c.add(s, -1, Finding{Rule: "cannot-judge", Class: CannotJudge, Title: "cannot judge: " + what, Message: why,
		Alternative: cannotJudgeAlternative})
}

// cannotJudgeRest reports a statement after which the file is not judged.
func (c *checker) cannotJudgeRest(s stmt, what, why string) {
	c.cannotJudge(s, what, why+" The rest of the file is not judged.")
	c.unjudgeable = true
}

// metaCommands blanks psql's backslash commands out of the text the parser
// reads (psql runs them, PostgreSQL never sees them), and reports those
// that run SQL the guard does not see.
func (c *checker) metaCommands() {
	s := c.src
	if !strings.Contains(s.parsed, "\\") {
		return
	}
	b := []byte(s.parsed)
	text := s.parsed
	for i := 0; i < len(text); i++ {
		ch := text[i]
		switch {
		case ch == '\'' && i > 0 && (text[i-1] == 'E' || text[i-1] == 'e') && (i < 2 || !isIdent(text[i-2])):
			i = skipEscaped(text, i)
		case ch == '\'' || ch == '"':
			i = skipQuoted(text, i, ch)
		case ch == '-' && i+1 < len(text) && text[i+1] == '-':
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case ch == '/' && i+1 < len(text) && text[i+1] == '*':
			if end := strings.Index(text[i+2:], "*/"); end >= 0 {
				i += end + 3
			} else {
				i = len(text)
			}
		case ch == '$':
			i = skipDollarQuoted(text, i)
		case ch == '\\':
			end := i
			for end < len(text) && text[end] != '\n' && text[end] != '\r' {
				end++
			}
			c.metaCommand(i, text[i:end])
			for j := i; j < end; j++ {
				b[j] = ' '
			}
			i = end
		}
	}
	s.parsed = string(b)
}

// runsSQL are the psql commands that run SQL from elsewhere, or elsewhere.
var runsSQL = map[string]string{
	"gexec":            "\\gexec runs every value the query returns as a statement",
	"i":                "\\i runs the statements of another file",
	"include":          "\\include runs the statements of another file",
	"ir":               "\\ir runs the statements of another file",
	"include_relative": "\\include_relative runs the statements of another file",
	"c":                "\\connect runs the rest of the file in another database or as another role",
	"connect":          "\\connect runs the rest of the file in another database or as another role",
	"!":                "\\! runs a shell command",
}

func (c *checker) metaCommand(at int, line string) {
	name := strings.TrimPrefix(line, "\\")
	if i := strings.IndexAny(name, " \t\\"); i >= 0 {
		name = name[:i]
	}
	if strings.HasPrefix(name, "!") {
		name = "!"
	}
	why, ok := runsSQL[name]
	if !ok {
		return
	}
	c.found = append(c.found, Finding{Rule: "cannot-judge", Class: CannotJudge, Title: "cannot judge: psql \\" + name,
		Line: c.src.line(at), Statement: oneLine(line, maxStatement), Message: why + ", which the guard does not see.",
		Alternative: cannotJudgeAlternative})
}

func isIdent(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// skipEscaped skips an E'…' string, where a backslash escapes the next byte.
func skipEscaped(text string, i int) int {
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			j++
		case '\'':
			if j+1 < len(text) && text[j+1] == '\'' {
				j++
				continue
			}
			return j
		}
	}
	return len(text)
}

// dblink runs SQL on another connection, possibly to this very database.
var dblinkFunctions = map[string]bool{"dblink_exec": true, "dblink": true, "dblink_send_query": true}

func funcName(names []*pg.Node) string {
	if len(names) == 0 {
		return ""
	}
	return names[len(names)-1].GetString_().GetSval()
}
