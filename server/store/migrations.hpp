// File: server/store/migrations.hpp
//
// Versioned schema migrations. Each step has a version (1, 2, ... with no
// gaps) and SQL; opening a store applies every step newer than the
// database's version, each in its own transaction together with its row in
// schema_migrations (version, applied_at), so a crash mid-migration leaves
// the previous version intact.
//
// The SQL sticks to what SQLite and PostgreSQL share where that is cheap
// (TEXT ids and times, CHECK lists, named UNIQUE/FK constraints); BLOB and
// INTEGER PRIMARY KEY are the SQLite spellings of bytea and identity columns.
//
// Thread-safety: ApplyMigrations uses the one connection it is given.
#ifndef DRIFTWISE_SERVER_STORE_MIGRATIONS_HPP
#define DRIFTWISE_SERVER_STORE_MIGRATIONS_HPP

#include <span>

#include "driftwise/status.hpp"
#include "store/sqlite_conn.hpp"

namespace dw::server::sqlite {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

/// Every step this build knows, in version order.
std::span<const Migration> SqliteMigrations();
/// The newest version this build knows.
int LatestSchemaVersion();

/// Brings the database up to `steps`' newest version. Returns the version
/// the database is at afterwards. kFailedPrecondition (naming both
/// versions) when the database is newer than every step.
dw::Result<int> ApplyMigrations(SqliteConn& conn,
                                std::span<const Migration> steps);

}  // namespace dw::server::sqlite

#endif  // DRIFTWISE_SERVER_STORE_MIGRATIONS_HPP
