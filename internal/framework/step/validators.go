package step

import (
	"errors"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// RelativeGlob accepts a glob relative to the working directory that stays
// inside it: **, *, ?, [a-z] and {a,b} as doublestar reads them.
func RelativeGlob(glob string) error {
	switch {
	case strings.HasPrefix(glob, "/") || strings.HasPrefix(glob, `\`):
		return errors.New("must be relative to the working directory, such as migrations/**/*.sql")
	case slices.Contains(strings.Split(glob, "/"), ".."):
		return errors.New("must stay inside the working directory (no ..)")
	case !doublestar.ValidatePattern(glob):
		return errors.New("is not a valid glob; use *, **, ?, [a-z] and {a,b}, such as migrations/**/*.sql")
	}
	return nil
}

// GitRef accepts what can name a commit to git without being read as
// an option: a branch, tag, remote branch or commit id.
func GitRef(base string) error {
	switch {
	case strings.HasPrefix(base, "-"):
		return errors.New("must not start with '-'; give a branch, tag or commit such as origin/main")
	case len(base) > 256 || strings.ContainsFunc(base, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return errors.New("must be a branch, tag or commit such as origin/main, without spaces")
	}
	return nil
}
