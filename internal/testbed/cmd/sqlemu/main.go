// Command sqlemu serves the Cloud SQL Admin API v1 emulator for demos and
// benchmarks: it prints its base URL (the sql-endpoint input) and serves
// until stopped. It starts with one PostgreSQL instance with point-in-time
// recovery on, recoverable to any second of the last -days days.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/sqlemu"
)

func main() {
	project := flag.String("project", "olympus-dev-7d1e", "project served")
	region := flag.String("region", "europe-west1", "region of the instance")
	instance := flag.String("instance", "olympus-db", "instance to serve")
	days := flag.Int64("days", 7, "days of transaction logs kept: the recovery window")
	slow := flag.Duration("slow", 0, "how long each clone operation takes")
	flag.Parse()
	emu := sqlemu.New()
	emu.AddInstance(sqlemu.PostgresInstance(*project, *region, *instance, *days))
	now := time.Now().UTC().Truncate(time.Second)
	emu.SetWindow(*project, *instance, now.Add(-time.Duration(*days)*24*time.Hour), now)
	emu.SlowOperations(*slow)
	fmt.Println(emu.URL)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	<-sigs
	emu.Close()
}
