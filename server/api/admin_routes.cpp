// /api/v2/admin/* and /api/v2/federation-info: platform administration.
#include <nlohmann/json.hpp>

#include "api/api_route.hpp"
#include "api/audit_trail.hpp"
#include "api/json_views.hpp"
#include "api/org_ops.hpp"
#include "api/plan_limits.hpp"
#include "store/ids.hpp"

namespace dw::server {
namespace {

constexpr RoutePolicy kAdminOnly{.access = Access::kPlatformAdmin,
                                 .min_role = Role::kViewer,
                                 .oidc_only = true};

// The reference: a dot, no '@', no spaces, no protocol prefix; we also keep
// to hostname characters so nothing odd reaches comparisons or logs.
std::optional<std::string> NormalizeDomain(std::string_view text) {
  std::string domain;
  for (char c : text) {
    domain.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (domain.empty() || domain.size() > 253) return std::nullopt;
  if (domain.find('.') == std::string::npos) return std::nullopt;
  if (domain.front() == '.' || domain.back() == '.' || domain.front() == '-' ||
      domain.find("..") != std::string::npos) {
    return std::nullopt;
  }
  for (char c : domain) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-')) {
      return std::nullopt;
    }
  }
  return domain;
}

template <class T, class F>
nlohmann::json JsonArray(const std::vector<T>& items, F&& view) {
  nlohmann::json out = nlohmann::json::array();
  for (const T& item : items) out.push_back(view(item));
  return out;
}

// The reference shows bare arrays for the admin lists; the total goes in a
// header so clients can still page.
template <class T, class F>
void SendPage(Call& call, const Page<T>& page, F&& view) {
  call.res.SetHeader("X-Total-Count", std::to_string(page.total));
  call.Json(200, JsonArray(page.items, view));
}

void ListAuditLog(Call& call) {
  auto paging = call.Paging(50, 200);
  if (!paging) return;
  Page<StoredAuditEvent> page;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto events = r.ListAllAuditEvents(*paging);
    if (!events.ok()) return events.status();
    page = std::move(events.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  SendPage(call, page, AuditEventJson);
}

void ListDomains(Call& call) {
  std::vector<AllowedDomain> domains;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto list = r.ListDomains();
    if (!list.ok()) return list.status();
    domains = std::move(list.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.Json(200, JsonArray(domains, DomainJson));
}

void AddDomain(Call& call) {
  auto body = call.StrictBody({{"domain"}});
  if (!body) return;
  const std::string text = (*body)["domain"];
  auto domain = NormalizeDomain(text);
  if (!domain) {
    call.Fail(400, kErrValidation,
              "field \"domain\" must be a bare domain like \"acme.com\" (a "
              "dot, no '@', spaces or protocol prefix)");
    return;
  }
  AllowedDomain added;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    auto stored = tx.AddDomain({.id = "",
                                .domain = *domain,
                                .created_by = call.principal->user.id,
                                .created_at = ""});
    if (!stored.ok()) return stored.status();
    added = stored.value();
    return AuditPlatform(tx, call.Actor(), "domain.added", "domain:" + added.id,
                         {{"domain", added.domain}});
  });
  if (status.code() == StatusCode::kAlreadyExists) {
    call.Fail(409, kErrConflict,
              "domain \"" + *domain + "\" is already allowed");
    return;
  }
  if (!status.ok()) return call.FailWith(status);
  call.Json(201, DomainJson(added));
}

void DeleteDomain(Call& call) {
  const std::string id(call.req.Param("id"));
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    auto found = tx.GetDomain(id);
    if (!found.ok()) return found.status();
    Status deleted = tx.DeleteDomain(id);
    if (!deleted.ok()) return deleted;
    return AuditPlatform(tx, call.Actor(), "domain.removed", "domain:" + id,
                         {{"domain", found.value().domain}});
  });
  if (status.code() == StatusCode::kNotFound) {
    return call.Fail(404, kErrNotFound, "domain not found");
  }
  if (!status.ok()) return call.FailWith(status);
  call.NoContent();
}

void AdminMe(Call& call) {
  Principal& who = *call.principal;
  bool promoted = false;
  // First-admin bootstrap: the first signed-in (OIDC) user with an allowed
  // domain becomes platform admin while no admin exists. Checked and set in
  // one write transaction, so two first callers cannot both win.
  if (!who.is_api_key() && !who.user.is_platform_admin) {
    Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
      auto admins = tx.CountPlatformAdmins();
      if (!admins.ok()) return admins.status();
      if (admins.value() > 0) return OkStatus();
      Status set = tx.SetPlatformAdmin(who.user.id, true);
      if (!set.ok()) return set;
      promoted = true;
      return AuditPlatform(tx, who.Actor(), "admin.bootstrapped",
                           "user:" + who.user.id, {{"email", who.user.email}});
    });
    if (!status.ok()) return call.FailWith(status);
    if (promoted) who.user.is_platform_admin = true;
  }
  nlohmann::json body = {
      {"is_platform_admin", who.is_platform_admin()},
      {"user_id", who.user.id.empty() ? nlohmann::json(nullptr)
                                      : nlohmann::json(who.user.id)},
      {"email", who.user.email},
      {"auth", who.is_api_key() ? "api_key" : "oidc"}};
  if (promoted) body["bootstrapped"] = true;
  call.Json(200, body);
}

