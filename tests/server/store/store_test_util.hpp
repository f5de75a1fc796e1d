// File: tests/server/store/store_test_util.hpp
//
// Helpers for the store tests: a temporary directory removed afterwards,
// opening a real SQLite store file in it, and small record builders.
#ifndef DRIFTWISE_TESTS_SERVER_STORE_STORE_TEST_UTIL_HPP
#define DRIFTWISE_TESTS_SERVER_STORE_STORE_TEST_UTIL_HPP

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "store/ids.hpp"
#include "store/sqlite_store.hpp"
#include "store/store.hpp"

namespace dw::server::testing {

class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(base != nullptr ? base : "/tmp") + "/dw-store-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const {
    return (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

inline std::unique_ptr<Store> OpenStore(const std::string& path,
                                        int readers = 2) {
  SqliteStoreOptions o;
  o.path = path;
  o.read_connections = readers;
  auto store = OpenSqliteStore(o);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return nullptr;
  return std::move(store).value();
}

/// Runs `sql` on a separate raw connection and returns the first column of
/// the first row as text ("" when there is none).
inline std::string RawQuery(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) ==
      SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(st, 0);
      if (t != nullptr) out = reinterpret_cast<const char*>(t);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

inline dw::Hash256 HashOf(std::uint8_t fill) {
  dw::Hash256 h;
  h.fill(fill);
  return h;
}

/// Writes inside `store`, failing the test on an error.
template <class Fn>
void MustWrite(Store& store, Fn fn) {
  dw::Status st = store.Write(fn);
  ASSERT_TRUE(st.ok()) << st.ToString();
}

template <class Fn>
void MustRead(Store& store, Fn fn) {
  dw::Status st = store.Read(fn);
  ASSERT_TRUE(st.ok()) << st.ToString();
}

}  // namespace dw::server::testing

#endif  // DRIFTWISE_TESTS_SERVER_STORE_STORE_TEST_UTIL_HPP
