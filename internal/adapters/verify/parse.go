package verify

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Input is the name of deploy's input these checks come from, as errors
// name it.
const Input = "verify"

// Defaults and bounds of a check's settings.
const (
	DefaultStatus     = 200
	DefaultTimeout    = 10 * time.Second
	DefaultAttempts   = 5
	DefaultRunTimeout = 5 * time.Minute
	DefaultRunAttempt = 1
	MaxTimeout        = 10 * time.Minute
	MaxAttempts       = 20
)

// Check is one entry of the verify input, with its defaults filled in.
type Check struct {
	// Entry is the entry's place in the list, from 1.
	Entry int
	// Exactly one of URL, Output and Run is set.
	URL string
	// Output names a root module output whose value is the URL.
	Output string
	// Run is a command run with sh -c in the workspace; exit 0 passes.
	Run string
	// Status is the HTTP status that passes (url and output checks).
	Status int
	// Contains, when set, must be in the response body.
	Contains string
	// Timeout bounds each attempt.
	Timeout time.Duration
	// Attempts is how many times the check is tried before it fails,
	// with a backoff between attempts.
	Attempts int
}

// HTTP reports whether the check requests a URL (url or output).
func (c Check) HTTP() bool { return c.Run == "" }

var (
	checkKeys = []string{"url", "output", "run", "status", "contains", "timeout", "attempts"}
	// outputName is what terraform accepts as an output's name.
	outputName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
)

// example is shown when the input is not a list of checks.
const example = "such as:\n  - url: https://api.example.com/healthz\n    contains: ok\n  - output: service_url\n  - run: ./scripts/smoke-test.sh"

// Parse reads the verify input: a YAML list of checks. An empty input is
// no checks. Every problem is reported at once, each naming the entry,
// the key, the value and the fix, as a step.UsageError (exit 2): the
// step checks the input before terraform runs.
func Parse(input string) ([]Check, error) {
	if strings.TrimSpace(input) == "" {
		return nil, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(input), &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
			msg = "line " + m[1] + ": " + m[2]
		}
		return nil, step.Usagef("input %s: not valid YAML (%s); give a list of checks, %s", Input, msg, example)
	}
	if len(doc.Content) == 0 {
		return nil, nil // comments only
	}
	list := deref(doc.Content[0])
	if list.Kind != yaml.SequenceNode {
		return nil, step.Usagef("input %s: not a list of checks; start each check with \"- \", %s", Input, example)
	}
	p := &parser{}
	var checks []Check
	for i, n := range list.Content {
		if c, ok := p.check(i+1, deref(n)); ok {
			checks = append(checks, c)
		}
	}
	if len(p.errs) > 0 {
		return nil, &step.UsageError{Err: errors.Join(p.errs...)}
	}
	return checks, nil
}

type parser struct{ errs []error }

