package localcloud

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
)

// serviceResource is localcloud_service: a Cloud Run-like service. Changing
// its image or env creates a new revision, which then gets all traffic.
type serviceResource struct{ c *client }

func newServiceResource() resource.Resource { return &serviceResource{} }

type serviceModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Image    types.String `tfsdk:"image"`
	Env      types.Map    `tfsdk:"env"`
	Revision types.String `tfsdk:"revision"`
	Traffic  types.List   `tfsdk:"traffic"`
}

var trafficType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"revision": types.StringType,
	"percent":  types.Int64Type,
}}

func (r *serviceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service"
}

func (r *serviceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "A Cloud Run-like service with revisions and a traffic split.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"image": schema.StringAttribute{Required: true},
			"env": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				Description: "Container environment; may hold secrets.",
			},
			"revision": schema.StringAttribute{
				Computed:    true,
				Description: "The newest revision.",
			},
			"traffic": schema.ListAttribute{
				Computed:    true,
				ElementType: trafficType,
				Description: "Where traffic goes; moved by rollbacks outside Terraform.",
			},
		},
	}
}

func (r *serviceResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if c, ok := req.ProviderData.(*client); ok {
		r.c = c
	}
}

func (r *serviceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan serviceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	if _, err := r.c.store.GetService(name); err == nil {
		resp.Diagnostics.AddError("service already exists", fmt.Sprintf("service %q already exists; import it", name))
		return
	}
	r.apply(ctx, &plan, &resp.Diagnostics, &resp.State)
}

func (r *serviceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan serviceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, &plan, &resp.Diagnostics, &resp.State)
}

func (r *serviceResource) apply(ctx context.Context, plan *serviceModel, diags *diagList, state stateSetter) {
	env := map[string]string{}
	diags.Append(plan.Env.ElementsAs(ctx, &env, false)...)
	if diags.HasError() {
		return
	}
	r.c.pause()
	svc, _, err := r.c.store.ApplyServiceConfig(plan.Name.ValueString(), plan.Image.ValueString(), env)
	if err != nil {
		diags.AddError("failed to apply service", err.Error())
		return
	}
	plan.ID = types.StringValue(svc.Name)
	r.fill(plan, svc, diags)
	diags.Append(state.Set(ctx, plan)...)
}

func (r *serviceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.c.readPause(ctx)
	var st serviceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() {
		return
	}
	svc, err := r.c.store.GetService(st.Name.ValueString())
	if errors.Is(err, localstore.ErrNotFound) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("failed to read service", err.Error())
		return
	}
	st.ID = types.StringValue(svc.Name)
	st.Image = types.StringValue(svc.Image)
	if len(svc.Env) > 0 || (!st.Env.IsNull() && len(st.Env.Elements()) > 0) {
		m, d := types.MapValueFrom(ctx, types.StringType, svc.Env)
		resp.Diagnostics.Append(d...)
		st.Env = m
	}
	r.fill(&st, svc, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
}

// fill sets the computed attributes from the stored service.
func (r *serviceResource) fill(m *serviceModel, svc *localstore.Service, diags *diagList) {
	m.Revision = types.StringValue(svc.LatestRevision())
	elems := make([]attr.Value, 0, len(svc.Traffic))
	for _, t := range svc.Serving() {
		o, d := types.ObjectValue(trafficType.AttrTypes, map[string]attr.Value{
			"revision": types.StringValue(t.Revision),
			"percent":  types.Int64Value(t.Percent),
		})
		diags.Append(d...)
		elems = append(elems, o)
	}
	l, d := types.ListValue(trafficType, elems)
	diags.Append(d...)
	m.Traffic = l
}

func (r *serviceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var st serviceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.c.pause()
	if err := r.c.store.DeleteService(st.Name.ValueString()); err != nil {
		resp.Diagnostics.AddError("failed to delete service", err.Error())
	}
}

func (r *serviceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
}
