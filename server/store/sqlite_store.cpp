// File: server/store/sqlite_store.cpp
//
// Store on SQLite: the writer connection behind a mutex, a pool of read
// connections, transactions around every callback.
#include "store/sqlite_store.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/migrations.hpp"
#include "store/sqlite_conn.hpp"
#include "store/sqlite_session.hpp"

namespace dw::server {
namespace {

using sqlite::SqliteConn;
using sqlite::SqliteSession;
using sqlite::Stmt;

constexpr const char* kBeginImmediate = "BEGIN IMMEDIATE";
constexpr const char* kBeginDeferred = "BEGIN";
constexpr const char* kCommit = "COMMIT";
constexpr const char* kRollback = "ROLLBACK";
constexpr const char* kSavepoint = "SAVEPOINT dw_write";
constexpr const char* kRelease = "RELEASE dw_write";
constexpr const char* kRollbackTo = "ROLLBACK TO dw_write";
constexpr const char* kPing = "SELECT 1";

// Set while a callback runs on this thread: a nested Write would wait for
// the mutex this thread already holds, so it is refused instead.
thread_local bool t_in_callback = false;

dw::Status RunStatement(SqliteConn& conn, const char* sql) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn.Prepare(sql));
  return s.Run();
}

// Ends whatever transaction is open on `conn`. Some errors (disk full, I/O)
// make SQLite roll back on its own; then there is nothing left to end.
void RollbackIfOpen(SqliteConn& conn) {
  if (sqlite3_get_autocommit(conn.db()) == 0) {
    (void)RunStatement(conn, kRollback);  // the caller's error is reported
  }
}

// Runs `fn` with t_in_callback set, turning an exception into kInternal.
template <class Fn>
dw::Status Guarded(Fn&& fn) {
  struct Flag {
    Flag() { t_in_callback = true; }
    ~Flag() { t_in_callback = false; }
  } flag;
  try {
    return fn();
  } catch (const std::exception& e) {
    return dw::InternalError(std::string("store callback threw: ") + e.what());
  } catch (...) {
    return dw::InternalError("store callback threw a non-standard exception");
  }
}

dw::Status NestedCallError() {
  return dw::Status(dw::StatusCode::kFailedPrecondition,
                    "Store::Write/Read called from inside a store callback");
}

class SqliteStore final : public Store {
 public:
  SqliteStore(SqliteStoreOptions options, std::unique_ptr<SqliteConn> writer,
              std::vector<std::unique_ptr<SqliteConn>> readers, int version)
      : options_(std::move(options)),
        writer_(std::move(writer)),
        readers_(std::move(readers)),
        version_(version) {
    for (auto& r : readers_) free_readers_.push_back(r.get());
  }

  // Group commit. Each Write runs its callback inside a SAVEPOINT of the
  // writer's open transaction; the callback's changes are undone alone when
  // it fails. The transaction is committed by the first writer that finds
  // nobody else queued for the writer (or a full batch); writers that leave
  // the commit to a later one wait for it, and every Write returns only
  // after the COMMIT that made it durable. One fsync then covers a whole
  // batch of concurrent writes, where one per write would cap the store at
  // the disk's fsync rate. Callbacks still run one at a time, in order, on
  // their callers' threads, so each sees the writes before it: the outcome
  // is that of running them serially.
  dw::Status Write(const std::function<dw::Status(StoreTx&)>& fn) override {
    if (t_in_callback) return NestedCallError();
    queued_.fetch_add(1);
    std::unique_lock lock(write_mu_);
    queued_.fetch_sub(1);
    if (batch_ == nullptr) {
      DW_RETURN_IF_ERROR(BeginImmediate());
      batch_ = std::make_shared<Batch>();
    }
    std::shared_ptr<Batch> batch = batch_;
    dw::Status st = RunInSavepoint(fn);
    if (batch_ == nullptr) return st;  // the transaction died; batch failed
    if (st.ok()) ++batch->writes;
    if (queued_.load() == 0 || batch->writes >= kMaxBatch) {
      dw::Status commit = RunStatement(*writer_, kCommit);
      if (!commit.ok()) {
        RollbackIfOpen(*writer_);
        commit = commit.WithContext("committing");
      }
      FinishBatch(commit);
      return st.ok() ? commit : st;
    }
    if (!st.ok()) return st;  // nothing of ours is left to commit
    batch_cv_.wait(lock, [&] { return batch->done; });
    return batch->result;
  }

  dw::Status Read(const std::function<dw::Status(StoreReader&)>& fn) override {
    if (t_in_callback) return NestedCallError();
    Lease lease(*this);
    SqliteConn& conn = *lease.conn;
    // One snapshot for the whole callback, so a page and its total agree.
    DW_RETURN_IF_ERROR(RunStatement(conn, kBeginDeferred));
    SqliteSession session(conn);
    dw::Status st = Guarded([&] { return fn(session); });
    if (!st.ok()) {
      RollbackIfOpen(conn);
      return st;
    }
    dw::Status end = RunStatement(conn, kCommit);
    if (!end.ok()) RollbackIfOpen(conn);
    return end;
  }

