// Command pin-workflows writes the operational workflows (rollback,
// sql-recover, drift, data-refresh) from their templates in internal/release/operations
// and the release pinned in .github/released-image. With -digest it pins
// that release first: the workflows then run
// docker://IMAGE@DIGEST and build nothing. The release workflow runs it,
// in the pull request it opens after each newest release; go generate
// runs it without -digest to render the current pin.
//
//	go run ./internal/release/cmd/pin-workflows -image ghcr.io/olympus-cloud/deploy-actions -digest sha256:... -tag v1.2.3
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/olympus-cloud/deploy-actions/internal/release"
)

func main() {
	image := flag.String("image", "ghcr.io/olympus-cloud/deploy-actions", "image repository, without tag or digest")
	digest := flag.String("digest", "", "the released image's digest, sha256:<64 hex digits>; empty: keep the pinned release")
	tag := flag.String("tag", "", "the release's tag, vMAJOR.MINOR.PATCH (with -digest)")
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "pin-workflows: unexpected argument %q; see -help\n", flag.Arg(0))
		os.Exit(2)
	}
	r, err := release.ReadRelease(*root)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pin-workflows: %v\n", err)
		os.Exit(1)
	}
	if *digest != "" {
		r = release.Release{Image: *image, Digest: *digest, Tag: *tag}
		if err := r.Check(); err != nil {
			fmt.Fprintf(os.Stderr, "pin-workflows: %v\n", err)
			os.Exit(2)
		}
	} else if *tag != "" {
		fmt.Fprintln(os.Stderr, "pin-workflows: -tag without -digest; give both to pin a release")
		os.Exit(2)
	}
	files, err := release.WriteOperations(*root, r)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pin-workflows: %v\n", err)
		os.Exit(1)
	}
	what := "no release pinned: they build the actions first"
	if r.Pinned() {
		what = "they run docker://" + r.Ref() + " (" + r.Tag + ")"
	}
	for _, f := range files {
		fmt.Printf("wrote %s\n", f)
	}
	fmt.Printf("operational workflows: %s\n", what)
}
