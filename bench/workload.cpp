// File: bench/workload.cpp
#include "workload.hpp"

#include <array>
#include <random>
#include <string_view>

#include "driftwise/json.hpp"

namespace dw::bench {
namespace {

struct TypeInfo {
  std::string_view type;
  std::string_view provider;
};

constexpr std::array<TypeInfo, 9> kTypes = {{
    {"aws_instance", "registry.terraform.io/hashicorp/aws"},
    {"aws_s3_bucket", "registry.terraform.io/hashicorp/aws"},
    {"aws_security_group", "registry.terraform.io/hashicorp/aws"},
    {"aws_iam_role", "registry.terraform.io/hashicorp/aws"},
    {"google_compute_instance", "registry.terraform.io/hashicorp/google"},
    {"google_storage_bucket", "registry.terraform.io/hashicorp/google"},
    {"azurerm_storage_account", "registry.terraform.io/hashicorp/azurerm"},
    {"azurerm_network_security_group",
     "registry.terraform.io/hashicorp/azurerm"},
    {"aws_db_instance", "registry.terraform.io/hashicorp/aws"},
}};

std::string Quote(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

// One resource's attribute object; `variant` changes a few values so before
// and after differ the way real updates do.
std::string Attributes(const std::string& name, int i, int variant,
                       std::mt19937_64& rng) {
  std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::)" +
      name + R"(/*"}]})";
  std::string a = "{";
  a += R"("id":)" + Quote(name + "-" + std::to_string(i));
  a += R"(,"arn":)" + Quote("arn:aws:service:us-east-1:123456789012:" + name);
  a += R"(,"name":)" + Quote(name);
  a += R"(,"instance_type":)" + Quote(variant ? "m5.large" : "t3.micro");
  a += R"(,"count":)" + std::to_string(2 + variant + int(rng() % 3));
  a += R"(,"enabled":)" + std::string(variant ? "false" : "true");
  a += R"(,"ratio":)" + std::to_string(0.25 * double(1 + rng() % 8));
  a += R"(,"policy":)" + Quote(policy);
  a += R"(,"tags":{"team":"platform","env":)" +
       Quote(variant ? "prod" : "staging") +
       R"(,"kubernetes.io/cluster/main":"owned","owner":)" +
       Quote("user" + std::to_string(rng() % 50)) + "}";
  a += R"(,"ingress":[)";
  int rules = 2 + variant;
  for (int r = 0; r < rules; ++r) {
    if (r) a += ",";
    a += R"({"from_port":)" + std::to_string(r == 0 ? 443 : 22 + r) +
         R"(,"to_port":)" + std::to_string(r == 0 ? 443 : 22 + r) +
         R"(,"protocol":"tcp","cidr_blocks":[)" +
         Quote(r == 1 && variant ? "0.0.0.0/0" : "10.0.0.0/8") +
         R"(],"description":"rule ")" + "}";
  }
  a += "]";
  a += R"(,"root_block_device":[{"volume_size":)" +
       std::to_string(20 + 10 * variant) +
       R"(,"volume_type":"gp3","encrypted":true,"kms_key_id":null}])";
  a += R"(,"password":)" + Quote("secret-" + std::to_string(rng() % 1000));
  a +=
      R"(,"network_interface":[{"network":"default","access_config":[{"nat_ip":"34.1.2.3"}]}])";
  a += R"(,"timeouts":null,"lifecycle_rule":[])";
  a += "}";
  return a;
}

}  // namespace

