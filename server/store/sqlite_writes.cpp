// File: server/store/sqlite_writes.cpp
//
// StoreTx's record writes on SQLite. Fields are checked here first so that
// errors name the field; the schema's constraints are the backstop.
#include <nlohmann/json.hpp>

#include "store/ids.hpp"
#include "store/sqlite_session.hpp"

namespace dw::server::sqlite {
namespace {

constexpr const char* kInsertUser =
    "INSERT INTO users (id, email, display_name, is_platform_admin, "
    "created_at, last_login_at, deleted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
    "?7)";
constexpr const char* kUpdateUserLogin =
    "UPDATE users SET last_login_at = ?2 WHERE id = ?1";
constexpr const char* kSetPlatformAdmin =
    "UPDATE users SET is_platform_admin = ?2 WHERE id = ?1";
constexpr const char* kSoftDeleteUser =
    "UPDATE users SET deleted_at = ?2, is_platform_admin = 0 "
    "WHERE id = ?1 AND deleted_at IS NULL";

constexpr const char* kInsertOrg =
    "INSERT INTO orgs (id, name, slug, plan, subscription_status, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kSetOrgPlan =
    "UPDATE orgs SET plan = ?2, subscription_status = ?3 WHERE id = ?1";

constexpr const char* kInsertMembership =
    "INSERT INTO memberships (id, org_id, user_id, role, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kUpdateMembershipRole =
    "UPDATE memberships SET role = ?2 WHERE id = ?1";
constexpr const char* kDeleteMembership =
    "DELETE FROM memberships WHERE id = ?1";

constexpr const char* kInsertApiKey =
    "INSERT INTO api_keys (id, org_id, name, key_prefix, key_hash, last4, "
    "scopes, created_by, created_at, last_used_at, revoked_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* kRevokeApiKey =
    "UPDATE api_keys SET revoked_at = ?3 "
    "WHERE id = ?2 AND org_id = ?1 AND revoked_at IS NULL";
constexpr const char* kTouchApiKey =
    "UPDATE api_keys SET last_used_at = ?2 WHERE id = ?1";

constexpr const char* kInsertDomain =
    "INSERT INTO allowed_domains (id, domain, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kDeleteDomain =
    "DELETE FROM allowed_domains WHERE id = ?1";

dw::Status Required(std::string_view field, std::string_view value) {
  if (!value.empty()) return dw::OkStatus();
  return dw::InvalidArgumentError(std::string(field) + " must not be empty",
                                  dw::kNoOffset, std::string(field));
}

// Fills a record's id and created_at when the caller left them empty and
// checks a given created_at.
template <class Record>
dw::Status FillIdentity(Record& r) {
  if (r.id.empty()) r.id = NewUuidV4();
  if (r.created_at.empty()) r.created_at = NowRfc3339();
  return CheckStoreTime("created_at", r.created_at);
}

dw::Status CheckOptionalTime(std::string_view field,
                             const std::optional<std::string>& t) {
  return t ? CheckStoreTime(field, *t) : dw::OkStatus();
}

dw::Status CheckRole(std::string_view role) {
  if (IsValidRole(role)) return dw::OkStatus();
  return dw::InvalidArgumentError(
      "role '" + std::string(role) +
          "' is not one of owner, admin, member, viewer",
      dw::kNoOffset, "role");
}

dw::Status CheckPlan(std::string_view plan) {
  if (IsValidPlan(plan)) return dw::OkStatus();
  return dw::InvalidArgumentError(
      "plan '" + std::string(plan) + "' is not one of free, team, enterprise",
      dw::kNoOffset, "plan");
}

}  // namespace

// Users
// ---------------------------------------------------------------------------

dw::Result<User> SqliteSession::CreateUser(const User& user) {
  User u = user;
  u.email = AsciiLower(u.email);
  DW_RETURN_IF_ERROR(Required("email", u.email));
  DW_RETURN_IF_ERROR(FillIdentity(u));
  DW_RETURN_IF_ERROR(CheckOptionalTime("last_login_at", u.last_login_at));
  DW_RETURN_IF_ERROR(CheckOptionalTime("deleted_at", u.deleted_at));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertUser));
  s.Bind(1, u.id)
      .Bind(2, u.email)
      .Bind(3, u.display_name)
      .Bind(4, std::int64_t{u.is_platform_admin ? 1 : 0})
      .Bind(5, u.created_at)
      .BindOptional(6, u.last_login_at)
      .BindOptional(7, u.deleted_at);
  DW_RETURN_IF_ERROR(s.Run());
  return u;
}

