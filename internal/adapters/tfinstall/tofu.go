package tfinstall

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/opentofu/tofudl"
	"github.com/opentofu/tofudl/branding"
)

// Where OpenTofu publishes its releases: a JSON list of versions and their
// files, and each version's files on GitHub. A mirror has tofudl's mirror
// layout, <base>/api.json and <base>/v<version>/<file>.
const (
	tofuAPIURL      = "https://get.opentofu.org/tofu/api.json"
	tofuDownloadURL = "https://github.com/opentofu/opentofu/releases/download"
)

// OpenTofuKeyFingerprint is the fingerprint of the key that signs
// OpenTofu's releases (https://get.opentofu.org/opentofu.asc, as
// OpenTofu's installation guide states it). The key itself is the one
// OpenTofu's own downloader library, tofudl, embeds; a test holds it to
// this fingerprint.
const OpenTofuKeyFingerprint = "E3E6E43D84CB852EADB0051D0C0AF313E5FD9F80"

// maxTofuBinary bounds what is unpacked from an archive (tofudl's bound).
const maxTofuBinary = branding.MaximumUncompressedFileSize

// TofuInstaller installs OpenTofu releases into a cache, one directory per
// version and platform: <Dir>/<version>/<os>_<arch>/tofu. A release is
// installed only when its tofu_<version>_SHA256SUMS carries a good
// signature (.gpgsig) by OpenTofu's key and its archive has the sha256
// listed there; nothing of a release that fails either is kept or run.
type TofuInstaller struct {
	Dir string
	// BaseURL is a mirror with tofudl's layout (default: OpenTofu's own
	// list of versions and its GitHub releases).
	BaseURL string
	// PublicKey is the armored PGP key that signs the SHA256SUMS (default:
	// OpenTofu's).
	PublicKey string
	// OS and Arch are the platform to install (default: this one).
	OS, Arch   string
	HTTPClient *http.Client
	// Timeout bounds one install or listing (default 5 minutes).
	Timeout time.Duration
}

func (i *TofuInstaller) store() store {
	goos, arch := i.OS, i.Arch
	if goos == "" {
		goos = runtime.GOOS
	}
	if arch == "" {
		arch = runtime.GOARCH
	}
	return store{dir: i.Dir, name: "tofu", goos: goos, arch: arch}
}

func (i *TofuInstaller) timeout() time.Duration {
	if i.Timeout > 0 {
		return i.Timeout
	}
	return 5 * time.Minute
}

func (i *TofuInstaller) client() *http.Client {
	if i.HTTPClient != nil {
		return i.HTTPClient
	}
	// Always a client of our own: tofudl's default changes
	// http.DefaultTransport's TLS settings for the whole process.
	return &http.Client{Timeout: i.timeout(), Transport: http.DefaultTransport.(*http.Transport).Clone()}
}

func (i *TofuInstaller) urls() (api, download string) {
	if base := strings.TrimSuffix(i.BaseURL, "/"); base != "" {
		return base + "/api.json", base
	}
	return tofuAPIURL, tofuDownloadURL
}

// Path is where version v is (or would be) installed.
func (i *TofuInstaller) Path(v *version.Version) string { return i.store().path(v) }

// Cached returns the installed binary of v, if any. A binary whose bytes
// changed since it was installed is an error wrapping ErrVerification.
func (i *TofuInstaller) Cached(v *version.Version) (string, bool, error) { return i.store().cached(v) }

// CachedVersions lists the versions installed for this platform, newest
// first.
func (i *TofuInstaller) CachedVersions() []*version.Version { return i.store().versions() }

