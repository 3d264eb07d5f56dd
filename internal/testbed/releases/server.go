// Package releases is a local stand-in for releases.hashicorp.com: the same
// index.json files, zip archives, SHA256SUMS and detached signature, signed
// with a key made for the test, so hc-install's download, checksum and
// signature checks run offline. Under /tofu it stands in for OpenTofu's
// releases the same way, in the layout of a tofudl mirror (api.json,
// v<version>/tofu_<version>_SHA256SUMS and its .gpgsig, .tar.gz archives).
// It can serve a corrupt archive or a signature by another key, and
// records every request.
package releases

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// Server serves terraform and tofu releases.
type Server struct {
	URL string
	// TofuURL is the OpenTofu mirror (OLYMPUS_TOFU_RELEASES).
	TofuURL string
	// PublicKey is the armored key that verifies the signatures.
	PublicKey string

	srv      *httptest.Server
	key      *openpgp.Entity
	other    *openpgp.Entity
	mu       sync.Mutex
	releases map[string]*release
	tofu     map[string]*release
	requests []string
}

type release struct {
	builds map[string][]byte // "linux_amd64" -> zip
	// corrupt serves other bytes than the checksummed zip; badSig signs
	// the checksums with another key.
	corrupt, badSig bool
}

// Start starts a server on 127.0.0.1 (reachable from a container on the
// host network).
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{releases: map[string]*release{}, tofu: map[string]*release{}, key: newKey(t, "releases test key"), other: newKey(t, "someone else")}
	var buf bytes.Buffer
	w, err := armor.Encode(&buf, openpgp.PublicKeyType, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.key.Serialize(w); err != nil {
		t.Fatal(err)
	}
	w.Close()
	s.PublicKey = buf.String()
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.srv.Listener = l
	s.srv.Start()
	t.Cleanup(s.srv.Close)
	s.URL = s.srv.URL
	s.TofuURL = s.srv.URL + "/tofu"
	return s
}

