package migrations

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"
	pgquery "github.com/wasilibs/go-pgquery"
)

// source is a file's text with what is needed to turn the parser's byte
// offsets into lines.
type source struct {
	text string
	// parsed is the text the parser and the scanner read: the same bytes,
	// with a byte-order mark and psql's backslash commands blanked out.
	parsed   string
	newlines []int // byte offsets of line ends: '\n', or a '\r' alone
	// dblink is set when the text mentions dblink, whose calls are then
	// looked for.
	dblink bool
	// tokens come from the scanner, run only when a position or a comment
	// is needed: most files of a change have no finding and no marker.
	scanned bool
	toks    []*pg.ScanToken
}

// tokens returns the scanner's tokens, comments included; a lexical error
// leaves none, and the parser then reports it.
func (s *source) tokens() []*pg.ScanToken {
	if !s.scanned {
		s.scanned = true
		if res, err := pgquery.Scan(s.parsed); err == nil {
			s.toks = res.GetTokens()
		}
	}
	return s.toks
}

func newSource(b []byte) *source {
	s := &source{text: string(b)}
	for i := 0; i < len(b); i++ {
		// A file saved with old Mac line ends has bare CRs: each is a line.
		if b[i] == '\n' || b[i] == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			s.newlines = append(s.newlines, i)
		}
	}
	s.parsed = s.text
	s.dblink = strings.Contains(s.text, "dblink")
	if strings.HasPrefix(s.parsed, "\ufeff") {
		// A UTF-8 byte-order mark, which editors on Windows write: three
		// blanks keep every offset in place.
		s.parsed = "   " + s.parsed[3:]
	}
	return s
}

// line is the 1-based line of a byte offset.
func (s *source) line(off int) int {
	return sort.SearchInts(s.newlines, off) + 1
}

// charOffset turns the parser's error position (1-based, in characters)
// into a byte offset.
func (s *source) charOffset(pos int) int {
	if pos <= 1 {
		return 0
	}
	n := 1
	for i := range s.parsed {
		if n == pos {
			return i
		}
		n++
	}
	return len(s.parsed)
}

// firstToken skips the whitespace and comments the parser counts into a
// statement's location, so a statement is reported at its first word.
func (s *source) firstToken(start, end int) int {
	toks := s.tokens()
	i := sort.Search(len(toks), func(i int) bool { return int(toks[i].GetStart()) >= start })
	for ; i < len(toks) && int(toks[i].GetStart()) < end; i++ {
		if !isComment(toks[i]) {
			return int(toks[i].GetStart())
		}
	}
	// No tokens (a scanner error): skip blanks at least.
	for start < end && start < len(s.parsed) && (s.parsed[start] == ' ' || s.parsed[start] == '\t' || s.parsed[start] == '\n' || s.parsed[start] == '\r') {
		start++
	}
	return start
}

// tokensIn returns the non-comment tokens that start in [start, end).
func (s *source) tokensIn(start, end int) []*pg.ScanToken {
	var out []*pg.ScanToken
	all := s.tokens()
	i := sort.Search(len(all), func(i int) bool { return int(all[i].GetStart()) >= start })
	for ; i < len(all) && int(all[i].GetStart()) < end; i++ {
		if !isComment(all[i]) {
			out = append(out, all[i])
		}
	}
	return out
}

func isComment(t *pg.ScanToken) bool {
	return t.GetToken() == pg.Token_SQL_COMMENT || t.GetToken() == pg.Token_C_COMMENT
}

// maxStatement is how much of a statement a finding quotes.
const maxStatement = 200

// statementText is the statement's SQL on one line: runs of whitespace
// become one space, comments stay, and a long statement is cut.
func (s *source) statementText(start, end int) string {
	start, end = max(start, 0), min(end, len(s.text))
	if start >= end {
		return ""
	}
	// Comments go: on one line, a -- comment would swallow the rest.
	var b strings.Builder
	at := start
	toks := s.tokens()
	i := sort.Search(len(toks), func(i int) bool { return int(toks[i].GetStart()) >= start })
	for ; i < len(toks) && int(toks[i].GetStart()) < end; i++ {
		if t := toks[i]; isComment(t) {
			b.WriteString(s.parsed[at:int(t.GetStart())])
			b.WriteString(" ")
			at = min(max(int(t.GetEnd()), at), end)
		}
	}
	b.WriteString(s.parsed[at:end])
	return oneLine(strings.TrimSuffix(strings.TrimSpace(b.String()), ";"), maxStatement)
}

// oneLine collapses runs of whitespace into one space and cuts the text to
// at most n bytes.
func oneLine(text string, n int) string {
	text = strings.Join(strings.FieldsFunc(text, unicode.IsSpace), " ")
	if len(text) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text
}

// clauseStarts returns the byte offset where each comma-separated command
// of an ALTER TABLE begins, the first one after the table's name (at
// nameAt), or nil when the tokens do not say.
func (s *source) clauseStarts(st stmt, nameAt int) []int {
	toks := s.tokensIn(st.loc, st.end)
	i := sort.Search(len(toks), func(i int) bool { return int(toks[i].GetStart()) >= nameAt })
	if i >= len(toks) {
		return nil
	}
	// A qualified name: schema . table.
	for i+2 < len(toks) && toks[i+1].GetToken() == pg.Token_ASCII_46 {
		i += 2
	}
	i++
	if i >= len(toks) {
		return nil
	}
	starts := []int{int(toks[i].GetStart())}
	depth := 0
	for ; i < len(toks); i++ {
		switch toks[i].GetToken() {
		case pg.Token_ASCII_40, pg.Token_ASCII_91: // ( [
			depth++
		case pg.Token_ASCII_41, pg.Token_ASCII_93: // ) ]
			depth--
		case pg.Token_ASCII_44: // ,
			if depth == 0 && i+1 < len(toks) {
				starts = append(starts, int(toks[i+1].GetStart()))
			}
		}
	}
	return starts
}
