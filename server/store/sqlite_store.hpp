// File: server/store/sqlite_store.hpp
//
// The SQLite implementation of the store (store.hpp). One database file in
// WAL mode with synchronous=FULL (a commit that returned OK survives a
// process crash and, where the disk honours fsync, a power loss),
// foreign_keys=ON and a busy timeout. One writer connection behind a mutex
// (writes are serialized, BEGIN IMMEDIATE) and a pool of read connections
// (WAL readers run concurrently with the writer and each other). Every
// connection caches its prepared statements.
//
// Group commit: concurrent Writes share one transaction, each callback in
// its own SAVEPOINT (a failing callback is undone alone), and one COMMIT -
// one fsync - makes the whole group durable before any of its Writes
// returns. Callbacks still run one at a time in arrival order.
//
// Opening applies pending schema migrations (store/migrations.hpp), each in
// its own transaction, and refuses a database whose schema is newer than
// this build knows.
//
// Errors at open: kDataLoss when the file is not a SQLite database or is
// corrupt (the file is left untouched), kFailedPrecondition for a newer
// schema or when WAL/synchronous=FULL cannot be set, kUnavailable when the
// file cannot be opened or stays locked.
// Thread-safety: the returned Store may be shared by any number of threads.
#ifndef DRIFTWISE_SERVER_STORE_SQLITE_STORE_HPP
#define DRIFTWISE_SERVER_STORE_SQLITE_STORE_HPP

#include <memory>
#include <string>

#include "driftwise/status.hpp"
#include "store/store.hpp"

namespace dw::server {

struct SqliteStoreOptions {
  std::string path;  ///< database file; created when missing
  int busy_timeout_ms = 5000;
  /// Read connections in the pool (at least 1). Reads beyond this many at
  /// once wait for a free connection.
  int read_connections = 4;
};

dw::Result<std::unique_ptr<Store>> OpenSqliteStore(
    const SqliteStoreOptions& options);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_STORE_SQLITE_STORE_HPP
