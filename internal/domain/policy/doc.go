// Package policy holds the rules every Olympus step shares, so that the
// plan comment, deploy and drift-reconcile can never disagree: the
// environments and their on-disk layout, the promotion order, which
// resources are protected, what counts as a change and as drift, which
// services have pinned traffic, what counts as a secret, Cloud Run's
// name rules, and what a deploy records of itself in its GitHub deployment
// (the known-good revision of each Cloud Run service).
//
// It judges terraform-json plans; it reads no files and calls nothing.
package policy
