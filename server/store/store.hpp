// File: server/store/store.hpp
//
// The server's persistent store: the records it keeps (users, orgs,
// memberships, API keys, allowed email domains, audit events) and the
// backend-neutral interface over them. The SQLite implementation is in
// store/sqlite_store.hpp; a PostgreSQL one implements the same classes.
//
// Conventions
// - Ids are UUIDv4 text, times RFC 3339 UTC with microseconds
//   ("2026-01-02T03:04:05.123456Z"); store/ids.hpp makes both.
// - Create* fill `id` and `created_at` when they are empty and return the
//   stored record.
// - Emails and domains are stored ASCII-lowercased; lookups lowercase their
//   argument too, so callers need not.
// Errors (dw::Status codes)
// - kNotFound: a row addressed by id/key does not exist. The message names
//   the kind of row and the id.
// - kAlreadyExists: a unique constraint (org slug, user email, API key
//   prefix, allowed domain, one membership per org and user). json_path()
//   holds the offending field ("slug", "email", "key_prefix", "domain",
//   "user_id").
// - kInvalidArgument: a value outside its set (role, plan), an empty
//   required field, a chain id that does not match its org. Names the field.
// - kFailedPrecondition: a row still referenced elsewhere (foreign key).
// - kUnavailable: the database stayed locked for the whole busy timeout.
// - kDataLoss: the file is not a database or is corrupt.
// - kInternal: anything else SQLite reports (message included).
// Thread-safety: Store is safe to use from many threads at once. A
// StoreReader/StoreTx is only valid inside the callback it was passed to,
// on that thread.
#ifndef DRIFTWISE_SERVER_STORE_STORE_HPP
#define DRIFTWISE_SERVER_STORE_STORE_HPP

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/audit.hpp"
#include "driftwise/status.hpp"
#include "store/state_store.hpp"

namespace dw::server {

// Value sets ------------------------------------------------------------------

/// Membership roles, strongest first.
inline constexpr std::string_view kRoles[] = {"owner", "admin", "member",
                                              "viewer"};
/// Billing plans.
inline constexpr std::string_view kPlans[] = {"free", "team", "enterprise"};
/// The chain of platform-scoped events (org.created, domain.added, ...).
inline constexpr std::string_view kPlatformChainId = "platform";
/// The chain of one org's events: "org:<org_id>".
std::string OrgChainId(std::string_view org_id);

bool IsValidRole(std::string_view role);
bool IsValidPlan(std::string_view plan);

// Records --------------------------------------------------------------------
// Every member has a default initializer, so designated initializers
// ({.name = ..., .slug = ...}) compile warning-free under -Wextra.

struct User {
  std::string id{};
  std::string email{};  ///< lowercased
  std::string display_name{};
  bool is_platform_admin = false;
  std::string created_at{};
  std::optional<std::string> last_login_at{};
  std::optional<std::string> deleted_at{};  ///< soft delete; auth must deny

  bool operator==(const User&) const = default;
};

struct Org {
  std::string id{};
  std::string name{};  ///< the API's display_name
  std::string slug{};  ///< unique
  std::string plan = "free";
  std::string subscription_status = "active";
  std::string created_at{};

  bool operator==(const Org&) const = default;
};

struct Membership {
  std::string id{};
  std::string org_id{};
  std::string user_id{};
  std::string role{};  ///< one of kRoles
  std::string created_at{};
  // Joined for listings; filled by every read and by CreateMembership.
  std::string user_email{};
  std::string org_name{};

  bool operator==(const Membership&) const = default;
};

struct ApiKey {
  std::string id{};
  std::string org_id{};
  std::string name{};
  std::string key_prefix{};  ///< unique; the public part shown to users
  dw::Hash256 key_hash{};    ///< HMAC of the raw key, computed by the caller
  std::string last4{};
  std::vector<std::string> scopes{};
  std::string created_by{};  ///< user id ("" when unknown)
  std::string created_at{};
  std::optional<std::string> last_used_at{};
  std::optional<std::string> revoked_at{};

  bool operator==(const ApiKey&) const = default;
};

struct AllowedDomain {
  std::string id{};
  std::string domain{};      ///< unique, lowercased
  std::string created_by{};  ///< user id or other actor text
  std::string created_at{};

  bool operator==(const AllowedDomain&) const = default;
};

struct StoredAuditEvent {
  dw::AuditEvent event{};
  std::string org_id{};  ///< "" for the platform chain

