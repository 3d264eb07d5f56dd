package tfinstall

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hc-install/product"
	"github.com/hashicorp/hc-install/releases"
)

// ErrVerification marks a release whose checksum or signature did not
// verify: it was refused and nothing from it was run.
var ErrVerification = errors.New("the terraform release did not verify")

// ErrNotReleased marks a version that the releases site does not have.
var ErrNotReleased = errors.New("no such terraform release")

// Installer installs terraform releases into a cache, one directory per
// version and platform: <Dir>/<version>/<os>_<arch>/terraform.
type Installer struct {
	Dir string
	// BaseURL is the releases site (default: HashiCorp's); a mirror must
	// have the same layout, index.json files included.
	BaseURL string
	// PublicKey is the armored PGP key that signs the SHA256SUMS (default:
	// HashiCorp's, built into hc-install).
	PublicKey string
	// OS and Arch are the platform to install (default: this one).
	OS, Arch   string
	HTTPClient *http.Client
	// Timeout bounds one install or listing (default 5 minutes).
	Timeout time.Duration
}

func (i *Installer) platform() (string, string) {
	goos, arch := i.OS, i.Arch
	if goos == "" {
		goos = runtime.GOOS
	}
	if arch == "" {
		arch = runtime.GOARCH
	}
	return goos, arch
}

func (i *Installer) timeout() time.Duration {
	if i.Timeout > 0 {
		return i.Timeout
	}
	return 5 * time.Minute
}

// client is the HTTP client hc-install uses. For another platform than
// this one, it shows hc-install only that platform's build, labelled as
// this one's: hc-install picks builds by runtime.GOOS/GOARCH, and still
// verifies the other platform's archive against the signed SHA256SUMS by
// its real file name.
func transportOf(c *http.Client) http.RoundTripper {
	if c.Transport != nil {
		return c.Transport
	}
	return http.DefaultTransport
}

func (i *Installer) client() *http.Client {
	c := i.HTTPClient
	if c == nil {
		c = &http.Client{Timeout: i.timeout()}
	}
	goos, arch := i.platform()
	if goos == runtime.GOOS && arch == runtime.GOARCH {
		return c
	}
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	cp := *c
	cp.Transport = &platformTransport{base: base, os: goos, arch: arch}
	return &cp
}

// Path is where version v is (or would be) installed.
func (i *Installer) Path(v *version.Version) string {
	goos, arch := i.platform()
	return filepath.Join(i.Dir, v.String(), goos+"_"+arch, "terraform")
}

// Cached returns the installed binary of v, if any.
func (i *Installer) Cached(v *version.Version) (string, bool) {
	p := i.Path(v)
	st, err := os.Stat(p)
	return p, err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}

// CachedVersions lists the versions installed for this platform, newest
// first.
func (i *Installer) CachedVersions() []*version.Version {
	entries, _ := os.ReadDir(i.Dir)
	var out []*version.Version
	for _, e := range entries {
		v, err := version.NewVersion(e.Name())
		if err != nil || !e.IsDir() {
			continue
		}
		if _, ok := i.Cached(v); ok {
			out = append(out, v)
		}
	}
	sort.Sort(sort.Reverse(version.Collection(out)))
	return out
}

// Install returns the cached binary of v, or installs it: downloaded with
// hc-install, its SHA256SUMS signature and its checksum verified, into a
// temporary directory that is renamed into place only when complete, so a
// concurrent or interrupted install never leaves half a binary.
func (i *Installer) Install(ctx context.Context, v *version.Version) (string, error) {
	if p, ok := i.Cached(v); ok {
		return p, nil
	}
	final := filepath.Dir(i.Path(v))
	if err := os.MkdirAll(i.Dir, 0o755); err != nil {
		return "", fmt.Errorf("failed to create the terraform cache: %w", err)
	}
	tmp, err := os.MkdirTemp(i.Dir, ".install-")
	if err != nil {
		return "", fmt.Errorf("failed to create the terraform cache: %w", err)
	}
	defer os.RemoveAll(tmp)
	seen := &observer{}
	client := i.client()
	cp := *client
	cp.Transport = &observingTransport{base: transportOf(client), seen: seen}
	ev := &releases.ExactVersion{
		Product:          product.Terraform,
		Version:          v,
		InstallDir:       tmp,
		Timeout:          i.timeout(),
		ApiBaseURL:       strings.TrimSuffix(i.BaseURL, "/"),
		ArmoredPublicKey: i.PublicKey,
		HTTPClient:       &cp,
	}
	bin, err := ev.Install(ctx)
	if err != nil {
		return "", classify(v, err, seen)
	}
	if err := os.Chmod(bin, 0o755); err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return "", fmt.Errorf("failed to create the terraform cache: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		// Another process installed it first: use theirs.
		if p, ok := i.Cached(v); ok {
			return p, nil
		}
		return "", fmt.Errorf("failed to install terraform %s into %q: %w", v, final, err)
	}
	return i.Path(v), nil
}

