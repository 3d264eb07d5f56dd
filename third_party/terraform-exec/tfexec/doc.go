// Copyright IBM Corp. 2020, 2026
// SPDX-License-Identifier: MPL-2.0

// Package tfexec exposes functionality for constructing and running Terraform
// CLI commands. Structured return values use the data types defined in the
// github.com/hashicorp/terraform-json package.
package tfexec
