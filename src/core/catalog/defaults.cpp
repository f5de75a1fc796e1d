// File: src/core/catalog/defaults.cpp
//
// Provider-created defaults: objects a cloud makes by itself (the default
// VPC and its subnets and security groups, AWS-managed roles, keys and
// policies, GCP's default network, Azure's NetworkWatcherRG, Kubernetes
// system objects and controller-owned objects). They are not "unmanaged"
// drift: nobody created them by hand.
#include <algorithm>
#include <array>

#include "catalog/catalog_data.hpp"

namespace dw {
inline namespace v1 {

namespace {

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// A property by either capitalisation of its first letter (AWS APIs say
// "IsDefault", AWS Config says "isDefault").
JsonValue Prop(const JsonValue& props, std::string_view key) {
  JsonValue v = props.Get(key);
  if (v.valid() || key.empty()) return v;
  std::string alt(key);
  alt[0] = static_cast<char>(alt[0] >= 'a' && alt[0] <= 'z' ? alt[0] - 32
                                                            : alt[0] + 32);
  return props.Get(alt);
}

bool IsTrue(JsonValue v) {
  return v.as_bool() || (v.is_string() && v.as_string() == "true");
}

std::optional<std::string> AwsDefault(std::string_view type,
                                      const LiveResource& r) {
  const JsonValue& p = r.properties;
  if (type == "AWS::EC2::VPC" && IsTrue(Prop(p, "IsDefault"))) {
    return "default VPC created by AWS";
  }
  if (type == "AWS::EC2::Subnet" && IsTrue(Prop(p, "DefaultForAz"))) {
    return "default subnet created by AWS";
  }
  if (type == "AWS::EC2::SecurityGroup" &&
      (Prop(p, "GroupName").as_string() == "default" ||
       (r.name == "default" && !Prop(p, "GroupName").valid()))) {
    return "default security group AWS creates with every VPC";
  }
  if (type == "AWS::EC2::NetworkAcl" && IsTrue(Prop(p, "IsDefault"))) {
    return "default network ACL AWS creates with every VPC";
  }
  if (type == "AWS::EC2::RouteTable") {
    for (JsonValue a : Prop(p, "Associations").elements()) {
      if (IsTrue(Prop(a, "Main"))) {
        return "main route table AWS creates with every VPC";
      }
    }
  }
  if (type == "AWS::EC2::DHCPOptions" && r.tags.empty()) {
    return "DHCP option set AWS creates for the default VPC";
  }
  if (type == "AWS::IAM::Role") {
    std::string_view path = Prop(p, "Path").as_string();
    if (StartsWith(path, "/aws-service-role/") ||
        StartsWith(path, "/aws-reserved/") ||
        StartsWith(r.name, "AWSServiceRoleFor") ||
        r.provider_resource_id.find(":role/aws-service-role/") !=
            std::string::npos) {
      return "service-linked role managed by AWS";
    }
  }
  if ((type == "AWS::IAM::Policy" || type == "AWS::IAM::ManagedPolicy") &&
      r.provider_resource_id.find(":iam::aws:policy/") != std::string::npos) {
    return "AWS-managed IAM policy";
  }
  if (type == "AWS::KMS::Key" && Prop(p, "KeyManager").as_string() == "AWS") {
    return "AWS-managed KMS key";
  }
  if (type == "AWS::KMS::Alias" &&
      (StartsWith(r.name, "alias/aws/") ||
       r.provider_resource_id.find(":alias/aws/") != std::string::npos)) {
    return "alias of an AWS-managed KMS key";
  }
  return std::nullopt;
}

// driftctl records keep Terraform names: its default_* types and AWS-owned
// objects are defaults too.
std::optional<std::string> TerraformShapedDefault(const CatalogEntry* entry,
                                                  const LiveResource& r) {
  std::string_view type = entry ? entry->terraform_type : r.normalized_type;
  if (StartsWith(type, "aws_default_")) {
    return "default " + std::string(type.substr(12)) + " created by AWS";
  }
  const JsonValue& p = r.properties;
  if (type == "aws_iam_role" &&
      StartsWith(p.Get("path").as_string(), "/aws-service-role/")) {
    return "service-linked role managed by AWS";
  }
  if (type == "aws_iam_policy" &&
      p.Get("arn").as_string().find(":iam::aws:policy/") != std::string::npos) {
    return "AWS-managed IAM policy";
  }
  if (type == "aws_kms_alias" &&
      StartsWith(p.Get("name").as_string(), "alias/aws/")) {
    return "alias of an AWS-managed KMS key";
  }
  if (type == "aws_vpc" && p.Get("default").as_bool()) {
    return "default VPC created by AWS";
  }
  return std::nullopt;
}

std::optional<std::string> GoogleDefault(std::string_view type,
                                         const LiveResource& r) {
  if (type == "compute.googleapis.com/Network" && r.name == "default") {
    return "default network GCP creates in new projects";
  }
  if (type == "compute.googleapis.com/Firewall" &&
      StartsWith(r.name, "default-allow-")) {
    return "firewall rule of GCP's default network";
  }
  if (type == "compute.googleapis.com/Route" &&
      StartsWith(r.name, "default-route-")) {
    return "route GCP creates for every network";
  }
  if (type == "iam.googleapis.com/ServiceAccount") {
    std::string_view email = r.properties.Get("email").as_string();
    if (EndsWith(email, "-compute@developer.gserviceaccount.com") ||
        EndsWith(email, "@appspot.gserviceaccount.com")) {
      return "default service account created by GCP";
    }
  }
  return std::nullopt;
}

std::optional<std::string> AzureDefault(std::string_view type,
                                        const LiveResource& r) {
  std::string lower(type);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower == "microsoft.network/networkwatchers") {
    return "Network Watcher Azure creates per region";
  }
  if (lower.find("resourcegroups") != std::string::npos &&
      (r.name == "NetworkWatcherRG" ||
       StartsWith(r.name, "DefaultResourceGroup-") ||
       StartsWith(r.name, "MC_"))) {
    return "resource group created by Azure (Network Watcher, AKS node "
           "resources or defaults)";
  }
  return std::nullopt;
}

std::optional<std::string> KubernetesDefault(std::string_view type,
                                             const LiveResource& r) {
  const JsonValue meta = r.properties.Get("metadata");
  JsonValue owners = meta.Get("ownerReferences");
  if (owners.is_array() && !owners.empty()) {
    JsonValue o = owners.at(0);
    return "created by its owner " + std::string(o.Get("kind").as_string()) +
           " " + std::string(o.Get("name").as_string());
  }
  std::string_view ns = meta.Get("namespace").as_string();
  constexpr std::array<std::string_view, 3> kSystem = {
      "kube-system", "kube-public", "kube-node-lease"};
  if (std::find(kSystem.begin(), kSystem.end(), ns) != kSystem.end()) {
    return "object in the system namespace " + std::string(ns);
  }
  if (type == "core/Namespace" &&
      (r.name == "default" ||
       std::find(kSystem.begin(), kSystem.end(), r.name) != kSystem.end())) {
    return "namespace every cluster starts with";
  }
  if (type == "core/ServiceAccount" && r.name == "default") {
    return "default service account of its namespace";
  }
  if (type == "core/ConfigMap" && r.name == "kube-root-ca.crt") {
    return "root CA bundle Kubernetes publishes in every namespace";
  }
  if (type == "core/Service" &&
      r.provider_resource_id == "default/kubernetes") {
    return "the API server's own service";
  }
  if ((type == "rbac.authorization.k8s.io/ClusterRole" ||
       type == "rbac.authorization.k8s.io/ClusterRoleBinding") &&
      (StartsWith(r.name, "system:") || r.name == "cluster-admin" ||
       r.name == "admin" || r.name == "edit" || r.name == "view")) {
    return "built-in RBAC object";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ProviderDefaultReason(const CatalogEntry* entry,
                                                 const LiveResource& r) {
  if (r.terraform_shaped) return TerraformShapedDefault(entry, r);
  std::string_view type = r.provider_type;
  if (r.provider == "aws") return AwsDefault(type, r);
  if (r.provider == "google") return GoogleDefault(type, r);
  if (r.provider == "azurerm") return AzureDefault(type, r);
  if (r.provider == "kubernetes") return KubernetesDefault(type, r);
  return std::nullopt;
}

}  // namespace v1
}  // namespace dw
