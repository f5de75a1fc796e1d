// File: server/jobs/worker_pool.cpp
#include "jobs/worker_pool.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "store/ids.hpp"

namespace dw::server {
namespace {

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string TimeIn(std::chrono::microseconds delta) {
  return FormatRfc3339Micros(NowMicros() + delta.count());
}

// Transient failures go back to the queue: 2 s, 4 s, 8 s, ... at most 5 min.
std::chrono::seconds RetryDelay(std::int64_t attempts) {
  const std::int64_t shift = attempts < 8 ? attempts : 8;
  const std::int64_t seconds = std::int64_t{1} << shift;
  return std::chrono::seconds(seconds < 300 ? seconds : 300);
}

}  // namespace

Status JobRun::Commit(const std::function<Status(StoreTx&)>& writes,
                      const std::function<std::string()>& result) {
  if (committed_) return InternalError("job committed twice");
  Status status = store_.Write([&](StoreTx& tx) -> Status {
    DW_RETURN_IF_ERROR(writes(tx));
    const std::string text = result ? result() : std::string("{}");
    return tx.FinishJob(job_.id, job_.lease_owner.value_or(""), "done", text,
                        "", NowRfc3339());
  });
  if (status.ok()) committed_ = true;
  return status;
}

WorkerPool::WorkerPool(Store& store, WorkerPoolOptions options)
    : store_(store), options_(std::move(options)) {
  if (options_.threads < 1) options_.threads = 1;
  if (options_.owner_prefix.empty()) {
    options_.owner_prefix = "pid-" + std::to_string(::getpid());
  }
}

WorkerPool::~WorkerPool() { Stop(); }

void WorkerPool::Register(std::string kind, JobHandler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  handlers_[std::move(kind)] = std::move(handler);
}

void WorkerPool::Start() {
  stopping_ = false;
  for (int i = 0; i < options_.threads; ++i) {
    threads_.emplace_back([this, i] { WorkerLoop(i); });
  }
}

void WorkerPool::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  finished_.notify_all();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void WorkerPool::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++wake_seq_;
  }
  wake_.notify_all();
}

void WorkerPool::WorkerLoop(int index) {
  const std::string owner =
      options_.owner_prefix + "/" + std::to_string(index) + "/" + NewUuidV4();
  while (!stopping_) {
    std::uint64_t seen;
    {
      std::lock_guard<std::mutex> lock(mu_);
      seen = wake_seq_;
    }
    if (RunOne(owner)) continue;
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait_for(lock, options_.poll,
                   [&] { return stopping_ || wake_seq_ != seen; });
  }
}

bool WorkerPool::RunOne(const std::string& owner) {
  std::optional<Job> claimed;
  const auto lease =
      std::chrono::duration_cast<std::chrono::microseconds>(options_.lease);
  Status status = store_.Write([&](StoreTx& tx) -> Status {
    auto job = tx.ClaimJob(owner, NowRfc3339(), TimeIn(lease));
    if (!job.ok()) return job.status();
    claimed = std::move(job.value());
    return OkStatus();
  });
  if (!status.ok()) {
    spdlog::warn("job claim failed: {}", status.ToString());
    return false;
  }
  if (!claimed) return false;
  const Job job = *claimed;

  JobHandler handler;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = handlers_.find(job.kind);
    if (it != handlers_.end()) handler = it->second;
  }
  JobRun run(store_, job);
  Status outcome =
      handler
          ? Status()
          : InvalidArgumentError("no handler for job kind '" + job.kind + "'");
  if (handler) {
    try {
      outcome = handler(run);
    } catch (const std::exception& e) {
      outcome = InternalError(std::string("job handler threw: ") + e.what());
    }
  }
  if (!run.committed()) {
    // A success that committed nothing still ends the job (with no result).
    Status end = store_.Write([&](StoreTx& tx) -> Status {
      const std::string now = NowRfc3339();
      if (outcome.ok()) {
        return tx.FinishJob(job.id, owner, "done", "{}", "", now);
      }
      if (outcome.code() == StatusCode::kUnavailable &&
          job.attempts < job.max_attempts) {
        return tx.RequeueJob(job.id, owner, outcome.ToString(),
                             TimeIn(RetryDelay(job.attempts)), now);
      }
      return tx.FinishJob(job.id, owner, "error", "{}", outcome.ToString(),
                          now);
    });
    if (!end.ok()) {
      spdlog::warn("job {} ({}): could not record its end: {}", job.id,
                   job.kind, end.ToString());
    }
  }
  if (!outcome.ok()) {
    spdlog::info("job {} ({}) attempt {}: {}", job.id, job.kind, job.attempts,
                 outcome.ToString());
  }
  finished_.notify_all();
  return true;
}

Result<Job> WorkerPool::WaitFor(const std::string& id,
                                std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    Job job;
    Status status = store_.Read([&](StoreReader& r) -> Status {
      auto got = r.GetJob(id);
      if (!got.ok()) return got.status();
      job = std::move(got.value());
      return OkStatus();
    });
    if (!status.ok()) return status;
    if (job.state == "done" || job.state == "error") return job;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline || stopping_) return job;
    // Woken when any job of this process ends; the bounded wait also covers
    // a job another process ran.
    std::unique_lock<std::mutex> lock(mu_);
    finished_.wait_for(lock,
                       std::min<std::chrono::steady_clock::duration>(
                           deadline - now, std::chrono::milliseconds(200)));
  }
}

}  // namespace dw::server
