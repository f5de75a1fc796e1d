// File: src/core/catalog/catalog_types_kubernetes.cpp
//
// Kubernetes and other providers. Kubernetes cloud types are "<group>/<Kind>"
// as the kubectl importer writes them; a kind's `_v1` resource shares the
// family of the unversioned one. GitHub types come from driftctl
// enumerations, which name them by Terraform type.
#include <array>

#include "catalog/catalog_data.hpp"

namespace dw {
inline namespace v1 {
namespace catalog_data {

namespace {

constexpr auto kKubernetes = std::to_array<TypeRow>({
    K8s("kubernetes_namespace", "core/Namespace", false),
    K8s("kubernetes_namespace_v1", "core/Namespace", false,
        "kubernetes_namespace"),
    K8s("kubernetes_deployment", "apps/Deployment"),
    K8s("kubernetes_deployment_v1", "apps/Deployment", true,
        "kubernetes_deployment"),
    K8s("kubernetes_stateful_set", "apps/StatefulSet"),
    K8s("kubernetes_stateful_set_v1", "apps/StatefulSet", true,
        "kubernetes_stateful_set"),
    K8s("kubernetes_daemonset", "apps/DaemonSet"),
    K8s("kubernetes_daemon_set_v1", "apps/DaemonSet", true,
        "kubernetes_daemonset"),
    K8s("kubernetes_service", "core/Service"),
    K8s("kubernetes_service_v1", "core/Service", true, "kubernetes_service"),
    K8s("kubernetes_config_map", "core/ConfigMap"),
    K8s("kubernetes_config_map_v1", "core/ConfigMap", true,
        "kubernetes_config_map"),
    K8s("kubernetes_secret", "core/Secret"),
    K8s("kubernetes_secret_v1", "core/Secret", true, "kubernetes_secret"),
    K8s("kubernetes_service_account", "core/ServiceAccount"),
    K8s("kubernetes_service_account_v1", "core/ServiceAccount", true,
        "kubernetes_service_account"),
    K8s("kubernetes_pod", "core/Pod"),
    K8s("kubernetes_pod_v1", "core/Pod", true, "kubernetes_pod"),
    K8s("kubernetes_persistent_volume_claim", "core/PersistentVolumeClaim"),
    K8s("kubernetes_persistent_volume_claim_v1", "core/PersistentVolumeClaim",
        true, "kubernetes_persistent_volume_claim"),
    K8s("kubernetes_persistent_volume", "core/PersistentVolume", false),
    K8s("kubernetes_persistent_volume_v1", "core/PersistentVolume", false,
        "kubernetes_persistent_volume"),
    K8s("kubernetes_limit_range", "core/LimitRange"),
    K8s("kubernetes_resource_quota", "core/ResourceQuota"),
    K8s("kubernetes_ingress_v1", "networking.k8s.io/Ingress"),
    K8s("kubernetes_network_policy", "networking.k8s.io/NetworkPolicy"),
    K8s("kubernetes_network_policy_v1", "networking.k8s.io/NetworkPolicy", true,
        "kubernetes_network_policy"),
    K8s("kubernetes_role", "rbac.authorization.k8s.io/Role"),
    K8s("kubernetes_role_v1", "rbac.authorization.k8s.io/Role", true,
        "kubernetes_role"),
    K8s("kubernetes_role_binding", "rbac.authorization.k8s.io/RoleBinding"),
    K8s("kubernetes_role_binding_v1", "rbac.authorization.k8s.io/RoleBinding",
        true, "kubernetes_role_binding"),
    K8s("kubernetes_cluster_role", "rbac.authorization.k8s.io/ClusterRole",
        false),
    K8s("kubernetes_cluster_role_v1", "rbac.authorization.k8s.io/ClusterRole",
        false, "kubernetes_cluster_role"),
    K8s("kubernetes_cluster_role_binding",
        "rbac.authorization.k8s.io/ClusterRoleBinding", false),
    K8s("kubernetes_cluster_role_binding_v1",
        "rbac.authorization.k8s.io/ClusterRoleBinding", false,
        "kubernetes_cluster_role_binding"),
    K8s("kubernetes_job", "batch/Job"),
    K8s("kubernetes_job_v1", "batch/Job", true, "kubernetes_job"),
    K8s("kubernetes_cron_job_v1", "batch/CronJob"),
    K8s("kubernetes_horizontal_pod_autoscaler_v2",
        "autoscaling/HorizontalPodAutoscaler"),
    K8s("kubernetes_storage_class", "storage.k8s.io/StorageClass", false),
    K8s("kubernetes_storage_class_v1", "storage.k8s.io/StorageClass", false,
        "kubernetes_storage_class"),
});

constexpr TypeRow Github(std::string_view type, std::string_view sets = {}) {
  return TypeRow{type, type, "id", IdentityScheme::kPlain, {}, {}, {},
                 sets, {},   true};
}

constexpr auto kOther = std::to_array<TypeRow>({
    Github("github_repository", "topics"),
    Github("github_membership"),
    Github("github_team"),
    Github("github_team_membership"),
    Github("github_branch_protection", "push_restrictions"),
});

}  // namespace

std::span<const TypeRow> KubernetesTypes() { return kKubernetes; }
std::span<const TypeRow> OtherTypes() { return kOther; }

}  // namespace catalog_data
}  // namespace v1
}  // namespace dw
