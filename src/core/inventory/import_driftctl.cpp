// File: src/core/inventory/import_driftctl.cpp
//
// driftctl's normalised enumeration (its remote-scanner goldens): a JSON
// array of Terraform-shaped attribute objects, all of one Terraform type that
// the file does not name (InventoryOptions::terraform_type says it). The
// records keep Terraform attribute names, so they are marked
// terraform_shaped and compared attribute for attribute.
#include <array>

#include "inventory/importers.hpp"

namespace dw {
inline namespace v1 {
namespace inventory_internal {

Status ImportDriftctl(JsonValue root, const InventoryOptions& options,
                      Inventory* out) {
  if (options.terraform_type.empty()) {
    return InvalidArgumentError(
        "driftctl: the enumeration does not name its Terraform type; pass "
        "it (e.g. --inventory driftctl:aws_s3_bucket:FILE)");
  }
  if (!root.is_array()) {
    return InvalidArgumentError("driftctl: expected an array of resources",
                                root.offset());
  }
  std::string_view type = options.terraform_type;
  std::string provider(type.substr(0, type.find('_')));
  std::size_t i = 0;
  for (JsonValue r : root.elements()) {
    std::size_t index = i++;
    if (!r.is_object()) {
      Skip(out, index, r, "record is not an object");
      continue;
    }
    std::string_view id = StringField(r, "id");
    if (id.empty()) {
      Skip(out, index, r, "record has no string id");
      continue;
    }
    LiveResource res;
    res.provider = CanonicalProvider(provider);
    res.provider_type = std::string(type);
    res.normalized_type = std::string(type);
    res.provider_resource_id = std::string(id);
    res.terraform_shaped = true;
    res.properties = r;
    res.offset = r.offset();
    std::string_view arn = StringField(r, "arn");
    res.region = std::string(FirstString(r, {"region", "location"}));
    if (res.region.empty()) res.region = std::string(ArnRegion(arn));
    res.account = std::string(FirstString(r, {"owner_id", "project"}));
    if (res.account.empty()) res.account = std::string(ArnAccount(arn));
    res.name = std::string(FirstString(
        r, {"name", "bucket", "function_name", "key_name", "username"}));
    if (res.name.empty()) res.name = std::string(id);
    JsonValue tags = r.Get("tags");
    if (!tags.valid()) tags = r.Get("labels");
    if (!ReadTags(tags, &res)) {
      Skip(out, index, r, "tags are not a map");
      continue;
    }
    out->resources.push_back(std::move(res));
  }
  return OkStatus();
}

namespace {

struct FileAlias {
  std::string_view stem;
  std::string_view terraform_type;
};
// driftctl names some goldens after the API rather than the Terraform type.
constexpr std::array<FileAlias, 22> kFileAliases = {{
    {"aws_ec2_instance", "aws_instance"},
    {"aws_ec2_ebs_volume", "aws_ebs_volume"},
    {"aws_ec2_ebs_snapshot", "aws_ebs_snapshot"},
    {"aws_ec2_eip", "aws_eip"},
    {"aws_ec2_eip_association", "aws_eip_association"},
    {"aws_ec2_internet_gateway", "aws_internet_gateway"},
    {"aws_ec2_key_pair", "aws_key_pair"},
    {"aws_ec2_nat_gateway", "aws_nat_gateway"},
    {"aws_ec2_network_acl", "aws_network_acl"},
    {"aws_ec2_network_acl_rule", "aws_network_acl_rule"},
    {"aws_ec2_route", "aws_route"},
    {"aws_ec2_route_table", "aws_route_table"},
    {"aws_ec2_route_table_association", "aws_route_table_association"},
    {"aws_ec2_subnet", "aws_subnet"},
    {"aws_ec2_default_subnet", "aws_default_subnet"},
    {"aws_ec2_default_route_table", "aws_default_route_table"},
    {"aws_ec2_default_network_acl", "aws_default_network_acl"},
    {"aws_ec2_ami", "aws_ami"},
    {"aws_rds_db_instance", "aws_db_instance"},
    {"aws_rds_db_subnet_group", "aws_db_subnet_group"},
    {"aws_vpc_security_group", "aws_security_group"},
    {"aws_vpc_default_security_group", "aws_default_security_group"},
}};

}  // namespace

}  // namespace inventory_internal

std::string DriftctlTypeFromFileName(std::string_view file_name) {
  using inventory_internal::kFileAliases;
  file_name = inventory_internal::LastSegment(file_name);
  std::size_t cut = file_name.find("__");
  std::string_view stem = file_name.substr(0, cut);
  for (std::string_view suffix :
       {"_multiples", "_multiple", "_single", "_list", "_results"}) {
    if (stem.size() > suffix.size() &&
        stem.substr(stem.size() - suffix.size()) == suffix) {
      stem.remove_suffix(suffix.size());
      break;
    }
  }
  for (const auto& a : kFileAliases) {
    if (a.stem == stem) return std::string(a.terraform_type);
  }
  if (stem.find('_') == std::string_view::npos) return {};
  return std::string(stem);
}

}  // namespace v1
}  // namespace dw
