// File: server/store/live_store.hpp
//
// The live side of drift in the store: cloud accounts, the live resources
// pushed for them (per account and region), and plan analyses with the live
// resources they touch. Backend-neutral like store.hpp: a StoreReader hands
// out a LiveReader (Live()), a StoreTx a LiveTx (LiveWrite()), both valid
// only inside the callback, on its thread, within its transaction.
//
// Conventions and errors are those of store.hpp: ids UUIDv4, times RFC 3339
// UTC with microseconds; kNotFound for an id that names nothing *in the org
// given* (another org's id is not found either, so callers cannot probe);
// kAlreadyExists with json_path() naming the field for a unique constraint
// (an account's (provider, external_account_id) within its org);
// kInvalidArgument naming the field for a value outside its set.
#ifndef DRIFTWISE_SERVER_STORE_LIVE_STORE_HPP
#define DRIFTWISE_SERVER_STORE_LIVE_STORE_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/status.hpp"
#include "store/store.hpp"

namespace dw::server {

/// Cloud providers an account may belong to.
inline constexpr std::string_view kCloudProviders[] = {"aws", "gcp", "azure",
                                                       "kubernetes"};
bool IsValidCloudProvider(std::string_view provider);

struct CloudAccount {
  std::string id{};
  std::string org_id{};
  std::string provider{};             ///< one of kCloudProviders
  std::string external_account_id{};  ///< AWS account, GCP project, ...
  std::string display_name{};
  std::string credential_type{};
  /// Sealed (secrets/secret_box.hpp) by the caller before it is stored;
  /// never returned by the API.
  std::string credential_ref_sealed{};
  std::string default_region{};
  std::string created_at{};
  std::optional<std::string> last_validated_at{};

  bool operator==(const CloudAccount&) const = default;
};

/// One live resource as stored: the engine's LiveResource fields plus the
/// row's bookkeeping. `properties` and `tags` are JSON text.
struct LiveResourceRow {
  std::string id{};
  std::string org_id{};
  std::string account_id{};
  /// The region the push that stored it was for ("" when the push named
  /// none); a later push for the same account and scope_region replaces
  /// every row of that scope.
  std::string scope_region{};
  std::string provider{};  ///< the engine's provider name ("aws", "google")
  std::string provider_type{};
  std::string normalized_type{};
  std::string provider_resource_id{};
  std::string region{};
  std::string account{};  ///< as the cloud reported it
  std::string name{};
  std::string properties = "null";  ///< JSON
  bool terraform_shaped = false;
  std::string tags = "[]";  ///< JSON array of {"key","value"}
  bool has_tags = false;
  /// The engine's normalized identity (catalog LiveIdentity), "" when the
  /// catalog does not know the type; what plan links join on.
  std::string identity_key{};
  std::string enrichment_status = "n/a";
  std::optional<std::string> enrichment_failure_reason{};
  std::string status = "active";
  std::string batch_id{};
  std::string first_seen_at{};
  std::string last_seen_at{};

  bool operator==(const LiveResourceRow&) const = default;
};

/// One push of live resources for an account and region.
struct InventoryBatch {
  std::string id{};
  std::string org_id{};
  std::string account_id{};
  std::string scope_region{};
  std::string format{};  ///< the engine's format name ("aws-config", ...)
  std::string source{};  ///< "inventory" or "operator"
  std::int64_t resource_count = 0;
  std::int64_t skipped_count = 0;
  /// JSON array of the provider types the source says it listed whole.
  std::string covered_types = "[]";
  std::string created_at{};

  bool operator==(const InventoryBatch&) const = default;
};

struct PlanAnalysis {
  std::string id{};
  std::string org_id{};
  std::string risk_level{};   ///< the engine's severity name
  std::string result = "{}";  ///< the API's analysis body (JSON)
  std::string ci = "{}";      ///< CI metadata as posted (JSON)
  std::string created_by{};
  std::string created_at{};

  bool operator==(const PlanAnalysis&) const = default;
};

/// A plan analysis touching a live resource.
struct PlanLink {
  std::string analysis_id{};
  std::string org_id{};
  std::string live_resource_id{};
  std::string address{};  ///< Terraform address in the plan
  std::string action{};   ///< the engine's action name
  std::string risk_level{};
  std::string ci = "{}";  ///< joined from the analysis
  std::string created_at{};

