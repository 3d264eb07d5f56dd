package runneremu

import (
	"strings"
	"unicode"
)

// Command is one workflow command as the runner parsed it
// (src/Runner.Common/ActionCommand.cs).
type Command struct {
	// Name as written; the runner compares names case-insensitively.
	Name string
	// Properties with lower-cased keys: the runner keeps them in a
	// StringComparer.OrdinalIgnoreCase dictionary, so "Title" and "title"
	// are the same property (the last one written wins). Values unescaped.
	Properties map[string]string
	// Data after unescaping.
	Data string
	// Legacy is true for the "##[name k=v;k=v]data" form.
	Legacy bool
	// Stream the line came from.
	Stream Stream
}

// The escapes the runner undoes, in the order it undoes them
// (ActionCommand._escapeDataMappings, _escapePropertyMappings,
// _escapeMappings). Each is a plain string Replace over the whole value, in
// this order, so "%250A" becomes "%0A" and stays so.
var (
	dataEscapes     = []string{"%0D", "\r", "%0A", "\n", "%25", "%"}
	propertyEscapes = []string{"%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%"}
	legacyEscapes   = []string{"%3B", ";", "%0D", "\r", "%0A", "\n", "%5D", "]", "%25", "%"}
)

func unescape(s string, mappings []string) string {
	for i := 0; i < len(mappings); i += 2 {
		s = strings.ReplaceAll(s, mappings[i], mappings[i+1])
	}
	return s
}

// commandSet is the runner's _registeredCommands: a HashSet with
// StringComparer.OrdinalIgnoreCase.
type commandSet map[string]bool

func foldKey(s string) string { return strings.ToUpper(s) }

func (c commandSet) has(name string) bool { return c[foldKey(name)] }
func (c commandSet) add(name string)      { c[foldKey(name)] = true }
func (c commandSet) remove(name string)   { delete(c, foldKey(name)) }

// parseV2 is ActionCommand.TryParseV2: "::name k=v,k=v::data".
//
// The line is trimmed of leading white space (String.TrimStart: the same
// set as unicode.IsSpace, tabs and no-break spaces included) and must then
// start with "::". The command info runs to the next "::"; its name ends at
// the first space and must be registered. Properties are split on ",",
// then each on its first "=" (empty pieces dropped, see splitPair).
//
// The runner uses culture-sensitive StartsWith/IndexOf(string) here (ICU on
// Linux), which may also accept "::" with ignorable code points (such as a
// soft hyphen) between or before the colons; this emulation is ordinal.
func parseV2(line string, registered commandSet) (Command, bool) {
	msg := strings.TrimLeftFunc(line, unicode.IsSpace)
	if !strings.HasPrefix(msg, "::") {
		return Command{}, false
	}
	end := strings.Index(msg[2:], "::")
	if end < 0 {
		return Command{}, false
	}
	end += 2
	info := msg[2:end]
	name, props, hasProps := strings.Cut(info, " ")
	if !registered.has(name) {
		return Command{}, false
	}
	cmd := Command{Name: name, Properties: map[string]string{}}
	// "spaceIndex > 0": a space right after "::" leaves an empty name,
	// which is never registered.
	if hasProps {
		for _, p := range strings.Split(strings.TrimFunc(props, unicode.IsSpace), ",") {
			if k, v, ok := splitPair(p); ok {
				cmd.Properties[strings.ToLower(k)] = unescape(v, propertyEscapes)
			}
		}
	}
	cmd.Data = unescape(msg[end+2:], dataEscapes)
	return cmd, true
}

// parseLegacy is ActionCommand.TryParse: "##[name k=v;k=v]data", found
// anywhere in the line (IndexOf, no trimming, no start anchor), so a prefix
// such as "[dev] " in front of it does not stop it.
func parseLegacy(line string, registered commandSet) (Command, bool) {
	at := strings.Index(line, "##[")
	if at < 0 {
		return Command{}, false
	}
	rb := strings.IndexByte(line[at:], ']')
	if rb < 0 {
		return Command{}, false
	}
	rb += at
	info := line[at+3 : rb]
	name, props, hasProps := strings.Cut(info, " ")
	if !registered.has(name) {
		return Command{}, false
	}
	cmd := Command{Name: name, Properties: map[string]string{}, Legacy: true}
	if hasProps {
		for _, p := range strings.Split(props, ";") {
			if k, v, ok := splitPair(p); ok {
				cmd.Properties[strings.ToLower(k)] = unescape(v, legacyEscapes)
			}
		}
	}
	cmd.Data = unescape(line[rb+1:], legacyEscapes)
	return cmd, true
}

// splitPair is .NET's propertyStr.Split('=', count: 2,
// StringSplitOptions.RemoveEmptyEntries) followed by the runner's
// "pair.Length == 2" check. Empty pieces are skipped before and right after
// the first kept piece, so "k==v" gives ("k", "v") and "=k=v" gives
// ("k", "v"): a value loses its leading "=" signs. "k=" gives nothing.
func splitPair(s string) (key, value string, ok bool) {
	s = strings.TrimLeft(s, "=")
	key, rest, found := strings.Cut(s, "=")
	if key == "" || !found {
		return "", "", false
	}
	rest = strings.TrimLeft(rest, "=")
	if rest == "" {
		return "", "", false
	}
	return key, rest, true
}
