package localcloud

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

type diagList = diag.Diagnostics

// stateSetter is what Create and Update responses have in common.
type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}
