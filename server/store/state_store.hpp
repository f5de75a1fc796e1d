// File: server/store/state_store.hpp
//
// The store's records and operations for Terraform state sources (issue
// #15) and the durable job table the server's workers run from. StoreReader
// and StoreTx (store.hpp) inherit these interfaces, so callers reach them
// through the same Read/Write transactions as everything else; a PostgreSQL
// store implements them too (nothing here is SQLite-specific).
//
// State sources
// - A source belongs to one org; soft-deleted sources (deleted_at set) are
//   invisible to every read here: Get* answers kNotFound for them exactly
//   as for a nonexistent or another org's id (the API's 404 rule).
// - `config` is the kind's non-secret JSON, stored verbatim. Credentials are
//   only ever held sealed (secrets/secret_box.hpp, SecretPlace {org,
//   "state_sources", id, "credentials"}); the store never sees plaintext.
// - A snapshot is one distinct state (by SHA-256) ingested for a source: its
//   facts and one StateResourceRow per resource instance. The verbatim bytes
//   live in a content-addressed file beside the database
//   (store/snapshot_files.hpp), written and synced before the row commits.
//
// For the scans (issue #16): ListCurrentSnapshots(org) gives, per live
// source with a snapshot, its current snapshot (id, source id, sha256);
// SnapshotFiles::PathFor(sha256) is the file to parse with dw::ParseStateFile.
// api/state_ingest.hpp's EnsureFresh refreshes sources older than the
// staleness window first.
//
// Jobs
// - Claimed with a lease: ClaimJob picks the oldest runnable job (queued and
//   due, or running with an expired lease - its worker died), marks it
//   running for `owner` until `lease_until` and counts an attempt. On
//   PostgreSQL the same claim is SELECT ... FOR UPDATE SKIP LOCKED; on
//   SQLite the write transaction (BEGIN IMMEDIATE) already serializes it.
// - A job's result commits in the same transaction as FinishJob (see
//   jobs/worker_pool.hpp), and FinishJob fails with kFailedPrecondition when
//   the caller no longer holds the lease, so a worker that lost its lease
//   cannot overwrite the result of the one that re-ran the job.
//
// Errors: as store.hpp (kNotFound naming the row, kInvalidArgument naming
// the field, kAlreadyExists for a glob child key seen twice).
// Thread-safety: as store.hpp (only inside the callback given the session).
#ifndef DRIFTWISE_SERVER_STORE_STATE_STORE_HPP
#define DRIFTWISE_SERVER_STORE_STATE_STORE_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/status.hpp"

namespace dw::server {

template <class T>
struct Page;
struct PageRequest;

/// Kinds of state source the API accepts ("file" only when the operator
/// enabled a local state directory).
inline constexpr std::string_view kStateSourceKinds[] = {
    "upload", "s3", "gcs", "azure_blob", "tfc", "file"};
bool IsValidStateSourceKind(std::string_view kind);

struct StateSource {
  std::string id{};
  std::string org_id{};
  std::string name{};         ///< the API's display_name
  std::string kind{};         ///< one of kStateSourceKinds
  std::string config = "{}";  ///< non-secret JSON object text
  /// Sealed credentials ("dws1:..."), never plaintext; nullopt when none.
  std::optional<std::string> sealed_credentials{};
  std::string cloud_account_id{};
  std::optional<std::string> glob_id{};  ///< set for a glob's children
  std::string glob_key{};                ///< the object key a child came from
  std::string status = "pending";        ///< pending | ok | error
  std::string last_error{};
  std::optional<std::string> last_refreshed_at{};
  std::optional<std::string> current_snapshot_id{};
  std::string created_at{};
  std::optional<std::string> deleted_at{};

  bool operator==(const StateSource&) const = default;
};

struct StateSourceGlob {
  std::string id{};
  std::string org_id{};
  std::string display_name{};
  std::string provider{};  ///< s3 | gcs | azure_blob
  std::string bucket{};
  std::string prefix{};
  std::string region{};
  std::string storage_account{};
  std::string cloud_account_id{};
  /// Non-secret backend options as a JSON object (endpoint, use_path_style).
  std::string options = "{}";
  /// Sealed credentials for listing the bucket (SecretPlace {org,
  /// "state_source_globs", id, "credentials"}); nullopt when none.
  std::optional<std::string> sealed_credentials{};
  std::string created_at{};
  std::optional<std::string> deleted_at{};
  std::int64_t child_count = 0;  ///< live children; filled by reads

  bool operator==(const StateSourceGlob&) const = default;
};

struct StateSnapshot {
  std::string id{};
  std::string org_id{};
  std::string source_id{};
  std::string sha256{};  ///< lowercase hex of the verbatim bytes
  std::int64_t serial = 0;
  std::string lineage{};
  std::string terraform_version{};
  std::int64_t state_version = 0;  ///< 4, or 0 for `terraform show -json`
  std::int64_t resource_count = 0;
  std::int64_t bytes = 0;
  std::string created_at{};

  bool operator==(const StateSnapshot&) const = default;
};

/// One resource instance of a snapshot, as the drift workflow reads it.
struct StateResourceRow {
  std::string address{};
  std::string mode{};
  std::string type{};
  std::string name{};
  std::string provider{};
  std::string module{};
  std::string index_key{};    ///< JSON of the index ("" when none)
  std::string resource_id{};  ///< the instance's "id" attribute, "" if none

