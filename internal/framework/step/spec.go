// Package step holds what every Olympus step shares: the one Go definition of
// a step's inputs and outputs (from which flags, INPUT_* reading, --help and
// action.yml are all derived), input validation, and exit codes.
package step

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Spec defines one step. Everything a user sees about the step's interface
// (action.yml, --help, README tables) is generated from it.
type Spec struct {
	Name        string
	Description string
	Inputs      []Input
	Outputs     []Output
	// Example, when set, is the README's uses: snippet; otherwise one is
	// made from the required inputs.
	Example string
	// Binary, when set and Run is nil, is the program beside this one that
	// runs the step (a step that links a heavy engine lives in its own).
	Binary string
	// Run does the step's work. Inputs are already validated when it is
	// called. Every step has Run or Binary.
	Run func(ctx context.Context, rt *Runtime) error
}

// Input is one input of a step: an action input inside GitHub Actions and a
// --flag outside.
type Input struct {
	Name        string
	Description string
	Default     string
	// ActionDefault, when set, is the default written to action.yml instead
	// of Default: an expression such as ${{ github.token }} that only the
	// runner can evaluate.
	ActionDefault string
	// Required inputs must be non-empty in both Actions and flag mode.
	Required bool
	// Bool inputs accept true/false and may be given as a bare --flag.
	Bool bool
	// Repeatable inputs may be given several times as flags; the values are
	// joined by newlines, as a multi-line action input would be.
	Repeatable bool
	// Secret inputs are masked before anything is printed.
	Secret bool
	// Validate checks a non-empty value and says what is accepted.
	Validate func(value string) error
}

// Output is one output of a step.
type Output struct {
	Name        string
	Description string
}

// Input returns the named input's definition.
func (s *Spec) Input(name string) (Input, bool) {
	i := slices.IndexFunc(s.Inputs, func(in Input) bool { return in.Name == name })
	if i < 0 {
		return Input{}, false
	}
	return s.Inputs[i], true
}

// OneOf accepts exactly one of the given values.
func OneOf(values ...string) func(string) error {
	return func(v string) error {
		if slices.Contains(values, v) {
			return nil
		}
		return fmt.Errorf("must be one of %s", strings.Join(values, ", "))
	}
}

// ListOf accepts a comma-separated list whose every item passes item.
func ListOf(item func(string) error) func(string) error {
	return func(v string) error {
		for _, it := range SplitList(v) {
			if err := item(it); err != nil {
				return fmt.Errorf("item %q: %w", it, err)
			}
		}
		return nil
	}
}

// Bool accepts true or false.
func Bool(v string) error {
	if _, err := strconv.ParseBool(v); err != nil {
		return fmt.Errorf("must be true or false")
	}
	return nil
}

// Duration accepts a positive Go duration such as 30s or 5m.
func Duration(v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return fmt.Errorf("must be a positive duration such as 30s, 5m or 1h")
	}
	return nil
}

// SplitList splits a comma- or newline-separated list, dropping blanks.
func SplitList(v string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
