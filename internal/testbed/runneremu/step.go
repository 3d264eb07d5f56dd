package runneremu

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
)

// Messages the runner writes, from src/Runner.Common/Constants.cs.
const (
	unsupportedCommandDisabled = "The `%s` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/"
	unsupportedStopToken       = "You cannot use a endToken that is an empty string, the string 'pause-logging', or another workflow command. For more information see: https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands or opt into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` environment variable to `true`."
	maxIssueMessageLength      = 4096
	maxCountPerIssueType       = 10
)

// omitEcho lists the commands whose IActionCommandExtension.OmitEcho is
// true: they are not echoed even when echo is on.
var omitEcho = map[string]bool{"add-mask": true, "debug": true, "error": true, "warning": true, "notice": true}

// extensions are the IActionCommandExtension commands registered by
// src/Runner.Common/ExtensionManager.cs (internal-set-repo-path is only
// registered for the runner's own plugins).
var extensions = []string{"set-env", "set-output", "save-state", "add-path", "add-mask", "add-matcher",
	"remove-matcher", "warning", "error", "notice", "debug", "group", "endgroup", "echo"}

// actionMarkers defuses the runner's own step markers in user output
// (OutputManager.OnDataReceived, "Strip runner-controlled markers").
var actionMarkers = strings.NewReplacer("##[start-action", `##[\start-action`, "##[end-action", `##[\end-action`)

// step is one step's ActionCommandManager, OutputManager pair and
// ExecutionContext.
type step struct {
	job        *Job
	registered commandSet
	stopped    bool
	stopToken  string
	echo       bool
	done       bool // the step threw: no more output is handled
	issues     map[string]int
	log        Log
}

func newStep(j *Job) *step {
	s := &step{
		job:        j,
		registered: commandSet{},
		echo:       j.opts.StepDebug, // ExecutionContext.InitializeJob: Step_Debug
		issues:     map[string]int{},
		log:        Log{Outputs: map[string]string{}, State: map[string]string{}, Env: map[string]string{}},
	}
	s.registered.add("stop-commands")
	for _, name := range extensions {
		s.registered.add(name)
	}
	return s
}

// deliver is ProcessInvoker.ProcessOutput: stderr lines, then stdout lines.
func (s *step) deliver(lines [2][]string) {
	for _, stream := range []Stream{Stderr, Stdout} {
		for _, line := range lines[stream] {
			if s.done {
				return
			}
			s.onLine(line, stream)
		}
	}
}

// onLine is OutputManager.OnDataReceived.
func (s *step) onLine(line string, stream Stream) {
	if strings.Contains(line, "##[") || strings.Contains(line, "::") {
		if s.tryCommand(line, stream) {
			return
		}
	}
	s.write("", actionMarkers.Replace(line))
}

// tryCommand is ActionCommandManager.TryProcessCommand.
func (s *step) tryCommand(line string, stream Stream) bool {
	cmd, ok := parseV2(line, s.registered)
	if !ok {
		cmd, ok = parseLegacy(line, s.registered)
	}
	if !ok {
		return false
	}
	cmd.Stream = stream
	name := strings.ToLower(cmd.Name)
	if s.stopped {
		// Only the token resumes; every other command is printed as text.
		if s.stopToken != "" && strings.EqualFold(cmd.Name, s.stopToken) {
			s.log.Commands = append(s.log.Commands, cmd)
			s.write("", line)
			s.debug("Resume processing commands")
			s.registered.remove(s.stopToken)
			s.stopped, s.stopToken = false, ""
			s.log.StopToken = ""
			return true
		}
		s.debug(fmt.Sprintf("Process commands has been stopped and waiting for '##[%s]' to resume.", s.stopToken))
		return false
	}
	s.log.Commands = append(s.log.Commands, cmd)
	if name == "stop-commands" {
		// ValidateStopToken: the exception is not caught by
		// TryProcessCommand; it ends the step (StepsRunner.RunStepAsync).
		token := cmd.Data
		if (token == "" || strings.EqualFold(token, "pause-logging") || s.registered.has(token)) &&
			!s.job.opts.AllowUnsecureStopCommandTokens {
			s.error(unsupportedStopToken, nil)
			s.log.Failed = true
			s.done = true
			return true
		}
		s.stopToken, s.stopped = token, true
		s.log.StopToken = token
		s.registered.add(token)
		if utf16Len(token) > 6 {
			s.addMask(token)
		}
		s.write("", line)
		s.debug("Paused processing commands until the token you called ::stopCommands:: with is received")
		return true
	}
	if s.echo && !omitEcho[name] {
		s.write("", line)
	}
	if err := s.run(name, cmd); err != nil {
		shown := line
		if omitEcho[name] {
			shown = name
		}
		s.error(fmt.Sprintf("Unable to process command '%s' successfully.", shown), nil)
		s.error(err.Error(), nil)
		s.log.Failed = true
	}
	return true
}

