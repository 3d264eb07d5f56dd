// Command runemu serves the Cloud Run v2 emulator on a local store, for
// demos and benchmarks: it prints host:port and serves until stopped.
// With -seed it first creates the service with that many revisions.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runemu"
)

func main() {
	root := flag.String("root", ".localcloud", "store directory")
	project := flag.String("project", "olympus-dev-7d1e", "project served")
	region := flag.String("region", "us-central1", "region served")
	seed := flag.Int("seed", 0, "create -service with this many revisions first")
	service := flag.String("service", "olympus-api", "service to seed")
	flag.Parse()
	store := localstore.Store{Root: *root}
	for i := 1; i <= *seed; i++ {
		if _, _, err := store.ApplyServiceConfig(*service, fmt.Sprintf("api:v%d", i), nil); err != nil {
			log.Fatal(err)
		}
	}
	emu, err := runemu.Start(store, *project, *region)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(emu.Addr)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	<-sigs
	emu.Stop()
}