  bool operator==(const PlanLink&) const = default;
};

/// One scan of a cloud account: pending -> running -> done | error.
struct ScanRun {
  std::string id{};
  std::string org_id{};
  std::string account_id{};
  std::string scan_type = "full";  ///< full | bulk
  std::string status = "pending";  ///< pending | running | done | error
  std::string error{};             ///< why it ended in error
  std::string job_id{};
  /// JSON object: counts and coverage once done ({} before).
  std::string detail = "{}";
  std::string created_by{};
  std::string created_at{};
  std::optional<std::string> started_at{};
  std::optional<std::string> finished_at{};

  bool operator==(const ScanRun&) const = default;
};

/// What a completed scan adds to the aggregates (one row per scan).
struct ScanSummary {
  std::string scan_id{};
  std::string org_id{};
  std::string account_id{};
  std::string provider{};  ///< the account's provider
  std::string day{};       ///< YYYY-MM-DD of finished_at
  std::string finished_at{};
  std::int64_t live_count = 0;
  std::int64_t iac_count = 0;
  std::int64_t matched_count = 0;
  std::int64_t new_count = 0;
  std::int64_t missing_count = 0;
  std::int64_t changed_count = 0;
  std::int64_t noise_count = 0;
  std::int64_t coverage_bp = 10000;  ///< coverage % x 100
  std::string risk_level = "none";

  bool operator==(const ScanSummary&) const = default;
};

struct ScanBucketRow {
  std::string dimension{};  ///< region | type
  std::string key{};
  std::int64_t live = 0;
  std::int64_t matched = 0;
  std::int64_t drifted = 0;

  bool operator==(const ScanBucketRow&) const = default;
};

struct DriftItemRow {
  std::int64_t seq = 0;
  std::string kind{};  ///< changed | missing | new
  bool noise = false;
  std::string item{};  ///< the API's JSON

  bool operator==(const DriftItemRow&) const = default;
};

struct ScanFilter {
  std::string account_id{};  ///< "" = all
  std::string scan_type{};   ///< "" = all
  std::string provider{};    ///< the account's provider, "" = all
  std::string since{};       ///< created_at >= since ("" = no bound)
};

/// One day of drift history (sums over the scans that finished that day).
struct DriftDay {
  std::string day{};
  std::int64_t scans = 0;
  std::int64_t new_count = 0;
  std::int64_t missing_count = 0;
  std::int64_t changed_count = 0;
  std::int64_t live_count = 0;
  std::int64_t matched_count = 0;
};

struct LiveResourceFilter {
  std::string account_id{};  ///< "" = every account
  std::string provider{};    ///< "" = every provider (the account's provider)
};

class LiveReader {
 public:
  virtual ~LiveReader() = default;

  virtual dw::Result<CloudAccount> GetCloudAccount(
      std::string_view org_id, std::string_view account_id) = 0;
  virtual dw::Result<CloudAccount> FindCloudAccount(
      std::string_view org_id, std::string_view provider,
      std::string_view external_account_id) = 0;
  /// Oldest first.
  virtual dw::Result<Page<CloudAccount>> ListCloudAccounts(
      std::string_view org_id, const PageRequest& page) = 0;
  virtual dw::Result<std::int64_t> CountCloudAccounts(
      std::string_view org_id) = 0;

  virtual dw::Result<LiveResourceRow> GetLiveResource(
      std::string_view org_id, std::string_view resource_id) = 0;
  /// Ordered by account, provider type and provider resource id.
  virtual dw::Result<Page<LiveResourceRow>> ListLiveResources(
      std::string_view org_id, const LiveResourceFilter& filter,
      const PageRequest& page) = 0;
  /// Every resource of an account (for a scan), in the List order.
  virtual dw::Result<std::vector<LiveResourceRow>> AccountLiveResources(
      std::string_view org_id, std::string_view account_id) = 0;
  /// The latest push of each scope of an account.
  virtual dw::Result<std::vector<InventoryBatch>> AccountBatches(
      std::string_view org_id, std::string_view account_id) = 0;
  /// Live resources of the org with this identity key.
  virtual dw::Result<std::vector<std::string>> FindLiveResourcesByIdentity(
      std::string_view org_id, std::string_view identity_key) = 0;