// run is the command's IActionCommandExtension.ProcessCommand.
func (s *step) run(name string, cmd Command) error {
	switch name {
	case "add-mask": // AddMaskCommandExtension
		if strings.TrimFunc(cmd.Data, unicode.IsSpace) == "" {
			s.warning("Can't add secret mask for empty string in ##[add-mask] command.")
			return nil
		}
		if s.echo {
			s.write("", "::add-mask::***")
		}
		s.addMask(cmd.Data)
		// Each line too, trimmed: lines reach the log one by one.
		for _, l := range strings.FieldsFunc(cmd.Data, func(r rune) bool { return r == '\r' || r == '\n' }) {
			if l = strings.TrimFunc(l, unicode.IsSpace); l != "" {
				s.addMask(l)
			}
		}
	case "error", "warning", "notice": // IssueCommandExtension
		s.issue(name, cmd.Data, cmd.Properties)
	case "debug": // DebugCommandExtension
		s.debug(cmd.Data)
	case "group", "endgroup": // GroupingCommandExtension
		data := ""
		if name == "group" {
			data = cmd.Data
		}
		s.write("", "##["+name+"]"+data)
	case "echo": // EchoCommandExtension
		if cmd.Data == "" {
			return fmt.Errorf("Value cannot be null. (Parameter 'value')")
		}
		switch strings.ToUpper(strings.TrimFunc(cmd.Data, unicode.IsSpace)) {
		case "ON":
			s.echo = true
			s.debug("Setting echo command value to 'on'")
		case "OFF":
			s.echo = false
			s.debug("Setting echo command value to 'off'")
		default:
			return fmt.Errorf("Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '%s'.", cmd.Data)
		}
	case "set-output", "save-state": // SetOutputCommandExtension, SaveStateCommandExtension
		// Deprecated but still processed; the deprecation warning depends
		// on a server flag (DistributedTask.DeprecateStepOutputCommands),
		// off here.
		n := cmd.Properties["name"]
		if n == "" {
			return fmt.Errorf("Required field 'name' is missing in ##[%s] command.", name)
		}
		if name == "set-output" {
			s.log.Outputs[n] = cmd.Data
		} else {
			s.log.State[n] = cmd.Data
		}
	case "set-env": // SetEnvCommandExtension
		if !s.job.opts.AllowUnsecureCommands {
			return fmt.Errorf(unsupportedCommandDisabled, name)
		}
		n := cmd.Properties["name"]
		if n == "" {
			return fmt.Errorf("Required field 'name' is missing in ##[set-env] command.")
		}
		if strings.EqualFold(n, "NODE_OPTIONS") {
			s.issue("error", "Can't update NODE_OPTIONS environment variable using ::set-env:: command.", nil)
			return nil
		}
		s.log.Env[n] = cmd.Data
	case "add-path": // AddPathCommandExtension
		if !s.job.opts.AllowUnsecureCommands {
			return fmt.Errorf(unsupportedCommandDisabled, name)
		}
		if cmd.Data == "" {
			return fmt.Errorf("Value cannot be null. (Parameter 'path')")
		}
		kept := s.log.Path[:0]
		for _, p := range s.log.Path {
			if p != cmd.Data {
				kept = append(kept, p)
			}
		}
		s.log.Path = append(kept, cmd.Data)
	case "add-matcher", "remove-matcher":
		// Problem matchers are not emulated.
	}
	return nil
}

func (s *step) addMask(v string) {
	if v != "" && !s.job.masker.originals[v] {
		s.log.Masks = append(s.log.Masks, v)
	}
	s.job.masker.add(v)
}

// write is ExecutionContext.Write: the tag and message are masked together.
func (s *step) write(tag, msg string) {
	s.log.Lines = append(s.log.Lines, s.job.masker.mask(tag+msg))
}

// debug is ExecutionContextExtension.Debug: shown only with step debug,
// one ##[debug] line per line of the message.
func (s *step) debug(msg string) {
	if !s.job.opts.StepDebug {
		return
	}
	for _, l := range strings.Split(strings.ReplaceAll(msg, "\r\n", "\n"), "\n") {
		s.write("##[debug]", l)
	}
}

func (s *step) warning(msg string) { s.issue("warning", msg, nil) }

func (s *step) error(msg string, props map[string]string) { s.issue("error", msg, props) }

// issue is ExecutionContext.AddIssue: the message is masked and cut to
// 4096 characters, logged with its tag when not empty, and counted as an
// annotation up to 10 per type. Properties are kept as they are.
func (s *step) issue(typ, msg string, props map[string]string) {
	msg = s.job.masker.mask(msg)
	if u := utf16.Encode([]rune(msg)); len(u) > maxIssueMessageLength {
		msg = string(utf16.Decode(u[:maxIssueMessageLength]))
	}
	if s.issues[typ] < maxCountPerIssueType {
		s.issues[typ]++
		p := map[string]string{}
		for k, v := range props {
			p[k] = v
		}
		s.log.Annotations = append(s.log.Annotations, Annotation{Type: typ, Message: msg, Properties: p})
	}
	if msg != "" {
		s.write("##["+typ+"]", msg)
	}
}
