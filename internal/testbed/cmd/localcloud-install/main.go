// Command localcloud-install builds the localcloud provider into a
// filesystem mirror and prints the path of a terraform CLI config using it.
// `make demo` runs it; tests use tfenv directly.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: localcloud-install <dir>")
		os.Exit(2)
	}
	cfg, err := tfenv.Install(context.Background(), os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(cfg)
}