std::string GeneratePlan(int changes, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string rcs, prior, config;
  rcs.reserve(static_cast<std::size_t>(changes) * 5000);
  for (int i = 0; i < changes; ++i) {
    const TypeInfo& t = kTypes[rng() % kTypes.size()];
    std::string name = "r" + std::to_string(i);
    std::string module, index;
    switch (i % 4) {
      case 1:
        module = "module.app" + std::to_string(i % 7);
        break;
      case 2:
        module = "module.net[\"" + std::to_string(i % 5) + "\"]";
        break;
      default:
        break;
    }
    if (i % 3 == 0) index = std::to_string(i % 4);
    if (i % 3 == 1) index = Quote("k" + std::to_string(i % 6));
    std::string address = module.empty() ? "" : module + ".";
    address += std::string(t.type) + "." + name;
    if (!index.empty()) address += "[" + index + "]";
    int kind = static_cast<int>(rng() % 10);
    std::string actions, before, after;
    std::string before_obj = Attributes(name, i, 0, rng);
    std::string after_obj = Attributes(name, i, 1, rng);
    if (kind < 3) {
      actions = R"(["create"])";
      before = "null";
      after = after_obj;
    } else if (kind < 8) {
      actions = R"(["update"])";
      before = before_obj;
      after = after_obj;
    } else if (kind < 9) {
      actions = R"(["delete","create"])";
      before = before_obj;
      after = after_obj;
    } else {
      actions = R"(["no-op"])";
      before = before_obj;
      after = before_obj;
    }
    if (i) rcs += ",";
    rcs += R"({"address":)" + Quote(address);
    if (!module.empty()) rcs += R"(,"module_address":)" + Quote(module);
    rcs += R"(,"mode":"managed","type":")" + std::string(t.type) +
           R"(","name":")" + name + "\"";
    if (!index.empty()) rcs += R"(,"index":)" + index;
    rcs += R"(,"provider_name":")" + std::string(t.provider) + "\"";
    rcs += R"(,"change":{"actions":)" + actions + R"(,"before":)" + before +
           R"(,"after":)" + after;
    rcs += R"(,"after_unknown":{"arn":)" +
           std::string(kind < 3 ? "true" : "false") +
           R"(,"ingress":[{},{"cidr_blocks":[false]}],"tags":{}})";
    rcs +=
        R"(,"before_sensitive":{"password":true},"after_sensitive":{"password":true})";
    if (kind == 8) {
      rcs += R"(,"replace_paths":[["instance_type"]])";
    }
    rcs += "}";
    if (kind == 8) rcs += R"(,"action_reason":"replace_because_cannot_update")";
    rcs += "}";
    if (kind >= 3) {
      if (!prior.empty()) prior += ",";
      prior += R"({"address":)" + Quote(address) +
               R"(,"mode":"managed","type":")" + std::string(t.type) +
               R"(","name":")" + name + R"(","schema_version":1,"values":)" +
               before_obj + R"(,"sensitive_values":{"password":true}})";
    }
    if (i % 10 == 0) {
      if (!config.empty()) config += ",";
      config +=
          R"({"address":")" + std::string(t.type) + "." + name +
          R"(","mode":"managed","type":")" + std::string(t.type) +
          R"(","name":")" + name +
          R"(","expressions":{"name":{"constant_value":")" + name +
          R"("},"tags":{"references":["var.tags","local.common"]}},"schema_version":1})";
    }
  }
  std::string out;
  out.reserve(rcs.size() + prior.size() + config.size() + 1024);
  out += R"({"format_version":"1.2","terraform_version":"1.9.5",)";
  out += R"("variables":{"region":{"value":"us-east-1"}},)";
  out += R"("resource_changes":[)" + rcs + "],";
  out +=
      R"("output_changes":{"bucket":{"actions":["update"],"before":"a","after":null,"after_unknown":true,"before_sensitive":false,"after_sensitive":false}},)";
  out +=
      R"("prior_state":{"format_version":"1.0","terraform_version":"1.9.5","values":{"root_module":{"resources":[)" +
      prior + "]}}},";
  out += R"("configuration":{"root_module":{"resources":[)" + config + "]}},";
  out +=
      R"("timestamp":"2026-11-27T00:00:00Z","applyable":true,"complete":true,"errored":false})";
  return out;
}

std::string GenerateState(int resources, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out;
  out.reserve(static_cast<std::size_t>(resources) * 2000);
  out +=
      R"({"version":4,"terraform_version":"1.9.5","serial":42,"lineage":"5f2b","outputs":{},"resources":[)";
  for (int i = 0; i < resources; ++i) {
    const TypeInfo& t = kTypes[rng() % kTypes.size()];
    std::string name = "r" + std::to_string(i);
    if (i) out += ",";
    out += "{";
    if (i % 4 == 1)
      out += R"("module":"module.app)" + std::to_string(i % 7) + "\",";
    out += R"("mode":"managed","type":")" + std::string(t.type) +
           R"(","name":")" + name + R"(","provider":"provider[\")" +
           std::string(t.provider) + R"(\"]","instances":[{)";
    if (i % 3 == 0) out += R"("index_key":)" + std::to_string(i % 4) + ",";
    out += R"("schema_version":1,"attributes":)" + Attributes(name, i, 0, rng);
    out +=
        R"(,"sensitive_attributes":[[{"type":"get_attr","value":"password"}]]}]})";
  }
  out += "]}";
  return out;
}

}  // namespace dw::bench
