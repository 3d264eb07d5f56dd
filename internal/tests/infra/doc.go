// Package infra holds the tests of the Olympus Terraform in terraform/:
// it validates clean under our own validate step, every Olympus rule
// catches a broken copy, and staging mirrors production.
package infra
