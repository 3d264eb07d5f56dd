// Command gen-actions writes action.yml files and the README's step
// reference from the step definitions. Run it with go generate ./...
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/olympus-cloud/deploy-actions/internal/framework/actiongen"
	"github.com/olympus-cloud/deploy-actions/internal/steps"
)

func main() {
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	readme, err := os.ReadFile(filepath.Join(*root, "README.md"))
	if err == nil {
		var files []actiongen.File
		if files, err = actiongen.Files(steps.All(), readme); err == nil {
			err = actiongen.Write(*root, files)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-actions:", err)
		os.Exit(1)
	}
}
