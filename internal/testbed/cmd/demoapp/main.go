// Command demoapp serves the local test cloud's services over HTTP (see
// internal/testbed/demoapp), for `make demo`: it prints its base URL
// (http://host:port) and serves until stopped. Each -root is a store
// directory, such as examples/local/.localcloud/dev; a service answers at
// <base URL>/<service name>/<any path>.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/demoapp"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
)

func main() {
	var roots []string
	flag.Func("root", "store directory (repeatable)", func(s string) error { roots = append(roots, s); return nil })
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	if len(roots) == 0 {
		log.Fatal("name at least one store with -root, such as -root examples/local/.localcloud/dev")
	}
	var stores []localstore.Store
	for _, r := range roots {
		stores = append(stores, localstore.Store{Root: r})
	}
	srv, err := demoapp.Start(*addr, stores...)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("http://" + srv.Addr)
	log.Printf("serving the services of %s", strings.Join(roots, ", "))
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	<-sigs
	srv.Stop()
}
