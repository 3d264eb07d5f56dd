package plancomment

import (
	"regexp"
	"sort"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy/parity"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
)

// CommentLimit is GitHub's limit on a comment body, in characters. Bodies
// are measured in bytes, which is never fewer than characters.
const CommentLimit = 65536

// Comment bodies are one header and one section per environment, each
// between markers so that a job can replace its own and keep the others:
//
//	<!-- olympus:plan-comment dir="terraform" -->
//	## Terraform plan: `terraform`
//	<!-- olympus:env dev -->
//	…
//	<!-- olympus:end dev -->
const markerPrefix = "<!-- olympus:plan-comment "

// Marker identifies the comment of one working directory.
func Marker(dir string) string { return parity.CommentMarker(dir) }

func header(dir string) string {
	return Marker(dir) + "\n## Terraform plan: " + report.Code(dir) + "\n\n"
}

func openTag(env string) string  { return "<!-- olympus:env " + env + " -->\n" }
func closeTag(env string) string { return "<!-- olympus:end " + env + " -->\n" }

var sectionRE = regexp.MustCompile(`(?s)<!-- olympus:env ([a-z0-9_-]+) -->\n(.*?)<!-- olympus:end ([a-z0-9_-]+) -->\n`)

// ParseSections returns the sections of a comment body by environment.
func ParseSections(body string) map[string]string {
	out := map[string]string{}
	for _, m := range sectionRE.FindAllStringSubmatch(body, -1) {
		if m[1] == m[3] {
			out[m[1]] = m[2]
		}
	}
	return out
}

// envOrder sorts environments in promotion order, others after them.
func envOrder(envs []string, order policy.Order) {
	rank := func(e string) int {
		if i := order.Index(e); i >= 0 {
			return i
		}
		return len(order)
	}
	sort.SliceStable(envs, func(i, j int) bool {
		if rank(envs[i]) != rank(envs[j]) {
			return rank(envs[i]) < rank(envs[j])
		}
		return envs[i] < envs[j]
	})
}

// sanitize keeps a section from closing a marker: plan values are
// somebody's input.
func sanitize(s string) string { return strings.ReplaceAll(s, "<!--", "&lt;!--") }

func compose(dir string, sections map[string]string, order policy.Order) string {
	envs := make([]string, 0, len(sections))
	for e := range sections {
		envs = append(envs, e)
	}
	envOrder(envs, order)
	var b strings.Builder
	b.WriteString(header(dir))
	for _, e := range envs {
		b.WriteString(openTag(e) + sections[e])
		if !strings.HasSuffix(sections[e], "\n") {
			b.WriteString("\n")
		}
		b.WriteString(closeTag(e))
	}
	return b.String()
}

// Merge returns the body for dir with our environments' sections rendered
// to fit and the other sections of existing kept, never over limit bytes.
// Each section may use at least an equal share of the limit; ours take
// what the others leave when that is more.
func Merge(dir, existing string, ours []*EnvPlan, limit int) string {
	sections := ParseSections(existing)
	mine := map[string]bool{}
	for _, e := range ours {
		mine[e.Environment] = true
		delete(sections, e.Environment)
	}
	n := len(sections) + len(ours)
	overhead := len(header(dir))
	for e := range sections {
		overhead += len(openTag(e)) + len(closeTag(e)) + 1
	}
	for _, e := range ours {
		overhead += len(openTag(e.Environment)) + len(closeTag(e.Environment)) + 1
	}
	room := limit - overhead
	fair := room / n
	othersLen := 0
	for _, s := range sections {
		othersLen += len(s)
	}
	share := max(fair, (room-othersLen)/len(ours))
	for _, e := range ours {
		// The record goes first, outside the sanitised rendering.
		sections[e.Environment] = e.Record + FitSection(e, share-len(e.Record))
	}
	body := compose(dir, sections, orderOf(ours))
	if len(body) > limit {
		// Another job's section is over its share: cut it to its share.
		for env, s := range sections {
			if !mine[env] && len(s) > fair {
				sections[env] = cutTo(s, fair, "> [!NOTE]\n> Cut to fit; see that environment's job summary.\n")
			}
		}
		body = compose(dir, sections, orderOf(ours))
	}
	return body
}

// cutTo shortens s to at most n bytes at a line boundary, ending with note.
func cutTo(s string, n int, note string) string {
	if len(s) <= n {
		return s
	}
	keep := n - len(note)
	if keep <= 0 {
		return note[:max(n, 0)]
	}
	s = s[:keep]
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[:i+1]
	} else {
		s = ""
	}
	return s + note
}

// orderOf is the promotion order our plans were made under.
func orderOf(ours []*EnvPlan) policy.Order {
	if len(ours) > 0 && len(ours[0].Order) > 0 {
		return ours[0].Order
	}
	return policy.MustOrder(policy.DefaultOrder)
}
