// File: server/store/sqlite_session.hpp
//
// StoreTx over one SQLite connection (internal to the store). The store
// hands it out as a StoreTx inside Write (writer connection, transaction
// open) and as a StoreReader inside Read (a pooled read-only connection).
// Reads are in sqlite_reads.cpp, writes in sqlite_writes.cpp, the audit
// append in sqlite_audit.cpp.
//
// Ownership: borrows the connection. Thread-safety: one thread at a time.
#ifndef DRIFTWISE_SERVER_STORE_SQLITE_SESSION_HPP
#define DRIFTWISE_SERVER_STORE_SQLITE_SESSION_HPP

#include <string>
#include <string_view>

#include "store/sqlite_conn.hpp"
#include "store/sqlite_live.hpp"
#include "store/store.hpp"

namespace dw::server::sqlite {

class SqliteSession final : public StoreTx {
 public:
  explicit SqliteSession(SqliteConn& conn) : conn_(conn), live_(conn) {}

  // StoreReader
  dw::Result<User> GetUser(std::string_view id) override;
  dw::Result<User> FindUserByEmail(std::string_view email) override;
  dw::Result<Page<User>> ListUsers(const PageRequest& page) override;
  dw::Result<std::int64_t> CountPlatformAdmins() override;
  dw::Result<Org> GetOrg(std::string_view id) override;
  dw::Result<Page<Org>> ListOrgs(const PageRequest& page) override;
  dw::Result<Membership> GetMembership(std::string_view id) override;
  dw::Result<Membership> FindMembership(std::string_view org_id,
                                        std::string_view user_id) override;
  dw::Result<Page<Membership>> ListOrgMemberships(
      std::string_view org_id, const PageRequest& page) override;
  dw::Result<std::vector<Membership>> ListUserMemberships(
      std::string_view user_id) override;
  dw::Result<std::int64_t> CountOrgMembers(std::string_view org_id) override;
  dw::Result<std::int64_t> CountOrgOwners(std::string_view org_id) override;
  dw::Result<ApiKey> GetApiKey(std::string_view org_id,
                               std::string_view key_id) override;
  dw::Result<ApiKey> FindApiKeyByPrefix(std::string_view prefix) override;
  dw::Result<Page<ApiKey>> ListApiKeys(std::string_view org_id,
                                       const PageRequest& page) override;
  dw::Result<std::int64_t> CountActiveApiKeys(std::string_view org_id) override;
  dw::Result<std::vector<AllowedDomain>> ListDomains() override;
  dw::Result<AllowedDomain> FindDomain(std::string_view domain) override;
  dw::Result<AllowedDomain> GetDomain(std::string_view id) override;
  dw::Result<Page<StoredAuditEvent>> ListAuditEvents(
      std::string_view chain_id, const PageRequest& page) override;
  dw::Result<Page<StoredAuditEvent>> ListAllAuditEvents(
      const PageRequest& page) override;
  dw::Result<std::vector<dw::AuditEvent>> LoadChain(
      std::string_view chain_id) override;
  dw::Result<dw::ChainHead> ChainHead(std::string_view chain_id) override;
  LiveReader& Live() override { return live_; }

  // StoreTx
  dw::Result<User> CreateUser(const User& user) override;
  dw::Status UpdateUserLogin(std::string_view user_id,
                             std::string_view time) override;
  dw::Status SetPlatformAdmin(std::string_view user_id, bool is_admin) override;
  dw::Result<bool> SoftDeleteUser(std::string_view user_id,
                                  std::string_view time) override;
  dw::Result<Org> CreateOrg(const Org& org) override;
  dw::Status SetOrgPlan(std::string_view org_id, std::string_view plan,
                        std::string_view subscription_status) override;
  dw::Result<Membership> CreateMembership(const Membership& m) override;
  dw::Status UpdateMembershipRole(std::string_view membership_id,
                                  std::string_view role) override;
  dw::Status DeleteMembership(std::string_view membership_id) override;
  dw::Result<ApiKey> CreateApiKey(const ApiKey& key) override;
  dw::Result<bool> RevokeApiKey(std::string_view org_id,
                                std::string_view key_id,
                                std::string_view time) override;
  dw::Status TouchApiKeyLastUsed(std::string_view key_id,
                                 std::string_view time) override;
  dw::Result<AllowedDomain> AddDomain(const AllowedDomain& d) override;
  dw::Status DeleteDomain(std::string_view id) override;
  dw::Result<dw::AuditEvent> AppendAudit(const AuditAppend& a) override;
  LiveTx& LiveWrite() override { return live_; }

