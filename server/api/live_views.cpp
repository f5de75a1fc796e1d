// File: server/api/live_views.cpp
#include "api/live_views.hpp"

namespace dw::server {
namespace {

nlohmann::json OptionalText(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

// Stored JSON text back to a value; the store only holds what the server
// wrote, so a parse failure is a bug surfaced as null rather than a crash.
nlohmann::json StoredJson(const std::string& text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  return value.is_discarded() ? nlohmann::json(nullptr) : value;
}

}  // namespace

std::string EngineProviderName(std::string_view api_name) {
  if (api_name == "gcp") return "google";
  if (api_name == "azure") return "azurerm";
  if (api_name == "aws" || api_name == "kubernetes") {
    return std::string(api_name);
  }
  return "";
}

std::string ApiProviderName(std::string_view engine_name) {
  if (engine_name == "google") return "gcp";
  if (engine_name == "azurerm") return "azure";
  return std::string(engine_name);
}

nlohmann::json CloudAccountJson(const CloudAccount& a) {
  return {{"id", a.id},
          {"org_id", a.org_id},
          {"provider", a.provider},
          {"external_account_id", a.external_account_id},
          {"display_name", a.display_name},
          {"credential_type", a.credential_type},
          {"default_region", a.default_region},
          {"created_at", a.created_at},
          {"last_validated_at", OptionalText(a.last_validated_at)}};
}

nlohmann::json LiveResourceJson(const LiveResourceRow& r) {
  nlohmann::json tags = nlohmann::json::object();
  for (const auto& t : StoredJson(r.tags)) {
    if (t.is_object()) tags[t.value("key", "")] = t.value("value", "");
  }
  return {
      {"id", r.id},
      {"account_id", r.account_id},
      {"provider", ApiProviderName(r.provider)},
      {"provider_type", r.provider_type},
      {"normalized_type", r.normalized_type},
      {"provider_resource_id", r.provider_resource_id},
      {"region", r.region},
      {"account", r.account},
      {"name", r.name},
      {"status", r.status},
      {"enrichment_status", r.enrichment_status},
      {"enrichment_failure_reason", OptionalText(r.enrichment_failure_reason)},
      // Set by a scan that matched it to IaC (not stored yet: null).
      {"iac_resource_id", nullptr},
      {"properties", StoredJson(r.properties)},
      {"tags", r.has_tags ? tags : nlohmann::json(nullptr)},
      {"first_seen_at", r.first_seen_at},
      {"last_seen_at", r.last_seen_at}};
}

nlohmann::json PlanLinkJson(const PlanLink& l) {
  return {{"analysis_id", l.analysis_id}, {"address", l.address},
          {"action", l.action},           {"risk_level", l.risk_level},
          {"ci", StoredJson(l.ci)},       {"created_at", l.created_at}};
}

}  // namespace dw::server
