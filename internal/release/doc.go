// Package release makes the release commit (PinActions: every action.yml
// runs the released image by digest instead of building the Dockerfile),
// pins the release the operational workflows run (WriteOperations, from
// the templates in operations/ and .github/released-image), and holds the
// checks of what ships outside Go code: the Dockerfile, the scripts and
// the workflows.
package release

//go:generate go run ./cmd/pin-workflows -root ../..
