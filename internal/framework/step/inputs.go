package step

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Inputs are a step's validated input values, defaults applied: every
// input its spec declares, and nothing else.
//
// Reading a name the spec does not declare is a programming error, not
// an empty input: it panics, so that a misspelt name fails the first test
// that reaches it instead of silently reading "".
type Inputs struct {
	step   string
	values map[string]string
}

// NewInputs gives the spec's inputs the values given; the others are "".
// It is for tests; steps get theirs from FromActions or FromFlags.
func (s *Spec) NewInputs(values map[string]string) Inputs {
	in := Inputs{step: s.Name, values: map[string]string{}}
	for _, def := range s.Inputs {
		in.values[def.Name] = values[def.Name]
	}
	for name := range values {
		if _, ok := in.values[name]; !ok {
			panic(fmt.Sprintf("step %s has no input %q", s.Name, name))
		}
	}
	return in
}

// value returns a declared input's value, and panics on any other name.
func (in Inputs) value(name string) string {
	v, ok := in.values[name]
	if !ok {
		panic(fmt.Sprintf("step %s reads input %q, which its spec does not declare", in.step, name))
	}
	return v
}

// Lookup returns an input's value and whether the step declares it, for
// code shared by steps with different inputs (the CLI's token and secret
// handling).
func (in Inputs) Lookup(name string) (string, bool) {
	v, ok := in.values[name]
	return v, ok
}

// String returns an input's value.
func (in Inputs) String(name string) string { return in.value(name) }

// Bool returns a Bool input's value; validation has already rejected
// anything that does not parse.
func (in Inputs) Bool(name string) bool {
	b, _ := strconv.ParseBool(in.value(name))
	return b
}

// Duration returns a Duration input's value.
func (in Inputs) Duration(name string) time.Duration {
	d, _ := time.ParseDuration(in.value(name))
	return d
}

// List returns a comma- or newline-separated input as items.
func (in Inputs) List(name string) []string { return SplitList(in.value(name)) }

// inputEnvName is how the runner passes an input to a Docker action:
// INPUT_ and the name upper-cased, spaces as underscores, hyphens kept.
func inputEnvName(name string) string {
	return "INPUT_" + strings.ToUpper(strings.ReplaceAll(name, " ", "_"))
}

// FromActions reads every input from INPUT_* variables, the way
// go-githubactions' GetInput does, applying defaults for unset ones.
func (s *Spec) FromActions(getInput func(string) string) (Inputs, error) {
	in := Inputs{step: s.Name, values: map[string]string{}}
	for _, def := range s.Inputs {
		in.values[def.Name] = getInput(def.Name)
	}
	return in, s.validate(in)
}

// ErrHelp is returned by FromFlags when --help was asked for; the help has
// been written.
var ErrHelp = flag.ErrHelp

// FromFlags parses --<input> flags; positional arguments are refused.
func (s *Spec) FromFlags(args []string, usage io.Writer) (Inputs, error) {
	fs := flag.NewFlagSet("olympus "+s.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	values := map[string]*inputFlag{}
	for _, def := range s.Inputs {
		f := &inputFlag{def: def}
		values[def.Name] = f
		fs.Var(f, def.Name, def.Description)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			s.WriteHelp(usage)
			return Inputs{}, ErrHelp
		}
		return Inputs{}, Usagef("%v; run 'olympus %s --help' for the inputs", err, s.Name)
	}
	if fs.NArg() > 0 {
		return Inputs{}, Usagef("unexpected argument %q: inputs are given as --name value; run 'olympus %s --help'", fs.Arg(0), s.Name)
	}
	in := Inputs{step: s.Name, values: map[string]string{}}
	for name, f := range values {
		in.values[name] = strings.Join(f.values, "\n")
	}
	return in, s.validate(in)
}

// validate applies defaults, then checks required inputs and each value.
func (s *Spec) validate(in Inputs) error {
	for _, def := range s.Inputs {
		v := strings.TrimSpace(in.values[def.Name])
		if v == "" {
			v = def.Default
		}
		in.values[def.Name] = v
		if v == "" {
			if def.Required {
				return Usagef("input %s is required: %s", def.Name, def.Description)
			}
			continue
		}
		check := def.Validate
		if check == nil && def.Bool {
			check = Bool
		}
		if check != nil {
			if err := check(v); err != nil {
				shown := v
				if def.Secret {
					shown = "***"
				}
				return InputError(def.Name, shown, err)
			}
		}
	}
	return nil
}

// inputFlag collects one input's flag values.
type inputFlag struct {
	def    Input
	values []string
}

func (f *inputFlag) String() string { return strings.Join(f.values, ",") }

func (f *inputFlag) Set(v string) error {
	if len(f.values) > 0 && !f.def.Repeatable {
		return fmt.Errorf("--%s given twice", f.def.Name)
	}
	f.values = append(f.values, v)
	return nil
}

// IsBoolFlag lets a Bool input be given as a bare --flag.
func (f *inputFlag) IsBoolFlag() bool { return f.def.Bool }

// WriteHelp prints the step's description and every input with its
// description and default.
func (s *Spec) WriteHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: olympus %s [--input value ...]\n\n%s\n", s.Name, s.Description)
	if len(s.Inputs) > 0 {
		fmt.Fprintf(w, "\nInputs:\n")
	}
	for _, def := range s.Inputs {
		fmt.Fprintf(w, "  --%s", def.Name)
		switch {
		case def.Required:
			fmt.Fprintf(w, " (required)")
		case def.Default != "":
			fmt.Fprintf(w, " (default %q)", def.Default)
		}
		fmt.Fprintf(w, "\n      %s\n", def.Description)
	}
	if len(s.Outputs) > 0 {
		fmt.Fprintf(w, "\nOutputs:\n")
	}
	for _, o := range s.Outputs {
		fmt.Fprintf(w, "  %s\n      %s\n", o.Name, o.Description)
	}
}
