// Command sqlemu serves the Cloud SQL Admin API v1 emulator for demos and
// benchmarks: it prints its base URL (the sql-endpoint input) and serves
// until stopped. It starts with one PostgreSQL instance with point-in-time
// recovery on, recoverable to any second of the last -days days.
//
// With -refresh, it serves data-refresh's two environments instead, on a
// PostgreSQL server of its own: production (olympus-prod in
// olympus-prod-9c3f) whose olympus database is made by the -seed SQL
// ({{rows}} replaced by -rows), backed up an hour ago; and staging
// (olympus-staging in olympus-staging-4b2a, on a private network) with a
// backup of its own. -dsn-file receives PGHOST, PGUSER, PROD_DB and PG_BIN
// as shell assignments (the benchmark times pg_dump and pg_restore on
// production's database alone).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localpg"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/sqlemu"
)

func main() {
	project := flag.String("project", "olympus-dev-7d1e", "project served")
	region := flag.String("region", "europe-west1", "region of the instance")
	instance := flag.String("instance", "olympus-db", "instance to serve")
	days := flag.Int64("days", 7, "days of transaction logs kept: the recovery window")
	slow := flag.Duration("slow", 0, "how long each operation takes at least")
	refresh := flag.Bool("refresh", false, "serve data-refresh's production and staging on a PostgreSQL server of its own")
	seed := flag.String("seed", "", "with -refresh: SQL that makes production's olympus database")
	rows := flag.Int("rows", 1000, "with -refresh: replaces {{rows}} in the seed")
	dsnFile := flag.String("dsn-file", "", "with -refresh: file to write PGHOST, PGUSER, PROD_DB and PG_BIN to")
	flag.Parse()
	emu := sqlemu.New()
	var pg *localpg.Server
	if *refresh {
		var err error
		if pg, err = serveRefresh(emu, *seed, *rows, *dsnFile); err != nil {
			emu.Close()
			if pg != nil {
				pg.Stop()
			}
			log.Fatal(err)
		}
	} else {
		emu.AddInstance(sqlemu.PostgresInstance(*project, *region, *instance, *days))
		now := time.Now().UTC().Truncate(time.Second)
		emu.SetWindow(*project, *instance, now.Add(-time.Duration(*days)*24*time.Hour), now)
	}
	emu.SlowOperations(*slow)
	fmt.Println(emu.URL)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	<-sigs
	emu.Close()
	if pg != nil {
		pg.Stop()
	}
}

func serveRefresh(emu *sqlemu.Server, seed string, rows int, dsnFile string) (*localpg.Server, error) {
	ctx := context.Background()
	sql, err := os.ReadFile(seed)
	if err != nil {
		return nil, fmt.Errorf("-seed: %w", err)
	}
	pg, err := localpg.Start(ctx)
	if err != nil {
		return nil, err
	}
	emu.UsePostgres(pg)
	prod := sqlemu.PostgresInstance("olympus-prod-9c3f", "us-central1", "olympus-prod", 7)
	emu.AddInstance(prod)
	staging := sqlemu.PostgresInstance("olympus-staging-4b2a", "us-central1", "olympus-staging", 7)
	staging.Settings.IpConfiguration = &sqladmin.IpConfiguration{PrivateNetwork: "projects/olympus-staging-4b2a/global/networks/olympus"}
	emu.AddInstance(staging)
	emu.AddUser("olympus-staging-4b2a", "olympus-staging", "olympus-api-run@olympus-staging-4b2a.iam")
	prodDSN, err := emu.AddDatabase(ctx, "olympus-prod-9c3f", "olympus-prod", "olympus")
	if err != nil {
		return pg, err
	}
	if err := exec(ctx, prodDSN, strings.ReplaceAll(string(sql), "{{rows}}", strconv.Itoa(rows))); err != nil {
		return pg, fmt.Errorf("-seed: %w", err)
	}
	stagingDSN, err := emu.AddDatabase(ctx, "olympus-staging-4b2a", "olympus-staging", "olympus")
	if err != nil {
		return pg, err
	}
	if err := exec(ctx, stagingDSN, "CREATE TABLE stale_fixtures (id int); INSERT INTO stale_fixtures VALUES (1);"); err != nil {
		return pg, err
	}
	if _, err := emu.Backup(ctx, "olympus-prod-9c3f", "olympus-prod", time.Now().Add(-time.Hour)); err != nil {
		return pg, err
	}
	if _, err := emu.Backup(ctx, "olympus-staging-4b2a", "olympus-staging", time.Now().Add(-3*time.Hour)); err != nil {
		return pg, err
	}
	if dsnFile != "" {
		u, _ := url.Parse(prodDSN)
		env := fmt.Sprintf("PGHOST=%s\nPGUSER=%s\nPROD_DB=%s\nPG_BIN=%s\n", pg.Dir, localpg.Superuser, strings.TrimPrefix(u.Path, "/"), pg.Bin)
		if err := os.WriteFile(dsnFile, []byte(env), 0o600); err != nil {
			return pg, err
		}
	}
	return pg, nil
}

func exec(ctx context.Context, dsn, sql string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}
