// Package localstore keeps the objects of the local test cloud as JSON files
// on disk. The localcloud Terraform provider and the Cloud Run emulator share
// it, so that an object changed through one is seen by the other, and an edit
// made by hand is real drift.
package localstore

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"time"
)

// ErrNotFound is returned when an object has no file in the store.
var ErrNotFound = errors.New("not found")

// Store is a directory holding one JSON file per object.
type Store struct {
	Root string
}

// Revision is one immutable version of a service, as Cloud Run keeps them.
type Revision struct {
	Name    string            `json:"name"`
	Image   string            `json:"image"`
	Env     map[string]string `json:"env,omitempty"`
	Created time.Time         `json:"created"`
	// Ready mirrors Cloud Run's Ready condition; tests set it false by hand.
	Ready bool `json:"ready"`
}

// TrafficTarget sends a percentage of a service's traffic to a revision,
// or with Latest to whatever revision is the latest Ready one.
type TrafficTarget struct {
	Revision string `json:"revision"`
	Latest   bool   `json:"latest,omitempty"`
	Percent  int64  `json:"percent"`
	Tag      string `json:"tag,omitempty"`
}

// Service is a Cloud Run-like service: its current configuration, every
// revision it ever had, and how traffic is split between them.
type Service struct {
	Name      string            `json:"name"`
	Image     string            `json:"image"`
	Env       map[string]string `json:"env,omitempty"`
	Revisions []Revision        `json:"revisions"`
	Traffic   []TrafficTarget   `json:"traffic"`
	// Annotations are set through the API only (the provider does not
	// manage them), as a rollback's record.
	Annotations map[string]string `json:"annotations,omitempty"`
	Generation  int64             `json:"generation"`
	Etag        string            `json:"etag"`
	Updated     time.Time         `json:"updated"`
}

// LatestRevision returns the newest revision's name, or "".
func (s *Service) LatestRevision() string {
	if len(s.Revisions) == 0 {
		return ""
	}
	return s.Revisions[len(s.Revisions)-1].Name
}

// LatestReady returns the newest Ready revision's name, or "".
func (s *Service) LatestReady() string {
	for i := len(s.Revisions) - 1; i >= 0; i-- {
		if s.Revisions[i].Ready {
			return s.Revisions[i].Name
		}
	}
	return ""
}

// Serving returns the traffic with LATEST targets resolved to the latest
// Ready revision, as Cloud Run reports its traffic statuses.
func (s *Service) Serving() []TrafficTarget {
	out := make([]TrafficTarget, len(s.Traffic))
	for i, t := range s.Traffic {
		out[i] = t
		if t.Latest {
			out[i].Revision = s.LatestReady()
		}
	}
	return out
}

// SQLInstance is a Cloud SQL-like database instance.
type SQLInstance struct {
	Name               string `json:"name"`
	Tier               string `json:"tier"`
	PITREnabled        bool   `json:"pitr_enabled"`
	RetentionDays      int64  `json:"retention_days"`
	DeletionProtection bool   `json:"deletion_protection"`
}

// namePattern keeps object names usable as file names and Cloud Run ids.
var namePattern = regexp.MustCompile(`^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$`)

// ValidName reports whether name can name a stored object.
func ValidName(name string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("name %q must be 1-63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen", name)
	}
	return nil
}

func (s Store) path(kind, name string) string {
	return filepath.Join(s.Root, kind, name+".json")
}

// GetService reads a service; ErrNotFound when its file is gone.
func (s Store) GetService(name string) (*Service, error) {
	var svc Service
	if err := s.read("services", name, &svc); err != nil {
		return nil, err
	}
	return &svc, nil
}

// ListServices returns every stored service.
func (s Store) ListServices() ([]*Service, error) {
	files, err := filepath.Glob(filepath.Join(s.Root, "services", "*.json"))
	if err != nil {
		return nil, err
	}
	var out []*Service
	for _, f := range files {
		name := filepath.Base(f)
		svc, err := s.GetService(name[:len(name)-len(".json")])
		if err != nil {
			return nil, err
		}
		out = append(out, svc)
	}
	return out, nil
}

// PutService writes a service with a fresh etag.
func (s Store) PutService(svc *Service) error {
	svc.Etag = newSuffix(8)
	svc.Updated = time.Now().UTC()
	return s.write("services", svc.Name, svc)
}

