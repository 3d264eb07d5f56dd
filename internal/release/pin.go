package release

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
)

// digestRE is an image digest as registries give it.
var digestRE = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

// imageRE is the runs.image line of a Docker action.yml, as actiongen
// writes it: two spaces, image:, a quoted value.
var imageRE = regexp.MustCompile(`(?m)^  image: "[^"\n]*"\r?$`)

// ActionFiles lists the action.yml files of the repository at root: the
// root action and actions/*/action.yml.
func ActionFiles(root string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(root, "actions", "*", "action.yml"))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(root, "action.yml")); err == nil {
		files = append(files, filepath.Join(root, "action.yml"))
	}
	slices.Sort(files)
	return files, nil
}

// Pin rewrites one action.yml so that it runs docker://image@digest: only
// the runs.image line changes, every other byte stays as it was. It
// refuses a file that is not a Docker action with exactly one image line.
func Pin(content []byte, image, digest string) ([]byte, error) {
	if !digestRE.MatchString(digest) {
		return nil, fmt.Errorf("digest %q: want sha256: and 64 hex digits", digest)
	}
	if !bytes.Contains(content, []byte("\n  using: \"docker\"\n")) {
		return nil, fmt.Errorf("not a Docker action: no runs.using \"docker\"")
	}
	locs := imageRE.FindAllIndex(content, -1)
	if len(locs) != 1 {
		return nil, fmt.Errorf("want one runs.image line, found %d", len(locs))
	}
	line := fmt.Sprintf(`  image: "docker://%s@%s"`, image, digest)
	start, end := locs[0][0], locs[0][1]
	if bytes.HasSuffix(content[start:end], []byte("\r")) {
		line += "\r"
	}
	out := make([]byte, 0, len(content)+len(line))
	out = append(out, content[:start]...)
	out = append(out, line...)
	return append(out, content[end:]...), nil
}

// PinActions pins every action.yml under root to image@digest and returns
// the files it changed. Nothing is written unless every file can be pinned.
func PinActions(root, image, digest string) ([]string, error) {
	files, err := ActionFiles(root)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no action.yml under %q", root)
	}
	pinned := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		p, err := Pin(b, image, digest)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		pinned[f] = p
	}
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(f, pinned[f], st.Mode().Perm()); err != nil {
			return nil, err
		}
	}
	return files, nil
}
