// File: server/api/state_ingest.hpp
//
// Turning state bytes into a snapshot of a source, for uploads, refreshes
// (run as jobs of kind "state_source.refresh") and the scans' freshness
// check. Order, so that a crash never leaves a half-written snapshot:
//   1. the bytes are spooled to a temp file beside the database, hashed;
//   2. same SHA-256 as the source's current snapshot: nothing new is stored
//      (only last_fetched_at/status move);
//   3. otherwise parsed with the core parser (dw::ParseStateFile); a broken
//      or non-state file marks the source (status error, last_error = the
//      parser's message with byte offset and JSON path) and keeps its last
//      good snapshot;
//   4. the file is published (fsync, rename to <sha256>.tfstate, fsync dir);
//   5. ONE transaction inserts the snapshot and its resource rows, points
//      the source at it and appends the audit event.
//
// Thread-safety: every function may run on many threads at once (the store
// serializes the writes).
#ifndef DRIFTWISE_SERVER_API_STATE_INGEST_HPP
#define DRIFTWISE_SERVER_API_STATE_INGEST_HPP

#include <chrono>
#include <string>

#include "api/api_context.hpp"
#include "api/state_spool.hpp"
#include "driftwise/status.hpp"
#include "jobs/worker_pool.hpp"

namespace dw::server {

/// The job kind of a source refresh; payload {"org_id", "source_id",
/// "actor"}.
inline constexpr std::string_view kRefreshJobKind = "state_source.refresh";

/// What the refresh/upload routes answer.
struct IngestResult {
  std::string snapshot_id;
  std::string sha256;
  std::string fetched_at;
  std::int64_t resource_count = 0;
  bool refreshed = false;  ///< false when the bytes were already current
};

/// Ingests spooled bytes for a live source (steps 2-5). `action` names the
/// audit event ("state_source.uploaded", "state_source.refreshed").
/// `commit` runs the final transaction (the job's JobRun::Commit for a
/// refresh job; ctx.Write otherwise). Errors: the parser's kInvalidArgument /
/// kUnimplemented (the source is marked, nothing else changes), kNotFound
/// for a deleted source, store errors.
/// `result_json` gives the IngestResult's JSON once the writes ran.
using CommitFn =
    std::function<Status(const std::function<Status(StoreTx&)>& writes,
                         const std::function<std::string()>& result_json)>;
/// A CommitFn running ctx.Write (outside jobs).
CommitFn DirectCommit(ApiContext& ctx);
Result<IngestResult> IngestSpooled(ApiContext& ctx, const std::string& org_id,
                                   const std::string& source_id,
                                   const SpooledState& spooled,
                                   const std::string& actor,
                                   const std::string& action,
                                   const CommitFn& commit);

/// Fetches a source's state through ctx.fetcher and ingests it. Used by the
/// refresh job handler. A backend failure marks the source and is returned.
Result<IngestResult> RefreshSource(ApiContext& ctx, const std::string& org_id,
                                   const std::string& source_id,
                                   const std::string& actor,
                                   const CommitFn& commit);

/// Registers the refresh job kind on `pool`.
void RegisterStateJobs(ApiContext& ctx, WorkerPool& pool);

/// For scans: refreshes (synchronously, as a job) every live non-upload
/// source of the org whose last fetch is older than `max_age` (the
/// reference's staleness window is 5 minutes). Sources that fail keep their
/// last good snapshot; their errors are on the source, not returned.
Status EnsureFresh(ApiContext& ctx, const std::string& org_id,
                   std::chrono::seconds max_age = std::chrono::minutes(5));

/// Enqueues a refresh job for the source and returns its id (the caller
/// commits `tx`, then calls ctx.jobs->Wake()).
Result<std::string> EnqueueRefresh(StoreTx& tx, const std::string& org_id,
                                   const std::string& source_id,
                                   const std::string& actor);

/// The route's JSON for an ingest result (the reference's refresh body).
nlohmann::json IngestResultJson(const IngestResult& r);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_STATE_INGEST_HPP