// DeleteService removes a service; deleting a missing one is not an error.
func (s Store) DeleteService(name string) error {
	return s.remove("services", name)
}

// ApplyServiceConfig sets a service's image and env the way Cloud Run does:
// a change creates a new revision that receives all traffic. It creates the
// service when it does not exist. changed reports whether a revision was made.
func (s Store) ApplyServiceConfig(name, image string, env map[string]string) (svc *Service, changed bool, err error) {
	err = s.withLock(func() error {
		svc, err = s.GetService(name)
		if errors.Is(err, ErrNotFound) {
			svc, err = &Service{Name: name}, nil
		}
		if err != nil {
			return err
		}
		if len(svc.Revisions) > 0 && svc.Image == image && equalMaps(svc.Env, env) {
			return nil
		}
		changed = true
		svc.Image, svc.Env = image, env
		svc.Generation++
		rev := Revision{
			Name:    fmt.Sprintf("%s-%05d-%s", name, svc.Generation, newSuffix(3)),
			Image:   image,
			Env:     env,
			Created: time.Now().UTC(),
			Ready:   true,
		}
		// Traffic that follows the latest revision moves to the new one (a
		// LATEST target does so by itself); traffic pinned to an older
		// revision (a rollback) stays, as it does when Terraform owns the
		// template but not the traffic.
		latest := len(svc.Traffic) == 1 && svc.Traffic[0].Latest
		follows := len(svc.Traffic) == 0 || (len(svc.Traffic) == 1 && !latest && svc.Traffic[0].Revision == svc.LatestRevision())
		svc.Revisions = append(svc.Revisions, rev)
		if follows {
			svc.Traffic = []TrafficTarget{{Revision: rev.Name, Percent: 100}}
		}
		return s.PutService(svc)
	})
	return svc, changed, err
}

// UpdateService reads a service, lets fn change it, and writes it back, all
// under the store's lock, so that the provider and the emulator never lose
// each other's writes.
func (s Store) UpdateService(name string, fn func(*Service) error) (*Service, error) {
	var svc *Service
	err := s.withLock(func() error {
		var err error
		if svc, err = s.GetService(name); err != nil {
			return err
		}
		if err := fn(svc); err != nil {
			return err
		}
		return s.PutService(svc)
	})
	return svc, err
}

// GetSQLInstance reads an instance; ErrNotFound when its file is gone.
func (s Store) GetSQLInstance(name string) (*SQLInstance, error) {
	var inst SQLInstance
	if err := s.read("sql_instances", name, &inst); err != nil {
		return nil, err
	}
	return &inst, nil
}

// PutSQLInstance writes an instance.
func (s Store) PutSQLInstance(inst *SQLInstance) error {
	return s.write("sql_instances", inst.Name, inst)
}

// DeleteSQLInstance removes an instance; deleting a missing one is not an error.
func (s Store) DeleteSQLInstance(name string) error {
	return s.remove("sql_instances", name)
}

func (s Store) read(kind, name string, v any) error {
	b, err := os.ReadFile(s.path(kind, name))
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s %q: %w", kind, name, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("failed to read %s %q: %w", kind, name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("failed to decode %s %q: %w", kind, name, err)
	}
	return nil
}

// write replaces the file atomically so a reader never sees half an object.
func (s Store) write(kind, name string, v any) error {
	if err := ValidName(name); err != nil {
		return err
	}
	dir := filepath.Join(s.Root, kind)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("failed to create store directory: %w", err)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return fmt.Errorf("failed to write %s %q: %w", kind, name, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("failed to write %s %q: %w", kind, name, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.path(kind, name))
}

func (s Store) remove(kind, name string) error {
	err := os.Remove(s.path(kind, name))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("failed to delete %s %q: %w", kind, name, err)
	}
	return nil
}

// withLock serialises read-modify-write cycles across processes (terraform's
// provider and the emulator run in different ones) with an flock on the root.
func (s Store) withLock(fn func() error) error {
	if err := os.MkdirAll(s.Root, 0o755); err != nil {
		return fmt.Errorf("failed to create store directory: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(s.Root, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("failed to open store lock: %w", err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("failed to lock store: %w", err)
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return fn()
}

func newSuffix(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	s := hex.EncodeToString(b)
	return s[:n]
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
