package datarefresh

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"cloud.google.com/go/cloudsqlconn"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"golang.org/x/oauth2"
)

// Databases opens sessions on the scratch instance's databases.
type Databases interface {
	Open(ctx context.Context, connectionName, database, user string) (Session, error)
	Close() error
}

// Session is one database of the scratch instance. Values read from it
// (the samples) are personal data: they stay in memory and are only ever
// compared, never printed.
type Session interface {
	// Columns lists the columns of every table and view outside the
	// system schemas (information_schema.columns).
	Columns(ctx context.Context) ([]Column, error)
	// Sample reads up to n random rows of a table and returns, per column,
	// their non-null values as text.
	Sample(ctx context.Context, table string, columns []Column, n int) (map[Column][]string, error)
	// Sanitize runs the files in order inside one transaction: all or
	// nothing.
	Sanitize(ctx context.Context, files []SQLFile) error
	// Survivors counts, per column, the rows whose value is one of the
	// samples, and the rows whose value is not null.
	Survivors(ctx context.Context, table string, samples map[Column][]string) (map[Column]Count, error)
	Close(ctx context.Context) error
}

// Count is what is left of a column after sanitizing.
type Count struct{ Survived, NonNull int64 }

// Connector is Databases through the Cloud SQL Go connector, with IAM
// database authentication over the instance's private IP, and pgx.
type Connector struct {
	dialer  *cloudsqlconn.Dialer
	hashKey string // this run's (HashKeySetting)
}

// NewConnector makes the connector. With an emulator's endpoint, the
// connector's Admin API calls go to it and its dial function (the seam
// the test bed uses) sends every instance connection to the emulator's
// host and port, which serves the instances' TLS endpoints; the OAuth
// tokens are then fixed strings.
func NewConnector(ctx context.Context, endpoint string) (*Connector, error) {
	opts := []cloudsqlconn.Option{
		cloudsqlconn.WithIAMAuthN(),
		// A step is short-lived: certificates are fetched when needed, not
		// refreshed in the background.
		cloudsqlconn.WithLazyRefresh(),
		cloudsqlconn.WithBuiltInMetrics(false),
		cloudsqlconn.WithDefaultDialOptions(cloudsqlconn.WithPrivateIP()),
		cloudsqlconn.WithUserAgent("olympus-data-refresh"),
	}
	if endpoint != "" {
		u, err := url.Parse(endpoint)
		if err != nil {
			return nil, err
		}
		tok := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "emulator-token", Expiry: time.Now().Add(24 * time.Hour)})
		host := u.Host
		opts = append(opts,
			cloudsqlconn.WithAdminAPIEndpoint(strings.TrimSuffix(endpoint, "/")+"/"),
			cloudsqlconn.WithIAMAuthNTokenSources(tok, tok),
			cloudsqlconn.WithDialFunc(func(ctx context.Context, network, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, network, host)
			}))
	}
	d, err := cloudsqlconn.NewDialer(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("failed to create the Cloud SQL connector: %w", fault.Credentials(err))
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("failed to make the hash key: %w", err)
	}
	return &Connector{dialer: d, hashKey: hex.EncodeToString(key)}, nil
}

func (c *Connector) Close() error { return c.dialer.Close() }

// Open connects to a database as user, an IAM database user (no
// password: the connector's certificate carries the identity).
func (c *Connector) Open(ctx context.Context, connectionName, database, user string) (Session, error) {
	cfg, err := pgx.ParseConfig("sslmode=disable")
	if err != nil {
		return nil, err
	}
	cfg.Host, cfg.Database, cfg.User = "cloudsql", database, user
	cfg.ConnectTimeout = time.Minute
	cfg.RuntimeParams["application_name"] = "olympus-data-refresh"
	// The connector finds the instance: no DNS lookup of a host.
	cfg.LookupFunc = func(_ context.Context, host string) ([]string, error) { return []string{host}, nil }
	cfg.DialFunc = func(ctx context.Context, _, _ string) (net.Conn, error) {
		return c.dialer.Dial(ctx, connectionName)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("failed to connect to database %q of %s as %s: %w", database, connectionName, user, err)
	}
	return &pgSession{conn: conn, hashKey: c.hashKey}, nil
}

type pgSession struct {
	conn    *pgx.Conn
	hashKey string
}

func (s *pgSession) Close(ctx context.Context) error { return s.conn.Close(ctx) }

func (s *pgSession) Columns(ctx context.Context) ([]Column, error) {
	rows, err := s.conn.Query(ctx, `SELECT table_schema, table_name, column_name FROM information_schema.columns
		WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\_%'
		ORDER BY table_schema, table_name, ordinal_position`)
	if err != nil {
		return nil, sqlError("failed to read information_schema", err)
	}
	cols, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Column, error) {
		var c Column
		return c, r.Scan(&c.Schema, &c.Table, &c.Name)
	})
	return cols, sqlError("failed to read information_schema", err)
}

func quote(c Column) string { return pgx.Identifier{c.Name}.Sanitize() }

func tableIdent(cols []Column) string {
	return pgx.Identifier{cols[0].Schema, cols[0].Table}.Sanitize()
}

