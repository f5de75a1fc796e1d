// /api/v2/orgs/{id}/api-keys: list, create (shown once), revoke.
#include <algorithm>

#include "api/api_key_codec.hpp"
#include "api/api_route.hpp"
#include "api/audit_trail.hpp"
#include "api/json_views.hpp"
#include "api/plan_limits.hpp"
#include "store/ids.hpp"

namespace dw::server {
namespace {

void ListKeys(Call& call) {
  auto paging = call.Paging(100, 500);
  if (!paging) return;
  Page<ApiKey> page;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto list = r.ListApiKeys(call.org->org.id, *paging);
    if (!list.ok()) return list.status();
    page = std::move(list.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.ListPage("api_keys", page, *paging, ApiKeyJson);
}

void CreateKey(Call& call) {
  using T = BodyField::Type;
  auto body = call.StrictBody({{"name"}, {"scopes", T::kStringArray, false}});
  if (!body) return;
  const std::string name = (*body)["name"];
  if (name.empty() || name.size() > 100) {
    return call.Fail(400, kErrValidation,
                     "field \"name\" must be 1-100 characters");
  }
  std::vector<std::string> scopes;
  if (body->contains("scopes")) {
    for (const auto& s : (*body)["scopes"]) {
      const std::string scope = s;
      if (!ParseScope(scope)) {
        return call.Fail(400, kErrValidation,
                         "unknown scope \"" + scope +
                             "\" in field \"scopes\" (valid: read, write)");
      }
      if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) {
        scopes.push_back(scope);
      }
    }
  }
  // No scopes asked for: a read-only key, the least that is still useful.
  if (scopes.empty()) scopes.push_back("read");
  std::sort(scopes.begin(), scopes.end());

  const Org& org = call.org->org;
  const NewApiKey fresh = GenerateApiKey();
  std::optional<std::string> over_limit;
  ApiKey created;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    const PlanLimits* limits = FindPlanLimits(org.plan);
    if (Capped(limits, &PlanLimits::api_keys)) {
      auto active = tx.CountActiveApiKeys(org.id);
      if (!active.ok()) return active.status();
      if (!WithinLimit(limits->api_keys, active.value())) {
        over_limit =
            PaymentRequiredBody(call.req.request_id, "api_keys", active.value(),
                                limits->api_keys, org.plan);
        return OkStatus();
      }
    }
    ApiKey key;
    key.org_id = org.id;
    key.name = name;
    key.key_prefix = fresh.key_prefix;
    auto hash = HashFromHex(HashApiKey(call.ctx.api_key_pepper, fresh.raw_key));
    if (!hash.ok()) return hash.status();
    key.key_hash = hash.value();
    key.last4 = fresh.last4;
    key.scopes = scopes;
    key.created_by = call.principal->user.id;
    auto stored = tx.CreateApiKey(key);
    if (!stored.ok()) return stored.status();
    created = stored.value();
    // The audit detail names the key by id and prefix, never the secret.
    return AuditOrg(tx, org.id, call.Actor(), "api_key.created",
                    "api_key:" + created.id,
                    {{"name", created.name},
                     {"key_prefix", created.key_prefix},
                     {"scopes", created.scopes}});
  });
  if (over_limit) return call.PaymentRequired(std::move(*over_limit));
  if (!status.ok()) return call.FailWith(status);
  nlohmann::json out = ApiKeyJson(created);
  out["raw_key"] = fresh.raw_key;  // the only time it is ever shown
  call.Json(201, out);
}

void RevokeKey(Call& call) {
  const std::string key_id(call.req.Param("keyID"));
  const Org& org = call.org->org;
  bool revoked_now = false;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    auto revoked = tx.RevokeApiKey(org.id, key_id, NowRfc3339());
    if (!revoked.ok()) return revoked.status();
    revoked_now = revoked.value();
    if (!revoked_now) return OkStatus();
    return AuditOrg(tx, org.id, call.Actor(), "api_key.revoked",
                    "api_key:" + key_id, nlohmann::json::object());
  });
  // Unknown and already-revoked keys answer the same 404 (the reference).
  if (status.code() == StatusCode::kNotFound || (status.ok() && !revoked_now)) {
    return call.Fail(404, kErrNotFound, "API key not found");
  }
  if (!status.ok()) return call.FailWith(status);
  call.NoContent();
}

}  // namespace

std::vector<ApiRoute> ApiKeyRoutes() {
  return {
      {"GET",
       "/api/v2/orgs/{id}/api-keys",
       "List API keys",
       "Active keys with prefix, last 4 characters and scopes; raw_key is "
       "always empty (limit default 100, max 500).",
       {.access = Access::kOrg, .min_role = Role::kAdmin},
       ListKeys},
      {"POST",
       "/api/v2/orgs/{id}/api-keys",
       "Create an API key",
       "Returns raw_key once. Scopes: read, write (default read). 402 at the "
       "plan's key limit.",
       {.access = Access::kOrg, .min_role = Role::kAdmin},
       CreateKey},
      {"DELETE",
       "/api/v2/orgs/{id}/api-keys/{keyID}",
       "Revoke an API key",
       "OIDC only. Effective at once; unknown or already revoked: 404.",
       {.access = Access::kOrg, .min_role = Role::kAdmin, .oidc_only = true},
       RevokeKey},
  };
}

}  // namespace dw::server
