package migrations

import (
	"strings"
)

// ContractMarker starts the comment that makes a file the contract phase:
// `-- olympus:contract <reason>`. Only a real `--` comment counts, found
// by the SQL scanner, never the same words inside a string or a block
// comment.
const ContractMarker = "olympus:contract"

// readContract finds the file's marker. A marker without a reason does not
// count and is itself a finding.
func readContract(s *source) (*Contract, []Finding) {
	if !strings.Contains(s.text, ContractMarker) {
		return nil, nil
	}
	var found []Finding
	for _, t := range s.tokens() {
		start, end := int(t.GetStart()), min(int(t.GetEnd()), len(s.text))
		if !isComment(t) || start < 0 || start >= end || !strings.HasPrefix(s.text[start:end], "--") {
			continue
		}
		text := strings.TrimSpace(strings.TrimPrefix(s.text[start:end], "--"))
		rest, ok := strings.CutPrefix(text, ContractMarker)
		if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ':') {
			continue
		}
		reason := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ":"))
		line := s.line(start)
		if reason != "" {
			return &Contract{Line: line, Reason: reason}, nil
		}
		found = append(found, Finding{
			Rule:        "contract-without-reason",
			Class:       Invalid,
			Title:       "olympus:contract marker without a reason",
			Line:        line,
			Statement:   "-- " + text,
			Message:     "The contract marker needs a reason, which the summary shows beside the destructive statements it lets pass.",
			Alternative: "Say why they are safe now: `-- olympus:contract <reason>`, for example `-- olympus:contract users.legacy_name unused since release 42`.",
		})
	}
	return nil, found
}
