// Command terraform-provider-localcloud serves the test bed's provider.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localcloud"
)

// version is set by the build to the version directory of the mirror.
var version = "0.1.0"

func main() {
	err := providerserver.Serve(context.Background(), localcloud.New(version), providerserver.ServeOpts{
		Address: localcloud.Address,
	})
	if err != nil {
		log.Fatal(err)
	}
}
