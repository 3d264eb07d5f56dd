// Package release makes the release commit (PinActions: every action.yml
// runs the released image by digest instead of building the Dockerfile)
// and holds the checks of what ships outside Go code: the Dockerfile, the
// scripts and the workflows.
package release
