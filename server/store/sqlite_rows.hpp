// File: server/store/sqlite_rows.hpp
//
// Reading rows of a bound statement, shared by every SQLite store area:
// the first row (or a not-found built by the caller), all rows, a count.
// Thread-safety: as the statement's connection.
#ifndef DRIFTWISE_SERVER_STORE_SQLITE_ROWS_HPP
#define DRIFTWISE_SERVER_STORE_SQLITE_ROWS_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/status.hpp"
#include "store/sqlite_conn.hpp"

namespace dw::server::sqlite {

/// Steps a bound statement to its first row, mapped by `read`; what
/// `missing` builds (a kNotFound) when there is none.
template <class Read, class Missing>
auto One(Stmt& stmt, Read read, Missing missing)
    -> dw::Result<decltype(read(stmt))> {
  DW_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return missing();
  return read(stmt);
}

/// Every row, each mapped by `read`.
template <class Read>
auto All(Stmt& stmt, Read read)
    -> dw::Result<std::vector<decltype(read(stmt))>> {
  std::vector<decltype(read(stmt))> out;
  for (;;) {
    DW_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    out.push_back(read(stmt));
  }
}

/// The first column of the first row as an integer (0 without a row).
inline dw::Result<std::int64_t> Count(Stmt& stmt) {
  DW_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

/// kInvalidArgument naming `field` when `value` is empty.
inline dw::Status Required(std::string_view field, std::string_view value) {
  if (!value.empty()) return dw::OkStatus();
  return dw::InvalidArgumentError(std::string(field) + " must not be empty",
                                  dw::kNoOffset, std::string(field));
}

}  // namespace dw::server::sqlite

#endif  // DRIFTWISE_SERVER_STORE_SQLITE_ROWS_HPP
