// File: server/api/live_views.hpp
//
// JSON shapes of the live side (cloud accounts, live resources, plan
// links) as the reference documents them. Sealed credentials never appear.
#ifndef DRIFTWISE_SERVER_API_LIVE_VIEWS_HPP
#define DRIFTWISE_SERVER_API_LIVE_VIEWS_HPP

#include <nlohmann/json.hpp>

#include "store/live_store.hpp"

namespace dw::server {

/// The engine's provider name for the API's ("gcp" -> "google", "azure" ->
/// "azurerm", "aws", "kubernetes"); "" for an unknown name.
std::string EngineProviderName(std::string_view api_name);
/// The API's provider name for the engine's (the inverse; others as is).
std::string ApiProviderName(std::string_view engine_name);

/// {id, org_id, provider, external_account_id, display_name,
///  credential_type, default_region, created_at, last_validated_at}.
nlohmann::json CloudAccountJson(const CloudAccount& a);
/// The reference's live resource: {id, provider, provider_type,
/// normalized_type, provider_resource_id, region, name, status,
/// enrichment_status, enrichment_failure_reason, iac_resource_id,
/// last_seen_at, properties} plus account_id, account, tags, first_seen_at.
nlohmann::json LiveResourceJson(const LiveResourceRow& r);
/// {analysis_id, address, action, risk_level, ci, created_at}.
nlohmann::json PlanLinkJson(const PlanLink& l);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_LIVE_VIEWS_HPP