  bool operator==(const StoredAuditEvent&) const = default;
};

/// What AppendAudit needs; the chain assigns seq and hashes.
struct AuditAppend {
  std::string chain_id{};  ///< kPlatformChainId or OrgChainId(org_id)
  std::string org_id{};    ///< "" for the platform chain
  std::string time{};      ///< RFC 3339
  std::string actor{};
  std::string action{};
  std::string target{};
  std::string detail = "{}";  ///< exact JSON bytes
};

// Pagination ---------------------------------------------------------

struct PageRequest {
  std::int64_t limit = 100;  ///< the API layer clamps to the route's maximum
  std::int64_t offset = 0;
};

template <class T>
struct Page {
  std::vector<T> items{};
  std::int64_t total = 0;  ///< rows matching, ignoring limit/offset
};

// The live side (accounts, live resources, plan analyses):
// store/live_store.hpp.
class LiveReader;
class LiveTx;

// Reads ---------------------------------------------------------

/// Reads within one consistent snapshot (everything a callback reads sees the
/// same committed state, plus its own writes inside a StoreTx). State
/// sources and jobs are in state_store.hpp.
class StoreReader : public StateSourceReader, public JobReader {
 public:
  virtual ~StoreReader() = default;

  // Users. Soft-deleted users are returned (deleted_at set).
  virtual dw::Result<User> GetUser(std::string_view id) = 0;
  virtual dw::Result<User> FindUserByEmail(std::string_view email) = 0;
  /// Oldest first.
  virtual dw::Result<Page<User>> ListUsers(const PageRequest& page) = 0;
  /// Admins that are not soft-deleted.
  virtual dw::Result<std::int64_t> CountPlatformAdmins() = 0;

  // Orgs.
  virtual dw::Result<Org> GetOrg(std::string_view id) = 0;
  /// Newest first (created_at desc).
  virtual dw::Result<Page<Org>> ListOrgs(const PageRequest& page) = 0;

  // Memberships.
  virtual dw::Result<Membership> GetMembership(std::string_view id) = 0;
  virtual dw::Result<Membership> FindMembership(std::string_view org_id,
                                                std::string_view user_id) = 0;
  /// Oldest first.
  virtual dw::Result<Page<Membership>> ListOrgMemberships(
      std::string_view org_id, const PageRequest& page) = 0;
  /// Every org the user belongs to, oldest membership first.
  virtual dw::Result<std::vector<Membership>> ListUserMemberships(
      std::string_view user_id) = 0;
  virtual dw::Result<std::int64_t> CountOrgMembers(std::string_view org_id) = 0;
  virtual dw::Result<std::int64_t> CountOrgOwners(std::string_view org_id) = 0;

  // API keys. Get/Find return revoked keys too (revoked_at set): the caller
  // decides (auth rejects them, revoke answers 404).
  virtual dw::Result<ApiKey> GetApiKey(std::string_view org_id,
                                       std::string_view key_id) = 0;
  virtual dw::Result<ApiKey> FindApiKeyByPrefix(std::string_view prefix) = 0;
  /// Active (not revoked) keys only, newest first; total counts active keys.
  /// Revoked keys cannot be used or revoked again, so listing them would
  /// only invite confusion.
  virtual dw::Result<Page<ApiKey>> ListApiKeys(std::string_view org_id,
                                               const PageRequest& page) = 0;
  virtual dw::Result<std::int64_t> CountActiveApiKeys(
      std::string_view org_id) = 0;

  // Allowed email domains.
  /// Alphabetical.
  virtual dw::Result<std::vector<AllowedDomain>> ListDomains() = 0;
  virtual dw::Result<AllowedDomain> FindDomain(std::string_view domain) = 0;
  virtual dw::Result<AllowedDomain> GetDomain(std::string_view id) = 0;

  // Audit.
  /// One chain, newest first (seq desc).
  virtual dw::Result<Page<StoredAuditEvent>> ListAuditEvents(
      std::string_view chain_id, const PageRequest& page) = 0;
  /// Every chain, newest first by event time (then by insertion).
  virtual dw::Result<Page<StoredAuditEvent>> ListAllAuditEvents(
      const PageRequest& page) = 0;
  /// The whole chain in seq order, for dw::VerifyAuditEvents. Empty when the
  /// chain has no events.
  virtual dw::Result<std::vector<dw::AuditEvent>> LoadChain(
      std::string_view chain_id) = 0;
  /// Where the chain ends (dw::EmptyChainHead when it has no events).
  virtual dw::Result<dw::ChainHead> ChainHead(std::string_view chain_id) = 0;

