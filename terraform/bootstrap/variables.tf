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

variable "plan_pull_requests" {
  description = "Whether pull requests may plan this environment with its plan identity. When false (prod), the plan identity accepts only workflow_dispatch and schedule runs of the deploy and drift workflows on main; the deploy workflow's PLAN_PROD_ON_PULL_REQUESTS must agree."
  type        = bool
}

variable "app_repository_id" {
  description = "Numeric id of the GitHub repository of the application (olympus-api) whose release workflow pushes and attests its images."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+$", var.app_repository_id))
    error_message = "app_repository_id must be the application repository's numeric id (gh api repos/OWNER/NAME --jq .id)."
  }
}

variable "app_repository" {
  description = "owner/name of the application's repository, as it appears in the workflow_ref claim of its release workflow."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.app_repository))
    error_message = "app_repository must be owner/name."
  }
}

variable "app_release_workflow" {
  description = "Path of the application's release workflow in its repository: the only workflow, on main, that may push and attest images."
  type        = string
  default     = ".github/workflows/release.yml"

  validation {
    condition     = can(regex("^\\.github/workflows/[A-Za-z0-9_.-]+\\.ya?ml$", var.app_release_workflow))
    error_message = "app_release_workflow must be a workflow file, such as .github/workflows/release.yml."
  }
}

variable "binary_authorization_enforcement" {
  description = "What the project's Binary Authorization policy does with an image no release attestation vouches for: ENFORCED_BLOCK_AND_AUDIT_LOG refuses it (staging, prod), DRYRUN_AUDIT_LOG_ONLY only logs it (dev)."
  type        = string

  validation {
    condition     = contains(["ENFORCED_BLOCK_AND_AUDIT_LOG", "DRYRUN_AUDIT_LOG_ONLY"], var.binary_authorization_enforcement)
    error_message = "binary_authorization_enforcement must be ENFORCED_BLOCK_AND_AUDIT_LOG or DRYRUN_AUDIT_LOG_ONLY."
  }
}
