output "broken" {
  value = var.missing
}
