//go:build !linux

package tfinstall

import "os"

// fileIdentity gives no identity off Linux: the version is asked every
// time (the action's image is Linux; this is a laptop's speed only).
func fileIdentity(os.FileInfo) (string, bool) { return "", false }

// private is never asked off Linux: no entry is ever kept.
func private(string) bool { return false }
