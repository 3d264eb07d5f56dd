package datarefresh

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// PostgreSQL quotes the value a statement failed on in its message, not
// only in DETAIL: an error of the sanitization SQL says what failed and
// where, never the row's personal data. Identifiers (relation, column,
// constraint, type names) stay: they say what to fix.
func TestSQLErrorsNeverQuoteAValue(t *testing.T) {
	const email = "alice.personal@example.com"
	for _, pe := range []*pgconn.PgError{
		{Severity: "ERROR", Code: "22P02", Message: `invalid input syntax for type integer: "` + email + `"`},
		{Severity: "ERROR", Code: "22P02", Message: `invalid input value for enum mood: "` + email + `"`},
		{Severity: "ERROR", Code: "22003", Message: `value "` + email + `" is out of range for type integer`},
		{Severity: "ERROR", Code: "22007", Message: `invalid input syntax for type date: "` + email + `"`},
		{Severity: "ERROR", Code: "P0001", Message: "bad address " + email},
		{Severity: "ERROR", Code: "23505", Message: `duplicate key value violates unique constraint "users_email_key"`, Detail: "Key (email)=(" + email + ") already exists."},
		{Severity: "ERROR", Code: "23514", Message: `new row for relation "users" violates check constraint "email_shape"`, Detail: "Failing row contains (1, " + email + ")."},
	} {
		err := sqlError("failed to run olympus/001.sql", pe)
		if strings.Contains(err.Error(), email) || strings.Contains(err.Error(), "alice") {
			t.Errorf("%s: the value is in the error: %v", pe.Code, err)
		}
		if !strings.Contains(err.Error(), "SQLSTATE "+pe.Code) {
			t.Errorf("%s: the code is missing: %v", pe.Code, err)
		}
	}
	err := sqlError("x", &pgconn.PgError{Severity: "ERROR", Code: "42703", Message: `column "no_such_column" of relation "orders" does not exist`})
	if want := `column "no_such_column" of relation "orders" does not exist`; !strings.Contains(err.Error(), want) {
		t.Errorf("an identifier was redacted: %v", err)
	}
	err = sqlError("x", &pgconn.PgError{Severity: "ERROR", Code: "23505", Message: `duplicate key value violates unique constraint "users_email_key"`})
	if !strings.Contains(err.Error(), `"users_email_key"`) {
		t.Errorf("a constraint name was redacted: %v", err)
	}
}

// A hash column is looked for with the unkeyed hashes of its samples too:
// md5(email) passes "no sampled value left" but a dictionary reverses it.
func TestUnkeyedHashesAreLookedFor(t *testing.T) {
	email, phone := Column{"public", "users", "email"}, Column{"public", "users", "phone"}
	rules := &DatabaseRules{Columns: map[Column]Rule{email: {Kind: RuleHash}, phone: {Kind: RuleNull}}}
	got := lookedFor(rules, map[Column][]string{email: {"Alice@Example.com"}, phone: {"+4412345"}})
	for _, want := range []string{
		"Alice@Example.com",
		md5hex("Alice@Example.com"),
		md5hex("alice@example.com"),
		`\x` + sha256hex("alice@example.com"),
	} {
		if !slices.Contains(got[email], want) {
			t.Errorf("%q is not looked for", want)
		}
	}
	if len(got[phone]) != 1 {
		t.Errorf("a null column's samples changed: %q", got[phone])
	}
	ok, note := Judge(Rule{Kind: RuleHash}, 1, Count{Survived: 1, NonNull: 1})
	if ok || !strings.Contains(note, "unkeyed hash") || !strings.Contains(note, HashKeySetting) {
		t.Errorf("Judge = %v, %q", ok, note)
	}
}

func md5hex(s string) string    { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }
func sha256hex(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
