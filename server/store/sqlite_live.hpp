// File: server/store/sqlite_live.hpp
//
// LiveTx over one SQLite connection (internal to the store): accounts, live
// resources and plan analyses. SqliteSession owns one and hands it out from
// Live()/LiveWrite(), so it shares the session's connection and transaction.
//
// Ownership: borrows the connection. Thread-safety: one thread at a time.
#ifndef DRIFTWISE_SERVER_STORE_SQLITE_LIVE_HPP
#define DRIFTWISE_SERVER_STORE_SQLITE_LIVE_HPP

#include "store/live_store.hpp"
#include "store/sqlite_conn.hpp"

namespace dw::server::sqlite {

class SqliteLiveSession final : public LiveTx {
 public:
  explicit SqliteLiveSession(SqliteConn& conn) : conn_(conn) {}

  // LiveReader
  dw::Result<CloudAccount> GetCloudAccount(
      std::string_view org_id, std::string_view account_id) override;
  dw::Result<CloudAccount> FindCloudAccount(
      std::string_view org_id, std::string_view provider,
      std::string_view external_account_id) override;
  dw::Result<Page<CloudAccount>> ListCloudAccounts(
      std::string_view org_id, const PageRequest& page) override;
  dw::Result<std::int64_t> CountCloudAccounts(std::string_view org_id) override;
  dw::Result<LiveResourceRow> GetLiveResource(
      std::string_view org_id, std::string_view resource_id) override;
  dw::Result<Page<LiveResourceRow>> ListLiveResources(
      std::string_view org_id, const LiveResourceFilter& filter,
      const PageRequest& page) override;
  dw::Result<std::vector<LiveResourceRow>> AccountLiveResources(
      std::string_view org_id, std::string_view account_id) override;
  dw::Result<std::vector<InventoryBatch>> AccountBatches(
      std::string_view org_id, std::string_view account_id) override;
  dw::Result<std::vector<std::string>> FindLiveResourcesByIdentity(
      std::string_view org_id, std::string_view identity_key) override;
  dw::Result<PlanAnalysis> GetPlanAnalysis(
      std::string_view org_id, std::string_view analysis_id) override;
  dw::Result<ScanRun> GetScanRun(std::string_view org_id,
                                 std::string_view scan_id) override;
  dw::Result<Page<ScanRun>> ListScanRuns(std::string_view org_id,
                                         const ScanFilter& filter,
                                         const PageRequest& page) override;
  dw::Result<std::int64_t> CountActiveScans(std::string_view org_id) override;
  dw::Result<Page<DriftItemRow>> ListDriftItems(
      std::string_view scan_id, bool include_noise,
      const PageRequest& page) override;
  dw::Result<std::vector<ScanSummary>> LatestScanSummaries(
      std::string_view org_id, std::string_view provider) override;
  dw::Result<ScanSummary> GetScanSummary(std::string_view org_id,
                                         std::string_view scan_id) override;
  dw::Result<std::vector<ScanBucketRow>> ScanBuckets(
      std::string_view scan_id) override;
  dw::Result<std::vector<DriftDay>> DriftHistory(
      std::string_view org_id, std::string_view provider,
      std::string_view account_id, std::string_view since_day) override;
  dw::Result<Page<PlanLink>> ListPlanLinks(std::string_view org_id,
                                           std::string_view resource_id,
                                           const PageRequest& page) override;

  // LiveTx
  dw::Result<CloudAccount> CreateCloudAccount(
      const CloudAccount& account) override;
  dw::Result<InventoryBatch> ReplaceLiveResources(
      const InventoryBatch& batch,
      std::vector<LiveResourceRow>& resources) override;
  dw::Status SetEnrichment(std::string_view org_id,
                           std::string_view resource_id,
                           std::string_view status,
                           const std::optional<std::string>& reason) override;
  dw::Result<ScanRun> CreateScanRun(const ScanRun& scan) override;
  dw::Status SetScanStatus(std::string_view scan_id, std::string_view status,
                           std::string_view error, std::string_view detail,
                           std::string_view time) override;
  dw::Status StoreScanResults(
      const ScanSummary& summary, const std::vector<DriftItemRow>& items,
      const std::vector<ScanBucketRow>& buckets) override;
  dw::Result<std::int64_t> DeleteScansBefore(std::string_view org_id,
                                             std::string_view cutoff) override;
  dw::Result<PlanAnalysis> CreatePlanAnalysis(
      const PlanAnalysis& analysis) override;
  dw::Status AddPlanLink(const PlanLink& link) override;

 private:
  SqliteConn& conn_;
};

}  // namespace dw::server::sqlite

#endif  // DRIFTWISE_SERVER_STORE_SQLITE_LIVE_HPP