  virtual dw::Result<PlanAnalysis> GetPlanAnalysis(
      std::string_view org_id, std::string_view analysis_id) = 0;
  virtual dw::Result<ScanRun> GetScanRun(std::string_view org_id,
                                         std::string_view scan_id) = 0;
  /// Newest first.
  virtual dw::Result<Page<ScanRun>> ListScanRuns(std::string_view org_id,
                                                 const ScanFilter& filter,
                                                 const PageRequest& page) = 0;
  /// Scans of the org that are pending or running.
  virtual dw::Result<std::int64_t> CountActiveScans(
      std::string_view org_id) = 0;
  /// A scan's drift items in order; noise items only when asked.
  virtual dw::Result<Page<DriftItemRow>> ListDriftItems(
      std::string_view scan_id, bool include_noise,
      const PageRequest& page) = 0;
  /// The latest completed scan's summary of every account of the org
  /// (optionally of one provider), by account.
  virtual dw::Result<std::vector<ScanSummary>> LatestScanSummaries(
      std::string_view org_id, std::string_view provider) = 0;
  /// The summary a completed scan wrote (kNotFound before that).
  virtual dw::Result<ScanSummary> GetScanSummary(std::string_view org_id,
                                                 std::string_view scan_id) = 0;
  virtual dw::Result<std::vector<ScanBucketRow>> ScanBuckets(
      std::string_view scan_id) = 0;
  /// Daily sums since `since_day` (inclusive), oldest first; provider and
  /// account_id narrow it when not empty.
  virtual dw::Result<std::vector<DriftDay>> DriftHistory(
      std::string_view org_id, std::string_view provider,
      std::string_view account_id, std::string_view since_day) = 0;

  /// Newest first.
  virtual dw::Result<Page<PlanLink>> ListPlanLinks(std::string_view org_id,
                                                   std::string_view resource_id,
                                                   const PageRequest& page) = 0;
};

class LiveTx : public LiveReader {
 public:
  virtual dw::Result<CloudAccount> CreateCloudAccount(
      const CloudAccount& account) = 0;

  /// Stores a push: the batch row, then every resource (keyed by account,
  /// scope, provider type and provider resource id: an existing row keeps
  /// its id and first_seen_at), then removes the scope's rows the push did
  /// not list. `batch.id`/`created_at` are filled when empty; resources'
  /// ids, org, account, scope, batch and times are set here.
  virtual dw::Result<InventoryBatch> ReplaceLiveResources(
      const InventoryBatch& batch, std::vector<LiveResourceRow>& resources) = 0;

  virtual dw::Status SetEnrichment(
      std::string_view org_id, std::string_view resource_id,
      std::string_view status, const std::optional<std::string>& reason) = 0;

  /// Fills id/created_at when empty.
  virtual dw::Result<ScanRun> CreateScanRun(const ScanRun& scan) = 0;
  /// Moves a scan to `status` (running sets started_at; done/error set
  /// finished_at) with `error` and `detail`. kNotFound for no such scan.
  virtual dw::Status SetScanStatus(std::string_view scan_id,
                                   std::string_view status,
                                   std::string_view error,
                                   std::string_view detail,
                                   std::string_view time) = 0;
  /// Stores a scan's results, replacing any earlier ones of the same scan
  /// (a re-run after a crash stores once): its items, summary and buckets.
  virtual dw::Status StoreScanResults(
      const ScanSummary& summary, const std::vector<DriftItemRow>& items,
      const std::vector<ScanBucketRow>& buckets) = 0;
  /// Deletes the org's scans created before `cutoff` that are done or in
  /// error (their items, summaries and buckets go with them); returns how
  /// many.
  virtual dw::Result<std::int64_t> DeleteScansBefore(
      std::string_view org_id, std::string_view cutoff) = 0;

  virtual dw::Result<PlanAnalysis> CreatePlanAnalysis(
      const PlanAnalysis& analysis) = 0;
  virtual dw::Status AddPlanLink(const PlanLink& link) = 0;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_STORE_LIVE_STORE_HPP
