// Package localcloud is a small Terraform provider for tests and the demo.
// It manages Cloud Run-like services and Cloud SQL-like instances stored as
// JSON files (see localstore), so real terraform can plan and apply without
// any registry or cloud account.
package localcloud

import (
	"context"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
)

// Address is the provider's source address as terraform sees it.
const Address = "registry.terraform.io/olympus/localcloud"

// RootEnv names the store directory when the provider block sets no root.
const RootEnv = "LOCALCLOUD_ROOT"

// ApplyDelayEnv, a Go duration, slows every create, update and delete, so that
// tests can interrupt an apply while it runs.
const ApplyDelayEnv = "LOCALCLOUD_APPLY_DELAY"

// ReadDelayEnv, a Go duration, makes every read (a refresh) take as long as
// a cloud API call does, so that benchmarks can show what waits on the
// cloud and what waits on the CPU.
const ReadDelayEnv = "LOCALCLOUD_READ_DELAY"

// New returns a provider factory for providerserver.Serve.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &localProvider{version: version} }
}

type localProvider struct{ version string }

type providerModel struct {
	Root types.String `tfsdk:"root"`
}

// client is what resources get from Configure.
type client struct {
	store      localstore.Store
	applyDelay time.Duration
	readDelay  time.Duration
}

func (p *localProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "localcloud"
	resp.Version = p.version
}

func (p *localProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Objects stored as JSON files in a local directory.",
		Attributes: map[string]schema.Attribute{
			"root": schema.StringAttribute{
				Optional:    true,
				Description: "Directory holding the objects; defaults to $" + RootEnv + ".",
			},
		},
	}
}

func (p *localProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	root := cfg.Root.ValueString()
	if root == "" {
		root = os.Getenv(RootEnv)
	}
	if root == "" && !cfg.Root.IsUnknown() {
		resp.Diagnostics.AddError("missing store root", "set root in the provider block or $"+RootEnv)
		return
	}
	c := &client{store: localstore.Store{Root: root}}
	if d := os.Getenv(ApplyDelayEnv); d != "" {
		delay, err := time.ParseDuration(d)
		if err != nil {
			resp.Diagnostics.AddError("invalid "+ApplyDelayEnv, err.Error())
			return
		}
		c.applyDelay = delay
	}
	if d := os.Getenv(ReadDelayEnv); d != "" {
		delay, err := time.ParseDuration(d)
		if err != nil {
			resp.Diagnostics.AddError("invalid "+ReadDelayEnv, err.Error())
			return
		}
		c.readDelay = delay
	}
	resp.ResourceData = c
}

func (p *localProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newServiceResource, newSQLInstanceResource}
}

func (p *localProvider) DataSources(context.Context) []func() datasource.DataSource {
	return nil
}

// pause waits for the configured apply delay; the provider finishes the
// operation even when terraform is interrupted, as a real API call would.
func (c *client) pause() {
	if c.applyDelay > 0 {
		time.Sleep(c.applyDelay)
	}
}

// readPause waits for the configured read delay, as a cloud API call
// would.
func (c *client) readPause(ctx context.Context) {
	if c == nil || c.readDelay <= 0 {
		return
	}
	select {
	case <-time.After(c.readDelay):
	case <-ctx.Done():
	}
}