  /// Accounts, live resources and plan analyses in the same snapshot.
  virtual LiveReader& Live() = 0;
};

// Writes ---------------------------------------------------------

/// Reads and writes inside one transaction. Nothing is visible to others
/// until Store::Write's callback returns OK and the commit succeeds.
class StoreTx : public StoreReader, public StateSourceWriter, public JobWriter {
 public:
  // Users.
  virtual dw::Result<User> CreateUser(const User& user) = 0;
  virtual dw::Status UpdateUserLogin(std::string_view user_id,
                                     std::string_view time) = 0;
  virtual dw::Status SetPlatformAdmin(std::string_view user_id,
                                      bool is_admin) = 0;
  /// Sets deleted_at and clears the platform admin flag; memberships stay.
  /// true when deleted now, false when it already was (deleted_at kept).
  virtual dw::Result<bool> SoftDeleteUser(std::string_view user_id,
                                          std::string_view time) = 0;

  // Orgs.
  virtual dw::Result<Org> CreateOrg(const Org& org) = 0;
  virtual dw::Status SetOrgPlan(std::string_view org_id, std::string_view plan,
                                std::string_view subscription_status) = 0;

  // Memberships. kNotFound when the org or user does not exist.
  virtual dw::Result<Membership> CreateMembership(const Membership& m) = 0;
  virtual dw::Status UpdateMembershipRole(std::string_view membership_id,
                                          std::string_view role) = 0;
  virtual dw::Status DeleteMembership(std::string_view membership_id) = 0;

  // API keys.
  virtual dw::Result<ApiKey> CreateApiKey(const ApiKey& key) = 0;
  /// true when this call revoked it; false when it was already revoked.
  /// kNotFound when no such key in that org.
  virtual dw::Result<bool> RevokeApiKey(std::string_view org_id,
                                        std::string_view key_id,
                                        std::string_view time) = 0;
  virtual dw::Status TouchApiKeyLastUsed(std::string_view key_id,
                                         std::string_view time) = 0;

  // Allowed domains.
  virtual dw::Result<AllowedDomain> AddDomain(const AllowedDomain& d) = 0;
  virtual dw::Status DeleteDomain(std::string_view id) = 0;

  /// Appends to a chain: reads the chain head inside this transaction,
  /// chains with dw::AppendAuditEvent, stores the event and the new head.
  /// The event commits or rolls back together with the rest of the
  /// transaction. kInvalidArgument for a bad field (from the core) or a
  /// chain_id/org_id mismatch; kNotFound when org_id names no org.
  virtual dw::Result<dw::AuditEvent> AppendAudit(const AuditAppend& a) = 0;

  /// Writes to accounts, live resources and plan analyses in this
  /// transaction.
  virtual LiveTx& LiveWrite() = 0;
};

// The store ---------------------------------------------------------

class Store {
 public:
  virtual ~Store() = default;

  /// Runs `fn` in one write transaction (SQLite: BEGIN IMMEDIATE ... COMMIT;
  /// writes are serialized). Rolls back when `fn` returns an error (which is
  /// returned unchanged) or throws (kInternal naming the exception). Waiting
  /// for another process's lock retries up to the busy timeout, then
  /// kUnavailable. `fn` runs at most once, on the calling thread. Returns
  /// OK only once the write is durable. Concurrent Writes may share one
  /// commit (each still all-or-nothing, applied in arrival order). Do not
  /// call Write or Read from inside `fn`, nor wait there for another
  /// thread's Write (writes are serialized: it would wait forever).
  virtual dw::Status Write(const std::function<dw::Status(StoreTx&)>& fn) = 0;
  /// Runs `fn` on a read snapshot; many Reads run concurrently. Errors as
  /// Write. Do not call Write or Read from inside `fn`.
  virtual dw::Status Read(
      const std::function<dw::Status(StoreReader&)>& fn) = 0;
  /// OK when the database answers a trivial query (for /readyz).
  virtual dw::Status Ping() = 0;
  /// The schema version of the open database.
  virtual int SchemaVersion() = 0;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_STORE_STORE_HPP
