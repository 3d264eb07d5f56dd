package step

import "testing"

func TestValidGlobAndBase(t *testing.T) {
	for _, ok := range []string{"migrations/**/*.sql", "db/*.sql", "{a,b}/*.sql"} {
		if err := RelativeGlob(ok); err != nil {
			t.Errorf("ValidGlob(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"/etc/*.sql", "../x/*.sql", "a/../../b.sql", "migrations/[.sql"} {
		if err := RelativeGlob(bad); err == nil {
			t.Errorf("ValidGlob(%q) accepted", bad)
		}
	}
	for _, ok := range []string{"main", "origin/main", "0123abcd", "HEAD~3", "refs/tags/v1.2"} {
		if err := GitRef(ok); err != nil {
			t.Errorf("ValidBase(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"--output=/tmp/x", "-p", "main branch", "a\nb"} {
		if err := GitRef(bad); err == nil {
			t.Errorf("ValidBase(%q) accepted", bad)
		}
	}
}
