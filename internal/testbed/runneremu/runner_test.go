package runneremu

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
)

const canary = "hunter2-canary"

// The job log of a whole step, compared with an expected log written by
// hand in testdata/ (NAME.out is what the step printed, NAME.log what the
// runner shows).
func TestProcessGolden(t *testing.T) {
	tests := []struct {
		name          string
		canaryVisible bool
		outputs       map[string]string
		stopToken     string
	}{
		// Issue 11, class 1: a drifted value stops commands, so our
		// add-mask and set-output are printed instead of run.
		{name: "attack", canaryVisible: true, outputs: map[string]string{}, stopToken: "x"},
		// The defence: masks first, untrusted text inside a stop-commands
		// block with a long random token, commands after the block.
		{name: "defended", canaryVisible: false, outputs: map[string]string{"has-changes": "true"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := os.ReadFile(filepath.Join("testdata", tt.name+".out"))
			if err != nil {
				t.Fatal(err)
			}
			log := Process(out)
			golden.Check(t, tt.name+".log", strings.Join(log.Lines, "\n")+"\n")
			if got := log.Contains(canary); got != tt.canaryVisible {
				t.Errorf("canary visible = %v, want %v", got, tt.canaryVisible)
			}
			if diff := cmp.Diff(tt.outputs, log.Outputs); diff != "" {
				t.Errorf("outputs (-want +got):\n%s", diff)
			}
			if log.StopToken != tt.stopToken {
				t.Errorf("stop token = %q, want %q", log.StopToken, tt.stopToken)
			}
			if len(log.Annotations) != 0 {
				t.Errorf("annotations = %+v, want none", log.Annotations)
			}
		})
	}
}

