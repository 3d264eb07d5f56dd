package terraform

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestSecretsOfSensitiveAndSecretNamedVariables(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("variables.tf", `
variable "api_key" {
  type      = string
  sensitive = true
  default   = "default-secret-1"
}
variable "db_password" { type = string }
variable "creds" {
  type      = object({ user = string, pin = number })
  sensitive = true
}
variable "region" { default = "europe-west1" }
variable "from_env" {
  type      = string
  sensitive = true
}
`)
	write("terraform.tfvars", "region = \"us-east1\"\ndb_password = \"tfvars-secret-2\"\n")
	write("prod.tfvars", "creds = { user = \"admin-user\", pin = 86420975 }\nbroken = \n")
	got := InputSecrets(dir, []string{filepath.Join(dir, "prod.tfvars")}, func(k string) string {
		if k == "TF_VAR_from_env" {
			return "env-secret-3"
		}
		return ""
	})
	for _, want := range []string{"default-secret-1", "tfvars-secret-2", "admin-user", "86420975", "env-secret-3"} {
		if !slices.Contains(got, want) {
			t.Errorf("Secrets lacks %q: %q", want, got)
		}
	}
	for _, not := range []string{"us-east1", "europe-west1"} {
		if slices.Contains(got, not) {
			t.Errorf("Secrets has the ordinary %q", not)
		}
	}
}
