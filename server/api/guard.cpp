// The route guard: authentication, route policy and org visibility, in the
// order documented in api_route.hpp.
#include <spdlog/spdlog.h>

#include "api/api_route.hpp"
#include "api/authenticator.hpp"
#include "http/errors.hpp"

namespace dw::server {
namespace {

// Resolves the caller's standing in `org_id`; false when it wrote an answer.
bool ResolveOrg(Call& call, const std::string& org_id) {
  ApiContext& ctx = call.ctx;
  const Principal& who = *call.principal;
  if (who.is_api_key() && who.api_key->org_id != org_id) {
    call.FailOrgNotFound();
    return false;
  }
  const std::uint64_t epoch = ctx.CurrentEpoch();
  const std::string cache_key =
      (who.is_api_key() ? "k:" : "u:") +
      (who.is_api_key() ? who.api_key->id : who.user.id) + "/" + org_id;
  if (auto cached = ctx.org_access.Get(cache_key, epoch)) {
    call.org = std::move(*cached);
    return true;
  }
  OrgAccess access;
  bool visible = false;
  Status status = ctx.store.Read([&](StoreReader& r) -> Status {
    if (!who.is_api_key()) {
      auto membership = r.FindMembership(org_id, who.user.id);
      if (!membership.ok()) {
        return membership.status().code() == StatusCode::kNotFound
                   ? OkStatus()
                   : membership.status();
      }
      access.role = ParseRole(membership.value().role).value_or(Role::kViewer);
      access.membership = std::move(membership.value());
    } else {
      // The reference: API-key callers act as "admin" in their org; their
      // scopes narrow what they may do.
      access.role = Role::kAdmin;
    }
    auto org = r.GetOrg(org_id);
    if (!org.ok()) {
      return org.status().code() == StatusCode::kNotFound ? OkStatus()
                                                          : org.status();
    }
    access.org = std::move(org.value());
    visible = true;
    return OkStatus();
  });
  if (!status.ok()) {
    call.FailWith(status);
    return false;
  }
  if (!visible) {
    call.FailOrgNotFound();
    return false;
  }
  ctx.org_access.Put(cache_key, access, epoch);
  call.org = std::move(access);
  return true;
}

}  // namespace

std::string_view AuthKindOf(const RoutePolicy& policy) {
  if (policy.access == Access::kPublic) return kAuthNone;
  if (policy.api_key_only) return kAuthApiKey;
  return policy.oidc_only ? kAuthOidc : kAuthOidcOrApiKey;
}

Handler GuardedHandler(ApiContext& ctx, ApiRoute route) {
  return [&ctx, route = std::move(route)](HttpRequest& req, HttpResponse& res) {
    Call call{.req = req, .res = res, .ctx = ctx, .principal = {}, .org = {}};
    const RoutePolicy& policy = route.policy;
    if (policy.access == Access::kPublic) {
      route.handler(call);
      return;
    }
    AuthResult auth = Authenticate(ctx, req);
    if (!auth.ok()) {
      if (auth.status == 401) res.SetHeader("WWW-Authenticate", "Bearer");
      call.Fail(auth.status, auth.error_class, auth.message);
      return;
    }
    call.principal = std::move(auth.principal);
    const Principal& who = *call.principal;
    if (policy.oidc_only && who.is_api_key()) {
      call.Fail(403, kErrForbidden,
                "this route needs a signed-in user; API keys are not accepted");
      return;
    }
    if (policy.api_key_only && !who.is_api_key()) {
      call.Fail(403, kErrForbidden,
                "this route is for API keys (machine callers) only");
      return;
    }
    if (policy.access == Access::kPlatformAdmin && !who.is_platform_admin()) {
      call.Fail(403, kErrForbidden, "platform admin required");
      return;
    }
    if (policy.access == Access::kOrg) {
      if (!ResolveOrg(call, std::string(req.Param("id")))) return;
      if (!RoleAtLeast(call.org->role, policy.min_role)) {
        call.Fail(403, kErrForbidden,
                  "requires the " + std::string(RoleName(policy.min_role)) +
                      " role or higher in this org");
        return;
      }
    }
    if (who.is_api_key()) {
      const Scope needed = (req.method == "GET" || req.method == "HEAD")
                               ? Scope::kRead
                               : Scope::kWrite;
      if (!who.HasScope(needed)) {
        call.Fail(403, kErrForbidden,
                  "API key lacks the \"" + std::string(ScopeName(needed)) +
                      "\" scope");
        return;
      }
    }
    route.handler(call);
  };
}

}  // namespace dw::server