  dw::Status Ping() override {
    if (t_in_callback) return NestedCallError();
    Lease lease(*this);
    DW_ASSIGN_OR_RETURN(Stmt s, lease.conn->Prepare(kPing));
    DW_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row || s.Int(0) != 1) return dw::InternalError("SELECT 1 failed");
    return dw::OkStatus();
  }

  int SchemaVersion() override { return version_; }

 private:
  // A read connection checked out of the pool for one call.
  struct Lease {
    explicit Lease(SqliteStore& s) : store(s) {
      std::unique_lock lock(store.pool_mu_);
      store.pool_cv_.wait(lock, [&] { return !store.free_readers_.empty(); });
      conn = store.free_readers_.back();
      store.free_readers_.pop_back();
    }
    ~Lease() {
      {
        std::lock_guard lock(store.pool_mu_);
        store.free_readers_.push_back(conn);
      }
      store.pool_cv_.notify_one();
    }
    SqliteStore& store;
    SqliteConn* conn = nullptr;
  };

  // What the writers sharing one transaction learn from its end.
  struct Batch {
    int writes = 0;  // callbacks that succeeded and await the COMMIT
    bool done = false;
    dw::Status result;  // the COMMIT's outcome
  };
  // Bounds how long the first writer of a batch can wait under a steady
  // stream of writers.
  static constexpr int kMaxBatch = 64;

  // Runs `fn` between SAVEPOINT and RELEASE; on failure rolls back to the
  // savepoint. If SQLite itself abandoned the transaction (disk full, I/O
  // error), the whole batch fails with that error.
  dw::Status RunInSavepoint(const std::function<dw::Status(StoreTx&)>& fn) {
    dw::Status st = RunStatement(*writer_, kSavepoint);
    if (st.ok()) {
      SqliteSession session(*writer_);
      st = Guarded([&] { return fn(session); });
      if (sqlite3_get_autocommit(writer_->db()) != 0) {
        dw::Status lost =
            st.ok() ? dw::InternalError("the write transaction ended early")
                    : st;
        FinishBatch(lost.WithContext("write transaction rolled back"));
        return lost;
      }
      if (st.ok()) {
        dw::Status release = RunStatement(*writer_, kRelease);
        if (release.ok()) return st;
        st = release.WithContext("releasing savepoint");
      } else {
        dw::Status undo = RunStatement(*writer_, kRollbackTo);
        if (undo.ok()) undo = RunStatement(*writer_, kRelease);
        if (undo.ok()) return st;
      }
    }
    // The savepoint could not be set, released or rolled back: the
    // transaction's state is unknown, so none of the batch may commit.
    RollbackIfOpen(*writer_);
    FinishBatch(st.ok() ? dw::InternalError("savepoint failed") : st);
    return st;
  }

  // Ends the current batch with `result` and wakes its waiting writers.
  // Called with write_mu_ held.
  void FinishBatch(const dw::Status& result) {
    batch_->result = result;
    batch_->done = true;
    batch_.reset();
    batch_cv_.notify_all();
  }

  // sqlite's busy handler already waits up to the timeout for BEGIN
  // IMMEDIATE, but some lock states (e.g. another process recovering the
  // WAL) answer SQLITE_BUSY without consulting it; retry those until the
  // same deadline.
  dw::Status BeginImmediate() {
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(options_.busy_timeout_ms);
    for (;;) {
      dw::Status st = RunStatement(*writer_, kBeginImmediate);
      if (st.ok() || st.code() != dw::StatusCode::kUnavailable ||
          std::chrono::steady_clock::now() >= deadline) {
        return st.ok() ? st : st.WithContext("starting a write transaction");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  const SqliteStoreOptions options_;
  std::mutex write_mu_;
  std::unique_ptr<SqliteConn> writer_;  // guarded by write_mu_
  std::shared_ptr<Batch> batch_;        // the open transaction; write_mu_
  std::condition_variable batch_cv_;    // with write_mu_
  std::atomic<int> queued_{0};          // writers waiting for write_mu_
  std::vector<std::unique_ptr<SqliteConn>> readers_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<SqliteConn*> free_readers_;  // guarded by pool_mu_
  const int version_;
};

}  // namespace

dw::Result<std::unique_ptr<Store>> OpenSqliteStore(
    const SqliteStoreOptions& options) {
  if (options.read_connections < 1) {
    return dw::InvalidArgumentError(
        "read_connections must be at least 1 (got " +
        std::to_string(options.read_connections) + ")");
  }
  if (options.busy_timeout_ms < 0) {
    return dw::InvalidArgumentError("busy_timeout_ms must not be negative");
  }
  sqlite::ConnOptions wopts{options.path, options.busy_timeout_ms,
                            /*create=*/true, /*read_only=*/false};
  DW_ASSIGN_OR_RETURN(auto writer, SqliteConn::Open(wopts));
  DW_ASSIGN_OR_RETURN(int version, sqlite::ApplyMigrations(
                                       *writer, sqlite::SqliteMigrations()));
  // Readers open after the migrations so they never see a half-made schema
  // (and their statements are prepared against the final one).
  std::vector<std::unique_ptr<SqliteConn>> readers;
  sqlite::ConnOptions ropts{options.path, options.busy_timeout_ms,
                            /*create=*/false, /*read_only=*/true};
  for (int i = 0; i < options.read_connections; ++i) {
    DW_ASSIGN_OR_RETURN(auto reader, SqliteConn::Open(ropts));
    readers.push_back(std::move(reader));
  }
  return std::unique_ptr<Store>(
      new SqliteStore(options, std::move(writer), std::move(readers), version));
}

}  // namespace dw::server
