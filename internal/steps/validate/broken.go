package validate

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// A foundation repository keeps, in each root module, var files that are
// symlinks to the one each user writes from an example
// (terraform.tfvars -> ../../terraform.tfvars, from terraform.example.tfvars):
// in git they point at nothing, and the tools that read them fail.

// varFileExts are the files terraform, tflint or the security scan read
// from a module's directory or its environments.
var varFileExts = []string{".tf", ".tfvars", ".tf.json", ".tfvars.json", ".tftest.hcl", ".tfmock.hcl"}

// brokenFilesHint says what to do about the module's symlinks that point at
// nothing and that a tool's words name, or "" when they name none.
func brokenFilesHint(root, mod, words string) string {
	var hints []string
	for _, name := range danglingLinks(mod) {
		if mentions(words, filepath.ToSlash(name)) || mentions(words, relTo(root, filepath.Join(mod, name))) {
			hints = append(hints, danglingHint(root, mod, name))
		}
	}
	return strings.Join(hints, ". ")
}

// mentions reports whether words name the path p as a whole: not
// environments/dev/terraform.tfvars for terraform.tfvars.
func mentions(words, p string) bool {
	return regexp.MustCompile(`(^|[^\w/.-])` + regexp.QuoteMeta(p) + `($|[^\w/.-]|\.(\s|$))`).MatchString(words)
}

// danglingLinks lists the module's files (and its environments' files)
// that are symlinks to nothing, relative to the module.
func danglingLinks(mod string) []string {
	var out []string
	dirs := []string{mod}
	envs, _ := filepath.Glob(filepath.Join(mod, "environments", "*"))
	dirs = append(dirs, envs...)
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.Type()&os.ModeSymlink == 0 || !slices.ContainsFunc(varFileExts, func(ext string) bool { return strings.HasSuffix(e.Name(), ext) }) {
				continue
			}
			p := filepath.Join(dir, e.Name())
			if _, err := os.Stat(p); err != nil {
				rel, _ := filepath.Rel(mod, p)
				out = append(out, rel)
			}
		}
	}
	return out
}

// danglingHint says what a link points at and how to mend it: create the
// file from its example when the repository has one.
func danglingHint(root, mod, name string) string {
	link := filepath.Join(mod, name)
	shown := relTo(root, link)
	target, err := os.Readlink(link)
	if err != nil {
		return fmt.Sprintf("%s cannot be read: restore it, or remove it", shown)
	}
	abs := target
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(filepath.Dir(link), target)
	}
	create := outside(root, abs)
	if ex := exampleOf(abs); ex != "" {
		create += " from " + outside(root, ex)
	}
	return fmt.Sprintf("%s is a symlink to %q, which does not exist: create %s, or remove the symlink", shown, target, create)
}

// exampleOf finds the example a missing var file is written from:
// terraform.example.tfvars or terraform.tfvars.example for terraform.tfvars.
func exampleOf(p string) string {
	dir, base := filepath.Dir(p), filepath.Base(p)
	var candidates []string
	for _, ext := range []string{".tfvars.json", ".tfvars"} {
		if stem, ok := strings.CutSuffix(base, ext); ok {
			candidates = append(candidates, stem+".example"+ext, stem+".sample"+ext)
			break
		}
	}
	candidates = append(candidates, base+".example", base+".sample")
	for _, c := range candidates {
		if st, err := os.Stat(filepath.Join(dir, c)); err == nil && !st.IsDir() {
			return filepath.Join(dir, c)
		}
	}
	return ""
}

// outside is p relative to root, or absolute when it is not under root.
func outside(root, p string) string {
	if rel := relTo(root, p); rel != ".." && !strings.HasPrefix(rel, "../") {
		return rel
	}
	return filepath.ToSlash(p)
}

// relTo is p relative to root, with slashes, as the summary shows paths.
func relTo(root, p string) string {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(rel)
}
