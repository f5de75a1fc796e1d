// File: server/store/sqlite_conn.cpp
#include "store/sqlite_conn.hpp"

#include <string>
#include <utility>

namespace dw::server::sqlite {
namespace {

// "UNIQUE constraint failed: orgs.slug" -> the API field and a sentence.
struct UniqueField {
  std::string_view column;  // as SQLite names it
  std::string_view field;
  std::string_view message;
};
constexpr UniqueField kUniqueFields[] = {
    {"orgs.slug", "slug", "an org with this slug already exists"},
    {"users.email", "email", "a user with this email already exists"},
    {"api_keys.key_prefix", "key_prefix",
     "an API key with this prefix already exists"},
    {"allowed_domains.domain", "domain", "this domain is already allowed"},
    {"memberships.org_id, memberships.user_id", "user_id",
     "the user is already a member of this org"},
    {"cloud_accounts.org_id, cloud_accounts.provider, "
     "cloud_accounts.external_account_id",
     "external_account_id",
     "this org already has a cloud account with this provider and "
     "external_account_id"},
};

dw::Status UniqueViolation(std::string_view sqlite_message,
                           std::string_view context) {
  for (const UniqueField& u : kUniqueFields) {
    if (sqlite_message.ends_with(u.column)) {
      return dw::Status(dw::StatusCode::kAlreadyExists, std::string(u.message),
                        dw::kNoOffset, std::string(u.field));
    }
  }
  // A primary key or another unique index: still a conflict, named by
  // SQLite's own text ("UNIQUE constraint failed: t.c").
  std::string column(sqlite_message);
  if (auto colon = column.rfind(": "); colon != std::string::npos) {
    column = column.substr(colon + 2);
  }
  return dw::Status(dw::StatusCode::kAlreadyExists,
                    std::string(context) + ": " + std::string(sqlite_message),
                    dw::kNoOffset, column);
}

}  // namespace

dw::Status ErrorStatus(sqlite3* db, int rc, std::string_view context) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string msg = std::string(context) + ": " + detail;
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return UniqueViolation(detail, context);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return dw::Status(dw::StatusCode::kFailedPrecondition,
                        msg +
                            " (a referenced row is missing or the row is "
                            "still referenced)");
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      return dw::InvalidArgumentError(msg);
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return dw::Status(dw::StatusCode::kUnavailable,
                        msg +
                            " (the database stayed locked for the whole "
                            "busy timeout)");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return dw::DataLossError(msg);
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return dw::Status(dw::StatusCode::kUnavailable, msg);
    case SQLITE_CONSTRAINT:
      return dw::Status(dw::StatusCode::kFailedPrecondition, msg);
    default:
      return dw::InternalError(msg);
  }
}

// Stmt
// -------------------------------------------------------------------------

Stmt::Stmt(SqliteConn* conn, sqlite3_stmt* stmt, bool* leased)
    : conn_(conn), stmt_(stmt), leased_(leased) {}

