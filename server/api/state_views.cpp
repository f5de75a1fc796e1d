// File: server/api/state_views.cpp
#include "api/state_views.hpp"

#include <array>

namespace dw::server {
namespace {

// Config members that are credentials in the backends' own vocabularies
// (Terraform's s3/azurerm/gcs/remote backends).
constexpr std::array<std::string_view, 13> kSecretKeys = {
    "token",         "access_key_id",     "secret_access_key",
    "session_token", "access_key",        "sas_token",
    "account_key",   "connection_string", "client_secret",
    "access_token",  "private_key",       "service_account_key",
    "password"};

nlohmann::json OrNull(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

constexpr std::string_view kUsableStatePrefix = "not a usable Terraform state";

}  // namespace

nlohmann::json StateSourceJson(const StateSource& s) {
  auto config = nlohmann::json::parse(s.config, nullptr, false);
  if (!config.is_object()) config = nlohmann::json::object();
  return {{"id", s.id},
          {"org_id", s.org_id},
          {"display_name", s.name},
          {"kind", s.kind},
          {"config", std::move(config)},
          {"cloud_account_id", s.cloud_account_id},
          {"parent_glob_id", OrNull(s.glob_id)},
          {"status", s.status},
          {"last_fetch_error", s.last_error},
          {"last_fetched_at", OrNull(s.last_refreshed_at)},
          {"latest_snapshot_id", OrNull(s.current_snapshot_id)},
          {"has_credentials", s.sealed_credentials.has_value()},
          {"missing_since", nullptr},
          {"workspaces", nlohmann::json::array()},
          {"created_at", s.created_at}};
}

nlohmann::json StateSourceGlobJson(const StateSourceGlob& g) {
  return {{"id", g.id},
          {"org_id", g.org_id},
          {"display_name", g.display_name},
          {"provider", g.provider},
          {"bucket", g.bucket},
          {"prefix", g.prefix},
          {"region", g.region},
          {"storage_account", g.storage_account},
          {"cloud_account_id", g.cloud_account_id},
          {"child_count", g.child_count},
          {"created_at", g.created_at}};
}

bool SplitSecrets(nlohmann::json& config, nlohmann::json& secrets) {
  bool found = false;
  // A nested "credentials" object joins the top-level credentials.
  if (auto it = config.find("credentials"); it != config.end()) {
    if (it->is_object()) {
      for (const auto& [k, v] : it->items()) secrets[k] = v;
    }
    config.erase(it);
    found = true;
  }
  for (std::string_view key : kSecretKeys) {
    auto it = config.find(std::string(key));
    if (it == config.end()) continue;
    secrets[std::string(key)] = std::move(*it);
    config.erase(it);
    found = true;
  }
  return found;
}

void FailStateError(Call& call, const Status& st) {
  const std::string& msg = st.message();
  if (msg.rfind(kUsableStatePrefix, 0) == 0) {
    return call.Fail(422, kErrValidation, msg);
  }
  switch (st.code()) {
    case StatusCode::kResourceExhausted:
      return call.Fail(413, "payload_too_large", msg);
    case StatusCode::kInvalidArgument:
      return call.Fail(400, kErrValidation,
                       st.has_offset() ? msg + " (at byte " +
                                             std::to_string(st.offset()) + ")"
                                       : msg);
    case StatusCode::kUnimplemented:
      return call.Fail(501, "not_implemented", msg);
    case StatusCode::kNotFound:
      return call.Fail(404, kErrNotFound, "state source not found");
    case StatusCode::kFailedPrecondition:
      return call.Fail(409, kErrConflict, msg);
    default:
      return call.Fail(502, "backend_error", msg);
  }
}

void FailJobError(Call& call, const std::string& error) {
  // The worker stored status.ToString(): "CODE_NAME: message (at ...)".
  for (int code = 1; code <= 16; ++code) {
    const auto sc = static_cast<StatusCode>(code);
    const std::string prefix = std::string(StatusCodeName(sc)) + ": ";
    if (error.rfind(prefix, 0) == 0) {
      return FailStateError(call, Status(sc, error.substr(prefix.size())));
    }
  }
  call.Fail(502, "backend_error", error);
}

}  // namespace dw::server