// Newest returns the newest release that satisfies constraints (any
// stable release when there are none), and every release.
func (i *TofuInstaller) Newest(ctx context.Context, constraints version.Constraints) (*version.Version, []*version.Version, error) {
	ctx, cancel := context.WithTimeout(ctx, i.timeout())
	defer cancel()
	api, _ := i.urls()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, api, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to list tofu releases: %w", err)
	}
	resp, err := i.client().Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to list tofu releases: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("failed to list tofu releases: %s answered %s", api, resp.Status)
	}
	var list tofudl.APIResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&list); err != nil {
		return nil, nil, fmt.Errorf("failed to list tofu releases: %s: %w", api, err)
	}
	var all []*version.Version
	for _, r := range list.Versions {
		if v, err := version.NewVersion(string(r.ID)); err == nil {
			all = append(all, v)
		}
	}
	return newest(all, constraints), sorted(all), nil
}

// Install returns the cached binary of v, or installs it from the
// verified release.
func (i *TofuInstaller) Install(ctx context.Context, v *version.Version) (string, error) {
	return i.store().put(v, func(tmp string) error {
		ctx, cancel := context.WithTimeout(ctx, i.timeout())
		defer cancel()
		return i.download(ctx, v, filepath.Join(tmp, "tofu"))
	})
}

func (i *TofuInstaller) download(ctx context.Context, v *version.Version, dst string) error {
	_, base := i.urls()
	opts := []tofudl.ConfigOpt{
		tofudl.ConfigHTTPClient(i.client()),
		tofudl.ConfigDownloadMirrorURLTemplate(base + "/v{{ .Version }}/{{ .Artifact }}"),
	}
	if i.PublicKey != "" {
		opts = append(opts, tofudl.ConfigGPGKey(i.PublicKey))
	}
	dl, err := tofudl.New(opts...)
	if err != nil {
		return fmt.Errorf("failed to set up the OpenTofu download: %w", err)
	}
	s := i.store()
	id := v.String()
	sums := "tofu_" + id + "_SHA256SUMS"
	archive := fmt.Sprintf("tofu_%s_%s_%s.tar.gz", id, s.goos, s.arch)
	rel := tofudl.VersionWithArtifacts{ID: tofudl.Version(id), Files: []string{sums, sums + ".gpgsig", archive}}
	get := func(name string) ([]byte, error) {
		b, err := dl.DownloadArtifact(ctx, rel, name)
		if err == nil {
			return b, nil
		}
		if strings.Contains(err.Error(), "status code: 404") {
			return nil, fmt.Errorf("%w: tofu %s has no %s at %s", ErrNotReleased, v, name, base)
		}
		return nil, fmt.Errorf("failed to download %s of tofu %s: %w", name, v, err)
	}
	sumsBody, err := get(sums)
	if err != nil {
		return err
	}
	sig, err := get(sums + ".gpgsig")
	if err != nil {
		return err
	}
	arc, err := get(archive)
	if err != nil {
		if errors.Is(err, ErrNotReleased) {
			return fmt.Errorf("tofu %s has no build for %s/%s: %w", v, s.goos, s.arch, err)
		}
		return err
	}
	if err := dl.VerifyArtifact(archive, arc, sumsBody, sig); err != nil {
		return fmt.Errorf("%w: tofu %s was refused and nothing from it was run: %v", ErrVerification, v, err)
	}
	return untarTofu(arc, archive, dst)
}

// untarTofu writes the tofu executable of a verified .tar.gz to dst.
func untarTofu(arc []byte, name, dst string) error {
	gz, err := gzip.NewReader(bytes.NewReader(arc))
	if err != nil {
		return fmt.Errorf("failed to unpack %s: %w", name, err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("failed to unpack %s: it holds no tofu executable", name)
		}
		if err != nil {
			return fmt.Errorf("failed to unpack %s: %w", name, err)
		}
		if h.Name != "tofu" || h.Typeflag != tar.TypeReg {
			continue
		}
		out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
		if err != nil {
			return err
		}
		n, err := io.Copy(out, io.LimitReader(tr, maxTofuBinary+1))
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err == nil && n > maxTofuBinary {
			err = fmt.Errorf("tofu is larger than %d bytes", maxTofuBinary)
		}
		if err != nil {
			return fmt.Errorf("failed to unpack %s: %w", name, err)
		}
		return nil
	}
}