// The reference's response shape for POST /admin/memberships.
nlohmann::json AdminMembershipJson(const Membership& m, const std::string& by) {
  return {{"id", m.id},
          {"orgID", m.org_id},
          {"userID", m.user_id},
          {"role", m.role},
          {"createdAt", m.created_at},
          {"updatedAt", m.created_at},
          {"invitedBy", by},
          {"acceptedAt", m.created_at},
          {"expiresAt", nullptr},
          {"lastActiveAt", nullptr}};
}

void AddMembership(Call& call) {
  auto body = call.StrictBody({{"org_id"}, {"user_id"}, {"role"}});
  if (!body) return;
  const std::string org_id = (*body)["org_id"];
  const std::string user_id = (*body)["user_id"];
  const std::string role = (*body)["role"];
  if (!IsValidRole(role)) {
    return call.Fail(
        400, kErrValidation,
        "field \"role\" must be one of owner, admin, member, viewer");
  }
  Membership created;
  std::optional<std::string> over_limit;  // the 402 body
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    auto org = tx.GetOrg(org_id);
    if (!org.ok()) return org.status();
    auto user = tx.GetUser(user_id);
    if (!user.ok()) return user.status();
    if (user.value().deleted_at) {
      return Status(StatusCode::kInvalidArgument, "user has been deleted");
    }
    const PlanLimits* limits = FindPlanLimits(org.value().plan);
    if (Capped(limits, &PlanLimits::seats)) {
      auto members = tx.CountOrgMembers(org_id);
      if (!members.ok()) return members.status();
      if (!WithinLimit(limits->seats, members.value())) {
        over_limit =
            PaymentRequiredBody(call.req.request_id, "seats", members.value(),
                                limits->seats, org.value().plan);
        return OkStatus();
      }
    }
    auto stored = tx.CreateMembership({.id = "",
                                       .org_id = org_id,
                                       .user_id = user_id,
                                       .role = role,
                                       .created_at = "",
                                       .user_email = "",
                                       .org_name = ""});
    if (!stored.ok()) return stored.status();
    created = stored.value();
    return AuditOrg(tx, org_id, call.Actor(), "membership.created",
                    "membership:" + created.id,
                    {{"user_id", user_id}, {"role", role}});
  });
  if (over_limit) return call.PaymentRequired(std::move(*over_limit));
  if (status.code() == StatusCode::kAlreadyExists) {
    return call.Fail(409, kErrConflict,
                     "the user is already a member of this org");
  }
  if (!status.ok()) return call.FailWith(status);
  call.Json(201, AdminMembershipJson(created, call.principal->user.id));
}

void RemoveMembership(Call& call) {
  const std::string id(call.req.Param("id"));
  bool sole_owner = false;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    auto found = tx.GetMembership(id);
    if (!found.ok()) return found.status();
    const Membership& m = found.value();
    if (m.role == "owner") {
      auto owners = tx.CountOrgOwners(m.org_id);
      if (!owners.ok()) return owners.status();
      if (owners.value() <= 1) {
        sole_owner = true;
        return OkStatus();
      }
    }
    Status deleted = tx.DeleteMembership(id);
    if (!deleted.ok()) return deleted;
    return AuditOrg(tx, m.org_id, call.Actor(), "membership.removed",
                    "membership:" + id,
                    {{"user_id", m.user_id}, {"role", m.role}});
  });
  if (status.code() == StatusCode::kNotFound) {
    return call.Fail(404, kErrNotFound, "membership not found");
  }
  if (!status.ok()) return call.FailWith(status);
  if (sole_owner) {
    return call.Fail(409, kErrConflict, "cannot remove the org's only owner");
  }
  call.NoContent();
}

void ListOrgs(Call& call) {
  auto paging = call.Paging(100, 500);
  if (!paging) return;
  Page<Org> page;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto orgs = r.ListOrgs(*paging);
    if (!orgs.ok()) return orgs.status();
    page = std::move(orgs.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  SendPage(call, page, OrgJson);
}

void ListUsers(Call& call) {
  auto paging = call.Paging(100, 500);
  if (!paging) return;
  Page<User> page;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto users = r.ListUsers(*paging);
    if (!users.ok()) return users.status();
    page = std::move(users.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  SendPage(call, page, UserJson);
}

void DeleteUser(Call& call) {
  const std::string id(call.req.Param("id"));
  if (id == call.principal->user.id) {
    return call.Fail(409, kErrConflict, "you cannot delete yourself");
  }
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    auto user = tx.GetUser(id);
    if (!user.ok()) return user.status();
    auto deleted = tx.SoftDeleteUser(id, NowRfc3339());
    if (!deleted.ok()) return deleted.status();
    if (!deleted.value()) return OkStatus();  // already deleted: no new event
    return AuditPlatform(tx, call.Actor(), "user.deleted", "user:" + id,
                         {{"email", user.value().email}});
  });
  if (status.code() == StatusCode::kNotFound) {
    return call.Fail(404, kErrNotFound, "user not found");
  }
  if (!status.ok()) return call.FailWith(status);
  call.NoContent();
}