// errf records a problem with an entry's key.
func (p *parser) errf(entry int, key, value, format string, args ...any) {
	where := fmt.Sprintf("input %s, entry %d", Input, entry)
	if key != "" {
		where += fmt.Sprintf(", key %s", key)
	}
	if value != "" || key != "" {
		where += fmt.Sprintf(": invalid value %q", value)
	}
	p.errs = append(p.errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
}

func (p *parser) check(entry int, n *yaml.Node) (Check, bool) {
	c := Check{Entry: entry}
	before := len(p.errs)
	if n.Kind != yaml.MappingNode {
		p.errf(entry, "", n.Value, "a check is a mapping with url:, output: or run:, %s", example)
		return c, false
	}
	given := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		switch {
		case !slices.Contains(checkKeys, k.Value):
			fix := "the keys are " + strings.Join(checkKeys, ", ")
			if near := nearest(k.Value, checkKeys); near != "" {
				fix = fmt.Sprintf("did you mean %s? %s", near, fix)
			}
			p.errf(entry, k.Value, v.Value, "unknown key; %s", fix)
		case given[k.Value] != nil:
			p.errf(entry, k.Value, v.Value, "given twice in one check; keep one")
		case v.Kind != yaml.ScalarNode || v.Tag == "!!null":
			p.errf(entry, k.Value, v.Value, "must be a single value, such as %s", exampleOf(k.Value))
		default:
			given[k.Value] = v
		}
	}
	kinds := 0
	for _, k := range []string{"url", "output", "run"} {
		if given[k] != nil {
			kinds++
		}
	}
	if kinds != 1 {
		p.errf(entry, "", "", "give exactly one of url:, output: or run: in each check (this one has %d), %s", kinds, example)
		return c, false
	}
	str := func(key string) string {
		if v := given[key]; v != nil {
			return v.Value
		}
		return ""
	}
	c.URL, c.Output, c.Run, c.Contains = str("url"), str("output"), str("run"), str("contains")
	switch {
	case c.URL != "":
		if err := checkURL(c.URL); err != nil {
			p.errf(entry, "url", c.URL, "%v", err)
		}
	case c.Output != "":
		if !outputName.MatchString(c.Output) {
			p.errf(entry, "output", c.Output, "name a root module output, such as service_url")
		}
	case strings.TrimSpace(c.Run) == "":
		p.errf(entry, "run", c.Run, "give a command, such as ./scripts/smoke-test.sh")
	}
	if c.Run != "" {
		for _, k := range []string{"status", "contains"} {
			if v := given[k]; v != nil {
				p.errf(entry, k, v.Value, "applies to url: and output: checks; a run: check passes when its command exits 0")
			}
		}
	}
	if v := given["contains"]; v != nil && v.Value == "" {
		p.errf(entry, "contains", "", "give the text the body must contain, or leave contains: out")
	}
	c.Status, c.Timeout, c.Attempts = DefaultStatus, DefaultTimeout, DefaultAttempts
	if c.Run != "" {
		c.Status, c.Timeout, c.Attempts = 0, DefaultRunTimeout, DefaultRunAttempt
	}
	if v := given["status"]; v != nil {
		s, err := strconv.Atoi(v.Value)
		if err != nil || s < 100 || s > 599 {
			p.errf(entry, "status", v.Value, "an HTTP status from 100 to 599, such as 200")
		}
		c.Status = s
	}
	if v := given["timeout"]; v != nil {
		d, err := parseTimeout(v.Value)
		if err != nil {
			p.errf(entry, "timeout", v.Value, "%v", err)
		}
		c.Timeout = d
	}
	if v := given["attempts"]; v != nil {
		a, err := strconv.Atoi(v.Value)
		if err != nil || a < 1 || a > MaxAttempts {
			p.errf(entry, "attempts", v.Value, "a number of attempts from 1 to %d, such as 5", MaxAttempts)
		}
		c.Attempts = a
	}
	return c, len(p.errs) == before
}

// checkURL accepts an absolute http or https URL with a host.
func checkURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return errors.New("not a URL; give one such as https://api.example.com/healthz")
	case u.Scheme == "":
		return fmt.Errorf("the URL has no scheme; give it whole, such as https://%s", strings.TrimPrefix(s, "//"))
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("the scheme %q is not checked; use http:// or https://", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return errors.New("the URL has no host; give one such as https://api.example.com/healthz")
	}
	return nil
}

// parseTimeout reads a duration (10s, 1m30s) or a number of seconds.
func parseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if n, nerr := strconv.Atoi(s); nerr == nil {
		d, err = time.Duration(n)*time.Second, nil
	}
	if err != nil || d < time.Second || d > MaxTimeout {
		return 0, fmt.Errorf("a duration from 1s to %s, such as 10s or 2m", MaxTimeout)
	}
	return d, nil
}

func exampleOf(key string) string {
	switch key {
	case "url":
		return "https://api.example.com/healthz"
	case "output":
		return "service_url"
	case "run":
		return "./scripts/smoke-test.sh"
	case "status":
		return "200"
	case "contains":
		return "ok"
	case "timeout":
		return "10s"
	}
	return "5"
}

// deref follows an alias to what it names.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// nearest is the known key within two edits of key, for "did you mean".
func nearest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// CheckOutputs refuses output checks that name an output the root
// module does not declare (declared: DeclaredOutputs), as a
// step.UsageError naming the entry, the name and the outputs there are.
// Call it only when DeclaredOutputs read the whole module: a module
// that does not parse is terraform's to report.
func CheckOutputs(checks []Check, declared []string) error {
	var errs []error
	for _, c := range checks {
		if c.Output == "" || slices.Contains(declared, c.Output) {
			continue
		}
		fix := "the root module declares no outputs; add an output block or use url:"
		if len(declared) > 0 {
			shown := declared
			if len(shown) > 20 {
				shown = append(slices.Clone(shown[:20]), "…")
			}
			fix = "the root module declares no such output; its outputs are " + strings.Join(shown, ", ")
			if near := nearest(c.Output, declared); near != "" {
				fix = fmt.Sprintf("did you mean %s? %s", near, fix)
			}
		}
		errs = append(errs, fmt.Errorf("input %s, entry %d, key output: invalid value %q: %s", Input, c.Entry, c.Output, fix))
	}
	if len(errs) > 0 {
		return &step.UsageError{Err: errors.Join(errs...)}
	}
	return nil
}
