variable "environment" {
  description = "Environment name: dev, staging or prod."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "project_id" {
  description = "The environment's own GCP project id."
  type        = string
}

variable "region" {
  description = "Region of the state bucket."
  type        = string
  default     = "us-central1"
}

variable "github_repository_id" {
  description = "Numeric id of the GitHub repository whose workflows may become the CI identities (stable across renames, never reused)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+$", var.github_repository_id))
    error_message = "github_repository_id must be the repository's numeric id (gh api repos/OWNER/NAME --jq .id)."
  }
}

variable "github_repository" {
  description = "owner/name of the same repository, as it appears in the workflow_ref claim. A rename makes the apply and rollback conditions fail closed until this is updated."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "apply_event" {
  description = "The GitHub event of the deploy runs that apply this environment: push for dev (every merge to main), workflow_dispatch for staging and prod."
  type        = string

  validation {
    condition     = contains(["push", "workflow_dispatch"], var.apply_event)
    error_message = "apply_event must be push or workflow_dispatch."
  }
}
