package migrations_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/migrations"
)

// Files as editors and psql users write them: a byte-order mark, psql's
// backslash commands, bare CR line ends. None is a finding in itself, and
// lines are counted as the editor shows them.
func TestFilesAsEditorsWriteThem(t *testing.T) {
	for name, tc := range map[string]struct {
		src  string
		want []string // rule@line
	}{
		"UTF-8 byte-order mark":       {"\ufeffSET lock_timeout = '5s';\nALTER TABLE users DROP COLUMN email;\n", []string{"drop-column@2"}},
		"byte-order mark, one line":   {"\ufeffCREATE TABLE t (id int);", nil},
		"psql \\set and \\echo lines": {"\\set ON_ERROR_STOP on\n\\echo 'migrating'\nSET lock_timeout = '5s';\nALTER TABLE users DROP COLUMN email;\n", []string{"drop-column@4"}},
		"backslash in an E string":    {"SET lock_timeout = '5s';\nINSERT INTO t VALUES (E'a\\'b \\\\gexec');\nALTER TABLE users DROP COLUMN email;\n", []string{"drop-column@3"}},
		"bare CR line ends":           {"SET lock_timeout = '5s';\rSELECT 1;\rALTER TABLE users DROP COLUMN email;\r", []string{"drop-column@3"}},
		"CRLF line ends":              {"SET lock_timeout = '5s';\r\nSELECT 1;\r\nALTER TABLE users DROP COLUMN email;\r\n", []string{"drop-column@3"}},
		"psql \\i is not judged":      {"SELECT 1;\n\\i other.sql\n", []string{"cannot-judge@2"}},
	} {
		r := migrations.Check("m.sql", []byte(tc.src))
		var got []string
		for _, f := range r.Findings {
			got = append(got, f.Rule+"@"+strconv.Itoa(f.Line))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: findings %v, want %v (%+v)", name, got, tc.want, r.Findings)
		}
	}
}
