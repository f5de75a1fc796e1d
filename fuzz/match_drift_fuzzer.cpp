// File: fuzz/match_drift_fuzzer.cpp
//
// Fuzzes matching end to end: the input is `.driftignore text \0 inventory
// JSON`. The rules are parsed, the inventory imported (format detected),
// and both matched against a small fixed state; the result is rendered.
// Exercises identity extraction, defaults, attribute comparison, the glob
// matcher (which backtracks: depth and pattern walk are bounded) and the
// renderers on hostile input. Must never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "driftwise/drift_report.hpp"
#include "driftwise/inventory.hpp"
#include "driftwise/match.hpp"
#include "driftwise/state.hpp"

namespace {

const dw::State& FixedState() {
  static const dw::State* const kState = [] {
    auto s =
        dw::ParseState(R"({"version":4,"terraform_version":"1.9.5","serial":1,
      "lineage":"f","outputs":{},"resources":[
      {"mode":"managed","type":"aws_s3_bucket","name":"b","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
       "instances":[{"schema_version":0,"attributes":{"id":"b.1","arn":"arn:aws:s3:::b.1","tags":{"a.b":"1"},"tags_all":{"a.b":"1","t":"p"}}}]},
      {"mode":"managed","type":"aws_security_group","name":"g","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
       "instances":[{"schema_version":0,"attributes":{"id":"sg-1","name":"g","ingress":[{"protocol":"tcp","from_port":1,"to_port":2,"cidr_blocks":["0.0.0.0/0"],"self":true}]}}]},
      {"mode":"managed","type":"aws_iam_role","name":"r","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
       "instances":[{"schema_version":0,"attributes":{"id":"r","arn":"arn:aws:iam::1:role/r","assume_role_policy":"{\"Statement\":[]}"}}]},
      {"mode":"managed","type":"kubernetes_deployment_v1","name":"d","provider":"provider[\"registry.terraform.io/hashicorp/kubernetes\"]",
       "instances":[{"schema_version":0,"attributes":{"id":"ns/d","metadata":[{"name":"d","namespace":"ns"}],"spec":[{"replicas":1}]}}]}]})");
    return new dw::State(*std::move(s));
  }();
  return *kState;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  std::size_t nul = all.find('\0');
  std::string_view rules_text = all.substr(0, nul);
  std::string_view inventory_text = nul == std::string_view::npos
                                        ? std::string_view("[]")
                                        : all.substr(nul + 1);
  dw::MatchOptions options;
  options.list_defaults = true;
  dw::Result<dw::DriftIgnore> rules = dw::ParseDriftIgnore(rules_text);
  if (rules.ok()) options.ignore = *std::move(rules);
  dw::Result<dw::Inventory> inv =
      dw::ParseInventory(std::string(inventory_text));
  if (!inv.ok()) return 0;
  dw::StateSource st{"fixed", &FixedState()};
  dw::InventorySource src{"fuzz", &*inv};
  dw::Result<dw::DriftResult> r =
      dw::ComputeDrift({&st, 1}, {&src, 1}, {}, options);
  if (r.ok()) {
    (void)dw::RenderDriftJson(*r);
    (void)dw::RenderDriftText(*r);
    (void)dw::RenderDriftSarif(*r);
  }
  return 0;
}
