package tfinstall

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/hashicorp/go-version"
	"github.com/klauspost/compress/zstd"
)

// ManifestName is the file that describes a bundle.
const ManifestName = "terraform.json"

// Manifest describes the image's default terraform: one release for one
// platform, stored zstd-compressed (File ends in .zst: about a quarter of
// the binary's size, unpacked once per job into the cache) or as is.
type Manifest struct {
	Version string `json:"version"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
	File    string `json:"file"`
	// SHA256 is the unpacked binary's, as verified when the bundle was made.
	SHA256 string `json:"sha256"`
	// Source says how the binary was obtained and verified.
	Source string `json:"source"`
}

// Bundle is a directory holding a Manifest and its file: the image's
// default terraform (OLYMPUS_TERRAFORM_BUNDLE).
type Bundle struct {
	Dir      string
	Manifest Manifest
	Version  *version.Version
}

// OpenBundle reads the bundle in dir; it returns nil, nil when dir is empty
// or holds no bundle for this platform.
func OpenBundle(dir string) (*Bundle, error) { return OpenBundleFor(dir, runtime.GOOS, runtime.GOARCH) }

// FileSHA256 is the hex sha256 of a file.
func FileSHA256(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// OpenBundleFor is OpenBundle for another platform.
func OpenBundleFor(dir, goos, goarch string) (*Bundle, error) {
	if dir == "" {
		return nil, nil
	}
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("failed to read the default terraform's manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("failed to read the default terraform's manifest %q: %w", filepath.Join(dir, ManifestName), err)
	}
	if m.OS != goos || m.Arch != goarch {
		return nil, nil
	}
	v, err := version.NewVersion(m.Version)
	if err != nil {
		return nil, fmt.Errorf("the default terraform's manifest names version %q: %w", m.Version, err)
	}
	return &Bundle{Dir: dir, Manifest: m, Version: v}, nil
}

// Path returns the runnable binary: the bundled one itself when it is
// stored as is, else the copy unpacked into the installer's cache (done
// once, then a cache hit for every later step of the job). The unpacked
// binary must have the manifest's sha256.
func (b *Bundle) Path(in *Installer) (string, error) {
	src := filepath.Join(b.Dir, b.Manifest.File)
	if !strings.HasSuffix(b.Manifest.File, ".zst") {
		return src, nil
	}
	return in.store().put(b.Version, func(tmp string) error {
		if err := unpack(src, filepath.Join(tmp, "terraform"), b.Manifest.SHA256); err != nil {
			return fmt.Errorf("%w: the image's terraform %s: %v", ErrVerification, b.Version, err)
		}
		return nil
	})
}

func unpack(src, dst, want string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	dec, err := zstd.NewReader(f)
	if err != nil {
		return err
	}
	defer dec.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(out, h), dec); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		os.Remove(dst)
		return fmt.Errorf("sha256 %s, want %s", got, want)
	}
	return nil
}

// WriteBundle stores the terraform binary bin as the bundle in dir, for
// the platform goos/goarch; compress stores it zstd-compressed.
func WriteBundle(dir, bin string, v *version.Version, goos, goarch, source string, compress bool) (*Manifest, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	in, err := os.Open(bin)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	m := &Manifest{Version: v.String(), OS: goos, Arch: goarch, File: "terraform", Source: source}
	if compress {
		m.File = "terraform.zst"
	}
	out, err := os.OpenFile(filepath.Join(dir, m.File), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return nil, err
	}
	defer out.Close()
	h := sha256.New()
	var w io.Writer = out
	var enc *zstd.Encoder
	if compress {
		if enc, err = zstd.NewWriter(out, zstd.WithEncoderLevel(zstd.SpeedBestCompression)); err != nil {
			return nil, err
		}
		w = enc
	}
	if _, err := io.Copy(io.MultiWriter(w, h), in); err != nil {
		return nil, err
	}
	if enc != nil {
		if err := enc.Close(); err != nil {
			return nil, err
		}
	}
	if err := out.Close(); err != nil {
		return nil, err
	}
	m.SHA256 = hex.EncodeToString(h.Sum(nil))
	b, _ := json.MarshalIndent(m, "", "  ")
	return m, os.WriteFile(filepath.Join(dir, ManifestName), append(b, '\n'), 0o644)
}
