package plancomment

// FitSection renders e with as much detail as fits in budget bytes: every
// attribute, else every address, else fewer addresses per group, else the
// headline and protected warnings alone. The result never exceeds budget.
//
// A rendering is dropped as soon as it grows over budget: sanitize only
// lengthens text, so a rendering over budget before it is over after.
func FitSection(e *EnvPlan, budget int) string {
	fits := func(d Detail, limit int) (string, bool) {
		s, ok := e.render(d, limit, max(budget, 1))
		if !ok {
			return "", false
		}
		s = sanitize(s)
		return s, len(s) <= budget
	}
	for _, d := range []Detail{Full, AddressesOnly} {
		if s, ok := fits(d, 0); ok {
			return s
		}
	}
	for limit := 256; limit >= 1; limit /= 2 {
		if s, ok := fits(AddressesOnly, limit); ok {
			return s
		}
	}
	return cutTo(sanitize(e.Render(HeadlineOnly, 0)), budget, "> [!NOTE]\n> Cut to fit; see the job summary.\n")
}
