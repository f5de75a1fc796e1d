// File: server/jobs/worker_pool.hpp
//
// Workers in the server process that run durable jobs (store/state_store.hpp)
// off the request threads: state refreshes and glob rescans today; scans,
// compliance packs, schedules and deliveries register more kinds later.
// Adding a kind is one call:
//
//   pool.Register("state_source.refresh", [&](JobRun& run) -> Status {
//     ... slow work outside any transaction (fetch, parse) ...
//     return run.Commit([&](StoreTx& tx) { return tx.Insert...(...); },
//                       [&] { return R"({"snapshot_id":"..."})"; });
//   });
//
// Each worker claims the oldest runnable job with a lease (owner
// "<process id>/<worker>" until now + lease), runs the kind's handler and
// ends the job:
//   - the handler calls run.Commit(writes, result): the writes, the result
//     and the job's state change to done commit in ONE transaction, so a
//     crash leaves either all of them or none (and then the job is re-run);
//   - the handler returns an error without committing: the job ends in
//     state error with that message, or - for kUnavailable (a transient
//     failure: locked database, unreachable backend) while attempts remain -
//     goes back to the queue with a growing delay.
// A worker killed mid-job (kill -9, power loss) leaves the job running with
// a lease that expires; the next claim after expiry (in this or a restarted
// process) re-runs it. A job that used up max_attempts ends in error. Jobs
// of a kind nobody registered end in error naming the kind.
//
// Handlers must be idempotent (a re-run after a crash repeats the work) and
// must finish within the lease (default 10 minutes; there is no renewal).
//
// Thread-safety: Register before Start; Start/Stop from the owning thread;
// Wake and WaitFor from any thread. Stop waits for running handlers.
#ifndef DRIFTWISE_SERVER_JOBS_WORKER_POOL_HPP
#define DRIFTWISE_SERVER_JOBS_WORKER_POOL_HPP

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "driftwise/status.hpp"
#include "store/store.hpp"

namespace dw::server {

/// One claimed job as its handler sees it.
class JobRun {
 public:
  JobRun(Store& store, Job job) : store_(store), job_(std::move(job)) {}
  const Job& job() const { return job_; }
  /// Commits `writes` together with the job's end as done with the result
  /// `result()` gives after `writes` ran (JSON object text). At most once
  /// per run. kFailedPrecondition when the lease was lost (nothing of
  /// `writes` is kept then).
  Status Commit(const std::function<Status(StoreTx&)>& writes,
                const std::function<std::string()>& result);
  bool committed() const { return committed_; }

 private:
  Store& store_;
  Job job_;
  bool committed_ = false;
};

using JobHandler = std::function<Status(JobRun&)>;

struct WorkerPoolOptions {
  int threads = 2;  ///< workers; at least 1
  std::chrono::seconds lease{600};
  /// How often an idle worker looks for due jobs (Wake() is immediate).
  std::chrono::milliseconds poll{500};
  /// Prefix of lease owners (default: "pid-<process id>").
  std::string owner_prefix;
};

class WorkerPool {
 public:
  WorkerPool(Store& store, WorkerPoolOptions options);
  ~WorkerPool();  // Stop()s
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Registers the handler of `kind` (replacing an earlier one).
  void Register(std::string kind, JobHandler handler);
  void Start();
  /// Stops claiming, waits for running handlers to return.
  void Stop();
  /// Tells idle workers a job was enqueued (call after the commit).
  void Wake();
  /// Waits until job `id` is done or error, or `timeout` passes; returns the
  /// job as stored then (still queued/running when it timed out).
  Result<Job> WaitFor(const std::string& id, std::chrono::milliseconds timeout);

 private:
  void WorkerLoop(int index);
  // Claims and runs one job; false when there was none.
  bool RunOne(const std::string& owner);

  Store& store_;
  WorkerPoolOptions options_;
  std::map<std::string, JobHandler> handlers_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::uint64_t wake_seq_ = 0;
  std::atomic<bool> stopping_{false};
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JOBS_WORKER_POOL_HPP