void ListUserMemberships(Call& call) {
  const std::string id(call.req.Param("id"));
  std::vector<Membership> memberships;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto user = r.GetUser(id);
    if (!user.ok()) return user.status();
    auto list = r.ListUserMemberships(id);
    if (!list.ok()) return list.status();
    memberships = std::move(list.value());
    return OkStatus();
  });
  if (status.code() == StatusCode::kNotFound) {
    return call.Fail(404, kErrNotFound, "user not found");
  }
  if (!status.ok()) return call.FailWith(status);
  call.Json(200, JsonArray(memberships, MembershipJson));
}

void FederationInfo(Call& call) {
  const FederationConfig& f = call.ctx.config.federation;
  if (!f.configured()) {
    call.Json(200, {{"configured", false}});
    return;
  }
  const std::string audience = "//iam.googleapis.com/projects/" +
                               f.project_number +
                               "/locations/global/workloadIdentityPools/" +
                               f.pool_id + "/providers/" + f.provider_id;
  call.Json(200, {{"configured", true},
                  {"project_number", f.project_number},
                  {"pool_id", f.pool_id},
                  {"provider_id", f.provider_id},
                  {"service_account_email", f.service_account_email},
                  {"audience", audience}});
}

}  // namespace

std::vector<ApiRoute> AdminRoutes() {
  return {
      {"GET", "/api/v2/admin/audit-log", "List audit log entries",
       "Every audit event on the platform, newest first (limit default 50, "
       "max 200; X-Total-Count gives the total).",
       kAdminOnly, ListAuditLog},
      {"GET", "/api/v2/admin/domains", "List allowed email domains",
       "Email domains whose users may sign in.", kAdminOnly, ListDomains},
      {"POST", "/api/v2/admin/domains", "Add an allowed email domain",
       "Lowercased; must contain a dot and no '@', spaces or protocol.",
       kAdminOnly, AddDomain},
      {"DELETE", "/api/v2/admin/domains/{id}", "Remove an allowed email domain",
       "Users of this domain are refused from their next request.", kAdminOnly,
       DeleteDomain},
      {"GET",
       "/api/v2/admin/me",
       "Report admin status (and bootstrap first admin)",
       "Any authenticated caller. The first signed-in user with an allowed "
       "domain becomes platform admin while none exists.",
       {.access = Access::kAuthenticated},
       AdminMe},
      {"POST", "/api/v2/admin/memberships", "Add a user to an org",
       "Enforces the org's seat limit (402).", kAdminOnly, AddMembership},
      {"DELETE", "/api/v2/admin/memberships/{id}", "Remove a membership",
       "Access stops at once. The only owner cannot be removed (409).",
       kAdminOnly, RemoveMembership},
      {"PATCH", "/api/v2/admin/memberships/{id}",
       "Change a membership's role (admin)",
       "Same role: 200 noop. Demoting the only owner: 409.", kAdminOnly,
       [](Call& call) {
         ChangeMembershipRole(call, std::string(call.req.Param("id")),
                              std::nullopt);
       }},
      {"GET", "/api/v2/admin/orgs", "List all organizations",
       "Newest first (limit default 100, max 500).", kAdminOnly, ListOrgs},
      {"POST", "/api/v2/admin/orgs", "Create an organization (admin)",
       "On the free plan; the caller does not become a member.", kAdminOnly,
       [](Call& call) { CreateOrgFromBody(call, nullptr); }},
      {"GET", "/api/v2/admin/users", "List users",
       "Every user (limit default 100, max 500).", kAdminOnly, ListUsers},
      {"DELETE", "/api/v2/admin/users/{id}", "Delete a user (soft)",
       "Sets deleted_at, clears the admin flag; auth is denied at once. "
       "Cannot delete yourself (409).",
       kAdminOnly, DeleteUser},
      {"GET", "/api/v2/admin/users/{id}/memberships",
       "List a user's org memberships", "The user's role in every org.",
       kAdminOnly, ListUserMemberships},
      {"GET", "/api/v2/federation-info",
       "Get WIF configuration for CI integration",
       "Platform admin only. {configured:false} when not configured.",
       kAdminOnly, FederationInfo},
  };
}

}  // namespace dw::server
