# A called module: checked by fmt and tflint on its own.
variable "name" {
  description = "Network name."
  type        = string
}

resource "google_compute_network" "main" {
  project = "olympus-prod-4821"
  name    =   var.name
}