// classify turns hc-install's errors into ours. hc-install v0.10.0 loses
// its checksum mismatch error (a deferred cleanup overwrites it), so that
// Install fails later, on the binary it never unpacked; the archive's
// checksum is then compared here with the signed SHA256SUMS it was served.
func classify(v *version.Version, err error, seen *observer) error {
	msg := err.Error()
	if want, got, ok := seen.mismatch(); ok {
		return fmt.Errorf("%w: terraform %s was refused and nothing from it was run: checksum mismatch (expected: %s, got: %s)", ErrVerification, v, want, got)
	}
	switch {
	case strings.Contains(msg, "checksum mismatch"), strings.Contains(msg, "verify checksums signature"),
		strings.Contains(msg, "no checksum found"), strings.Contains(msg, "no suitable sig file"):
		return fmt.Errorf("%w: terraform %s was refused and nothing from it was run: %v", ErrVerification, v, err)
	case strings.Contains(msg, "404"):
		return fmt.Errorf("%w: terraform %s: %v", ErrNotReleased, v, err)
	default:
		return fmt.Errorf("failed to install terraform %s: %w", v, err)
	}
}

// Newest returns the newest release that satisfies constraints (any
// release when there are none), and every release. Pre-releases are left
// out unless the constraints name one (go-version's rule).
func (i *Installer) Newest(ctx context.Context, constraints version.Constraints) (*version.Version, []*version.Version, error) {
	list := &releases.Versions{
		Product:     product.Terraform,
		ListTimeout: i.timeout(),
		ApiBaseURL:  strings.TrimSuffix(i.BaseURL, "/"),
		HTTPClient:  i.client(),
	}
	srcs, err := list.List(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to list terraform releases: %w", err)
	}
	var all []*version.Version
	for _, s := range srcs {
		if ev, ok := s.(*releases.ExactVersion); ok {
			all = append(all, ev.Version)
		}
	}
	for j := len(all) - 1; j >= 0; j-- {
		v := all[j]
		if len(constraints) == 0 && v.Prerelease() == "" || len(constraints) > 0 && constraints.Check(v) {
			return v, all, nil
		}
	}
	return nil, all, nil
}

// platformTransport rewrites a version's index.json so that hc-install,
// which picks the build of the platform it runs on, picks os/arch's.
type platformTransport struct {
	base     http.RoundTripper
	os, arch string
}

func (t *platformTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	// Only a version's index (/terraform/<version>/index.json) lists builds.
	parts := strings.Split(strings.Trim(req.URL.Path, "/"), "/")
	if err != nil || resp.StatusCode != http.StatusOK || len(parts) < 3 || parts[len(parts)-1] != "index.json" {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(body, &doc); err != nil || doc["builds"] == nil {
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return resp, nil
	}
	var builds []map[string]any
	if err := json.Unmarshal(doc["builds"], &builds); err != nil {
		return nil, fmt.Errorf("failed to read the builds of %s: %w", req.URL, err)
	}
	var kept []map[string]any
	for _, b := range builds {
		if b["os"] == t.os && b["arch"] == t.arch {
			b["os"], b["arch"] = runtime.GOOS, runtime.GOARCH
			kept = append(kept, b)
		}
	}
	doc["builds"], _ = json.Marshal(kept)
	out, _ := json.Marshal(doc)
	resp.Body = io.NopCloser(bytes.NewReader(out))
	resp.ContentLength = int64(len(out))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// observer remembers the signed SHA256SUMS and the sha256 of each archive
// served during one install.
type observer struct {
	mu      sync.Mutex
	sums    string
	archive map[string]string // file name -> sha256 of what was read
}

func (o *observer) mismatch() (want, got string, ok bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for name, sum := range o.archive {
		for _, line := range strings.Split(o.sums, "\n") {
			f := strings.Fields(line)
			if len(f) == 2 && f[1] == name && f[0] != sum {
				return f[0], sum, true
			}
		}
	}
	return "", "", false
}

type observingTransport struct {
	base http.RoundTripper
	seen *observer
}

func (t *observingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	name := path.Base(req.URL.Path)
	switch {
	case strings.HasSuffix(name, "_SHA256SUMS"):
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		t.seen.mu.Lock()
		t.seen.sums = string(b)
		t.seen.mu.Unlock()
		resp.Body = io.NopCloser(bytes.NewReader(b))
	case strings.HasSuffix(name, ".zip"):
		resp.Body = &hashingBody{ReadCloser: resp.Body, h: sha256.New(), done: func(sum string) {
			t.seen.mu.Lock()
			if t.seen.archive == nil {
				t.seen.archive = map[string]string{}
			}
			t.seen.archive[name] = sum
			t.seen.mu.Unlock()
		}}
	}
	return resp, nil
}

// hashingBody hashes what is read and reports the sum at EOF.
type hashingBody struct {
	io.ReadCloser
	h    hash.Hash
	done func(string)
}

func (b *hashingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.h.Write(p[:n])
	if err == io.EOF {
		b.done(hex.EncodeToString(b.h.Sum(nil)))
	}
	return n, err
}
