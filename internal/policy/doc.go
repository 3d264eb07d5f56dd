// Package policy holds the rules every Olympus step shares, so that the
// plan comment, deploy and drift-reconcile can never disagree: the
// environments and their on-disk layout, the promotion order, which
// resources are protected, what counts as a change and as drift, which
// services have pinned traffic, and what counts as a secret.
//
// It judges terraform-json plans; it reads no files and calls nothing.
package policy