  // State sources (sqlite_state_sources.cpp)
  dw::Result<StateSource> GetStateSource(std::string_view org_id,
                                         std::string_view id) override;
  dw::Result<Page<StateSource>> ListStateSources(
      std::string_view org_id, const PageRequest& page) override;
  dw::Result<std::int64_t> CountStateSources(std::string_view org_id) override;
  dw::Result<StateSnapshot> GetStateSnapshot(std::string_view org_id,
                                             std::string_view id) override;
  dw::Result<std::vector<StateSnapshot>> ListCurrentSnapshots(
      std::string_view org_id) override;
  dw::Result<std::vector<StateResourceRow>> ListSnapshotResources(
      std::string_view snapshot_id) override;
  dw::Result<std::vector<StateSourceGlob>> ListStateSourceGlobs(
      std::string_view org_id) override;
  dw::Result<StateSourceGlob> GetStateSourceGlob(std::string_view org_id,
                                                 std::string_view id) override;
  dw::Result<std::vector<StateSource>> ListGlobChildren(
      std::string_view org_id, std::string_view glob_id) override;
  dw::Result<StateSource> CreateStateSource(const StateSource& s) override;
  dw::Status SoftDeleteStateSource(std::string_view org_id, std::string_view id,
                                   std::string_view time) override;
  dw::Status RecordStateSourceRefresh(std::string_view org_id,
                                      std::string_view id,
                                      const StateSourceRefresh& r) override;
  dw::Result<StateSnapshot> InsertStateSnapshot(
      const StateSnapshot& snapshot,
      const std::vector<StateResourceRow>& resources) override;
  dw::Result<StateSourceGlob> CreateStateSourceGlob(
      const StateSourceGlob& g) override;
  dw::Result<std::int64_t> SoftDeleteStateSourceGlob(
      std::string_view org_id, std::string_view id,
      std::string_view time) override;

  // Jobs (sqlite_jobs.cpp)
  dw::Result<Job> GetJob(std::string_view id) override;
  dw::Result<std::int64_t> CountJobs(std::string_view state) override;
  dw::Result<Job> EnqueueJob(const Job& job) override;
  dw::Result<std::optional<Job>> ClaimJob(
      std::string_view owner, std::string_view now,
      std::string_view lease_until) override;
  dw::Status FinishJob(std::string_view id, std::string_view owner,
                       std::string_view state, std::string_view result,
                       std::string_view error, std::string_view now) override;
  dw::Status RequeueJob(std::string_view id, std::string_view owner,
                        std::string_view error, std::string_view run_after,
                        std::string_view now) override;

 private:
  dw::Result<Job> MarkJobExhausted(Job job, std::string_view now);

  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  std::int64_t Changes() const;

  SqliteConn& conn_;
  SqliteLiveSession live_;
};

// Shared by the three implementation files.
std::string AsciiLower(std::string_view text);
/// kInvalidArgument naming `field` unless `time` has the store's format.
dw::Status CheckStoreTime(std::string_view field, std::string_view time);
/// kInvalidArgument for a negative limit or offset.
dw::Status CheckPage(const PageRequest& page);
dw::Status NotFound(std::string_view what, std::string_view id);

}  // namespace dw::server::sqlite

#endif  // DRIFTWISE_SERVER_STORE_SQLITE_SESSION_HPP
