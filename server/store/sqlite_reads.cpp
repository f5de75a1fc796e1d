// File: server/store/sqlite_reads.cpp
//
// StoreReader on SQLite: one cached statement per query, rows mapped to
// records. Lists answer {items, total} from two statements that see the
// same snapshot (the store wraps every callback in a transaction).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/ids.hpp"
#include "store/sqlite_rows.hpp"
#include "store/sqlite_session.hpp"

namespace dw::server::sqlite {

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

dw::Status CheckStoreTime(std::string_view field, std::string_view time) {
  if (IsStoreTime(time)) return dw::OkStatus();
  return dw::InvalidArgumentError(
      std::string(field) + " '" + std::string(time) +
          "' is not an RFC 3339 UTC time with microseconds "
          "(2026-01-02T03:04:05.123456Z)",
      dw::kNoOffset, std::string(field));
}

dw::Status CheckPage(const PageRequest& page) {
  if (page.limit < 0) {
    return dw::InvalidArgumentError("limit must not be negative", dw::kNoOffset,
                                    "limit");
  }
  if (page.offset < 0) {
    return dw::InvalidArgumentError("offset must not be negative",
                                    dw::kNoOffset, "offset");
  }
  return dw::OkStatus();
}

dw::Status NotFound(std::string_view what, std::string_view id) {
  return dw::NotFoundError(std::string(what) + " '" + std::string(id) +
                           "' not found");
}

namespace {

// Column lists, so that every query of a record reads the same columns in
// the same order as its Read* mapper.
#define DW_USER_COLS                                                        \
  "id, email, display_name, is_platform_admin, created_at, last_login_at, " \
  "deleted_at"
#define DW_ORG_COLS "id, name, slug, plan, subscription_status, created_at"
#define DW_MEMBERSHIP_SELECT                                              \
  "SELECT m.id, m.org_id, m.user_id, m.role, m.created_at, u.email, "     \
  "o.name FROM memberships m JOIN users u ON u.id = m.user_id JOIN orgs " \
  "o ON o.id = m.org_id "
#define DW_KEY_COLS                                                     \
  "id, org_id, name, key_prefix, key_hash, last4, scopes, created_by, " \
  "created_at, last_used_at, revoked_at"
#define DW_DOMAIN_COLS "id, domain, created_by, created_at"
#define DW_AUDIT_COLS                                                     \
  "chain_id, seq, time, actor, action, target, detail, prev_hash, hash, " \
  "org_id"

constexpr const char* kGetUser =
    "SELECT " DW_USER_COLS " FROM users WHERE id = ?1";
constexpr const char* kFindUserByEmail =
    "SELECT " DW_USER_COLS " FROM users WHERE email = ?1";
constexpr const char* kListUsers = "SELECT " DW_USER_COLS
                                   " FROM users ORDER BY created_at, id "
                                   "LIMIT ?1 OFFSET ?2";
constexpr const char* kCountUsers = "SELECT count(*) FROM users";
constexpr const char* kCountAdmins =
    "SELECT count(*) FROM users WHERE is_platform_admin = 1 AND deleted_at IS "
    "NULL";

constexpr const char* kGetOrg =
    "SELECT " DW_ORG_COLS " FROM orgs WHERE id = ?1";
constexpr const char* kListOrgs = "SELECT " DW_ORG_COLS
                                  " FROM orgs ORDER BY created_at DESC, id "
                                  "DESC LIMIT ?1 OFFSET ?2";
constexpr const char* kCountOrgs = "SELECT count(*) FROM orgs";

constexpr const char* kGetMembership = DW_MEMBERSHIP_SELECT "WHERE m.id = ?1";
constexpr const char* kFindMembership =
    DW_MEMBERSHIP_SELECT "WHERE m.org_id = ?1 AND m.user_id = ?2";
constexpr const char* kListOrgMemberships = DW_MEMBERSHIP_SELECT
    "WHERE m.org_id = ?1 ORDER BY m.created_at, m.id LIMIT ?2 OFFSET ?3";
constexpr const char* kListUserMemberships =
    DW_MEMBERSHIP_SELECT "WHERE m.user_id = ?1 ORDER BY m.created_at, m.id";
constexpr const char* kCountOrgMembers =
    "SELECT count(*) FROM memberships WHERE org_id = ?1";
constexpr const char* kCountOrgOwners =
    "SELECT count(*) FROM memberships WHERE org_id = ?1 AND role = 'owner'";

constexpr const char* kGetApiKey =
    "SELECT " DW_KEY_COLS " FROM api_keys WHERE id = ?2 AND org_id = ?1";
constexpr const char* kFindApiKeyByPrefix =
    "SELECT " DW_KEY_COLS " FROM api_keys WHERE key_prefix = ?1";
constexpr const char* kListApiKeys =
    "SELECT " DW_KEY_COLS
    " FROM api_keys WHERE org_id = ?1 AND revoked_at IS NULL "
    "ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3";
constexpr const char* kCountActiveApiKeys =
    "SELECT count(*) FROM api_keys WHERE org_id = ?1 AND revoked_at IS NULL";

constexpr const char* kListDomains =
    "SELECT " DW_DOMAIN_COLS " FROM allowed_domains ORDER BY domain";
constexpr const char* kFindDomain =
    "SELECT " DW_DOMAIN_COLS " FROM allowed_domains WHERE domain = ?1";
constexpr const char* kGetDomain =
    "SELECT " DW_DOMAIN_COLS " FROM allowed_domains WHERE id = ?1";

constexpr const char* kListChainEvents =
    "SELECT " DW_AUDIT_COLS
    " FROM audit_events WHERE chain_id = ?1 ORDER BY seq DESC "
    "LIMIT ?2 OFFSET ?3";
constexpr const char* kListAllEvents = "SELECT " DW_AUDIT_COLS
                                       " FROM audit_events ORDER BY time_us "
                                       "DESC, id DESC LIMIT ?1 OFFSET ?2";
// Totals come from the chain heads: next_seq is the number of events in a
// chain, so no scan of the event table is needed.
constexpr const char* kCountChainEvents =
    "SELECT next_seq FROM chain_heads WHERE chain_id = ?1";
constexpr const char* kCountAllEvents =
    "SELECT coalesce(sum(next_seq), 0) FROM chain_heads";
constexpr const char* kLoadChain = "SELECT " DW_AUDIT_COLS
                                   " FROM audit_events WHERE chain_id = ?1 "
                                   "ORDER BY seq";
constexpr const char* kChainHead =
    "SELECT next_seq, prev_hash FROM chain_heads WHERE chain_id = ?1";

User ReadUser(const Stmt& s) {
  User u;
  u.id = s.Text(0);
  u.email = s.Text(1);
  u.display_name = s.Text(2);
  u.is_platform_admin = s.Int(3) != 0;
  u.created_at = s.Text(4);
  u.last_login_at = s.OptionalText(5);
  u.deleted_at = s.OptionalText(6);
  return u;
}

Org ReadOrg(const Stmt& s) {
  Org o;
  o.id = s.Text(0);
  o.name = s.Text(1);
  o.slug = s.Text(2);
  o.plan = s.Text(3);
  o.subscription_status = s.Text(4);
  o.created_at = s.Text(5);
  return o;
}

Membership ReadMembership(const Stmt& s) {
  Membership m;
  m.id = s.Text(0);
  m.org_id = s.Text(1);
  m.user_id = s.Text(2);
  m.role = s.Text(3);
  m.created_at = s.Text(4);
  m.user_email = s.Text(5);
  m.org_name = s.Text(6);
  return m;
}

// A stored hash of the wrong length (only possible by editing the file) is
// copied as far as it goes: the chain then verifies as broken at that event,
// which is the report a user needs, rather than an unexplained read error.
dw::Hash256 ReadHash(const Stmt& s, int column) {
  dw::Hash256 h{};
  auto blob = s.Blob(column);
  std::copy_n(blob.begin(), std::min(blob.size(), h.size()), h.begin());
  return h;
}

std::vector<std::string> ParseScopes(const std::string& text) {
  std::vector<std::string> scopes;
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return scopes;  // written only by CreateApiKey
  for (const auto& v : j) {
    if (v.is_string()) scopes.push_back(v.get<std::string>());
  }
  return scopes;
}

ApiKey ReadApiKey(const Stmt& s) {
  ApiKey k;
  k.id = s.Text(0);
  k.org_id = s.Text(1);
  k.name = s.Text(2);
  k.key_prefix = s.Text(3);
  k.key_hash = ReadHash(s, 4);
  k.last4 = s.Text(5);
  k.scopes = ParseScopes(s.Text(6));
  k.created_by = s.Text(7);
  k.created_at = s.Text(8);
  k.last_used_at = s.OptionalText(9);
  k.revoked_at = s.OptionalText(10);
  return k;
}

AllowedDomain ReadDomain(const Stmt& s) {
  return AllowedDomain{s.Text(0), s.Text(1), s.Text(2), s.Text(3)};
}

dw::AuditEvent ReadEvent(const Stmt& s) {
  dw::AuditEvent e;
  e.chain_id = s.Text(0);
  e.seq = static_cast<std::uint64_t>(s.Int(1));
  e.time = s.Text(2);
  e.actor = s.Text(3);
  e.action = s.Text(4);
  e.target = s.Text(5);
  e.detail = s.Text(6);
  e.prev_hash = ReadHash(s, 7);
  e.hash = ReadHash(s, 8);
  return e;
}

StoredAuditEvent ReadStoredEvent(const Stmt& s) {
  return StoredAuditEvent{ReadEvent(s), s.OptionalText(9).value_or("")};
}

}  // namespace

// Users
// -------------------------------------------------------------------------

dw::Result<User> SqliteSession::GetUser(std::string_view id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetUser));
  s.Bind(1, id);
  return One(s, ReadUser, [&] { return NotFound("user", id); });
}

