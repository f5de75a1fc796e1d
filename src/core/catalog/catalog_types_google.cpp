// File: src/core/catalog/catalog_types_google.cpp
//
// Google types. Cloud type names are Cloud Asset Inventory asset types.
// Most are found by their relative resource path ("projects/p/zones/z/
// instances/n"), which both the state `id`/`self_link` and the CAI name
// reduce to; services whose state id is a bare name use kGoogleName.
#include <array>

#include "catalog/catalog_data.hpp"

namespace dw {
inline namespace v1 {
namespace catalog_data {

namespace {

constexpr IdentityScheme kPath = IdentityScheme::kGooglePath;
constexpr IdentityScheme kName = IdentityScheme::kGoogleName;

constexpr auto kGoogle = std::to_array<TypeRow>({
    Gcp("google_compute_instance", "compute.googleapis.com/Instance",
        "id,self_link", kPath, "service_account"),
    Gcp("google_compute_network", "compute.googleapis.com/Network"),
    Gcp("google_compute_subnetwork", "compute.googleapis.com/Subnetwork",
        "id,self_link", kPath, "secondary_ip_range"),
    Gcp("google_compute_firewall", "compute.googleapis.com/Firewall",
        "id,self_link", kPath,
        "allow,deny,source_ranges,destination_ranges,source_tags,target_tags,"
        "source_service_accounts,target_service_accounts"),
    Gcp("google_compute_disk", "compute.googleapis.com/Disk"),
    Gcp("google_compute_address", "compute.googleapis.com/Address"),
    Gcp("google_compute_global_address",
        "compute.googleapis.com/GlobalAddress"),
    Gcp("google_compute_router", "compute.googleapis.com/Router"),
    Gcp("google_compute_route", "compute.googleapis.com/Route"),
    Gcp("google_compute_forwarding_rule",
        "compute.googleapis.com/ForwardingRule"),
    Gcp("google_compute_global_forwarding_rule",
        "compute.googleapis.com/GlobalForwardingRule"),
    Gcp("google_compute_backend_service",
        "compute.googleapis.com/BackendService", "id,self_link", kPath,
        "backend"),
    Gcp("google_compute_instance_group", "compute.googleapis.com/InstanceGroup",
        "id,self_link", kPath, "instances,named_port"),
    Gcp("google_compute_instance_template",
        "compute.googleapis.com/InstanceTemplate"),
    Gcp("google_compute_snapshot", "compute.googleapis.com/Snapshot"),
    Gcp("google_compute_image", "compute.googleapis.com/Image"),
    Gcp("google_compute_health_check", "compute.googleapis.com/HealthCheck"),
    Gcp("google_compute_url_map", "compute.googleapis.com/UrlMap"),
    Gcp("google_compute_target_https_proxy",
        "compute.googleapis.com/TargetHttpsProxy"),
    Gcp("google_compute_ssl_certificate",
        "compute.googleapis.com/SslCertificate"),
    Gcp("google_compute_security_policy",
        "compute.googleapis.com/SecurityPolicy", "id,self_link", kPath, "rule"),
    Gcp("google_storage_bucket", "storage.googleapis.com/Bucket", "name,id",
        kName, "cors,lifecycle_rule"),
    Gcp("google_sql_database_instance", "sqladmin.googleapis.com/Instance",
        "name,id", kName),
    Gcp("google_sql_database", "sqladmin.googleapis.com/Database"),
    Gcp("google_container_cluster", "container.googleapis.com/Cluster",
        "name,id", kName),
    Gcp("google_container_node_pool", "container.googleapis.com/NodePool",
        "name,id", kName),
    Gcp("google_project", "cloudresourcemanager.googleapis.com/Project",
        "project_id,id", kName, {}, "projectId"),
    Gcp("google_folder", "cloudresourcemanager.googleapis.com/Folder",
        "name,id", kPath),
    Gcp("google_project_service", "serviceusage.googleapis.com/Service"),
    Gcp("google_service_account", "iam.googleapis.com/ServiceAccount",
        "email,id", kName, {}, "email"),
    Gcp("google_service_account_key", "iam.googleapis.com/ServiceAccountKey",
        "name,id", kPath),
    Gcp("google_project_iam_custom_role", "iam.googleapis.com/Role", "id,name",
        kPath, "permissions"),
    Gcp("google_project_iam_member", "", "id", IdentityScheme::kPlain),
    Gcp("google_project_iam_binding", "", "id", IdentityScheme::kPlain,
        "members"),
    Gcp("google_project_iam_policy", "", "id", IdentityScheme::kPlain),
    Gcp("google_storage_bucket_iam_member", "", "id", IdentityScheme::kPlain),
    Gcp("google_storage_bucket_iam_binding", "", "id", IdentityScheme::kPlain,
        "members"),
    Gcp("google_pubsub_topic", "pubsub.googleapis.com/Topic"),
    Gcp("google_pubsub_subscription", "pubsub.googleapis.com/Subscription"),
    Gcp("google_bigquery_dataset", "bigquery.googleapis.com/Dataset", "id",
        kPath, "access"),
    Gcp("google_bigquery_table", "bigquery.googleapis.com/Table"),
    Gcp("google_kms_key_ring", "cloudkms.googleapis.com/KeyRing"),
    Gcp("google_kms_crypto_key", "cloudkms.googleapis.com/CryptoKey"),
    Gcp("google_dns_managed_zone", "dns.googleapis.com/ManagedZone", "name,id",
        kName),
    Gcp("google_dns_record_set", "dns.googleapis.com/ResourceRecordSet", "id",
        kPath, "rrdatas"),
    Gcp("google_spanner_instance", "spanner.googleapis.com/Instance", "name,id",
        kName),
    Gcp("google_spanner_database", "spanner.googleapis.com/Database"),
    Gcp("google_bigtable_instance", "bigtableadmin.googleapis.com/Instance",
        "name,id", kName),
    Gcp("google_redis_instance", "redis.googleapis.com/Instance"),
    Gcp("google_cloudfunctions_function",
        "cloudfunctions.googleapis.com/CloudFunction"),
    Gcp("google_cloud_run_service", "run.googleapis.com/Service", "name,id",
        kName),
    // The v2 resource manages the same Cloud Run service object.
    TypeRow{"google_cloud_run_v2_service",
            "run.googleapis.com/Service",
            "name,id",
            kName,
            "google_cloud_run_service",
            "labels",
            "effective_labels",
            {},
            {},
            true},
    Gcp("google_dataproc_cluster", "dataproc.googleapis.com/Cluster", "name,id",
        kName),
    Gcp("google_filestore_instance", "file.googleapis.com/Instance"),
    Gcp("google_secret_manager_secret", "secretmanager.googleapis.com/Secret"),
    Gcp("google_artifact_registry_repository",
        "artifactregistry.googleapis.com/Repository"),
    Gcp("google_logging_project_sink", "logging.googleapis.com/LogSink"),
    Gcp("google_app_engine_application", "appengine.googleapis.com/Application",
        "id,name", kName),
});

}  // namespace

std::span<const TypeRow> GoogleTypes() { return kGoogle; }

}  // namespace catalog_data
}  // namespace v1
}  // namespace dw
