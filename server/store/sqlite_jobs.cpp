// File: server/store/sqlite_jobs.cpp
//
// The durable job table on SQLite (state_store.hpp). A claim is a SELECT of
// the oldest runnable row and an UPDATE guarded by the state it read, inside
// the caller's write transaction: SQLite's single writer (BEGIN IMMEDIATE)
// makes that atomic. The PostgreSQL store does the same SELECT with
// FOR UPDATE SKIP LOCKED so several processes claim different rows.
#include "store/ids.hpp"
#include "store/sqlite_session.hpp"

namespace dw::server::sqlite {
namespace {

#define DW_JOB_COLS                                                         \
  "id, kind, org_id, payload, state, attempts, max_attempts, lease_owner, " \
  "lease_expires_at, run_after, error, result, created_at, updated_at, "    \
  "finished_at"

constexpr const char* kGetJob =
    "SELECT " DW_JOB_COLS " FROM jobs WHERE id = ?1";
constexpr const char* kCountJobs = "SELECT count(*) FROM jobs WHERE state = ?1";
constexpr const char* kInsertJob =
    "INSERT INTO jobs (" DW_JOB_COLS
    ") VALUES (?1, ?2, ?3, ?4, 'queued', 0, ?5, NULL, NULL, ?6, '', '{}', ?7, "
    "?7, NULL)";
// Runnable: queued and due, or running with an expired lease (its worker is
// gone). Served by the partial index jobs_runnable.
constexpr const char* kNextRunnable =
    "SELECT " DW_JOB_COLS
    " FROM jobs WHERE state IN ('queued', 'running') AND ((state = 'queued' "
    "AND run_after <= ?1) OR (state = 'running' AND lease_expires_at < ?1)) "
    "ORDER BY run_after, created_at, id LIMIT 1";
constexpr const char* kLease =
    "UPDATE jobs SET state = 'running', attempts = attempts + 1, "
    "lease_owner = ?2, lease_expires_at = ?3, updated_at = ?4 WHERE id = ?1";
constexpr const char* kExhaust =
    "UPDATE jobs SET state = 'error', lease_owner = NULL, lease_expires_at = "
    "NULL, error = ?2, updated_at = ?3, finished_at = ?3 WHERE id = ?1";
constexpr const char* kFinish =
    "UPDATE jobs SET state = ?3, result = ?4, error = ?5, lease_owner = NULL, "
    "lease_expires_at = NULL, updated_at = ?6, finished_at = ?6 WHERE id = ?1 "
    "AND state = 'running' AND lease_owner = ?2";
constexpr const char* kRequeue =
    "UPDATE jobs SET state = 'queued', error = ?3, run_after = ?4, "
    "lease_owner = NULL, lease_expires_at = NULL, updated_at = ?5 WHERE id = "
    "?1 AND state = 'running' AND lease_owner = ?2";

Job ReadJob(const Stmt& s) {
  Job j;
  j.id = s.Text(0);
  j.kind = s.Text(1);
  j.org_id = s.OptionalText(2).value_or("");
  j.payload = s.Text(3);
  j.state = s.Text(4);
  j.attempts = s.Int(5);
  j.max_attempts = s.Int(6);
  j.lease_owner = s.OptionalText(7);
  j.lease_expires_at = s.OptionalText(8);
  j.run_after = s.Text(9);
  j.error = s.Text(10);
  j.result = s.Text(11);
  j.created_at = s.Text(12);
  j.updated_at = s.Text(13);
  j.finished_at = s.OptionalText(14);
  return j;
}

dw::Status LeaseLost(std::string_view id, std::string_view owner) {
  return dw::Status(dw::StatusCode::kFailedPrecondition,
                    "job '" + std::string(id) + "' is not leased to '" +
                        std::string(owner) +
                        "' any more (its lease expired and it was re-run)");
}

}  // namespace

dw::Result<Job> SqliteSession::GetJob(std::string_view id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetJob));
  s.Bind(1, id);
  DW_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return NotFound("job", id);
  return ReadJob(s);
}

dw::Result<std::int64_t> SqliteSession::CountJobs(std::string_view state) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountJobs));
  s.Bind(1, state);
  DW_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

