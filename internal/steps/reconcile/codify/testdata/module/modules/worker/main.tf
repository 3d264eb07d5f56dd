variable "image" {
  type = string
}

variable "replicas" {
  type    = number
  default = 1
}

resource "localcloud_service" "worker" {
  name  = "worker"
  image = var.image

  scaling {
    min = var.replicas
  }
}