dw::Result<User> SqliteSession::FindUserByEmail(std::string_view email) {
  std::string lower = AsciiLower(email);
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kFindUserByEmail));
  s.Bind(1, lower);
  return One(s, ReadUser, [&] { return NotFound("user with email", lower); });
}

dw::Result<Page<User>> SqliteSession::ListUsers(const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  Page<User> out;
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountUsers));
    DW_ASSIGN_OR_RETURN(out.total, Count(s));
  }
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListUsers));
  s.Bind(1, page.limit).Bind(2, page.offset);
  DW_ASSIGN_OR_RETURN(out.items, All(s, ReadUser));
  return out;
}

dw::Result<std::int64_t> SqliteSession::CountPlatformAdmins() {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountAdmins));
  return Count(s);
}

// Orgs
// ----------------------------------------------------------------------------

dw::Result<Org> SqliteSession::GetOrg(std::string_view id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetOrg));
  s.Bind(1, id);
  return One(s, ReadOrg, [&] { return NotFound("org", id); });
}

dw::Result<Page<Org>> SqliteSession::ListOrgs(const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  Page<Org> out;
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountOrgs));
    DW_ASSIGN_OR_RETURN(out.total, Count(s));
  }
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListOrgs));
  s.Bind(1, page.limit).Bind(2, page.offset);
  DW_ASSIGN_OR_RETURN(out.items, All(s, ReadOrg));
  return out;
}