func (s *pgSession) Sample(ctx context.Context, table string, columns []Column, n int) (map[Column][]string, error) {
	var sel, nonNull []string
	for _, c := range columns {
		sel = append(sel, quote(c)+"::text")
		nonNull = append(nonNull, quote(c)+" IS NOT NULL")
	}
	q := fmt.Sprintf("SELECT %s FROM %s WHERE %s ORDER BY random() LIMIT %d",
		strings.Join(sel, ", "), tableIdent(columns), strings.Join(nonNull, " OR "), n)
	rows, err := s.conn.Query(ctx, q)
	if err != nil {
		return nil, sqlError("failed to sample "+table, err)
	}
	defer rows.Close()
	out := map[Column][]string{}
	for rows.Next() {
		vals := make([]*string, len(columns))
		dest := make([]any, len(columns))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, sqlError("failed to sample "+table, err)
		}
		for i, v := range vals {
			if v != nil {
				out[columns[i]] = append(out[columns[i]], *v)
			}
		}
	}
	return out, sqlError("failed to sample "+table, rows.Err())
}

// HashKeySetting is the setting that holds, while the sanitization runs,
// a secret key made for the run: a hash rule hashes with it (for example
// encode(sha256(convert_to(current_setting('olympus.hash_key') || email,
// 'UTF8')), 'hex')), so that no dictionary of emails or phone numbers
// reverses the hash. The key is never stored or printed; the same value
// hashes the same within a run (joins hold), differently in the next.
const HashKeySetting = "olympus.hash_key"

func (s *pgSession) Sanitize(ctx context.Context, files []SQLFile) error {
	tx, err := s.conn.Begin(ctx)
	if err != nil {
		return sqlError("failed to begin the sanitization transaction", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, "SELECT set_config($1, $2, true)", HashKeySetting, s.hashKey); err != nil {
		return sqlError("failed to set the hash key", err)
	}
	for _, f := range files {
		// No arguments: the simple protocol, which runs every statement
		// of the file.
		if _, err := tx.Exec(ctx, f.SQL); err != nil {
			return sqlError("failed to run "+f.Path+" (nothing of the sanitization was kept)", err)
		}
	}
	return sqlError("failed to commit the sanitization", tx.Commit(ctx))
}

func (s *pgSession) Survivors(ctx context.Context, table string, samples map[Column][]string) (map[Column]Count, error) {
	var cols []Column
	for c := range samples {
		cols = append(cols, c)
	}
	if len(cols) == 0 {
		return nil, nil
	}
	var sel []string
	var args []any
	for i, c := range cols {
		sel = append(sel, fmt.Sprintf("count(*) FILTER (WHERE %s::text = ANY($%d)), count(%s)", quote(c), i+1, quote(c)))
		args = append(args, samples[c])
	}
	q := fmt.Sprintf("SELECT %s FROM %s", strings.Join(sel, ", "), tableIdent(cols))
	counts := make([]int64, 2*len(cols))
	dest := make([]any, len(counts))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := s.conn.QueryRow(ctx, q, args...).Scan(dest...); err != nil {
		return nil, sqlError("failed to verify "+table, err)
	}
	out := map[Column]Count{}
	for i, c := range cols {
		out[c] = Count{Survived: counts[2*i], NonNull: counts[2*i+1]}
	}
	return out, nil
}

// sqlError keeps what PostgreSQL said that is safe to show: its severity,
// message, code and position, never its DETAIL or WHERE, which quote the
// rows (personal data) a statement failed on. The message quotes values
// too (invalid input syntax for type integer: "<value>"): safeMessage
// keeps only its quoted identifiers.
func sqlError(what string, err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		msg := fmt.Sprintf("%s: %s: %s (SQLSTATE %s", what, pe.Severity, safeMessage(pe.Code, pe.Message), pe.Code)
		if pe.Position > 0 {
			msg += fmt.Sprintf(", at character %d", pe.Position)
		}
		return &SQLError{Msg: msg + ")", Code: pe.Code}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// SQLError is an error PostgreSQL answered, without its details.
type SQLError struct{ Msg, Code string }

func (e *SQLError) Error() string { return e.Msg }

// quoted is a double-quoted word of a PostgreSQL message, and the word
// before it.
var quoted = regexp.MustCompile(`(\w*)(\s*)"(?:[^"]|"")*"`)

// identifierNouns are the words PostgreSQL puts before a quoted name.
var identifierNouns = map[string]bool{
	"relation": true, "column": true, "constraint": true, "table": true, "type": true, "schema": true,
	"function": true, "index": true, "sequence": true, "database": true, "role": true, "view": true,
	"trigger": true, "extension": true, "domain": true, "operator": true, "collation": true, "policy": true,
	"publication": true, "procedure": true, "aggregate": true, "cursor": true, "statement": true, "savepoint": true,
}

// safeMessage is a PostgreSQL error message without the values it may
// quote: a quoted word is kept only after a noun that names an object
// (relation "users", column "email"); any other is "(value withheld)". A
// message the SQL raised itself (RAISE, SQLSTATE class P0) may say
// anything, and is withheld whole.
func safeMessage(code, msg string) string {
	if strings.HasPrefix(code, "P0") {
		return "(the message the SQL raised is withheld: it may quote a row)"
	}
	return quoted.ReplaceAllStringFunc(msg, func(m string) string {
		g := quoted.FindStringSubmatch(m)
		if identifierNouns[strings.ToLower(g[1])] {
			return m
		}
		return g[1] + g[2] + "(value withheld)"
	})
}
