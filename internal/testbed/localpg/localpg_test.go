package localpg

import (
	"context"
	"strings"
	"testing"
)

func TestServerStartsAndAnswers(t *testing.T) {
	s := ForTest(t)
	out, err := s.Tool(context.Background(), "psql", "-d", "postgres", "-Atc", "select current_user")
	if err != nil || strings.TrimSpace(string(out)) != Superuser {
		t.Fatalf("psql: %v\n%s", err, out)
	}
}
