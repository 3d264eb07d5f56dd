package act

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// shimmed is the action's image with the workspace shim in front.
const shimmed = "olympus-deploy-actions:act"

// ActionImages makes image, the action's image built from this
// repository's Dockerfile, the one act runs for every Docker action under
// repo/actions: act builds a local Docker action's image unless one by its
// name exists and --rebuild=false is given, so each is tagged with that
// name. The image gets one layer, the workspace shim
// (cmd/workspace-shim), which only corrects where act starts it. It
// returns the tags.
func ActionImages(ctx context.Context, image, repo string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "olympus-act-image-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, "workspace-shim"),
		"github.com/olympus-cloud/deploy-actions/internal/testbed/act/cmd/workspace-shim")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+runtime.GOARCH)
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("failed to build the workspace shim: %w\n%s", err, out)
	}
	df := fmt.Sprintf("FROM %s\nCOPY workspace-shim /usr/local/bin/act-workspace-shim\nENTRYPOINT [\"/usr/local/bin/act-workspace-shim\"]\n", image)
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(df), 0o644); err != nil {
		return nil, err
	}
	// The legacy builder, as scripts/image.sh: nothing is pulled.
	docker := exec.CommandContext(ctx, "docker", "build", "-q", "-t", shimmed, dir)
	docker.Env = append(os.Environ(), "DOCKER_BUILDKIT=0")
	if out, err := docker.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("failed to build %s: %w\n%s", shimmed, err, out)
	}
	actions, err := filepath.Glob(filepath.Join(repo, "actions", "*", "action.yml"))
	if err != nil {
		return nil, err
	}
	var tags []string
	for _, a := range actions {
		b, err := os.ReadFile(a)
		if err != nil {
			return nil, err
		}
		var def struct {
			Runs struct {
				Using string `yaml:"using"`
				Image string `yaml:"image"`
			} `yaml:"runs"`
		}
		if err := yaml.Unmarshal(b, &def); err != nil {
			return nil, fmt.Errorf("%s: %w", a, err)
		}
		if def.Runs.Using != "docker" || strings.HasPrefix(def.Runs.Image, "docker://") {
			continue
		}
		tag := ImageName("./actions/" + filepath.Base(filepath.Dir(a)))
		if out, err := exec.CommandContext(ctx, "docker", "tag", shimmed, tag).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("failed to tag %s: %w\n%s", tag, err, out)
		}
		tags = append(tags, tag)
	}
	if len(tags) == 0 {
		return nil, fmt.Errorf("no Docker action under %s", filepath.Join(repo, "actions"))
	}
	return tags, nil
}

var notAlnum = regexp.MustCompile(`[^a-zA-Z0-9]`)

// ImageName is the image act v0.2.89 runs for the local Docker action
// uses (pkg/runner/action.go, execAsDocker).
func ImageName(uses string) string {
	name := notAlnum.ReplaceAllString(uses, "-") + "-dockeraction:latest"
	return strings.ToLower("act-" + strings.TrimLeft(name, "-"))
}
