// The durable job table and the worker pool on a real SQLite file: claims
// with leases, re-runs after an expired lease (a crashed worker), results
// committed with the job's end, exhausted attempts, transient retries.
#include "jobs/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "../store/store_test_util.hpp"
#include "store/ids.hpp"

namespace dw::server {
namespace {

using testing::OpenStore;
using testing::TempDir;

std::string At(std::int64_t seconds_from_now) {
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return FormatRfc3339Micros(now + seconds_from_now * 1000000);
}

std::string Enqueue(Store& store, const std::string& kind,
                    std::int64_t max_attempts = 3) {
  std::string id;
  EXPECT_TRUE(store
                  .Write([&](StoreTx& tx) -> Status {
                    Job j;
                    j.kind = kind;
                    j.payload = R"({"n":1})";
                    j.max_attempts = max_attempts;
                    DW_ASSIGN_OR_RETURN(Job stored, tx.EnqueueJob(j));
                    id = stored.id;
                    return OkStatus();
                  })
                  .ok());
  return id;
}

std::optional<Job> Claim(Store& store, const std::string& owner,
                         const std::string& now, const std::string& until) {
  std::optional<Job> out;
  Status st = store.Write([&](StoreTx& tx) -> Status {
    DW_ASSIGN_OR_RETURN(out, tx.ClaimJob(owner, now, until));
    return OkStatus();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

Job Get(Store& store, const std::string& id) {
  Job job;
  EXPECT_TRUE(store
                  .Read([&](StoreReader& r) -> Status {
                    DW_ASSIGN_OR_RETURN(job, r.GetJob(id));
                    return OkStatus();
                  })
                  .ok());
  return job;
}

TEST(JobTable, ClaimLeasesOnceAndExpiredLeaseIsReclaimed) {
  TempDir dir;
  auto store = OpenStore(dir.File("db.sqlite"));
  const std::string id = Enqueue(*store, "k");
  auto first = Claim(*store, "w1", At(0), At(60));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, id);
  EXPECT_EQ(first->state, "running");
  EXPECT_EQ(first->attempts, 1);
  // Leased: nobody else gets it while the lease holds.
  EXPECT_FALSE(Claim(*store, "w2", At(1), At(61)));
  // The lease expired (w1 died): w2 re-runs it.
  auto second = Claim(*store, "w2", At(120), At(180));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, id);
  EXPECT_EQ(second->attempts, 2);
  // w1 comes back late: its finish is refused, w2's stands.
  Status late = store->Write([&](StoreTx& tx) {
    return tx.FinishJob(id, "w1", "done", R"({"by":"w1"})", "", At(0));
  });
  EXPECT_EQ(late.code(), StatusCode::kFailedPrecondition) << late.ToString();
  ASSERT_TRUE(store
                  ->Write([&](StoreTx& tx) {
                    return tx.FinishJob(id, "w2", "done", R"({"by":"w2"})", "",
                                        At(0));
                  })
                  .ok());
  Job done = Get(*store, id);
  EXPECT_EQ(done.state, "done");
  EXPECT_EQ(done.result, R"({"by":"w2"})");
  EXPECT_FALSE(done.lease_owner);
  EXPECT_FALSE(Claim(*store, "w3", At(1000), At(1060)));
}

TEST(JobTable, ExhaustedJobEndsInErrorInsteadOfRunningAgain) {
  TempDir dir;
  auto store = OpenStore(dir.File("db.sqlite"));
  const std::string id = Enqueue(*store, "k", /*max_attempts=*/2);
  ASSERT_TRUE(Claim(*store, "a", At(0), At(10)));
  ASSERT_TRUE(Claim(*store, "b", At(20), At(30)));
  EXPECT_FALSE(Claim(*store, "c", At(40), At(50)));
  Job job = Get(*store, id);
  EXPECT_EQ(job.state, "error");
  EXPECT_NE(job.error.find("gave up after 2 attempts"), std::string::npos)
      << job.error;
}

TEST(JobTable, ClaimsOldestFirstAndRespectsRunAfter) {
  TempDir dir;
  auto store = OpenStore(dir.File("db.sqlite"));
  const std::string a = Enqueue(*store, "k");
  const std::string b = Enqueue(*store, "k");
  ASSERT_TRUE(store
                  ->Write([&](StoreTx& tx) -> Status {
                    auto j = tx.ClaimJob("x", At(0), At(60));
                    if (!j.ok()) return j.status();
                    return tx.RequeueJob(j.value()->id, "x", "transient",
                                         At(30), At(0));
                  })
                  .ok());
  // a waits until +30 s; b is due now.
  auto next = Claim(*store, "y", At(1), At(60));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, b);
  EXPECT_FALSE(Claim(*store, "y", At(2), At(60)));
  auto later = Claim(*store, "y", At(31), At(90));
  ASSERT_TRUE(later);
  EXPECT_EQ(later->id, a);
  EXPECT_EQ(later->error, "transient");
}

TEST(WorkerPool, RunsHandlerAndCommitsResultWithTheJob) {
  TempDir dir;
  auto store = OpenStore(dir.File("db.sqlite"));
  WorkerPool pool(*store, {.threads = 2,
                           .lease = std::chrono::seconds(60),
                           .poll = std::chrono::milliseconds(20),
                           .owner_prefix = "test"});
  std::atomic<int> ran{0};
  pool.Register("ok", [&](JobRun& run) -> Status {
    ++ran;
    return run.Commit(
        [&](StoreTx& tx) -> Status {
          // A write that must commit with the job's end.
          return tx
              .AddDomain({.id = "",
                          .domain = run.job().id + ".example",
                          .created_by = "job",
                          .created_at = ""})
              .status();
        },
        [] { return std::string(R"({"ok":true})"); });
  });
  pool.Register("fails", [](JobRun&) -> Status {
    return InvalidArgumentError("bad input at byte 3");
  });
  pool.Start();
  const std::string ok_id = Enqueue(*store, "ok");
  const std::string bad_id = Enqueue(*store, "fails");
  const std::string unknown_id = Enqueue(*store, "nobody");
  pool.Wake();
  auto ok = pool.WaitFor(ok_id, std::chrono::seconds(10));
  auto bad = pool.WaitFor(bad_id, std::chrono::seconds(10));
  auto unknown = pool.WaitFor(unknown_id, std::chrono::seconds(10));
  pool.Stop();
  ASSERT_TRUE(ok.ok() && bad.ok() && unknown.ok());
  EXPECT_EQ(ok->state, "done");
  EXPECT_EQ(ok->result, R"({"ok":true})");
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(bad->state, "error");
  EXPECT_NE(bad->error.find("bad input at byte 3"), std::string::npos);
  EXPECT_EQ(unknown->state, "error");
  EXPECT_NE(unknown->error.find("no handler for job kind 'nobody'"),
            std::string::npos);
  Status found = store->Read([&](StoreReader& r) {
    return r.FindDomain(ok_id + ".example").status();
  });
  EXPECT_TRUE(found.ok()) << found.ToString();
}

TEST(WorkerPool, RestartedPoolReRunsAJobWhoseWorkerDied) {
  TempDir dir;
  auto store = OpenStore(dir.File("db.sqlite"));
  const std::string id = Enqueue(*store, "slow");
  // A worker of a previous process claimed it with a 1 s lease, then died.
  ASSERT_TRUE(Claim(*store, "dead-process/0", At(0), At(1)));
  WorkerPool pool(*store, {.threads = 1,
                           .lease = std::chrono::seconds(60),
                           .poll = std::chrono::milliseconds(50),
                           .owner_prefix = "restarted"});
  pool.Register("slow", [](JobRun& run) -> Status {
    return run.Commit([](StoreTx&) { return OkStatus(); },
                      [] { return std::string(R"({"rerun":true})"); });
  });
  pool.Start();
  auto job = pool.WaitFor(id, std::chrono::seconds(10));
  pool.Stop();
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "done");
  EXPECT_EQ(job->attempts, 2);
  EXPECT_EQ(job->result, R"({"rerun":true})");
}

TEST(WorkerPool, TransientFailureIsRequeued) {
  TempDir dir;
  auto store = OpenStore(dir.File("db.sqlite"));
  WorkerPool pool(*store, {.threads = 1,
                           .lease = std::chrono::seconds(60),
                           .poll = std::chrono::milliseconds(20),
                           .owner_prefix = "t"});
  pool.Register("flaky", [](JobRun&) -> Status {
    return Status(StatusCode::kUnavailable, "backend timed out");
  });
  pool.Start();
  const std::string id = Enqueue(*store, "flaky");
  pool.Wake();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  pool.Stop();
  Job job = Get(*store, id);
  EXPECT_EQ(job.state, "queued");
  EXPECT_EQ(job.attempts, 1);
  EXPECT_NE(job.error.find("backend timed out"), std::string::npos);
  EXPECT_GT(job.run_after, job.created_at);
}

}  // namespace
}  // namespace dw::server
