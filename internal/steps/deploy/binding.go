package deploy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// copyReviewed copies the reviewed plan into dir (private to this run)
// while hashing it, so that the bytes terraform applies are the bytes
// whose hash was checked: the original may be replaced in between. With a
// key, the file must be encrypted with it and the copy is the plaintext.
func copyReviewed(src, dir string, key *plan.Key) (string, string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", "", fmt.Errorf("failed to read the plan %q: %w", src, err)
	}
	defer in.Close()
	encrypted := plan.Encrypted(in)
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return "", "", fmt.Errorf("failed to read the plan %q: %w", src, err)
	}
	switch {
	case encrypted && key == nil:
		return "", "", step.InputError("plan-file", src, fmt.Errorf("is encrypted (age); pass the plan-encryption-key it was encrypted with"))
	case !encrypted && key != nil:
		return "", "", step.Refusef("the plan file is not encrypted, yet plan-encryption-key is given: it is not the file that plan mode saved with this key; nothing was applied")
	}
	dst := filepath.Join(dir, "reviewed.tfplan")
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", "", fmt.Errorf("failed to copy the plan: %w", err)
	}
	h := sha256.New()
	w := io.MultiWriter(out, h)
	if key != nil {
		err = key.Decrypt(w, in)
	} else {
		_, err = io.Copy(w, in)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		if errors.Is(err, plan.ErrUndecryptable) {
			return "", "", step.Refusef("the plan file %v: it was encrypted with another key, or changed after it was made; nothing was applied", err)
		}
		return "", "", fmt.Errorf("failed to copy the plan: %w", err)
	}
	return dst, hex.EncodeToString(h.Sum(nil)), nil
}

// Binding is where a deploy applies: the environment's backend settings
// and the configuration the working directory resolves to.
type Binding struct {
	Environment string
	Backend     map[string]string
	// Modules are the working directory's modules by key; remote ones
	// stay pending until terraform init has fetched them.
	Modules map[string]*workingModule
}

// readBinding reads the environment's backend file and the configuration
// of the root module in dir, modules included, as far as it can be read
// before terraform init.
func readBinding(env, backendFile, dir string) (Binding, error) {
	b := Binding{Environment: env, Backend: map[string]string{}}
	f, diags := hclparse.NewParser().ParseHCLFile(backendFile)
	if diags.HasErrors() {
		return b, step.InputError("backend-config", backendFile, fmt.Errorf("not a backend file terraform can read: %s", diags.Error()))
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		return b, step.InputError("backend-config", backendFile, fmt.Errorf("not a backend file terraform can read: %s", diags.Error()))
	}
	for name, a := range attrs {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || v.IsNull() || !v.IsWhollyKnown() {
			continue
		}
		if v.Type() == cty.String {
			b.Backend[name] = v.AsString()
			continue
		}
		if j, err := ctyjson.Marshal(v, v.Type()); err == nil {
			b.Backend[name] = string(j)
		}
	}
	var err error
	b.Modules, err = readModules(dir, "", false)
	return b, err
}

// CheckBinding refuses a saved plan made for another environment or
// working directory. Terraform applies a saved plan to the backend
// recorded in it and from its own configuration snapshot, whatever this
// working directory holds, so a staging plan applied "to prod" would
// change staging and record a prod deployment, and a plan made before a
// module changed would apply the module as it was.
func CheckBinding(saved *plan.Saved, b Binding) error {
	var wrong []string
	for k, want := range b.Backend {
		if got, ok := saved.Backend[k]; !ok || got != want {
			wrong = append(wrong, fmt.Sprintf("%s is %q, not %q", k, got, want))
		}
	}
	sort.Strings(wrong)
	if len(wrong) > 0 {
		return step.Refusef("the plan was made for another environment's backend, not %s's (%s); terraform would apply it there. Pass the plan made for %s; nothing was applied",
			b.Environment, strings.Join(wrong, "; "), b.Environment)
	}
	return checkConfig(saved, b.Modules)
}

