// File: server/store/migrations.cpp
//
// Applying migration steps (the steps themselves are in
// migrations_sqlite.cpp).
#include "store/migrations.hpp"

#include <string>

#include "store/ids.hpp"

namespace dw::server::sqlite {
namespace {

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " applied_at TEXT NOT NULL)";
constexpr const char* kCurrentVersion =
    "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr const char* kRecord =
    "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)";

dw::Result<int> CurrentVersion(SqliteConn& conn) {
  DW_ASSIGN_OR_RETURN(Stmt stmt, conn.Prepare(kCurrentVersion));
  DW_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? static_cast<int>(stmt.Int(0)) : 0;
}

// One step and its schema_migrations row in one transaction. Re-reads the
// version inside it: another process may have migrated meanwhile.
dw::Status ApplyStep(SqliteConn& conn, const Migration& step) {
  DW_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
  auto body = [&]() -> dw::Status {
    DW_ASSIGN_OR_RETURN(int version, CurrentVersion(conn));
    if (version >= step.version) return dw::OkStatus();
    DW_RETURN_IF_ERROR(conn.Exec(step.sql).WithContext(
        "schema migration " + std::to_string(step.version) + " (" +
        step.description + ")"));
    std::string now = NowRfc3339();
    DW_ASSIGN_OR_RETURN(Stmt stmt, conn.Prepare(kRecord));
    stmt.Bind(1, static_cast<std::int64_t>(step.version)).Bind(2, now);
    DW_RETURN_IF_ERROR(stmt.Run());
    return dw::OkStatus();
  };
  dw::Status st = body();
  if (!st.ok()) {
    (void)conn.Exec("ROLLBACK");  // the step's error is the one to report
    return st;
  }
  return conn.Exec("COMMIT");
}

}  // namespace

dw::Result<int> ApplyMigrations(SqliteConn& conn,
                                std::span<const Migration> steps) {
  DW_RETURN_IF_ERROR(conn.Exec(kCreateTable));
  DW_ASSIGN_OR_RETURN(int version, CurrentVersion(conn));
  int known = steps.empty() ? 0 : steps.back().version;
  if (version > known) {
    return dw::Status(
        dw::StatusCode::kFailedPrecondition,
        "database " + conn.path() + " has schema version " +
            std::to_string(version) + ", newer than this build supports (" +
            std::to_string(known) +
            "); use a newer driftwise or restore a matching backup");
  }
  for (const Migration& step : steps) {
    if (step.version <= version) continue;
    DW_RETURN_IF_ERROR(ApplyStep(conn, step));
  }
  return CurrentVersion(conn);
}

}  // namespace dw::server::sqlite