// Memberships
// ---------------------------------------------------------------------

dw::Result<Membership> SqliteSession::GetMembership(std::string_view id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetMembership));
  s.Bind(1, id);
  return One(s, ReadMembership, [&] { return NotFound("membership", id); });
}

dw::Result<Membership> SqliteSession::FindMembership(std::string_view org_id,
                                                     std::string_view user_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kFindMembership));
  s.Bind(1, org_id).Bind(2, user_id);
  return One(s, ReadMembership, [&] {
    return dw::NotFoundError("user '" + std::string(user_id) +
                             "' is not a member of org '" +
                             std::string(org_id) + "'");
  });
}

dw::Result<Page<Membership>> SqliteSession::ListOrgMemberships(
    std::string_view org_id, const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  Page<Membership> out;
  DW_ASSIGN_OR_RETURN(out.total, CountOrgMembers(org_id));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListOrgMemberships));
  s.Bind(1, org_id).Bind(2, page.limit).Bind(3, page.offset);
  DW_ASSIGN_OR_RETURN(out.items, All(s, ReadMembership));
  return out;
}

dw::Result<std::vector<Membership>> SqliteSession::ListUserMemberships(
    std::string_view user_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListUserMemberships));
  s.Bind(1, user_id);
  return All(s, ReadMembership);
}

