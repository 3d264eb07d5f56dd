// Command terraform-bundle makes the image's default terraform for one
// platform (see tfinstall.Bundle): the release downloaded with hc-install,
// its SHA256SUMS signature and checksum verified, or, with -from, a
// terraform already at hand (tests build the image offline with the one on
// PATH). scripts/dist.sh runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/tfinstall"
)

func main() {
	v := flag.String("version", "", "terraform version, exact")
	platform := flag.String("platform", runtime.GOOS+"/"+runtime.GOARCH, "os/arch of the bundle")
	out := flag.String("out", "", "directory to write the bundle to")
	from := flag.String("from", "", "use this terraform binary instead of downloading the release (it must be that version, for this machine's platform)")
	compress := flag.Bool("compress", true, "store the binary zstd-compressed (unpacked once per job into the cache)")
	releases := flag.String("releases", os.Getenv(tfinstall.EnvReleases), "releases site or mirror (default: HashiCorp's)")
	keyFile := flag.String("key", os.Getenv(tfinstall.EnvReleasesKey), "armored key that signs the releases' SHA256SUMS (default: HashiCorp's)")
	flag.Parse()
	if err := run(*v, *platform, *out, *from, *releases, *keyFile, *compress); err != nil {
		fmt.Fprintf(os.Stderr, "terraform-bundle: %v\n", err)
		os.Exit(1)
	}
}

func run(v, platform, out, from, releases, keyFile string, compress bool) error {
	ver, err := version.NewVersion(v)
	if err != nil || out == "" {
		return fmt.Errorf("usage: terraform-bundle -version 1.11.4 -platform linux/arm64 -out DIR [-from BINARY]")
	}
	goos, goarch, ok := strings.Cut(platform, "/")
	if !ok {
		return fmt.Errorf("-platform %q: give os/arch, such as linux/arm64", platform)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	bin, source := from, "local "+from
	if from != "" {
		if platform != runtime.GOOS+"/"+runtime.GOARCH {
			return fmt.Errorf("-from %q is this machine's terraform; it cannot stand for %s", from, platform)
		}
		got, err := tfinstall.VersionOf(ctx, from, "")
		if err != nil {
			return fmt.Errorf("failed to read the version of %q: %w", from, err)
		}
		if !got.Equal(ver) {
			return fmt.Errorf("%q is terraform %s, not %s", from, got, ver)
		}
		// Compressing takes seconds: a bundle of this very binary is kept.
		if b, err := tfinstall.OpenBundleFor(out, goos, goarch); err == nil && b != nil && b.Version.Equal(ver) &&
			strings.HasSuffix(b.Manifest.File, ".zst") == compress && b.Manifest.Source == source {
			if sum, err := tfinstall.FileSHA256(from); err == nil && sum == b.Manifest.SHA256 {
				fmt.Fprintf(os.Stderr, "terraform %s for %s in %s is up to date\n", ver, platform, out)
				return nil
			}
		}
	} else {
		tmp, err := os.MkdirTemp("", "terraform-bundle-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		in := &tfinstall.Installer{Dir: tmp, BaseURL: releases, OS: goos, Arch: goarch}
		if keyFile != "" {
			key, err := os.ReadFile(keyFile)
			if err != nil {
				return err
			}
			in.PublicKey = string(key)
		}
		if bin, err = in.Install(ctx, ver); err != nil {
			return err
		}
		source = "terraform release, SHA256SUMS signature and checksum verified by hc-install"
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	m, err := tfinstall.WriteBundle(out, bin, ver, goos, goarch, source, compress)
	if err != nil {
		return fmt.Errorf("failed to write the bundle: %w", err)
	}
	fmt.Fprintf(os.Stderr, "terraform %s for %s/%s in %s (%s)\n", m.Version, m.OS, m.Arch, out, m.File)
	return nil
}