dw::Status SqliteSession::UpdateUserLogin(std::string_view user_id,
                                          std::string_view time) {
  DW_RETURN_IF_ERROR(CheckStoreTime("last_login_at", time));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kUpdateUserLogin));
  s.Bind(1, user_id).Bind(2, time);
  DW_RETURN_IF_ERROR(s.Run());
  return Changes() == 0 ? NotFound("user", user_id) : dw::OkStatus();
}

dw::Status SqliteSession::SetPlatformAdmin(std::string_view user_id,
                                           bool is_admin) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSetPlatformAdmin));
  s.Bind(1, user_id).Bind(2, std::int64_t{is_admin ? 1 : 0});
  DW_RETURN_IF_ERROR(s.Run());
  return Changes() == 0 ? NotFound("user", user_id) : dw::OkStatus();
}

dw::Result<bool> SqliteSession::SoftDeleteUser(std::string_view user_id,
                                               std::string_view time) {
  DW_RETURN_IF_ERROR(CheckStoreTime("deleted_at", time));
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSoftDeleteUser));
    s.Bind(1, user_id).Bind(2, time);
    DW_RETURN_IF_ERROR(s.Run());
  }
  if (Changes() > 0) return true;
  DW_ASSIGN_OR_RETURN(User existing, GetUser(user_id));  // kNotFound if none
  (void)existing;
  return false;
}

// Orgs
// -------------------------------------------------------------------------------

dw::Result<Org> SqliteSession::CreateOrg(const Org& org) {
  Org o = org;
  DW_RETURN_IF_ERROR(Required("name", o.name));
  DW_RETURN_IF_ERROR(Required("slug", o.slug));
  DW_RETURN_IF_ERROR(CheckPlan(o.plan));
  DW_RETURN_IF_ERROR(Required("subscription_status", o.subscription_status));
  DW_RETURN_IF_ERROR(FillIdentity(o));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertOrg));
  s.Bind(1, o.id)
      .Bind(2, o.name)
      .Bind(3, o.slug)
      .Bind(4, o.plan)
      .Bind(5, o.subscription_status)
      .Bind(6, o.created_at);
  DW_RETURN_IF_ERROR(s.Run());
  return o;
}

dw::Status SqliteSession::SetOrgPlan(std::string_view org_id,
                                     std::string_view plan,
                                     std::string_view subscription_status) {
  DW_RETURN_IF_ERROR(CheckPlan(plan));
  DW_RETURN_IF_ERROR(Required("subscription_status", subscription_status));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSetOrgPlan));
  s.Bind(1, org_id).Bind(2, plan).Bind(3, subscription_status);
  DW_RETURN_IF_ERROR(s.Run());
  return Changes() == 0 ? NotFound("org", org_id) : dw::OkStatus();
}

// Memberships
// ---------------------------------------------------------------------

dw::Result<Membership> SqliteSession::CreateMembership(const Membership& m) {
  Membership out = m;
  DW_RETURN_IF_ERROR(CheckRole(out.role));
  DW_RETURN_IF_ERROR(FillIdentity(out));
  // Looked up first so that a missing org or user is kNotFound naming it,
  // not an anonymous foreign-key failure; they also give the joined fields.
  DW_ASSIGN_OR_RETURN(Org org, GetOrg(out.org_id));
  DW_ASSIGN_OR_RETURN(User user, GetUser(out.user_id));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertMembership));
  s.Bind(1, out.id)
      .Bind(2, out.org_id)
      .Bind(3, out.user_id)
      .Bind(4, out.role)
      .Bind(5, out.created_at);
  DW_RETURN_IF_ERROR(s.Run());
  out.user_email = user.email;
  out.org_name = org.name;
  return out;
}

