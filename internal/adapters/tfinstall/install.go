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
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hc-install/product"
	"github.com/hashicorp/hc-install/releases"
)

// ErrVerification marks a release whose checksum or signature did not
// verify: it was refused and nothing from it was run.
var ErrVerification = errors.New("the release did not verify")

// ErrNotReleased marks a version that the releases site does not have.
var ErrNotReleased = errors.New("no such release")

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

func (i *Installer) store() store {
	goos, arch := i.platform()
	return store{dir: i.Dir, name: "terraform", goos: goos, arch: arch}
}

// Path is where version v is (or would be) installed.
func (i *Installer) Path(v *version.Version) string { return i.store().path(v) }

// Cached returns the installed binary of v, if any. A binary whose bytes
// changed since it was installed is an error wrapping ErrVerification.
func (i *Installer) Cached(v *version.Version) (string, bool, error) { return i.store().cached(v) }

// CachedVersions lists the versions installed for this platform, newest
// first.
func (i *Installer) CachedVersions() []*version.Version { return i.store().versions() }

// Install returns the cached binary of v, or installs it: downloaded with
// hc-install, its SHA256SUMS signature and its checksum verified.
func (i *Installer) Install(ctx context.Context, v *version.Version) (string, error) {
	return i.store().put(v, func(tmp string) error {
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
		if _, err := ev.Install(ctx); err != nil {
			return classify(v, err, seen)
		}
		return nil
	})
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
	return newest(all, constraints), sorted(all), nil
}

// newest is the newest of all that satisfies constraints; with none, the
// newest that is not a pre-release. Pre-releases are left out unless the
// constraints name one (go-version's rule).
func newest(all []*version.Version, constraints version.Constraints) *version.Version {
	var best *version.Version
	for _, v := range all {
		ok := len(constraints) == 0 && v.Prerelease() == "" || len(constraints) > 0 && constraints.Check(v)
		if ok && (best == nil || v.GreaterThan(best)) {
			best = v
		}
	}
	return best
}

// sorted is all, oldest first.
func sorted(all []*version.Version) []*version.Version {
	out := slices.Clone(all)
	slices.SortFunc(out, func(a, b *version.Version) int { return a.Compare(b) })
	return out
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