Stmt::Stmt(Stmt&& other) noexcept
    : conn_(other.conn_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      leased_(std::exchange(other.leased_, nullptr)),
      bind_error_(other.bind_error_) {}

Stmt::~Stmt() {
  if (stmt_ == nullptr) return;
  if (leased_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *leased_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

Stmt& Stmt::Bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text(stmt_, index, text.data(),
                             static_cast<int>(text.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Stmt& Stmt::Bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Stmt& Stmt::BindBlob(int index, std::span<const std::uint8_t> bytes) {
  int rc = sqlite3_bind_blob(stmt_, index, bytes.data(),
                             static_cast<int>(bytes.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Stmt& Stmt::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Stmt& Stmt::BindOptional(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

Stmt& Stmt::BindOrNull(int index, std::string_view text) {
  return text.empty() ? BindNull(index) : Bind(index, text);
}

dw::Result<bool> Stmt::Step() {
  if (bind_error_ != SQLITE_OK) {
    return conn_->Error(bind_error_, "binding a parameter");
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_->Error(rc, "executing SQL");
}

dw::Status Stmt::Run() {
  DW_ASSIGN_OR_RETURN(bool row, Step());
  (void)row;  // statements run this way return no rows worth reading
  return dw::OkStatus();
}

std::string Stmt::Text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p == nullptr ? std::string()
                      : std::string(reinterpret_cast<const char*>(p),
                                    static_cast<std::size_t>(n));
}

std::int64_t Stmt::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::optional<std::string> Stmt::OptionalText(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return Text(column);
}

std::span<const std::uint8_t> Stmt::Blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  if (p == nullptr) return {};
  return {static_cast<const std::uint8_t*>(p), static_cast<std::size_t>(n)};
}

// SqliteConn
// -------------------------------------------------------------------

namespace {

// Runs a pragma that answers one row and returns its first column.
dw::Result<std::string> PragmaValue(SqliteConn& conn, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(conn.db(), sql, -1, &raw, nullptr);
  if (rc != SQLITE_OK) return conn.Error(rc, sql);
  Stmt stmt(&conn, raw, nullptr);
  DW_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return dw::InternalError(std::string(sql) + " returned no row");
  return stmt.Text(0);
}

}  // namespace

dw::Result<std::unique_ptr<SqliteConn>> SqliteConn::Open(const ConnOptions& o) {
  if (o.path.empty()) {
    return dw::InvalidArgumentError("database path is empty");
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
              (o.create ? SQLITE_OPEN_CREATE : 0);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(o.path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    dw::Status st = ErrorStatus(raw, rc, "opening database " + o.path);
    sqlite3_close(raw);
    return st;
  }
  std::unique_ptr<SqliteConn> conn(new SqliteConn(raw, o.path));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, o.busy_timeout_ms);

  // Read the schema first: a file that is not a database (or whose first
  // pages are damaged) fails here with SQLITE_NOTADB/CORRUPT, before any
  // pragma could try to write to it.
  auto schema = PragmaValue(*conn, "SELECT count(*) FROM sqlite_schema");
  if (!schema.ok()) {
    return schema.status().WithContext("reading database " + o.path);
  }
  if (!o.read_only) {
    DW_ASSIGN_OR_RETURN(std::string mode,
                        PragmaValue(*conn, "PRAGMA journal_mode=WAL"));
    if (mode != "wal") {
      return dw::Status(dw::StatusCode::kFailedPrecondition,
                        "database " + o.path +
                            ": cannot switch to WAL journal mode (got '" +
                            mode + "')");
    }
  }
  DW_RETURN_IF_ERROR(conn->Exec("PRAGMA synchronous=FULL"));
  // The durability claim depends on FULL; refuse to run on anything less.
  DW_ASSIGN_OR_RETURN(std::string sync,
                      PragmaValue(*conn, "PRAGMA synchronous"));
  if (sync != "2") {
    return dw::Status(dw::StatusCode::kFailedPrecondition,
                      "database " + o.path +
                          ": synchronous=FULL did not take (got " + sync + ")");
  }
  DW_RETURN_IF_ERROR(conn->Exec("PRAGMA foreign_keys=ON"));
  if (o.read_only) DW_RETURN_IF_ERROR(conn->Exec("PRAGMA query_only=ON"));
  return conn;
}

SqliteConn::~SqliteConn() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close(db_);
}

dw::Result<Stmt> SqliteConn::Prepare(const char* sql) {
  Cached& entry = cache_[sql];
  if (entry.stmt != nullptr && !entry.leased) {
    entry.leased = true;
    return Stmt(this, entry.stmt, &entry.leased);
  }
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(
      db_, sql, -1, entry.stmt == nullptr ? SQLITE_PREPARE_PERSISTENT : 0, &raw,
      nullptr);
  if (rc != SQLITE_OK) {
    if (entry.stmt == nullptr) cache_.erase(sql);
    return Error(rc, std::string("preparing ") + sql);
  }
  if (entry.stmt == nullptr) {
    entry.stmt = raw;
    entry.leased = true;
    return Stmt(this, raw, &entry.leased);
  }
  return Stmt(this, raw, nullptr);  // nested use: a temporary copy
}

dw::Status SqliteConn::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    dw::Status st = Error(rc, "executing SQL");
    return dw::Status(st.code(), "executing SQL: " + msg, dw::kNoOffset,
                      st.json_path());
  }
  return dw::OkStatus();
}

}  // namespace dw::server::sqlite
