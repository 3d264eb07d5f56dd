package runneremu

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// ParseFileCommand reads a GITHUB_OUTPUT, GITHUB_ENV or GITHUB_STATE file
// as the runner does on Linux (FileCommandManager.cs,
// EnvFileKeyValuePairs.GetEnumerator), after the step ended:
//
//   - Lines end at "\n" only: a "\r" stays in the name, the value or the
//     delimiter. Empty lines are skipped.
//   - "NAME=VALUE" when the first "=" comes before any "<<"; the value is
//     the rest of the line. The name may be empty here.
//   - "NAME<<DELIMITER" when "<<" comes first; neither may be empty, and the
//     delimiter is everything after the first "<<". The value is the lines
//     up to the first line equal to the delimiter, joined by "\n". A value
//     line equal to the delimiter therefore ends the value early, and the
//     lines after it are read as new NAME=VALUE or NAME<<DELIMITER entries.
//   - No closing delimiter: "Matching delimiter not found"; a last value
//     line with no newline: "EOF marker missing new line"; a line with
//     neither "=" nor "<<": "Invalid format".
//
// The runner applies each pair as it reads it, so on error the map holds
// the pairs set before the bad line, and the step fails. A later pair with
// the same name replaces an earlier one.
func ParseFileCommand(content []byte) (map[string]string, error) {
	return parseFileCommand(content, func(string) error { return nil })
}

// ParseOutputFile is ParseFileCommand for GITHUB_OUTPUT, with the one
// check SetOutputFileCommand adds: ExecutionContext.SetOutput throws on an
// empty name, which stops reading the file and fails the step.
func ParseOutputFile(content []byte) (map[string]string, error) {
	return parseFileCommand(content, func(name string) error {
		if name == "" {
			return errors.New("Value cannot be null. (Parameter 'name')")
		}
		return nil
	})
}

// parseFileCommand reads the pairs; check may refuse a name as the command
// that consumes the pairs does.
func parseFileCommand(content []byte, check func(name string) error) (map[string]string, error) {
	// File.ReadAllText drops a byte order mark.
	text := decode(bytes.TrimPrefix(content, []byte("\xef\xbb\xbf")))
	pairs := map[string]string{}
	index := 0
	for line, _, ok := readFileLine(text, &index); ok; line, _, ok = readFileLine(text, &index) {
		if line == "" {
			continue
		}
		eq := strings.Index(line, "=")
		heredoc := strings.Index(line, "<<")
		switch {
		case eq >= 0 && (heredoc < 0 || eq < heredoc):
			key, value, _ := strings.Cut(line, "=")
			if err := check(key); err != nil {
				return pairs, err
			}
			pairs[key] = value
		case heredoc >= 0:
			key, delimiter, _ := strings.Cut(line, "<<")
			if key == "" || delimiter == "" {
				return pairs, fmt.Errorf("Invalid format '%s'. Name must not be empty and delimiter must not be empty", line)
			}
			start, end := index, index
			for {
				value, newline, ok := readFileLine(text, &index)
				if ok && value == delimiter {
					break
				}
				if !ok {
					return pairs, fmt.Errorf("Invalid value. Matching delimiter not found '%s'", delimiter)
				}
				if !newline {
					return pairs, errors.New("Invalid value. EOF marker missing new line.")
				}
				end = index - 1
			}
			if err := check(key); err != nil {
				return pairs, err
			}
			pairs[key] = text[start:max(start, end)]
		default:
			return pairs, fmt.Errorf("Invalid format '%s'", line)
		}
	}
	return pairs, nil
}

// readFileLine is EnvFileKeyValuePairs.ReadLine on Linux: the text up to
// the next "\n" (newline true), or the rest of the text (newline false).
func readFileLine(text string, index *int) (line string, newline, ok bool) {
	if *index >= len(text) {
		return "", false, false
	}
	rest := text[*index:]
	i := strings.IndexByte(rest, '\n')
	if i < 0 {
		*index = len(text)
		return rest, false, true
	}
	*index += i + 1
	return rest[:i], true, true
}
