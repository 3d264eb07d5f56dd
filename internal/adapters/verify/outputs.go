package verify

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
)

var outputsSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "output", LabelNames: []string{"name"}}}}

// DeclaredOutputs reads the names of the outputs the root module in dir
// declares (its *.tf and *.tf.json files, overrides included), sorted,
// before terraform runs, so that an output check naming no output is bad
// input (exit 2) and not a failure after the apply. A file that does not
// parse is an error naming it, with the names read from the others:
// terraform will report the file in its own words, so the step should
// then skip CheckOutputs rather than refuse.
func DeclaredOutputs(dir string) ([]string, error) {
	var files []string
	for _, glob := range []string{"*.tf", "*.tf.json"} {
		m, err := filepath.Glob(filepath.Join(dir, glob))
		if err != nil {
			return nil, err
		}
		files = append(files, m...)
	}
	slices.Sort(files)
	p := hclparse.NewParser()
	var names []string
	var errs []error
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("failed to read %q: %w", f, err))
			continue
		}
		var file *hcl.File
		var diags hcl.Diagnostics
		if strings.HasSuffix(f, ".json") {
			file, diags = p.ParseJSON(src, f)
		} else {
			file, diags = p.ParseHCL(src, f)
		}
		if diags.HasErrors() || file == nil {
			errs = append(errs, fmt.Errorf("failed to read the outputs of %q: %s", f, diags.Error()))
			if file == nil {
				continue
			}
		}
		content, _, _ := file.Body.PartialContent(outputsSchema)
		for _, b := range content.Blocks {
			if len(b.Labels) == 1 && !slices.Contains(names, b.Labels[0]) {
				names = append(names, b.Labels[0])
			}
		}
	}
	slices.Sort(names)
	return names, errors.Join(errs...)
}
