package localcloud

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
)

// sqlInstanceResource is localcloud_sql_instance: a Cloud SQL-like instance.
// Like Google's, it refuses to be deleted while deletion_protection is on.
type sqlInstanceResource struct{ c *client }

func newSQLInstanceResource() resource.Resource { return &sqlInstanceResource{} }

type sqlInstanceModel struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	Tier               types.String `tfsdk:"tier"`
	PITREnabled        types.Bool   `tfsdk:"pitr_enabled"`
	RetentionDays      types.Int64  `tfsdk:"retention_days"`
	DeletionProtection types.Bool   `tfsdk:"deletion_protection"`
}

func (m *sqlInstanceModel) toStore() *localstore.SQLInstance {
	return &localstore.SQLInstance{
		Name:               m.Name.ValueString(),
		Tier:               m.Tier.ValueString(),
		PITREnabled:        m.PITREnabled.ValueBool(),
		RetentionDays:      m.RetentionDays.ValueInt64(),
		DeletionProtection: m.DeletionProtection.ValueBool(),
	}
}

func (r *sqlInstanceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sql_instance"
}

func (r *sqlInstanceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "A Cloud SQL-like database instance.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"tier":                schema.StringAttribute{Required: true},
			"pitr_enabled":        schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
			"retention_days":      schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(7)},
			"deletion_protection": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
		},
	}
}

func (r *sqlInstanceResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if c, ok := req.ProviderData.(*client); ok {
		r.c = c
	}
}

func (r *sqlInstanceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan sqlInstanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := r.c.store.GetSQLInstance(plan.Name.ValueString()); err == nil {
		resp.Diagnostics.AddError("instance already exists", fmt.Sprintf("SQL instance %q already exists; import it", plan.Name.ValueString()))
		return
	}
	r.put(ctx, &plan, &resp.Diagnostics, &resp.State)
}

func (r *sqlInstanceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan sqlInstanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.put(ctx, &plan, &resp.Diagnostics, &resp.State)
}

func (r *sqlInstanceResource) put(ctx context.Context, plan *sqlInstanceModel, diags *diagList, state stateSetter) {
	r.c.pause()
	if err := r.c.store.PutSQLInstance(plan.toStore()); err != nil {
		diags.AddError("failed to write SQL instance", err.Error())
		return
	}
	plan.ID = plan.Name
	diags.Append(state.Set(ctx, plan)...)
}

func (r *sqlInstanceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.c.readPause(ctx)
	var st sqlInstanceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() {
		return
	}
	inst, err := r.c.store.GetSQLInstance(st.Name.ValueString())
	if errors.Is(err, localstore.ErrNotFound) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("failed to read SQL instance", err.Error())
		return
	}
	st.ID = types.StringValue(inst.Name)
	st.Tier = types.StringValue(inst.Tier)
	st.PITREnabled = types.BoolValue(inst.PITREnabled)
	st.RetentionDays = types.Int64Value(inst.RetentionDays)
	st.DeletionProtection = types.BoolValue(inst.DeletionProtection)
	resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
}

func (r *sqlInstanceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var st sqlInstanceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if st.DeletionProtection.ValueBool() {
		resp.Diagnostics.AddError("deletion protection is on",
			fmt.Sprintf("SQL instance %q has deletion_protection = true; set it to false and apply before destroying", st.Name.ValueString()))
		return
	}
	r.c.pause()
	if err := r.c.store.DeleteSQLInstance(st.Name.ValueString()); err != nil {
		resp.Diagnostics.AddError("failed to delete SQL instance", err.Error())
	}
}

func (r *sqlInstanceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
}
