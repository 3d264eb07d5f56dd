package codify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Hint is what the suggestion needs besides the location.
type Hint struct {
	// Environment is the drifted environment's name.
	Environment string
	// Value is the value found in the cloud, as terraform-json decodes it.
	Value any
	// Secret: the value must never be written into code (it is sensitive
	// or under a secret's name). The value is not shown either.
	Secret bool
	// Hidden: the value is not shown because it may be a secret (a
	// container env value); the hint says where, without a diff.
	Hidden bool
}

// HiddenAdvice is what the hint says for a value that may be a secret.
const HiddenAdvice = "The values are not shown: container env values may hold secrets. " +
	"If this one is a secret, store it in Secret Manager and reference it (an env `value_source.secret_key_ref`); " +
	"otherwise set the value found in the cloud at the place above."

// SecretAdvice is what the hint says instead of a diff for a secret.
const SecretAdvice = "This value is a secret: never write it into code or variables files. " +
	"Store it in Secret Manager (a `google_secret_manager_secret`, its version added outside Terraform) " +
	"and have the resource read it from there (for Cloud Run, an env `value_source.secret_key_ref`)."

// Where renders the trail from the attribute to the value as Markdown:
// `main.tf:25` env.LOG_LEVEL = `var.log_level` → `environments/dev/terraform.tfvars:2` ...
func (l Location) Where(secret bool) string {
	if len(l.Steps) == 0 {
		return fmt.Sprintf("`%s` (%s)", l.Block.Pos(), l.Block.What)
	}
	parts := make([]string, 0, len(l.Steps))
	for i, s := range l.Steps {
		text := s.Text
		if secret && i == len(l.Steps)-1 && l.Kind == Literal {
			text = ""
		}
		p := fmt.Sprintf("`%s` %s", s.Pos(), s.What)
		if text != "" {
			p += " = " + report.Code(text)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " → ")
}

// CodeValue is the value as the code writes it at the last step, or "".
func (l Location) CodeValue() string {
	if len(l.Steps) == 0 {
		return ""
	}
	return l.Steps[len(l.Steps)-1].Text
}

// Suggest renders the codify hint: where the code sets the attribute and
// a suggested change as a fenced diff block, or where to add it.
func (l Location) Suggest(h Hint) string {
	h.Secret = h.Secret || l.Secret
	var b strings.Builder
	switch l.Kind {
	case NoBlock, Outside:
		b.WriteString(sentence(l.Note))
		if l.Kind == Outside && len(l.Steps) > 0 {
			b.WriteString(" Declared at `" + l.Last().Pos() + "`.")
		}
		b.WriteString("\n")
		if h.Secret {
			b.WriteString("\n" + SecretAdvice + "\n")
		}
		return b.String()
	}
	if l.Kind == NotSet {
		fmt.Fprintf(&b, "%s; the resource block is at `%s`.\n", strings.TrimSuffix(sentence(l.Note), "."), l.Block.Pos())
	} else {
		b.WriteString("Set at " + l.Where(h.Secret || h.Hidden) + ".\n")
	}
	if l.Kind == Computed {
		b.WriteString("\n" + sentence(l.Note) + "\n")
	}
	if h.Secret {
		b.WriteString("\n" + SecretAdvice + "\n")
		return b.String()
	}
	if h.Hidden {
		b.WriteString("\n" + HiddenAdvice + "\n")
		return b.String()
	}
	if l.edit == nil {
		return b.String()
	}
	d, err := l.edit.diff(l.root, h.Value)
	if err != nil {
		fmt.Fprintf(&b, "\nNo change can be suggested: %v.\n", err)
		return b.String()
	}
	b.WriteString("\n")
	switch {
	case l.edit.viaDefault:
		fmt.Fprintf(&b, "The value is the default of the variable, which every environment without its own value shares; set it for `%s` only in its variables file:\n", h.Environment)
	case l.Kind == NotSet:
		b.WriteString("Add it (then run `terraform fmt`):\n")
	case l.EnvironmentFile:
		fmt.Fprintf(&b, "Suggested change (only `%s` reads this file):\n", h.Environment)
	default:
		b.WriteString("Suggested change (this file is shared by every environment: the change applies to all of them):\n")
	}
	b.WriteString("\n" + report.Block(d, "diff"))
	return b.String()
}

// sentence capitalises a note and ends it with a period.
func sentence(s string) string {
	if s == "" {
		return ""
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// SuggestRemoval renders the hint for a resource deleted outside
// Terraform: keep the deletion by removing the block (a diff), or restore
// the object by applying the code again.
func (l Location) SuggestRemoval() string {
	if l.Kind != Block || l.edit == nil {
		return sentence(l.Note) + "\n"
	}
	first := lineIndex(l.edit.src, l.edit.replace.Start.Byte)
	last := lineIndex(l.edit.src, max(l.edit.replace.End.Byte-1, l.edit.replace.Start.Byte))
	var b strings.Builder
	fmt.Fprintf(&b, "The resource block is at `%s:%d-%d`. To keep the object deleted, remove the block (and every reference to it)", l.Block.File, first+1, last+1)
	if l.Note != "" {
		b.WriteString("; " + l.Note)
	}
	b.WriteString(":\n\n")
	name := relTo(l.root, l.edit.file)
	lines := trimNL(strings.SplitAfter(string(l.edit.src), "\n"))
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var d strings.Builder
	d.WriteString(unified(name, lines, first, last-first+1, nil, noEOL(l.edit.src)))
	b.WriteString(report.Block(d.String(), "diff"))
	b.WriteString("\nTo bring it back instead, apply the code again (drift-reconcile with `mode: revert`, or the next deploy).\n")
	return b.String()
}

// diff renders the edit as a unified diff against the file it changes.
func (e *edit) diff(root string, value any) (string, error) {
	name := relTo(root, e.file)
	lines := trimNL(strings.SplitAfter(string(e.src), "\n"))
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if e.insert {
		v, err := nest(e.rest, value)
		if err != nil {
			return "", err
		}
		text, err := hclValue(v, e.indent)
		if err != nil {
			return "", err
		}
		key := e.key
		if !hclsyntax.ValidIdentifier(key) {
			key = string(hclwrite.TokensForValue(cty.StringVal(key)).Bytes())
		}
		at := len(lines) // index of the line the new one goes before
		if !e.atEOF {
			at = lineIndex(e.src, e.replace.Start.Byte)
		}
		return unified(name, lines, at, 0, strings.Split(e.indent+key+" = "+text, "\n"), noEOL(e.src)), nil
	}
	r := e.replace
	if r.Start.Byte < 0 || r.End.Byte > len(e.src) || r.Start.Byte > r.End.Byte {
		return "", fmt.Errorf("the file changed while it was read")
	}
	current, err := constValue(e.src[r.Start.Byte:r.End.Byte])
	if err != nil {
		return "", err
	}
	v, err := setPath(current, e.rest, value)
	if err != nil {
		return "", err
	}
	first := lineIndex(e.src, r.Start.Byte)
	last := lineIndex(e.src, max(r.End.Byte-1, r.Start.Byte))
	lineStart := lineOffset(e.src, first)
	lineEnd := lineOffset(e.src, last+1)
	text, err := hclValue(v, leadingSpace(e.src[lineStart:]))
	if err != nil {
		return "", err
	}
	after := string(e.src[lineStart:r.Start.Byte]) + text + string(e.src[r.End.Byte:lineEnd])
	return unified(name, lines, first, last-first+1, trimNL(strings.Split(strings.TrimSuffix(after, "\n"), "\n")), noEOL(e.src)), nil
}

// contextLines is how many unchanged lines surround a change, as diff -u
// and git show them: enough for git apply and patch to place it.
const contextLines = 3

// noEOL reports whether a file's last line has no newline.
func noEOL(src []byte) bool { return len(src) > 0 && src[len(src)-1] != '\n' }

// unified renders one hunk replacing n lines from index first of lines
// with neu, with context, as a unified diff of name. noEOL says the last
// line has no newline: diff marks it, or git apply rejects the hunk.
func unified(name string, lines []string, first, n int, neu []string, noEOL bool) string {
	if noEOL && n == 0 && first == len(lines) && first > 0 {
		// Appending gives the last line a newline: it changes too.
		first, n, neu = first-1, 1, append([]string{lines[first-1]}, neu...)
	}
	from := max(first-contextLines, 0)
	to := min(first+n+contextLines, len(lines))
	before, after := lines[from:first], lines[first+n:to]
	oldN, newN := len(before)+n+len(after), len(before)+len(neu)+len(after)
	oldStart, newStart := from+1, from+1
	if oldN == 0 {
		oldStart = from
	}
	if newN == 0 {
		newStart = from
	}
	var b strings.Builder
	fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n@@ -%s +%s @@\n", name, name, span(oldStart, oldN), span(newStart, newN))
	const marker = "\\ No newline at end of file\n"
	for _, l := range before {
		b.WriteString(" " + l + "\n")
	}
	for i, l := range lines[first : first+n] {
		b.WriteString("-" + l + "\n")
		if noEOL && first+i == len(lines)-1 {
			b.WriteString(marker)
		}
	}
	for _, l := range neu {
		b.WriteString("+" + l + "\n")
	}
	for i, l := range after {
		b.WriteString(" " + l + "\n")
		if noEOL && first+n+i == len(lines)-1 {
			b.WriteString(marker)
		}
	}
	return b.String()
}

func span(start, n int) string {
	if n == 1 {
		return strconv.Itoa(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

func trimNL(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(l, "\r\n")
	}
	return out
}

// lineIndex is the 0-based line of a byte offset.
func lineIndex(src []byte, off int) int {
	return bytes.Count(src[:min(off, len(src))], []byte("\n"))
}

// lineOffset is the byte offset where 0-based line n starts.
func lineOffset(src []byte, n int) int {
	off := 0
	for i := 0; i < n; i++ {
		j := bytes.IndexByte(src[off:], '\n')
		if j < 0 {
			return len(src)
		}
		off += j + 1
	}
	return off
}

// constValue evaluates a constant HCL expression into terraform-json's
// shapes (string, float64, bool, map, slice, nil).
func constValue(src []byte) (any, error) {
	// A heredoc's range ends with its closing marker, which only a
	// newline ends.
	expr, diags := hclsyntax.ParseExpression(append(src[:len(src):len(src)], '\n'), "", hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		return nil, fmt.Errorf("the code's value cannot be read: %s", diags.Error())
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		return nil, fmt.Errorf("the code's value is not a constant")
	}
	if v.IsNull() {
		return nil, nil
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return nil, err
	}
	var out any
	return out, json.Unmarshal(b, &out)
}

// setPath returns v with the value at path replaced.
func setPath(v any, path []string, value any) (any, error) {
	if len(path) == 0 {
		return value, nil
	}
	switch x := v.(type) {
	case map[string]any:
		sub, err := setPath(x[path[0]], path[1:], value)
		if err != nil {
			return nil, err
		}
		x[path[0]] = sub
		return x, nil
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i >= len(x) {
			return nil, fmt.Errorf("the code's list has no element %s", path[0])
		}
		sub, err := setPath(x[i], path[1:], value)
		if err != nil {
			return nil, err
		}
		x[i] = sub
		return x, nil
	case nil:
		return nest(path, value)
	}
	return nil, fmt.Errorf("the code's value has no %s", plan.JoinPath(path))
}

// nest wraps value in maps along path: {a = {b = value}}.
func nest(path []string, value any) (any, error) {
	for i := len(path) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(path[i]); err == nil {
			return nil, fmt.Errorf("the list element %s is not in the code", plan.JoinPath(path[:i+1]))
		}
		value = map[string]any{path[i]: value}
	}
	return value, nil
}

// hclValue writes a terraform-json value as an HCL constant, with lines
// after the first indented by indent. Strings are quoted and escaped by
// hclwrite, so a value with quotes, ${, newlines or \r stays one literal.
func hclValue(v any, indent string) (string, error) {
	if v == nil {
		return "null", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	ty, err := ctyjson.ImpliedType(b)
	if err != nil {
		return "", err
	}
	cv, err := ctyjson.Unmarshal(b, ty)
	if err != nil {
		return "", err
	}
	text := string(hclwrite.Format(hclwrite.TokensForValue(cv).Bytes()))
	return strings.ReplaceAll(strings.TrimRight(text, "\n"), "\n", "\n"+indent), nil
}

func relTo(root, file string) string {
	c := &Config{Root: root}
	return c.show(file)
}
