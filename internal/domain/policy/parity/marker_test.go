package parity

import (
	"strings"
	"testing"
)

func TestMarkerRoundTrip(t *testing.T) {
	dev, _ := Digest(reviewedPlan(), nil)
	prod, _ := Digest(plan(change("sql.db", destroy, db, nil)), nil)
	line := func(env string, cs *ChangeSet) string {
		s, err := cs.Encode(Budget(2))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Marker(env, s)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) > len(s)+MarkerOverhead {
			t.Errorf("the marker adds %d bytes, MarkerOverhead says %d", len(m)-len(s), MarkerOverhead)
		}
		return m
	}
	body := "<!-- olympus:plan-comment dir=\"terraform\" -->\n## Terraform plan\n" + line("dev", dev) + "<!-- olympus:env dev -->\n…\n" + line("prod", prod)
	for env, want := range map[string]*ChangeSet{"dev": dev, "prod": prod} {
		got, found, err := FindRecord(body, env)
		if err != nil || !found || string(got.All) != string(want.All) || got.Count != want.Count {
			t.Errorf("%s: found %v, %v", env, found, err)
		}
	}
	if _, found, err := FindRecord(body, "staging"); found || err != nil {
		t.Errorf("staging: found %v, %v", found, err)
	}
	if _, _, err := FindRecord(body+line("dev", dev), "dev"); err == nil || !strings.Contains(err.Error(), "two reviewed change sets for \"dev\"") {
		t.Errorf("two records: %v", err)
	}
	newer := strings.Replace(line("dev", dev), " v1 ", " v2 ", 1)
	if _, found, err := FindRecord(newer, "dev"); !found || err == nil || !strings.Contains(err.Error(), "recorded in format 2") {
		t.Errorf("a newer format: %v", err)
	}
	for _, bad := range [][2]string{{"Dev", "abc"}, {"dev", "a -->b"}, {"dev", "a+b/"}} {
		if _, err := Marker(bad[0], bad[1]); err == nil {
			t.Errorf("Marker(%q, %q) accepted", bad[0], bad[1])
		}
	}
}
