// Package runneremu emulates how the GitHub Actions runner (actions/runner,
// C#) turns a step's output into the job log: lines, workflow commands,
// stop-commands, masks, annotations and the file commands. Tests feed it the
// real bytes our binaries print and search the log a user would see.
//
// Each behaviour cites the runner file and method it copies, as read at
// actions/runner 258d6c8 (August 2026):
//   - lines.go: src/Runner.Sdk/ProcessInvoker.cs (StartReadStream, ProcessOutput)
//   - command.go: src/Runner.Common/ActionCommand.cs (TryParseV2, TryParse)
//   - masker.go: src/Sdk/DTLogging/Logging/SecretMasker.cs, ValueEncoders.cs
//   - runner.go, step.go: src/Runner.Worker/Handlers/OutputManager.cs
//     (OnDataReceived), src/Runner.Worker/ActionCommandManager.cs,
//     src/Runner.Worker/ExecutionContext.cs (Write, AddIssue)
//   - filecommand.go: src/Runner.Worker/FileCommandManager.cs (EnvFileKeyValuePairs)
//
// Not emulated: problem matchers (add-matcher is accepted and ignored), file
// path rewriting of annotations, container hooks, composite actions, and
// the culture-sensitive (ICU) matching of "::" and "##[" noted in command.go.
package runneremu

import "strings"

// Stream is the pipe a chunk of output was written to.
type Stream int

const (
	Stdout Stream = iota
	Stderr
)

func (s Stream) String() string {
	if s == Stderr {
		return "stderr"
	}
	return "stdout"
}

// Chunk is bytes a step wrote to one stream.
type Chunk struct {
	Stream Stream
	Data   []byte
}

// Options are the job settings that change what the runner does.
type Options struct {
	// Secrets are masked from the first line: the workflow's secrets and
	// the masks earlier steps added.
	Secrets []string
	// StepDebug is ACTIONS_STEP_DEBUG: commands are echoed
	// (EchoOnActionCommand) and ##[debug] lines are shown.
	StepDebug bool
	// AllowUnsecureCommands is ACTIONS_ALLOW_UNSECURE_COMMANDS: set-env and
	// add-path work instead of failing the step.
	AllowUnsecureCommands bool
	// AllowUnsecureStopCommandTokens is
	// ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS: an empty, "pause-logging" or
	// command-named stop token is accepted instead of failing the step.
	AllowUnsecureStopCommandTokens bool
}

// Annotation is an issue the step created (::error::, ::warning::,
// ::notice::, or the runner's own errors), as the run's summary shows it.
type Annotation struct {
	Type    string // "error", "warning" or "notice"
	Message string // masked, at most 4096 characters
	// Properties such as title, file, line, as written. The runner masks
	// only the message (ExecutionContext.AddIssue): these are shown in clear.
	Properties map[string]string
}

// Log is what one step left behind.
type Log struct {
	// Lines is the step's job log, masks applied ("***"), in the order the
	// runner wrote them (ExecutionContext.Write).
	Lines []string
	// Commands the runner processed, in order (stop-commands and the
	// resuming token included; commands ignored while stopped are not).
	Commands []Command
	// Masks registered during the step (add-mask values and their lines,
	// stop tokens longer than 6 characters), in order.
	Masks []string
	// Annotations shown on the run, at most 10 of each type
	// (ExecutionContext._maxCountPerIssueType).
	Annotations []Annotation
	// Outputs, State and Env set by the deprecated ::set-output::,
	// ::save-state:: and (when allowed) ::set-env:: commands; Path by
	// ::add-path::.
	Outputs, State, Env map[string]string
	Path                []string
	// StopToken is the token commands still wait for at the end of the step
	// ("" when commands are being processed).
	StopToken string
	// Failed is true when the step failed because of its output: a command
	// that could not be processed, or an unsupported stop token.
	Failed bool
}

// Contains reports whether s is visible anywhere in the log: in a line, or
// in an annotation's properties (which the runner does not mask).
func (l Log) Contains(s string) bool {
	for _, line := range l.Lines {
		if strings.Contains(line, s) {
			return true
		}
	}
	for _, a := range l.Annotations {
		for _, v := range a.Properties {
			if strings.Contains(v, s) {
				return true
			}
		}
	}
	return false
}

// Job holds what outlives a step: the secret masker (one per job in the
// runner's HostContext). Each step gets a fresh ActionCommandManager
// (Handler.cs: hostContext.CreateService), so a stop-commands left open
// ends with its step, but masks stay.
type Job struct {
	opts   Options
	masker *masker
}

// NewJob starts a job with the options' secrets registered.
func NewJob(opts Options) *Job {
	j := &Job{opts: opts, masker: newMasker()}
	for _, s := range opts.Secrets {
		j.masker.add(s)
	}
	return j
}

// Process runs one step that wrote output to stdout only, in a job with
// default options.
func Process(output []byte) Log {
	return NewJob(Options{}).Step([]Chunk{{Stream: Stdout, Data: output}})
}

// ProcessStreams runs one step whose stdout and stderr arrived together:
// the runner hands over every complete stderr line before any stdout line.
func ProcessStreams(stdout, stderr []byte) Log {
	return NewJob(Options{}).Step([]Chunk{{Stream: Stdout, Data: stdout}, {Stream: Stderr, Data: stderr}})
}

// Step runs one step of the job. Each batch is the output that arrived
// between two wake-ups of the runner's read loop (ProcessInvoker.ExecuteAsync
// calling ProcessOutput): for each batch the runner handles all complete
// stderr lines first, then all complete stdout lines, whatever order they
// were written in. Chunks in separate batches keep their order. When the
// process ends, the last partial line of each stream is handled, stderr's
// first.
//
// A step that writes to one stream sees its lines in order whatever the
// batches; the relative order of stdout and stderr lines is not kept.
func (j *Job) Step(batches ...[]Chunk) Log {
	s := newStep(j)
	var readers [2]lineReader
	for _, batch := range batches {
		var lines [2][]string
		for _, c := range batch {
			lines[c.Stream] = append(lines[c.Stream], readers[c.Stream].feed(c.Data)...)
		}
		s.deliver(lines)
	}
	s.deliver([2][]string{readers[Stdout].close(), readers[Stderr].close()})
	return s.log
}