func newKey(t testing.TB, name string) *openpgp.Entity {
	t.Helper()
	e, err := openpgp.NewEntity(name, "", strings.ReplaceAll(name, " ", ".")+"@example.com", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// WriteKey writes the public key to a file and returns its path.
func (s *Server) WriteKey(t testing.TB, dir string) string {
	t.Helper()
	p := path.Join(dir, "releases.asc")
	if err := os.WriteFile(p, []byte(s.PublicKey), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Add publishes version for platform ("linux_amd64") with binary as its
// terraform executable.
func (s *Server) Add(t testing.TB, version, platform string, binary []byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// Stored, not deflated: the real terraform is 90 MB and tests are
	// short of CPU; hc-install reads either.
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: "terraform", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(binary)
	zw.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.releases[version]
	if r == nil {
		r = &release{builds: map[string][]byte{}}
		s.releases[version] = r
	}
	r.builds[platform] = buf.Bytes()
}

// AddTofu publishes OpenTofu version for platform ("linux_amd64") with
// binary as its tofu executable, in a .tar.gz as OpenTofu ships it.
func (s *Server) AddTofu(t testing.TB, version, platform string, binary []byte) {
	t.Helper()
	var buf bytes.Buffer
	// No compression: the real tofu is 90 MB and tests are short of CPU.
	gz, err := gzip.NewWriterLevel(&buf, gzip.NoCompression)
	if err != nil {
		t.Fatal(err)
	}
	tw := tar.NewWriter(gz)
	for name, body := range map[string][]byte{"LICENSE": []byte("MPL-2.0\n"), "tofu": binary} {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(body)
	}
	tw.Close()
	gz.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.tofu[version]
	if r == nil {
		r = &release{builds: map[string][]byte{}}
		s.tofu[version] = r
	}
	r.builds[platform] = buf.Bytes()
}

// Corrupt makes version's archives (terraform's and tofu's) differ from
// their checksums.
func (s *Server) Corrupt(version string) { s.set(version, func(r *release) { r.corrupt = true }) }

// BadSignature makes version's checksums (terraform's and tofu's) signed
// by another key.
func (s *Server) BadSignature(version string) { s.set(version, func(r *release) { r.badSig = true }) }

func (s *Server) set(version string, f func(*release)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range []map[string]*release{s.releases, s.tofu} {
		if r := m[version]; r != nil {
			f(r)
		}
	}
}

// Requests returns the paths requested so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Downloads counts the archives downloaded so far.
func (s *Server) Downloads() int {
	n := 0
	for _, r := range s.Requests() {
		if strings.HasSuffix(r, ".zip") || strings.HasSuffix(r, ".tar.gz") {
			n++
		}
	}
	return n
}

// FakeTerraform is a terraform stand-in: a script that answers
// `version -json` with version and appends a line to $FAKE_TERRAFORM_LOG
// whenever it runs, so a test can tell it never ran.
func FakeTerraform(version string) []byte {
	return []byte(fmt.Sprintf(`#!/bin/sh
[ -n "$FAKE_TERRAFORM_LOG" ] && echo "terraform %[1]s $*" >> "$FAKE_TERRAFORM_LOG"
if [ "$1" = version ]; then
  printf '{"terraform_version":"%[1]s","platform":"linux_amd64","provider_selections":{},"terraform_outdated":false}\n'
  exit 0
fi
echo "fake terraform %[1]s" >&2
exit 1
`, version))
}

// FakeTofu is FakeTerraform for tofu: `version -json` answers as tofu
// does (terraform_version, as terraform names it), and each run appends a
// line to $FAKE_TERRAFORM_LOG.
func FakeTofu(version string) []byte {
	return []byte(fmt.Sprintf(`#!/bin/sh
[ -n "$FAKE_TERRAFORM_LOG" ] && echo "tofu %[1]s $*" >> "$FAKE_TERRAFORM_LOG"
if [ "$1" = version ]; then
  printf '{"terraform_version":"%[1]s","platform":"linux_amd64","provider_selections":{}}\n'
  exit 0
fi
echo "fake tofu %[1]s" >&2
exit 1
`, version))
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.URL.Path)
	s.mu.Unlock()
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) >= 2 && parts[0] == "tofu" {
		s.serveTofu(w, r, parts[1:])
		return
	}
	if len(parts) < 2 || parts[0] != "terraform" {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(parts) == 2 && parts[1] == "index.json" {
		versions := map[string]any{}
		for v := range s.releases {
			versions[v] = s.versionIndex(v)
		}
		writeJSON(w, map[string]any{"name": "terraform", "versions": versions})
		return
	}
	v, file := parts[1], strings.Join(parts[2:], "/")
	rel := s.releases[v]
	if rel == nil {
		http.NotFound(w, r)
		return
	}
	sums := s.sums(v)
	switch {
	case file == "index.json":
		writeJSON(w, s.versionIndex(v))
	case file == fmt.Sprintf("terraform_%s_SHA256SUMS", v):
		w.Write(sums)
	case file == fmt.Sprintf("terraform_%s_SHA256SUMS.sig", v):
		signer := s.key
		if rel.badSig {
			signer = s.other
		}
		if err := openpgp.DetachSign(w, signer, bytes.NewReader(sums), nil); err != nil {
			http.Error(w, err.Error(), 500)
		}
	default:
		for platform, z := range rel.builds {
			if file == fmt.Sprintf("terraform_%s_%s.zip", v, platform) {
				w.Header().Set("Content-Type", "application/zip")
				if rel.corrupt {
					z = append(bytes.Clone(z[:len(z)-1]), z[len(z)-1]^0xff)
				}
				// As the real site does: hc-install compares it with what
				// it read, and a chunked answer fails that.
				w.Header().Set("Content-Length", strconv.Itoa(len(z)))
				w.Write(z)
				return
			}
		}
		http.NotFound(w, r)
	}
}

// serveTofu serves /tofu/api.json and /tofu/v<version>/<file>, as a
// tofudl mirror does.
func (s *Server) serveTofu(w http.ResponseWriter, r *http.Request, parts []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(parts) == 1 && parts[0] == "api.json" {
		var versions []map[string]any
		for v := range s.tofu {
			versions = append(versions, map[string]any{"id": v, "files": s.tofuFiles(v)})
		}
		writeJSON(w, map[string]any{"versions": versions})
		return
	}
	if len(parts) != 2 || !strings.HasPrefix(parts[0], "v") {
		http.NotFound(w, r)
		return
	}
	v, file := strings.TrimPrefix(parts[0], "v"), parts[1]
	rel := s.tofu[v]
	if rel == nil {
		http.NotFound(w, r)
		return
	}
	sums := s.tofuSums(v)
	switch file {
	case fmt.Sprintf("tofu_%s_SHA256SUMS", v):
		w.Write(sums)
		return
	case fmt.Sprintf("tofu_%s_SHA256SUMS.gpgsig", v):
		signer := s.key
		if rel.badSig {
			signer = s.other
		}
		if err := openpgp.DetachSign(w, signer, bytes.NewReader(sums), nil); err != nil {
			http.Error(w, err.Error(), 500)
		}
		return
	}
	for platform, a := range rel.builds {
		if file == fmt.Sprintf("tofu_%s_%s.tar.gz", v, platform) {
			if rel.corrupt {
				a = append(bytes.Clone(a[:len(a)-1]), a[len(a)-1]^0xff)
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(a)))
			w.Write(a)
			return
		}
	}
	http.NotFound(w, r)
}

func (s *Server) tofuFiles(v string) []string {
	files := []string{fmt.Sprintf("tofu_%s_SHA256SUMS", v), fmt.Sprintf("tofu_%s_SHA256SUMS.gpgsig", v)}
	for platform := range s.tofu[v].builds {
		files = append(files, fmt.Sprintf("tofu_%s_%s.tar.gz", v, platform))
	}
	sort.Strings(files)
	return files
}

func (s *Server) tofuSums(v string) []byte {
	var lines []string
	for platform, a := range s.tofu[v].builds {
		h := sha256.Sum256(a)
		lines = append(lines, fmt.Sprintf("%s  tofu_%s_%s.tar.gz", hex.EncodeToString(h[:]), v, platform))
	}
	sort.Strings(lines)
	return []byte(strings.Join(lines, "\n") + "\n")
}

func (s *Server) sums(v string) []byte {
	var lines []string
	for platform, z := range s.releases[v].builds {
		h := sha256.Sum256(z)
		lines = append(lines, fmt.Sprintf("%s  terraform_%s_%s.zip", hex.EncodeToString(h[:]), v, platform))
	}
	sort.Strings(lines)
	return []byte(strings.Join(lines, "\n") + "\n")
}

func (s *Server) versionIndex(v string) map[string]any {
	var builds []map[string]any
	for platform := range s.releases[v].builds {
		goos, arch, _ := strings.Cut(platform, "_")
		name := fmt.Sprintf("terraform_%s_%s.zip", v, platform)
		builds = append(builds, map[string]any{"name": "terraform", "version": v, "os": goos, "arch": arch,
			"filename": name, "url": fmt.Sprintf("https://releases.hashicorp.com/terraform/%s/%s", v, name)})
	}
	return map[string]any{"name": "terraform", "version": v, "builds": builds,
		"shasums": fmt.Sprintf("terraform_%s_SHA256SUMS", v), "shasums_signature": fmt.Sprintf("terraform_%s_SHA256SUMS.sig", v),
		"shasums_signatures": []string{fmt.Sprintf("terraform_%s_SHA256SUMS.sig", v)}}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