// checkFetched compares the plan's snapshot with the working directory
// again once terraform init has fetched the remote modules, which it
// downloads anew in every job: a registry version or a git branch may
// have moved since the plan.
func checkFetched(saved *plan.Saved, dir, dataDir string) error {
	modules, err := readModules(dir, dataDir, true)
	if err != nil {
		return err
	}
	for key, m := range modules {
		if m.Pending {
			return step.Refusef("%s was not installed by terraform init, so this working directory cannot be compared with the plan; nothing was applied", moduleAddr(key))
		}
	}
	return checkConfig(saved, modules)
}

// checkConfig refuses a plan whose configuration snapshot differs from
// the working directory's configuration, naming the first difference.
func checkConfig(saved *plan.Saved, working map[string]*workingModule) error {
	differ := configDiff(saved.Modules, working)
	if len(differ) == 0 {
		return nil
	}
	first := differ[0]
	if n := len(differ) - 1; n > 0 {
		first += fmt.Sprintf(", and %d more", n)
	}
	return step.Refusef("the plan was made from another configuration than this working directory (%s): it belongs to another working directory or commit; plan again here, or check out the commit it was made for; nothing was applied",
		first)
}

// configDiff lists what differs between the plan's snapshot and the
// working directory, module by module (the root first, then by key), file
// by file: modules called on one side only, a module read from elsewhere
// or installed at another version, files that differ or exist on one
// side only. Modules that terraform init has not fetched yet are left
// out, and so is everything they call.
func configDiff(saved map[string]*plan.Module, working map[string]*workingModule) []string {
	keys := map[string]bool{}
	for k := range saved {
		keys[k] = true
	}
	for k := range working {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	pending := func(key string) bool {
		for k, m := range working {
			if m.Pending && (key == k || strings.HasPrefix(key, k+".")) {
				return true
			}
		}
		return false
	}
	var differ []string
	for _, key := range sorted {
		s, w := saved[key], working[key]
		switch {
		case s == nil && w != nil:
			differ = append(differ, moduleAddr(key)+" is called here, not in the plan")
			continue
		case pending(key):
			continue
		case w == nil:
			differ = append(differ, moduleAddr(key)+" is in the plan, not called here")
			continue
		case !s.Listed:
			differ = append(differ, moduleAddr(key)+" has files in the plan but no entry in its module manifest")
			continue
		case w.Remote && !localSource(w.Source) && (s.Source != w.Source || s.Version != w.Version):
			differ = append(differ, fmt.Sprintf("%s is %s in the plan, %s here", moduleAddr(key), sourceVersion(s.Source, s.Version), sourceVersion(w.Source, w.Version)))
			continue
		case !w.Remote && filepath.ToSlash(filepath.Clean(s.Dir)) != w.Dir:
			differ = append(differ, fmt.Sprintf("%s is read from %s in the plan, from %s here", moduleAddr(key), s.Dir, w.Dir))
			continue
		}
		names := map[string]bool{}
		for n := range s.Files {
			if configFile(n) {
				names[n] = true
			}
		}
		for n := range w.Files {
			names[n] = true
		}
		sortedNames := make([]string, 0, len(names))
		for n := range names {
			sortedNames = append(sortedNames, n)
		}
		sort.Strings(sortedNames)
		for _, n := range sortedNames {
			a, inPlan := s.Files[n]
			b, here := w.Files[n]
			if inPlan && here && bytes.Equal(a, b) {
				continue
			}
			what := "differs"
			switch {
			case !inPlan:
				what = "is not in the plan"
			case !here:
				what = "is in the plan, not here"
			}
			differ = append(differ, fileName(key, w, n)+" "+what)
		}
	}
	return differ
}

// fileName names a module's file for people: its path from the root
// module for local modules, else the file of the module address.
func fileName(key string, m *workingModule, name string) string {
	if !m.Remote {
		return path.Join(m.Dir, name)
	}
	return fmt.Sprintf("%s of %s", name, moduleAddr(key))
}

// moduleAddr is terraform's address of the module with key.
func moduleAddr(key string) string {
	if key == "" {
		return "the root module"
	}
	return "module." + strings.ReplaceAll(key, ".", ".module.")
}

func sourceVersion(source, version string) string {
	s := fmt.Sprintf("%q", source)
	if version != "" {
		s += " " + version
	}
	return s
}
