package step

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
)

// annotations is a Reporter that keeps only the annotations.
type annotations struct {
	Reporter
	got []Annotation
}

func (a *annotations) Annotate(an Annotation) { a.got = append(a.got, an) }
func (a *annotations) Logger() *slog.Logger   { return slog.New(slog.DiscardHandler) }
func (a *annotations) Redact(s string) string { return s }

func TestConfiguredDir(t *testing.T) {
	ws := t.TempDir()
	if err := os.MkdirAll(filepath.Join(ws, "rules", "prod"), 0o755); err != nil || os.Mkdir(filepath.Join(ws, "policy"), 0o755) != nil {
		t.Fatal(err)
	}
	spec := &Spec{Name: "x", Inputs: []Input{{Name: "policy-path"}}}
	malformed := repoconfig.Errors{{File: "olympus.yaml", Line: 3, Msg: "policy-path must be a string"}}
	for _, tc := range []struct {
		name, input       string
		def               func(string) (string, string, error)
		wantDir, wantShow string
		wantErr           string
		wantCode          int
		annotated         bool
	}{
		{name: "off", input: "none", def: nil},
		{name: "the default", def: func(w string) (string, string, error) {
			if w != ws {
				t.Errorf("the default was asked with %q, want the workspace %q", w, ws)
			}
			return filepath.Join(w, "policy"), "policy", nil
		}, wantDir: filepath.Join(ws, "policy"), wantShow: "policy"},
		{name: "no default", def: func(string) (string, string, error) { return "", "", nil }},
		{name: "given", input: "./rules//prod/", wantDir: filepath.Join(ws, "rules", "prod"), wantShow: "rules/prod"},
		{name: "given, missing", input: "nowhere", wantErr: `input policy-path: invalid value "nowhere"`, wantCode: ExitUsage},
		{name: "a malformed olympus.yaml", def: func(string) (string, string, error) { return "", "", malformed },
			wantErr: "policy-path must be a string", wantCode: ExitUsage, annotated: true},
		{name: "the default fails", def: func(string) (string, string, error) { return "", "", errors.New("outside the repository") },
			wantErr: "input policy-path", wantCode: ExitUsage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := &annotations{}
			rt := &Runtime{Inputs: spec.NewInputs(map[string]string{"policy-path": tc.input}), Report: rep, Workdir: ws, GitHub: GitHub{Workspace: ws}}
			def := tc.def
			if def == nil {
				def = func(string) (string, string, error) { t.Error("the default was asked"); return "", "", nil }
			}
			dir, shown, err := rt.ConfiguredDir("policy-path", "none", def)
			if got := len(rep.got) > 0; got != tc.annotated {
				t.Errorf("annotations %+v, want some: %v", rep.got, tc.annotated)
			}
			if tc.annotated && (rep.got[0].File != "olympus.yaml" || rep.got[0].Line != 3) {
				t.Errorf("annotation %+v, want olympus.yaml line 3", rep.got[0])
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || ExitCode(err) != tc.wantCode {
					t.Fatalf("err %v (exit %d), want one with %q, exit %d", err, ExitCode(err), tc.wantErr, tc.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantDir := tc.wantDir
			if wantDir != "" {
				wantDir, _ = filepath.EvalSymlinks(wantDir)
				if d, err := filepath.EvalSymlinks(dir); err == nil {
					dir = d
				}
			}
			if dir != wantDir || shown != tc.wantShow {
				t.Errorf("got %q (%q), want %q (%q)", dir, shown, wantDir, tc.wantShow)
			}
		})
	}
}
