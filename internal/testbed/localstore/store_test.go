package localstore

import (
	"errors"
	"strings"
	"testing"
)

func TestServiceRevisionsFollowConfigChanges(t *testing.T) {
	s := Store{Root: t.TempDir()}
	svc, changed, err := s.ApplyServiceConfig("api", "img@sha256:1", map[string]string{"A": "1"})
	if err != nil || !changed {
		t.Fatalf("create: %v changed=%v", err, changed)
	}
	first := svc.LatestRevision()
	if !strings.HasPrefix(first, "api-00001-") || len(first) != len("api-00001-abc") {
		t.Errorf("first revision = %q, want api-00001-xxx", first)
	}
	if _, changed, _ := s.ApplyServiceConfig("api", "img@sha256:1", map[string]string{"A": "1"}); changed {
		t.Error("the same config made a new revision")
	}
	svc, changed, _ = s.ApplyServiceConfig("api", "img@sha256:2", map[string]string{"A": "1"})
	if !changed || len(svc.Revisions) != 2 || !strings.HasPrefix(svc.LatestRevision(), "api-00002-") {
		t.Fatalf("image change: %+v", svc)
	}
	if len(svc.Traffic) != 1 || svc.Traffic[0].Revision != svc.LatestRevision() || svc.Traffic[0].Percent != 100 {
		t.Errorf("traffic = %+v, want 100%% on the new revision", svc.Traffic)
	}
	etag := svc.Etag
	svc, err = s.UpdateService("api", func(svc *Service) error {
		svc.Traffic = []TrafficTarget{{Revision: first, Percent: 100}}
		return nil
	})
	if err != nil || svc.Etag == etag {
		t.Errorf("update: %v, etag unchanged %v", err, svc.Etag == etag)
	}
	got, _ := s.GetService("api")
	if got.Traffic[0].Revision != first {
		t.Errorf("traffic not persisted: %+v", got.Traffic)
	}
}

func TestMissingObjectsAreNotFound(t *testing.T) {
	s := Store{Root: t.TempDir()}
	if _, err := s.GetSQLInstance("db"); !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
	if err := s.PutSQLInstance(&SQLInstance{Name: "db", Tier: "t"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSQLInstance("db"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetSQLInstance("db"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	if err := s.PutSQLInstance(&SQLInstance{Name: "../escape"}); err == nil {
		t.Error("a name that is not a valid id was accepted")
	}
}
