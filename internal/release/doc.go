// Package release holds the checks of what ships outside Go code: the
// Dockerfile and the scripts it runs, tested here since no Docker engine
// runs on our machines.
package release
