package rules

import (
	"embed"
)

// Olympus: the embedded Rego policies are left out. olympus-validate runs
// the Go rules only (options.ScannerWithEmbeddedPolicies(false)); the
// policies cost 7 MB of binary and, parsed at start-up, about a second.
var EmbeddedPolicyFileSystem embed.FS

//go:embed */lib
var EmbeddedLibraryFileSystem embed.FS