func TestProcess(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		out  string
		want []string
		// canaryVisible is what Contains(canary) must say.
		canaryVisible bool
		check         func(t *testing.T, l Log)
	}{
		{
			name:          "add-mask masks later lines, not earlier ones",
			out:           "before " + canary + "\n::add-mask::" + canary + "\nafter " + canary + "\n",
			want:          []string{"before " + canary, "after ***"},
			canaryVisible: true,
		},
		{
			name: "add-mask after stop-commands from untrusted text is printed, not run",
			out:  "::stop-commands::x\n::add-mask::" + canary + "\n" + canary + "\n",
			want: []string{"::stop-commands::x", "::add-mask::" + canary, canary},
			check: func(t *testing.T, l Log) {
				if l.StopToken != "x" || len(l.Masks) != 0 {
					t.Errorf("stop token %q, masks %q; want x and none", l.StopToken, l.Masks)
				}
			},
			canaryVisible: true,
		},
		{
			name:          "carriage return mid-line starts a new line",
			out:           "  + name = \"abc\r::stop-commands::y\"\n::add-mask::" + canary + "\n" + canary + "\n",
			want:          []string{`  + name = "abc`, `::stop-commands::y"`, "::add-mask::" + canary, canary},
			canaryVisible: true,
			check: func(t *testing.T, l Log) {
				if l.StopToken != `y"` {
					t.Errorf("stop token = %q, want %q", l.StopToken, `y"`)
				}
			},
		},
		{
			name:          "a line prefix does not help against a carriage return",
			out:           "[dev]   + name = \"abc\r::stop-commands::y\"\n::add-mask::" + canary + "\n" + canary + "\n",
			want:          []string{`[dev]   + name = "abc`, `::stop-commands::y"`, "::add-mask::" + canary, canary},
			canaryVisible: true,
		},
		{
			name:          "a line prefix defeats the :: form",
			out:           "[dev] ::stop-commands::x\n::add-mask::" + canary + "\n" + canary + "\n",
			want:          []string{"[dev] ::stop-commands::x", "***"},
			canaryVisible: false,
		},
		{
			name:          "a line prefix does not defeat the legacy ##[ form",
			out:           "[dev] note ##[stop-commands]x\n::add-mask::" + canary + "\n" + canary + "\n",
			want:          []string{"[dev] note ##[stop-commands]x", "::add-mask::" + canary, canary},
			canaryVisible: true,
		},
		{
			name:          "leading spaces and tabs are trimmed before ::",
			out:           "    \t::stop-commands::z\n::add-mask::" + canary + "\n" + canary + "\n",
			want:          []string{"    \t::stop-commands::z", "::add-mask::" + canary, canary},
			canaryVisible: true,
		},
		{
			// Names compare case-insensitively, masks case-sensitively.
			name: "the token resumes commands in any case; a long token is masked as written",
			out: "::stop-commands::tok-0123456789\n::add-mask::inside\n::TOK-0123456789::\n" +
				"::add-mask::" + canary + "\n" + canary + "\n",
			want: []string{"::stop-commands::***", "::add-mask::inside", "::TOK-0123456789::", "***"},
			check: func(t *testing.T, l Log) {
				if l.StopToken != "" {
					t.Errorf("stop token = %q, want resumed", l.StopToken)
				}
				if diff := cmp.Diff([]string{"tok-0123456789", canary}, l.Masks); diff != "" {
					t.Errorf("masks (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "a short token is not masked",
			out:  "::stop-commands::abc\n::abc::\n",
			want: []string{"::stop-commands::abc", "::abc::"},
		},
		{
			name: "the token glued to text without a newline does not resume",
			out: "::stop-commands::tok-0123456789\nno newline at the end" +
				"::tok-0123456789::\n::add-mask::" + canary + "\n" + canary + "\n",
			want:          []string{"::stop-commands::***", "no newline at the end::***::", "::add-mask::" + canary, canary},
			canaryVisible: true,
		},
		{
			name: "the legacy token form resumes anywhere in a line",
			out:  "::stop-commands::tok-0123456789\nwhatever ##[tok-0123456789]\n::add-mask::" + canary + "\n" + canary + "\n",
			want: []string{"::stop-commands::***", "whatever ##[***]", "***"},
		},
		{
			name: "nested stop-commands inside a block is text",
			out:  "::stop-commands::tok-0123456789\n::stop-commands::x\n::tok-0123456789::\n::x::\n",
			want: []string{"::stop-commands::***", "::stop-commands::x", "::***::", "::x::"},
		},
		{
			name: "an empty token fails the step and hides the rest",
			out:  "::stop-commands::\n::add-mask::" + canary + "\n" + canary + "\n",
			want: []string{"##[error]" + unsupportedStopToken},
			check: func(t *testing.T, l Log) {
				if !l.Failed || len(l.Annotations) != 1 {
					t.Errorf("failed %v, annotations %+v; want failed with one error", l.Failed, l.Annotations)
				}
			},
		},
		{
			name: "pause-logging is refused",
			out:  "::stop-commands::PAUSE-LOGGING\nafter\n",
			want: []string{"##[error]" + unsupportedStopToken},
		},
		{
			name: "a command name is refused as token",
			out:  "::stop-commands::Add-Mask\nafter\n",
			want: []string{"##[error]" + unsupportedStopToken},
		},
		{
			name: "an empty token, when allowed, never resumes",
			opts: Options{AllowUnsecureStopCommandTokens: true},
			out:  "::stop-commands::\n::::\n::add-mask::" + canary + "\n",
			want: []string{"::stop-commands::", "::::", "::add-mask::" + canary},
			check: func(t *testing.T, l Log) {
				if l.Failed {
					t.Error("step failed, want it to go on")
				}
			},
			canaryVisible: true,
		},
		{
			name: "multi-line mask: the value and each trimmed line",
			out:  "::add-mask::line-one%0D%0A  line-two  \nline-two\n",
			want: []string{"***"},
			check: func(t *testing.T, l Log) {
				if diff := cmp.Diff([]string{"line-one\r\n  line-two  ", "line-one", "line-two"}, l.Masks); diff != "" {
					t.Errorf("masks (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "an empty mask is a warning",
			out:  "::add-mask:: \n",
			want: []string{"##[warning]Can't add secret mask for empty string in ##[add-mask] command."},
		},
		{
			name: "annotations mask the message, not the title",
			opts: Options{Secrets: []string{canary}},
			out:  "::error file=main.tf,line=3,title=leak " + canary + "::boom " + canary + "\n::notice::\n",
			want: []string{"##[error]boom ***"},
			check: func(t *testing.T, l Log) {
				want := []Annotation{
					{Type: "error", Message: "boom ***", Properties: map[string]string{"file": "main.tf", "line": "3", "title": "leak " + canary}},
					{Type: "notice", Message: "", Properties: map[string]string{}},
				}
				if diff := cmp.Diff(want, l.Annotations); diff != "" {
					t.Errorf("annotations (-want +got):\n%s", diff)
				}
			},
			canaryVisible: true,
		},
		{
			name: "untrusted set-output still sets an output",
			out:  "::set-output name=has-changes::false\n",
			want: nil,
			check: func(t *testing.T, l Log) {
				if l.Outputs["has-changes"] != "false" {
					t.Errorf("outputs = %q, want has-changes=false", l.Outputs)
				}
			},
		},
		{
			name: "set-env is disabled and fails the step",
			out:  "::set-env name=A::b\n",
			want: []string{
				"##[error]Unable to process command '::set-env name=A::b' successfully.",
				"##[error]The `set-env` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/",
			},
			check: func(t *testing.T, l Log) {
				if !l.Failed || len(l.Env) != 0 {
					t.Errorf("failed %v, env %q; want failed, no env", l.Failed, l.Env)
				}
			},
		},
		{
			name: "a command that fails is quoted in the error",
			out:  "::set-output::no name\n",
			want: []string{
				"##[error]Unable to process command '::set-output::no name' successfully.",
				"##[error]Required field 'name' is missing in ##[set-output] command.",
			},
		},
		{
			name: "groups",
			out:  "::group::Plan dev\nbody\n::endgroup::ignored\n",
			want: []string{"##[group]Plan dev", "body", "##[endgroup]"},
		},
		{
			name: "echo on shows commands, never add-mask's value",
			out:  "::echo::on\n::group::g\n::add-mask::" + canary + "\n::echo::off\n::group::h\n",
			want: []string{"::group::g", "##[group]g", "::add-mask::***", "::echo::off", "##[group]h"},
		},
		{
			name: "step debug shows debug lines and echoes",
			opts: Options{StepDebug: true},
			out:  "::debug::a%0Ab\n::set-output name=x::y\n",
			want: []string{"##[debug]a", "##[debug]b", "::set-output name=x::y"},
		},
		{
			name: "the runner's step markers cannot be forged",
			out:  "##[start-action id=x]\n##[end-action]\n",
			want: []string{`##[\start-action id=x]`, `##[\end-action]`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewJob(tt.opts).Step([]Chunk{{Stream: Stdout, Data: []byte(tt.out)}})
			if diff := cmp.Diff(tt.want, l.Lines); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if got := l.Contains(canary); got != tt.canaryVisible {
				t.Errorf("Contains(canary) = %v, want %v", got, tt.canaryVisible)
			}
			if tt.check != nil {
				tt.check(t, l)
			}
		})
	}
}

// Masks belong to the job; stop-commands to the step.
func TestJobAcrossSteps(t *testing.T) {
	job := NewJob(Options{})
	job.Step([]Chunk{{Data: []byte("::add-mask::" + canary + "\n::stop-commands::x\n")}})
	l := job.Step([]Chunk{{Data: []byte(canary + "\n::add-mask::second\nsecond\n")}})
	if diff := cmp.Diff([]string{"***", "***"}, l.Lines); diff != "" {
		t.Errorf("second step lines (-want +got):\n%s", diff)
	}
}

// The runner reads stdout and stderr separately and, for output that
// arrives together, handles stderr's lines first: the order between the two
// streams is not kept (ProcessInvoker.ProcessOutput).
func TestStreamOrder(t *testing.T) {
	stdout := []byte("::stop-commands::tok-0123456789\n::tok-0123456789::\n")
	stderr := []byte("::stop-commands::x\n")

	t.Run("together: stderr first", func(t *testing.T) {
		l := ProcessStreams(stdout, stderr)
		want := []string{"::stop-commands::x", "::stop-commands::tok-0123456789", "::tok-0123456789::"}
		if diff := cmp.Diff(want, l.Lines); diff != "" {
			t.Errorf("lines (-want +got):\n%s", diff)
		}
		if l.StopToken != "x" {
			t.Errorf("stop token = %q, want x (stderr's)", l.StopToken)
		}
	})
	t.Run("separate batches keep their order", func(t *testing.T) {
		l := NewJob(Options{}).Step(
			[]Chunk{{Stream: Stdout, Data: []byte("::stop-commands::tok-0123456789\n")}},
			[]Chunk{{Stream: Stderr, Data: stderr}},
			[]Chunk{{Stream: Stdout, Data: []byte("::tok-0123456789::\n")}},
		)
		want := []string{"::stop-commands::***", "::stop-commands::x", "::***::"}
		if diff := cmp.Diff(want, l.Lines); diff != "" {
			t.Errorf("lines (-want +got):\n%s", diff)
		}
	})
	t.Run("commands on stderr run too", func(t *testing.T) {
		l := ProcessStreams(nil, []byte("::add-mask::"+canary+"\n"+canary+"\n"))
		if diff := cmp.Diff([]string{"***"}, l.Lines); diff != "" {
			t.Errorf("lines (-want +got):\n%s", diff)
		}
		if l.Commands[0].Stream != Stderr {
			t.Errorf("command stream = %v, want stderr", l.Commands[0].Stream)
		}
	})
	t.Run("a partial line waits for its stream", func(t *testing.T) {
		l := NewJob(Options{}).Step(
			[]Chunk{{Stream: Stdout, Data: []byte("::add-")}, {Stream: Stderr, Data: []byte("err\n")}},
			[]Chunk{{Stream: Stdout, Data: []byte("mask::" + canary + "\n" + canary)}},
		)
		if diff := cmp.Diff([]string{"err", "***"}, l.Lines); diff != "" {
			t.Errorf("lines (-want +got):\n%s", diff)
		}
	})
}

func TestAnnotationLimit(t *testing.T) {
	l := Process([]byte(strings.Repeat("::warning::w\n", 12)))
	if len(l.Lines) != 12 || len(l.Annotations) != 10 {
		t.Errorf("%d lines, %d annotations; want 12 and 10", len(l.Lines), len(l.Annotations))
	}
}
