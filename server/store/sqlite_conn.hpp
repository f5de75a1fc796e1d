// File: server/store/sqlite_conn.hpp
//
// A thin RAII layer over one sqlite3 connection: opening with the store's
// pragmas, a cache of prepared statements keyed by the SQL literal's address
// (each query is a static string, so the key costs nothing to hash), and the
// mapping of SQLite result codes to dw::Status.
//
// Ownership: SqliteConn owns its sqlite3* and every cached statement.
// A Stmt lease borrows a cached statement and resets it (and clears its
// bindings) when it goes out of scope. Text/blob bindings are SQLITE_STATIC:
// the bound data must outlive the lease.
// Thread-safety: a connection (and its leases) is used by one thread at a
// time; the store's pool/mutex guarantees that (SQLITE_OPEN_NOMUTEX).
#ifndef DRIFTWISE_SERVER_STORE_SQLITE_CONN_HPP
#define DRIFTWISE_SERVER_STORE_SQLITE_CONN_HPP

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "driftwise/status.hpp"

namespace dw::server::sqlite {

/// Maps a SQLite result code (extended codes enabled) to a Status. `db` may
/// be null; then only the code's generic text is used.
dw::Status ErrorStatus(sqlite3* db, int rc, std::string_view context);

class SqliteConn;

/// One use of a prepared statement: bind parameters (1-based), Step through
/// rows, read columns (0-based). Reset on destruction.
class Stmt {
 public:
  /// `leased` is the cache entry's flag (cleared on destruction), or null
  /// for a temporary statement, which is finalized instead.
  Stmt(SqliteConn* conn, sqlite3_stmt* stmt, bool* leased);
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  ~Stmt();

  Stmt& Bind(int index, std::string_view text);
  Stmt& Bind(int index, std::int64_t value);
  Stmt& BindBlob(int index, std::span<const std::uint8_t> bytes);
  Stmt& BindNull(int index);
  /// NULL when absent.
  Stmt& BindOptional(int index, const std::optional<std::string>& text);
  /// NULL when empty.
  Stmt& BindOrNull(int index, std::string_view text);

  /// true: a row is available; false: done. Errors are mapped statuses.
  dw::Result<bool> Step();
  /// Steps a statement that returns no rows.
  dw::Status Run();

  std::string Text(int column) const;
  std::int64_t Int(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  std::span<const std::uint8_t> Blob(int column) const;

 private:
  SqliteConn* conn_;
  sqlite3_stmt* stmt_;
  bool* leased_;
  int bind_error_ = SQLITE_OK;
};

struct ConnOptions {
  std::string path;
  int busy_timeout_ms = 5000;
  bool create = false;     // SQLITE_OPEN_CREATE
  bool read_only = false;  // PRAGMA query_only: refuses writes
};

class SqliteConn {
 public:
  /// Opens the file and applies the pragmas (WAL, synchronous=FULL,
  /// foreign_keys=ON, busy_timeout). Reads the schema once so that a file
  /// that is not a database fails here, before anything is written.
  static dw::Result<std::unique_ptr<SqliteConn>> Open(const ConnOptions& o);
  ~SqliteConn();
  SqliteConn(const SqliteConn&) = delete;
  SqliteConn& operator=(const SqliteConn&) = delete;

  sqlite3* db() const { return db_; }
  const std::string& path() const { return path_; }

  /// Leases the cached statement for `sql`, which must be a string with
  /// static storage duration (its address is the cache key). A statement
  /// already leased (nested use) gets a temporary copy.
  dw::Result<Stmt> Prepare(const char* sql);
  /// Runs one or more statements that return no rows (not cached).
  dw::Status Exec(const char* sql);

  dw::Status Error(int rc, std::string_view context) const {
    return ErrorStatus(db_, rc, context);
  }

 private:
  SqliteConn(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool leased = false;
  };
  sqlite3* db_;
  std::string path_;
  std::unordered_map<const char*, Cached> cache_;
};

}  // namespace dw::server::sqlite

#endif  // DRIFTWISE_SERVER_STORE_SQLITE_CONN_HPP
