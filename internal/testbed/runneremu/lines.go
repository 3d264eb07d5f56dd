package runneremu

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// lineReader turns the bytes of one stream into the lines the runner sees.
//
// The runner reads each of a step's streams with StreamReader.ReadLine in its
// own task (src/Runner.Sdk/ProcessInvoker.cs, StartReadStream). ReadLine ends
// a line at "\n", at "\r", or at "\r\n"; the terminator is dropped; the text
// after the last terminator is one more line when the stream ends. A "\r"
// that ends the data read so far makes ReadLine wait for the next byte to
// know whether a "\n" follows, so that line is only delivered with the next
// data of the same stream (or at its end).
//
// The process's StreamReader detects a byte order mark
// (detectEncodingFromByteOrderMarks), so a UTF-8 BOM at the start of a
// stream is dropped (here: when the stream's first chunk starts with it). Bytes that are not UTF-8 are decoded with replacement
// characters; .NET replaces each maximal invalid subsequence with one U+FFFD
// where Go's decoder replaces each invalid byte: an approximation that only
// matters for binary output.
type lineReader struct {
	buf     []byte
	started bool
}

// feed adds data and returns the lines it completes.
func (r *lineReader) feed(data []byte) []string {
	if !r.started && len(data) > 0 {
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		r.started = true
	}
	r.buf = append(r.buf, data...)
	var lines []string
	start := 0
	for i := 0; i < len(r.buf); i++ {
		switch r.buf[i] {
		case '\n':
			lines = append(lines, decode(r.buf[start:i]))
			start = i + 1
		case '\r':
			if i+1 == len(r.buf) {
				// Wait for the next byte: it may be the "\n" of "\r\n".
				r.buf = r.buf[start:]
				return lines
			}
			lines = append(lines, decode(r.buf[start:i]))
			if r.buf[i+1] == '\n' {
				i++
			}
			start = i + 1
		}
	}
	r.buf = r.buf[start:]
	return lines
}

// close ends the stream and returns its last line, if any.
func (r *lineReader) close() []string {
	if len(r.buf) == 0 {
		return nil
	}
	last := bytes.TrimSuffix(r.buf, []byte("\r"))
	r.buf = nil
	return []string{decode(last)}
}

func decode(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var s strings.Builder
	for _, r := range string(b) {
		s.WriteRune(r) // utf8.RuneError for each invalid byte
	}
	return s.String()
}