dw::Result<std::int64_t> SqliteSession::CountOrgMembers(
    std::string_view org_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountOrgMembers));
  s.Bind(1, org_id);
  return Count(s);
}

dw::Result<std::int64_t> SqliteSession::CountOrgOwners(
    std::string_view org_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountOrgOwners));
  s.Bind(1, org_id);
  return Count(s);
}

// API keys
// --------------------------------------------------------------------------

dw::Result<ApiKey> SqliteSession::GetApiKey(std::string_view org_id,
                                            std::string_view key_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetApiKey));
  s.Bind(1, org_id).Bind(2, key_id);
  return One(s, ReadApiKey, [&] { return NotFound("API key", key_id); });
}

dw::Result<ApiKey> SqliteSession::FindApiKeyByPrefix(std::string_view prefix) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kFindApiKeyByPrefix));
  s.Bind(1, prefix);
  return One(s, ReadApiKey,
             [&] { return NotFound("API key with prefix", prefix); });
}

dw::Result<Page<ApiKey>> SqliteSession::ListApiKeys(std::string_view org_id,
                                                    const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  Page<ApiKey> out;
  DW_ASSIGN_OR_RETURN(out.total, CountActiveApiKeys(org_id));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListApiKeys));
  s.Bind(1, org_id).Bind(2, page.limit).Bind(3, page.offset);
  DW_ASSIGN_OR_RETURN(out.items, All(s, ReadApiKey));
  return out;
}

dw::Result<std::int64_t> SqliteSession::CountActiveApiKeys(
    std::string_view org_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountActiveApiKeys));
  s.Bind(1, org_id);
  return Count(s);
}

// Domains
// ----------------------------------------------------------------------------

dw::Result<std::vector<AllowedDomain>> SqliteSession::ListDomains() {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListDomains));
  return All(s, ReadDomain);
}

dw::Result<AllowedDomain> SqliteSession::FindDomain(std::string_view domain) {
  std::string lower = AsciiLower(domain);
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kFindDomain));
  s.Bind(1, lower);
  return One(s, ReadDomain, [&] { return NotFound("allowed domain", lower); });
}

dw::Result<AllowedDomain> SqliteSession::GetDomain(std::string_view id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetDomain));
  s.Bind(1, id);
  return One(s, ReadDomain, [&] { return NotFound("allowed domain", id); });
}

// Audit
// ------------------------------------------------------------------------------

dw::Result<Page<StoredAuditEvent>> SqliteSession::ListAuditEvents(
    std::string_view chain_id, const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  Page<StoredAuditEvent> out;
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountChainEvents));
    s.Bind(1, chain_id);
    DW_ASSIGN_OR_RETURN(out.total, Count(s));
  }
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListChainEvents));
  s.Bind(1, chain_id).Bind(2, page.limit).Bind(3, page.offset);
  DW_ASSIGN_OR_RETURN(out.items, All(s, ReadStoredEvent));
  return out;
}

dw::Result<Page<StoredAuditEvent>> SqliteSession::ListAllAuditEvents(
    const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  Page<StoredAuditEvent> out;
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountAllEvents));
    DW_ASSIGN_OR_RETURN(out.total, Count(s));
  }
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListAllEvents));
  s.Bind(1, page.limit).Bind(2, page.offset);
  DW_ASSIGN_OR_RETURN(out.items, All(s, ReadStoredEvent));
  return out;
}

dw::Result<std::vector<dw::AuditEvent>> SqliteSession::LoadChain(
    std::string_view chain_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kLoadChain));
  s.Bind(1, chain_id);
  return All(s, ReadEvent);
}

dw::Result<dw::ChainHead> SqliteSession::ChainHead(std::string_view chain_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kChainHead));
  s.Bind(1, chain_id);
  DW_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return dw::EmptyChainHead(chain_id);
  dw::ChainHead head;
  head.chain_id = std::string(chain_id);
  head.next_seq = static_cast<std::uint64_t>(s.Int(0));
  head.prev_hash = ReadHash(s, 1);
  return head;
}

std::int64_t SqliteSession::Changes() const {
  return sqlite3_changes64(conn_.db());
}

}  // namespace dw::server::sqlite
