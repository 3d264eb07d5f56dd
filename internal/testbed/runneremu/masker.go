package runneremu

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// masker is the runner's SecretMasker (src/Sdk/DTLogging/Logging/SecretMasker.cs)
// with the value encoders HostContext registers for every job
// (src/Runner.Common/HostContext.cs, constructor). It is one per job: masks
// added by one step hide text in every later step.
type masker struct {
	originals map[string]bool
	order     []string // originals, in the order added
	values    map[string]bool
}

func newMasker() *masker {
	return &masker{originals: map[string]bool{}, values: map[string]bool{}}
}

// add is SecretMasker.AddValue: the value and each non-empty encoding of it
// become secrets. There is no minimum length: a one-character mask hides
// that character everywhere.
func (m *masker) add(value string) {
	if value == "" || m.originals[value] {
		return
	}
	m.originals[value] = true
	m.order = append(m.order, value)
	m.values[value] = true
	for _, enc := range valueEncoders {
		if e := enc(value); e != "" {
			m.values[e] = true
		}
	}
}

// mask is SecretMasker.MaskSecrets: every occurrence of every secret
// (overlapping ones included) is found, the ranges are merged when they
// overlap or touch, and each merged range becomes "***".
func (m *masker) mask(s string) string {
	type span struct{ start, end int }
	var spans []span
	for v := range m.values {
		for from := 0; from+len(v) <= len(s); {
			i := strings.Index(s[from:], v)
			if i < 0 {
				break
			}
			spans = append(spans, span{from + i, from + i + len(v)})
			// ValueSecret.GetPositions steps one UTF-16 unit; stepping to
			// the next rune finds the same (rune-aligned) matches.
			_, size := utf8.DecodeRuneInString(s[from+i:])
			from += i + size
		}
	}
	if len(spans) == 0 {
		return s
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var out strings.Builder
	last := 0
	cur := spans[0]
	flush := func() {
		out.WriteString(s[last:cur.start])
		out.WriteString("***")
		last = cur.end
	}
	for _, sp := range spans[1:] {
		if sp.start <= cur.end {
			cur.end = max(cur.end, sp.end)
			continue
		}
		flush()
		cur = sp
	}
	flush()
	out.WriteString(s[last:])
	return out.String()
}

// valueEncoders are ValueEncoders.cs's encoders, in HostContext's order.
var valueEncoders = []func(string) string{
	// Base64StringEscape: the whole value, padded.
	func(v string) string { return base64.StdEncoding.EncodeToString([]byte(v)) },
	// Base64StringEscapeShift1 and Shift2: the value without its first one
	// or two bytes, so that base64("user:" + value) still hides most of it.
	func(v string) string { return base64Shift(v, 1) },
	func(v string) string { return base64Shift(v, 2) },
	// CommandLineArgumentEscape.
	func(v string) string { return strings.ReplaceAll(v, `"`, `\"`) },
	// ExpressionStringEscape (ExpressionUtility.StringEscape).
	func(v string) string { return strings.ReplaceAll(v, "'", "''") },
	jsonStringEscape,
	uriDataEscape,
	// XmlDataEscape (SecurityElement.Escape).
	strings.NewReplacer("<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;", "&", "&amp;").Replace,
	trimDoubleQuotes,
	powerShellPreAmpersand,
	powerShellPostAmpersand,
}

func base64Shift(v string, shift int) string {
	b := []byte(v)
	if len(b) > shift {
		b = b[shift:]
	}
	return base64.StdEncoding.EncodeToString(b)
}

// jsonStringEscape is ValueEncoders.JsonStringEscape: Newtonsoft's
// JsonConvert.ToString(value) without its quotes (JavaScriptUtils,
// StringEscapeHandling.Default). Only control characters, '"', '\\' and
// U+0085, U+2028, U+2029 are escaped, with lower-case hex. '<', '>', '&'
// and the apostrophe are not: a value that Go's json.Marshal writes as
// \u003c is not masked by this encoding.
func jsonStringEscape(v string) string {
	var b strings.Builder
	for _, r := range v {
		switch r {
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\f':
			b.WriteString(`\f`)
		case '\b':
			b.WriteString(`\b`)
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\u0085', '\u2028', '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// uriDataEscape is Uri.EscapeDataString: RFC 3986 unreserved characters
// stay, every other byte of the UTF-8 form becomes %XX (upper-case hex).
func uriDataEscape(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// trimDoubleQuotes: a value longer than 8 characters in double quotes is
// also masked without them.
func trimDoubleQuotes(v string) string {
	if utf16Len(v) > 8 && strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`) {
		return v[1 : len(v)-1]
	}
	return ""
}

// powerShellPreAmpersand: the part up to the "&+" or the last "&", when it
// is at least 6 characters long.
func powerShellPreAmpersand(v string) string {
	if !strings.Contains(v, "&") {
		return ""
	}
	var section string
	if i := strings.Index(v, "&+"); i >= 0 {
		section = v[:i+2]
	} else {
		section = v[:strings.LastIndex(v, "&")+1]
	}
	if utf16Len(section) >= 6 {
		return section
	}
	return ""
}

// powerShellPostAmpersand: the part after "&+" and one more character, or
// after the last "&", when it is at least 6 characters long.
func powerShellPostAmpersand(v string) string {
	if !strings.Contains(v, "&") {
		return ""
	}
	var section string
	if i := strings.Index(v, "&+"); i >= 0 {
		rest := v[i+2:]
		if utf16Len(rest) > 1 {
			r, size := utf8.DecodeRuneInString(rest)
			if r > 0xFFFF {
				// .NET skips one UTF-16 unit, leaving half a surrogate
				// pair that no text can match.
				return ""
			}
			section = rest[size:]
		}
	} else {
		section = v[strings.LastIndex(v, "&")+1:]
	}
	if utf16Len(section) >= 6 {
		return section
	}
	return ""
}

// utf16Len is a .NET string's Length.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