dw::Status SqliteSession::UpdateMembershipRole(std::string_view membership_id,
                                               std::string_view role) {
  DW_RETURN_IF_ERROR(CheckRole(role));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kUpdateMembershipRole));
  s.Bind(1, membership_id).Bind(2, role);
  DW_RETURN_IF_ERROR(s.Run());
  return Changes() == 0 ? NotFound("membership", membership_id)
                        : dw::OkStatus();
}

dw::Status SqliteSession::DeleteMembership(std::string_view membership_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kDeleteMembership));
  s.Bind(1, membership_id);
  DW_RETURN_IF_ERROR(s.Run());
  return Changes() == 0 ? NotFound("membership", membership_id)
                        : dw::OkStatus();
}

// API keys
// ---------------------------------------------------------------------------

dw::Result<ApiKey> SqliteSession::CreateApiKey(const ApiKey& key) {
  ApiKey k = key;
  DW_RETURN_IF_ERROR(Required("name", k.name));
  DW_RETURN_IF_ERROR(Required("key_prefix", k.key_prefix));
  DW_RETURN_IF_ERROR(FillIdentity(k));
  DW_RETURN_IF_ERROR(CheckOptionalTime("last_used_at", k.last_used_at));
  DW_RETURN_IF_ERROR(CheckOptionalTime("revoked_at", k.revoked_at));
  DW_ASSIGN_OR_RETURN(Org org, GetOrg(k.org_id));  // kNotFound naming it
  (void)org;
  std::string scopes = nlohmann::json(k.scopes).dump();
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertApiKey));
  s.Bind(1, k.id)
      .Bind(2, k.org_id)
      .Bind(3, k.name)
      .Bind(4, k.key_prefix)
      .BindBlob(5, k.key_hash)
      .Bind(6, k.last4)
      .Bind(7, scopes)
      .Bind(8, k.created_by)
      .Bind(9, k.created_at)
      .BindOptional(10, k.last_used_at)
      .BindOptional(11, k.revoked_at);
  DW_RETURN_IF_ERROR(s.Run());
  return k;
}

dw::Result<bool> SqliteSession::RevokeApiKey(std::string_view org_id,
                                             std::string_view key_id,
                                             std::string_view time) {
  DW_RETURN_IF_ERROR(CheckStoreTime("revoked_at", time));
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kRevokeApiKey));
    s.Bind(1, org_id).Bind(2, key_id).Bind(3, time);
    DW_RETURN_IF_ERROR(s.Run());
  }
  if (Changes() > 0) return true;
  DW_ASSIGN_OR_RETURN(ApiKey existing, GetApiKey(org_id, key_id));
  (void)existing;  // exists in this org, so it was already revoked
  return false;
}

dw::Status SqliteSession::TouchApiKeyLastUsed(std::string_view key_id,
                                              std::string_view time) {
  DW_RETURN_IF_ERROR(CheckStoreTime("last_used_at", time));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kTouchApiKey));
  s.Bind(1, key_id).Bind(2, time);
  DW_RETURN_IF_ERROR(s.Run());
  return Changes() == 0 ? NotFound("API key", key_id) : dw::OkStatus();
}

// Domains
// ------------------------------------------------------------------------------

dw::Result<AllowedDomain> SqliteSession::AddDomain(const AllowedDomain& d) {
  AllowedDomain out = d;
  out.domain = AsciiLower(out.domain);
  DW_RETURN_IF_ERROR(Required("domain", out.domain));
  DW_RETURN_IF_ERROR(FillIdentity(out));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertDomain));
  s.Bind(1, out.id)
      .Bind(2, out.domain)
      .Bind(3, out.created_by)
      .Bind(4, out.created_at);
  DW_RETURN_IF_ERROR(s.Run());
  return out;
}

dw::Status SqliteSession::DeleteDomain(std::string_view id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kDeleteDomain));
  s.Bind(1, id);
  DW_RETURN_IF_ERROR(s.Run());
  return Changes() == 0 ? NotFound("allowed domain", id) : dw::OkStatus();
}

}  // namespace dw::server::sqlite
