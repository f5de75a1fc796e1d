// File: server/api/state_ingest.cpp
#include "api/state_ingest.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "api/audit_trail.hpp"
#include "api/state_fetcher.hpp"
#include "driftwise/state.hpp"
#include "store/ids.hpp"
#include "store/snapshot_files.hpp"

namespace dw::server {
namespace {

std::string StateError(const Status& st) {
  // The parser's own words, with the byte offset and JSON path it knows.
  std::string out = st.message();
  if (st.has_offset()) out += " (at byte " + std::to_string(st.offset());
  if (!st.json_path().empty()) {
    out += (st.has_offset() ? ", path " : " (path ") + st.json_path();
  }
  if (st.has_offset() || !st.json_path().empty()) out += ")";
  return out;
}

std::vector<StateResourceRow> RowsOf(const State& state) {
  std::vector<StateResourceRow> rows;
  rows.reserve(state.resources.size());
  for (const StateResource& r : state.resources) {
    JsonValue id = r.attributes ? r.attributes.Get("id") : JsonValue();
    rows.push_back({.address = r.address,
                    .mode = r.mode,
                    .type = r.type,
                    .name = r.name,
                    .provider = r.provider_source,
                    .module = r.module,
                    .index_key = r.index_json,
                    .resource_id = id.is_string() ? std::string(id.as_string())
                                                  : std::string()});
  }
  return rows;
}

// Marks the source as failed (keeping its snapshot) with its audit event.
Status RecordFailure(ApiContext& ctx, const std::string& org_id,
                     const std::string& source_id, const std::string& actor,
                     const std::string& action, const std::string& error) {
  return ctx.Write([&](StoreTx& tx) -> Status {
    DW_RETURN_IF_ERROR(
        tx.RecordStateSourceRefresh(org_id, source_id,
                                    {.status = "error",
                                     .last_error = error,
                                     .refreshed_at = NowRfc3339(),
                                     .snapshot_id = std::nullopt}));
    const std::string failed = action == "state_source.uploaded"
                                   ? "state_source.upload_failed"
                                   : "state_source.refresh_failed";
    return AuditOrg(tx, org_id, actor, failed, "state_source:" + source_id,
                    {{"error", error}});
  });
}

Result<std::string> CurrentSha(ApiContext& ctx, const std::string& org_id,
                               const std::string& source_id) {
  std::string sha;
  Status st = ctx.store.Read([&](StoreReader& r) -> Status {
    DW_ASSIGN_OR_RETURN(StateSource src, r.GetStateSource(org_id, source_id));
    if (!src.current_snapshot_id) return OkStatus();
    DW_ASSIGN_OR_RETURN(StateSnapshot snap,
                        r.GetStateSnapshot(org_id, *src.current_snapshot_id));
    sha = snap.sha256;
    return OkStatus();
  });
  if (!st.ok()) return st;
  return sha;
}

}  // namespace

CommitFn DirectCommit(ApiContext& ctx) {
  return
      [&ctx](const std::function<Status(StoreTx&)>& writes,
             const std::function<std::string()>&) { return ctx.Write(writes); };
}

nlohmann::json IngestResultJson(const IngestResult& r) {
  return {{"snapshot_id", r.snapshot_id},
          {"content_hash", r.sha256},
          {"last_fetched_at", r.fetched_at},
          {"refreshed", r.refreshed},
          {"resource_count", r.resource_count}};
}

Result<IngestResult> IngestSpooled(ApiContext& ctx, const std::string& org_id,
                                   const std::string& source_id,
                                   const SpooledState& spooled,
                                   const std::string& actor,
                                   const std::string& action,
                                   const CommitFn& commit) {
  IngestResult out;
  out.sha256 = spooled.sha256;
  DW_ASSIGN_OR_RETURN(std::string current, CurrentSha(ctx, org_id, source_id));
  std::optional<StateSnapshot> snapshot;
  std::vector<StateResourceRow> rows;
  if (current != spooled.sha256) {
    // All cores: a large state's resources are read in parallel batches.
    auto state = ParseStateFile(spooled.path, {.threads = 0});
    if (!state.ok()) {
      ::unlink(spooled.path.c_str());
      const std::string error = StateError(state.status());
      Status marked =
          RecordFailure(ctx, org_id, source_id, actor, action, error);
      if (!marked.ok()) return marked;
      return Status(state.status().code(),
                    "not a usable Terraform state: " + error,
                    state.status().offset(), state.status().json_path());
    }
    rows = RowsOf(*state);
    snapshot =
        StateSnapshot{.id = NewUuidV4(),
                      .org_id = org_id,
                      .source_id = source_id,
                      .sha256 = spooled.sha256,
                      .serial = static_cast<std::int64_t>(state->serial),
                      .lineage = state->lineage,
                      .terraform_version = state->terraform_version,
                      .state_version = state->version,
                      .resource_count = static_cast<std::int64_t>(rows.size()),
                      .bytes = spooled.bytes,
                      .created_at = ""};
    // Free the parsed tree before the insert: only the rows are needed.
    state = Status(StatusCode::kCancelled, "released");
    DW_RETURN_IF_ERROR(ctx.snapshots->Publish(spooled.path, spooled.sha256));
  } else {
    ::unlink(spooled.path.c_str());
  }
  out.fetched_at = NowRfc3339();
  Status st = commit(
      [&](StoreTx& tx) -> Status {
        // Re-read inside the transaction: another writer may have moved the
        // source on (or deleted it) since the check above.
        DW_ASSIGN_OR_RETURN(StateSource src,
                            tx.GetStateSource(org_id, source_id));
        std::optional<std::string> new_current;
        if (snapshot) {
          DW_ASSIGN_OR_RETURN(StateSnapshot stored,
                              tx.InsertStateSnapshot(*snapshot, rows));
          new_current = stored.id;
          out.snapshot_id = stored.id;
          out.resource_count = stored.resource_count;
          out.refreshed = true;
        } else {
          out.snapshot_id = src.current_snapshot_id.value_or("");
          if (src.current_snapshot_id) {
            DW_ASSIGN_OR_RETURN(StateSnapshot cur,
                                tx.GetStateSnapshot(org_id, out.snapshot_id));
            out.resource_count = cur.resource_count;
          }
          out.refreshed = false;
        }
        DW_RETURN_IF_ERROR(
            tx.RecordStateSourceRefresh(org_id, source_id,
                                        {.status = "ok",
                                         .last_error = "",
                                         .refreshed_at = out.fetched_at,
                                         .snapshot_id = new_current}));
        return AuditOrg(tx, org_id, actor, action, "state_source:" + source_id,
                        {{"snapshot_id", out.snapshot_id},
                         {"content_hash", out.sha256},
                         {"changed", out.refreshed},
                         {"resource_count", out.resource_count}});
      },
      [&] { return IngestResultJson(out).dump(); });
  if (!st.ok()) return st;
  return out;
}

Result<IngestResult> RefreshSource(ApiContext& ctx, const std::string& org_id,
                                   const std::string& source_id,
                                   const std::string& actor,
                                   const CommitFn& commit) {
  StateSource source;
  Status st = ctx.store.Read([&](StoreReader& r) -> Status {
    DW_ASSIGN_OR_RETURN(source, r.GetStateSource(org_id, source_id));
    return OkStatus();
  });
  if (!st.ok()) return st;
  std::string credentials;
  if (source.sealed_credentials) {
    if (!ctx.secrets) return InternalError("no secret keyring loaded");
    auto opened =
        ctx.secrets->Open(*source.sealed_credentials,
                          {org_id, "state_sources", source_id, "credentials"});
    if (!opened.ok()) return opened.status();
    credentials = std::move(opened.value());
  }
  auto config = nlohmann::json::parse(source.config, nullptr, false);
  auto spool = StateSpool::Create(ctx.snapshots->NewTempPath(),
                                  ctx.config.max_state_bytes);
  if (!spool.ok()) return spool.status();
  Status fetched =
      ctx.fetcher->Fetch(source.kind, config, credentials, *spool.value());
  Result<SpooledState> spooled =
      fetched.ok() ? spool.value()->Finish() : Result<SpooledState>(fetched);
  if (!spooled.ok()) {
    const std::string error = spooled.status().ToString();
    Status marked = RecordFailure(ctx, org_id, source_id, actor,
                                  "state_source.refreshed", error);
    if (!marked.ok()) return marked;
    return spooled.status();
  }
  return IngestSpooled(ctx, org_id, source_id, *spooled, actor,
                       "state_source.refreshed", commit);
}

Result<std::string> EnqueueRefresh(StoreTx& tx, const std::string& org_id,
                                   const std::string& source_id,
                                   const std::string& actor) {
  Job job;
  job.kind = std::string(kRefreshJobKind);
  job.org_id = org_id;
  job.payload = nlohmann::json{
      {"org_id", org_id},
      {"source_id", source_id},
      {"actor",
       actor}}.dump();
  DW_ASSIGN_OR_RETURN(Job stored, tx.EnqueueJob(job));
  return stored.id;
}

void RegisterStateJobs(ApiContext& ctx, WorkerPool& pool) {
  pool.Register(std::string(kRefreshJobKind), [&ctx](JobRun& run) -> Status {
    auto payload = nlohmann::json::parse(run.job().payload, nullptr, false);
    if (!payload.is_object()) return InvalidArgumentError("bad job payload");
    const std::string org_id = payload.value("org_id", "");
    const std::string source_id = payload.value("source_id", "");
    const std::string actor = payload.value("actor", "worker");
    auto refreshed = RefreshSource(
        ctx, org_id, source_id, actor,
        [&](const std::function<Status(StoreTx&)>& writes,
            const std::function<std::string()>& result_json) -> Status {
          // The snapshot, the source's new state, its audit event and the
          // job's end (with the result the refresh route answers) commit
          // together.
          return run.Commit(writes, result_json);
        });
    return refreshed.status();
  });
}

Status EnsureFresh(ApiContext& ctx, const std::string& org_id,
                   std::chrono::seconds max_age) {
  std::vector<StateSource> stale;
  const auto cutoff_us =
      std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::system_clock::now().time_since_epoch() - max_age)
          .count();
  const std::string cutoff = FormatRfc3339Micros(cutoff_us);
  Status st = ctx.store.Read([&](StoreReader& r) -> Status {
    std::int64_t offset = 0;
    for (;;) {
      DW_ASSIGN_OR_RETURN(
          auto page,
          r.ListStateSources(org_id, {.limit = 500, .offset = offset}));
      for (StateSource& s : page.items) {
        if (s.kind == "upload") continue;
        if (!s.last_refreshed_at || *s.last_refreshed_at < cutoff) {
          stale.push_back(std::move(s));
        }
      }
      offset += 500;
      if (offset >= page.total) return OkStatus();
    }
  });
  if (!st.ok()) return st;
  if (stale.empty()) return OkStatus();
  std::vector<std::string> job_ids;
  st = ctx.Write([&](StoreTx& tx) -> Status {
    for (const StateSource& s : stale) {
      DW_ASSIGN_OR_RETURN(std::string id,
                          EnqueueRefresh(tx, org_id, s.id, "system:staleness"));
      job_ids.push_back(std::move(id));
    }
    return OkStatus();
  });
  if (!st.ok()) return st;
  if (ctx.jobs == nullptr) return OkStatus();
  ctx.jobs->Wake();
  for (const std::string& id : job_ids) {
    auto job = ctx.jobs->WaitFor(id, std::chrono::minutes(5));
    if (!job.ok()) return job.status();
  }
  return OkStatus();
}

}  // namespace dw::server
