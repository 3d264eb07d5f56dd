package validate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
)

// Real repositories are messier than fixtures: a var file each user writes
// from an example, a remote module the runner cannot download, a module a
// scanner crashes on. One module's problem never stops the others: a check
// that cannot judge a module (its tool failed or crashed) becomes a notice
// for that module and check, in the tool's own words and with what to do,
// and every other check and module is judged. Only a cancelled run stops.

// CrashError is a panic inside a check, recovered so that it stays with its
// module.
type CrashError struct {
	Tool  string // what crashed, as the notice names it
	Value string // the panic's value
	Stack string
	// Hint says what to do when a cause is known.
	Hint string
}

func (e *CrashError) Error() string { return e.Tool + " crashed: " + e.Value }

// contain runs fn, turning a panic into a *CrashError of tool.
func contain[T any](tool string, fn func() (T, error)) (out T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &CrashError{Tool: tool, Value: fmt.Sprint(r), Stack: string(debug.Stack())}
		}
	}()
	return fn()
}

// checked is what one check made of a module.
type checked struct {
	findings []Finding
	notices  []Notice
}

// moduleChecks collects the checks of one module, containing their failures.
type moduleChecks struct {
	v        *Validator
	ctx      context.Context
	mod, rel string
	checked
}

// run runs one check. A failure or a crash becomes a notice for the module
// and the next check runs; a cancelled run returns the error.
func (m *moduleChecks) run(check string, fn func() (checked, error)) error {
	got, err := contain(toolOf(check), fn)
	m.findings = append(m.findings, got.findings...)
	m.notices = append(m.notices, got.notices...)
	if err == nil {
		return nil
	}
	if m.ctx.Err() != nil {
		return err
	}
	m.notices = append(m.notices, m.v.unjudged(check, m.mod, m.rel, err))
	return nil
}

// toolOf names what runs a check, as notices say it.
func toolOf(check string) string {
	switch check {
	case "fmt":
		return "terraform fmt"
	case "validate":
		return "terraform validate"
	case "security":
		return "the security scanner"
	}
	return check
}

// unjudged is the notice for a check that could not judge a module. A
// crash's stack goes to the log, where the reader of the notice finds it.
func (v *Validator) unjudged(check, mod, rel string, err error) Notice {
	n := Notice{Check: check, Module: rel, Level: "warning", Incomplete: true}
	var crash *CrashError
	if errors.As(err, &crash) {
		v.log().Error("a check crashed on a module; its other checks and the other modules were judged",
			"check", check, "module", rel, "panic", crash.Value, "stack", crash.Stack)
		hint := crash.Hint
		if hint == "" {
			hint = "This is a bug in " + crash.Tool + ": report it with the stack"
		}
		n.Message = fmt.Sprintf("%s crashed on this module: %s (the stack is in the job log). %s. The module's other checks ran.",
			crash.Tool, crash.Value, sentence(hint))
		return n
	}
	v.log().Warn("a check could not judge a module; its other checks and the other modules were judged",
		"check", check, "module", rel, "error", err.Error())
	words := toolWords(err)
	n.Message = fmt.Sprintf("%s could not check this module: %s.", toolOf(check), sentence(words))
	if hint := brokenFilesHint(v.Dir, mod, words); hint != "" {
		n.Message += " " + hint + "."
	}
	n.Message += " The module's other checks ran."
	return n
}

// sentence trims the full stop a message may end with, for one of ours.
func sentence(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".") }

func (v *Validator) log() *slog.Logger {
	if v.Log != nil {
		return v.Log
	}
	return slog.New(slog.DiscardHandler)
}