  bool operator==(const StateResourceRow&) const = default;
};

/// What a refresh or upload records on its source.
struct StateSourceRefresh {
  std::string status{};  ///< ok | error
  std::string last_error{};
  std::string refreshed_at{};
  /// The new current snapshot; nullopt keeps the current one.
  std::optional<std::string> snapshot_id{};
};

inline constexpr std::string_view kJobStates[] = {"queued", "running", "done",
                                                  "error"};

struct Job {
  std::string id{};
  std::string kind{};
  std::string org_id{};        ///< "" for platform jobs
  std::string payload = "{}";  ///< JSON object text
  std::string state = "queued";
  std::int64_t attempts = 0;  ///< claims so far
  std::int64_t max_attempts = 3;
  std::optional<std::string> lease_owner{};
  std::optional<std::string> lease_expires_at{};
  std::string run_after{};    ///< not claimed before; "" = now
  std::string error{};        ///< the last attempt's error
  std::string result = "{}";  ///< JSON object text, set when done
  std::string created_at{};
  std::string updated_at{};
  std::optional<std::string> finished_at{};

  bool operator==(const Job&) const = default;
};

// State sources ---------------------------------------------------------

class StateSourceReader {
 public:
  virtual ~StateSourceReader() = default;

  /// A live source of the org (kNotFound for deleted/other org/unknown).
  virtual dw::Result<StateSource> GetStateSource(std::string_view org_id,
                                                 std::string_view id) = 0;
  /// Live sources, oldest first.
  virtual dw::Result<Page<StateSource>> ListStateSources(
      std::string_view org_id, const PageRequest& page) = 0;
  /// Live sources of the org (what the plan limit counts).
  virtual dw::Result<std::int64_t> CountStateSources(
      std::string_view org_id) = 0;
  /// A snapshot of the org (snapshots of deleted sources included).
  virtual dw::Result<StateSnapshot> GetStateSnapshot(std::string_view org_id,
                                                     std::string_view id) = 0;
  /// The current snapshot of every live source of the org that has one,
  /// oldest source first.
  virtual dw::Result<std::vector<StateSnapshot>> ListCurrentSnapshots(
      std::string_view org_id) = 0;
  /// A snapshot's resource instances in state order.
  virtual dw::Result<std::vector<StateResourceRow>> ListSnapshotResources(
      std::string_view snapshot_id) = 0;

  /// Live globs, oldest first, with child counts.
  virtual dw::Result<std::vector<StateSourceGlob>> ListStateSourceGlobs(
      std::string_view org_id) = 0;
  virtual dw::Result<StateSourceGlob> GetStateSourceGlob(
      std::string_view org_id, std::string_view id) = 0;
  /// Live children of a glob, by key.
  virtual dw::Result<std::vector<StateSource>> ListGlobChildren(
      std::string_view org_id, std::string_view glob_id) = 0;
};

class StateSourceWriter {
 public:
  virtual ~StateSourceWriter() = default;

  /// Fills id/created_at when empty. kInvalidArgument for an unknown kind,
  /// empty name, config that is not a JSON object, or plaintext credentials
  /// (anything not sealed).
  virtual dw::Result<StateSource> CreateStateSource(const StateSource& s) = 0;
  /// true when deleted now; kNotFound when not a live source of the org.
  virtual dw::Status SoftDeleteStateSource(std::string_view org_id,
                                           std::string_view id,
                                           std::string_view time) = 0;
  /// Records a refresh outcome on a live source.
  virtual dw::Status RecordStateSourceRefresh(std::string_view org_id,
                                              std::string_view id,
                                              const StateSourceRefresh& r) = 0;
  /// Stores a snapshot and its resources (fills id/created_at when empty).
  virtual dw::Result<StateSnapshot> InsertStateSnapshot(
      const StateSnapshot& snapshot,
      const std::vector<StateResourceRow>& resources) = 0;

  virtual dw::Result<StateSourceGlob> CreateStateSourceGlob(
      const StateSourceGlob& g) = 0;
  /// Soft-deletes the glob and its live children; returns how many
  /// children were deleted. kNotFound when not a live glob of the org.
  virtual dw::Result<std::int64_t> SoftDeleteStateSourceGlob(
      std::string_view org_id, std::string_view id, std::string_view time) = 0;
};

// Jobs -------------------------------------------------------------------

class JobReader {
 public:
  virtual ~JobReader() = default;
  virtual dw::Result<Job> GetJob(std::string_view id) = 0;
  /// Jobs in `state` (for tests and /metrics).
  virtual dw::Result<std::int64_t> CountJobs(std::string_view state) = 0;
};

class JobWriter {
 public:
  virtual ~JobWriter() = default;
  /// Fills id, created_at, updated_at and run_after when empty.
  virtual dw::Result<Job> EnqueueJob(const Job& job) = 0;
  /// The oldest runnable job (queued and due, or running with its lease
  /// expired before `now`), now leased to `owner` until `lease_until`;
  /// nullopt when none. A job whose attempts are used up is marked error
  /// instead of being handed out.
  virtual dw::Result<std::optional<Job>> ClaimJob(
      std::string_view owner, std::string_view now,
      std::string_view lease_until) = 0;
  /// Ends a job `owner` holds: state done or error, with result/error text.
  /// kFailedPrecondition when the lease is no longer the owner's.
  virtual dw::Status FinishJob(std::string_view id, std::string_view owner,
                               std::string_view state, std::string_view result,
                               std::string_view error,
                               std::string_view now) = 0;
  /// Puts a job `owner` holds back in the queue until `run_after` (a
  /// transient failure), keeping `error`.
  virtual dw::Status RequeueJob(std::string_view id, std::string_view owner,
                                std::string_view error,
                                std::string_view run_after,
                                std::string_view now) = 0;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_STORE_STATE_STORE_HPP