dw::Result<Job> SqliteSession::EnqueueJob(const Job& job) {
  Job j = job;
  if (j.kind.empty()) {
    return dw::InvalidArgumentError("kind must not be empty", dw::kNoOffset,
                                    "kind");
  }
  if (j.max_attempts < 1) {
    return dw::InvalidArgumentError("max_attempts must be at least 1",
                                    dw::kNoOffset, "max_attempts");
  }
  if (j.id.empty()) j.id = NewUuidV4();
  if (j.created_at.empty()) j.created_at = NowRfc3339();
  if (j.run_after.empty()) j.run_after = j.created_at;
  DW_RETURN_IF_ERROR(CheckStoreTime("created_at", j.created_at));
  DW_RETURN_IF_ERROR(CheckStoreTime("run_after", j.run_after));
  j.state = "queued";
  j.attempts = 0;
  j.updated_at = j.created_at;
  j.lease_owner.reset();
  j.lease_expires_at.reset();
  j.error.clear();
  j.result = "{}";
  j.finished_at.reset();
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertJob));
  s.Bind(1, j.id)
      .Bind(2, j.kind)
      .BindOrNull(3, j.org_id)
      .Bind(4, j.payload)
      .Bind(5, j.max_attempts)
      .Bind(6, j.run_after)
      .Bind(7, j.created_at);
  DW_RETURN_IF_ERROR(s.Run());
  return j;
}

dw::Result<Job> SqliteSession::MarkJobExhausted(Job job, std::string_view now) {
  job.state = "error";
  if (job.error.empty()) job.error = "worker stopped while running it";
  job.error = "gave up after " + std::to_string(job.attempts) +
              " attempts; last: " + job.error;
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kExhaust));
  s.Bind(1, job.id).Bind(2, job.error).Bind(3, now);
  DW_RETURN_IF_ERROR(s.Run());
  return job;
}

dw::Result<std::optional<Job>> SqliteSession::ClaimJob(
    std::string_view owner, std::string_view now,
    std::string_view lease_until) {
  DW_RETURN_IF_ERROR(CheckStoreTime("now", now));
  DW_RETURN_IF_ERROR(CheckStoreTime("lease_until", lease_until));
  for (;;) {
    std::optional<Job> next;
    {
      DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kNextRunnable));
      s.Bind(1, now);
      DW_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return std::optional<Job>();
      next = ReadJob(s);
    }
    // A job that crashed its worker every time is not handed out again.
    if (next->attempts >= next->max_attempts) {
      DW_RETURN_IF_ERROR(MarkJobExhausted(*next, now).status());
      continue;
    }
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kLease));
    s.Bind(1, next->id).Bind(2, owner).Bind(3, lease_until).Bind(4, now);
    DW_RETURN_IF_ERROR(s.Run());
    next->state = "running";
    next->attempts += 1;
    next->lease_owner = std::string(owner);
    next->lease_expires_at = std::string(lease_until);
    next->updated_at = std::string(now);
    return next;
  }
}

dw::Status SqliteSession::FinishJob(std::string_view id, std::string_view owner,
                                    std::string_view state,
                                    std::string_view result,
                                    std::string_view error,
                                    std::string_view now) {
  if (state != "done" && state != "error") {
    return dw::InvalidArgumentError("a job finishes as done or error",
                                    dw::kNoOffset, "state");
  }
  DW_RETURN_IF_ERROR(CheckStoreTime("now", now));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kFinish));
  s.Bind(1, id).Bind(2, owner).Bind(3, state).Bind(4, result).Bind(5, error);
  s.Bind(6, now);
  DW_RETURN_IF_ERROR(s.Run());
  return Changes() == 0 ? LeaseLost(id, owner) : dw::OkStatus();
}

dw::Status SqliteSession::RequeueJob(std::string_view id,
                                     std::string_view owner,
                                     std::string_view error,
                                     std::string_view run_after,
                                     std::string_view now) {
  DW_RETURN_IF_ERROR(CheckStoreTime("run_after", run_after));
  DW_RETURN_IF_ERROR(CheckStoreTime("now", now));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kRequeue));
  s.Bind(1, id).Bind(2, owner).Bind(3, error).Bind(4, run_after).Bind(5, now);
  DW_RETURN_IF_ERROR(s.Run());
  return Changes() == 0 ? LeaseLost(id, owner) : dw::OkStatus();
}

}  // namespace dw::server::sqlite
