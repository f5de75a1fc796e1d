#include "api/org_ops.hpp"

#include "api/audit_trail.hpp"
#include "api/json_views.hpp"
#include "store/ids.hpp"

namespace dw::server {

bool IsValidSlug(std::string_view slug) {
  if (slug.size() < 2 || slug.size() > 63) return false;
  if (slug.front() == '-' || slug.back() == '-') return false;
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return true;
}

void CreateOrgFromBody(Call& call, const User* owner) {
  auto body = call.StrictBody({{"slug"}, {"display_name"}});
  if (!body) return;
  const std::string slug = (*body)["slug"];
  const std::string name = (*body)["display_name"];
  if (!IsValidSlug(slug)) {
    call.Fail(400, kErrValidation,
              "field \"slug\" must be 2-63 lowercase letters, digits or "
              "inner hyphens");
    return;
  }
  if (name.empty() || name.size() > 200) {
    call.Fail(400, kErrValidation,
              "field \"display_name\" must be 1-200 characters");
    return;
  }
  Org created;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    Org org;
    org.slug = slug;
    org.name = name;
    org.plan = "free";
    auto stored = tx.CreateOrg(org);
    if (!stored.ok()) return stored.status();
    created = stored.value();
    Status audited =
        AuditPlatform(tx, call.Actor(), "org.created", "org:" + created.id,
                      {{"org_id", created.id},
                       {"slug", created.slug},
                       {"plan", created.plan}});
    if (!audited.ok()) return audited;
    if (owner) {
      Membership m;
      m.org_id = created.id;
      m.user_id = owner->id;
      m.role = "owner";
      auto membership = tx.CreateMembership(m);
      if (!membership.ok()) return membership.status();
      audited = AuditOrg(tx, created.id, call.Actor(), "membership.created",
                         "membership:" + membership.value().id,
                         {{"user_id", owner->id}, {"role", "owner"}});
      if (!audited.ok()) return audited;
    }
    return OkStatus();
  });
  if (status.code() == StatusCode::kAlreadyExists) {
    call.Fail(409, kErrConflict, "an org with slug \"" + slug + "\" exists");
    return;
  }
  if (!status.ok()) {
    call.FailWith(status);
    return;
  }
  call.Json(201, OrgJson(created));
}

void ChangeMembershipRole(Call& call, const std::string& membership_id,
                          const std::optional<std::string>& scope_org_id) {
  auto body = call.StrictBody({{"role"}});
  if (!body) return;
  const std::string role = (*body)["role"];
  if (!IsValidRole(role)) {
    call.Fail(400, kErrValidation,
              "field \"role\" must be one of owner, admin, member, viewer");
    return;
  }
  enum class Outcome { kChanged, kNoop, kNotFound, kSelf, kSoleOwner };
  Outcome outcome = Outcome::kChanged;
  Membership membership;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    auto found = tx.GetMembership(membership_id);
    if (!found.ok()) {
      if (found.status().code() != StatusCode::kNotFound) return found.status();
      outcome = Outcome::kNotFound;
      return OkStatus();
    }
    membership = found.value();
    if (scope_org_id && membership.org_id != *scope_org_id) {
      outcome = Outcome::kNotFound;
      return OkStatus();
    }
    if (membership.role == role) {
      outcome = Outcome::kNoop;
      return OkStatus();
    }
    if (scope_org_id && call.principal &&
        membership.user_id == call.principal->user.id) {
      outcome = Outcome::kSelf;
      return OkStatus();
    }
    if (membership.role == "owner") {
      auto owners = tx.CountOrgOwners(membership.org_id);
      if (!owners.ok()) return owners.status();
      if (owners.value() <= 1) {
        outcome = Outcome::kSoleOwner;
        return OkStatus();
      }
    }
    Status updated = tx.UpdateMembershipRole(membership_id, role);
    if (!updated.ok()) return updated;
    return AuditOrg(tx, membership.org_id, call.Actor(),
                    "membership.role_changed", "membership:" + membership_id,
                    {{"user_id", membership.user_id},
                     {"from", membership.role},
                     {"to", role}});
  });
  if (!status.ok()) {
    call.FailWith(status);
    return;
  }
  switch (outcome) {
    case Outcome::kNotFound:
      call.Fail(404, kErrNotFound, "membership not found");
      return;
    case Outcome::kSelf:
      call.Fail(409, kErrConflict,
                "you cannot change your own role; ask another owner");
      return;
    case Outcome::kSoleOwner:
      call.Fail(409, kErrConflict, "cannot demote the org's only owner");
      return;
    case Outcome::kNoop:
    case Outcome::kChanged:
      break;
  }
  call.Json(200, {{"membership_id", membership.id},
                  {"org_id", membership.org_id},
                  {"user_id", membership.user_id},
                  {"role", role},
                  {"noop", outcome == Outcome::kNoop}});
}

}  // namespace dw::server
