package infra

// resourceType is what the tests know of a resource or data source type of
// terraform/: the API that serves it, and the permissions a refresh of it
// needs (the IAM permission of each API method the google provider's read
// calls, from Google's API reference and the provider's source). The plan
// identity's custom role must hold exactly the reads of the types the
// olympus root declares (TestPlanRoleHoldsWhatARefreshReads), and every
// type anywhere in terraform/ must have an entry, so a new type is a
// decision about the plan's role.
type resourceType struct {
	api   string   // "" when nothing is called (data "google_iam_policy")
	reads []string // permissions a refresh needs
}

// resourceTypes is keyed by type, data sources as "data.<type>".
var resourceTypes = map[string]resourceType{
	// The olympus root and its modules: what the plan identity refreshes.
	"google_project_service": {"serviceusage.googleapis.com",
		// The read checks the project exists, then lists enabled services.
		[]string{"resourcemanager.projects.get", "serviceusage.services.list"}},
	"google_compute_network":        {"compute.googleapis.com", []string{"compute.networks.get"}},
	"google_compute_subnetwork":     {"compute.googleapis.com", []string{"compute.subnetworks.get"}},
	"google_compute_global_address": {"compute.googleapis.com", []string{"compute.globalAddresses.get"}},
	"google_service_networking_connection": {"servicenetworking.googleapis.com",
		// services.connections.list, with the project's number for the
		// network's name.
		[]string{"resourcemanager.projects.get", "servicenetworking.services.get"}},
	"google_sql_database_instance": {"sqladmin.googleapis.com", []string{"cloudsql.instances.get"}},
	"google_sql_database":          {"sqladmin.googleapis.com", []string{"cloudsql.databases.get"}},
	// users.list, and instances.get for the database version.
	"google_sql_user":                        {"sqladmin.googleapis.com", []string{"cloudsql.instances.get", "cloudsql.users.list"}},
	"google_project_iam_member":              {"cloudresourcemanager.googleapis.com", []string{"resourcemanager.projects.getIamPolicy"}},
	"google_cloud_run_v2_service":            {"run.googleapis.com", []string{"run.services.get"}},
	"google_cloud_run_v2_service_iam_policy": {"run.googleapis.com", []string{"run.services.getIamPolicy"}},
	"data.google_artifact_registry_repository": {"artifactregistry.googleapis.com",
		[]string{"artifactregistry.repositories.get"}},
	// Computed by the provider from its arguments: no call.
	"data.google_iam_policy": {"", nil},

	// bootstrap/: applied and refreshed by administrators only.
	"google_project_iam_audit_config":                 {"cloudresourcemanager.googleapis.com", []string{"resourcemanager.projects.getIamPolicy"}},
	"google_project_iam_custom_role":                  {"iam.googleapis.com", []string{"iam.roles.get"}},
	"google_iam_workload_identity_pool":               {"iam.googleapis.com", []string{"iam.workloadIdentityPools.get"}},
	"google_iam_workload_identity_pool_provider":      {"iam.googleapis.com", []string{"iam.workloadIdentityPoolProviders.get"}},
	"google_service_account":                          {"iam.googleapis.com", []string{"iam.serviceAccounts.get"}},
	"google_service_account_iam_policy":               {"iam.googleapis.com", []string{"iam.serviceAccounts.getIamPolicy"}},
	"google_storage_bucket":                           {"storage.googleapis.com", []string{"storage.buckets.get"}},
	"google_storage_bucket_iam_policy":                {"storage.googleapis.com", []string{"storage.buckets.getIamPolicy"}},
	"google_artifact_registry_repository":             {"artifactregistry.googleapis.com", []string{"artifactregistry.repositories.get"}},
	"google_artifact_registry_repository_iam_policy":  {"artifactregistry.googleapis.com", []string{"artifactregistry.repositories.getIamPolicy"}},
	"google_kms_key_ring":                             {"cloudkms.googleapis.com", []string{"cloudkms.keyRings.get"}},
	"google_kms_crypto_key":                           {"cloudkms.googleapis.com", []string{"cloudkms.cryptoKeys.get"}},
	"google_kms_crypto_key_iam_policy":                {"cloudkms.googleapis.com", []string{"cloudkms.cryptoKeys.getIamPolicy"}},
	"data.google_kms_crypto_key_version":              {"cloudkms.googleapis.com", []string{"cloudkms.cryptoKeyVersions.get", "cloudkms.cryptoKeyVersions.viewPublicKey"}},
	"google_container_analysis_note":                  {"containeranalysis.googleapis.com", []string{"containeranalysis.notes.get"}},
	"google_container_analysis_note_iam_policy":       {"containeranalysis.googleapis.com", []string{"containeranalysis.notes.getIamPolicy"}},
	"google_binary_authorization_attestor":            {"binaryauthorization.googleapis.com", []string{"binaryauthorization.attestors.get"}},
	"google_binary_authorization_attestor_iam_policy": {"binaryauthorization.googleapis.com", []string{"binaryauthorization.attestors.getIamPolicy"}},
	"google_binary_authorization_policy":              {"binaryauthorization.googleapis.com", []string{"binaryauthorization.policy.get"}},
	"data.google_project":                             {"cloudresourcemanager.googleapis.com", []string{"resourcemanager.projects.get"}},
}

// defaultAPIs are on in every new project: they enable the others.
var defaultAPIs = []string{"serviceusage.googleapis.com"}
