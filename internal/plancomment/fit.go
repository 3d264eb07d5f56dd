package plancomment

// FitSection renders e with as much detail as fits in budget bytes: every
// attribute, else every address, else fewer addresses per group, else the
// headline and protected warnings alone. The result never exceeds budget.
func FitSection(e *EnvPlan, budget int) string {
	for _, d := range []Detail{Full, AddressesOnly} {
		if s := sanitize(e.Render(d, 0)); len(s) <= budget {
			return s
		}
	}
	for limit := 256; limit >= 1; limit /= 2 {
		if s := sanitize(e.Render(AddressesOnly, limit)); len(s) <= budget {
			return s
		}
	}
	return cutTo(sanitize(e.Render(HeadlineOnly, 0)), budget, "> [!NOTE]\n> Cut to fit; see the job summary.\n")
}
