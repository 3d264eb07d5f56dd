// Command pin-actions makes the release commit's change: every action.yml
// of the repository runs the released image, docker://IMAGE@DIGEST,
// instead of building the Dockerfile; nothing else changes. The release
// workflow runs it after pushing the image.
//
//	go run ./internal/release/cmd/pin-actions -image ghcr.io/olympus-cloud/deploy-actions -digest sha256:...
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/olympus-cloud/deploy-actions/internal/release"
)

func main() {
	image := flag.String("image", "ghcr.io/olympus-cloud/deploy-actions", "image repository, without tag or digest")
	digest := flag.String("digest", "", "the pushed image's digest, sha256:<64 hex digits>")
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	files, err := release.PinActions(*root, *image, *digest)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pin-actions: %v\n", err)
		os.Exit(1)
	}
	for _, f := range files {
		fmt.Printf("pinned %s to docker://%s@%s\n", f, *image, *digest)
	}
}
