//go:build !cgo

package debug

const cgoEnabled = false
