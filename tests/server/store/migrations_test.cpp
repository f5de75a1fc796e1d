// Opening a store: migrations from empty, idempotent reopen, refusing a
// newer schema, and refusing (without damage) a file that is not a
// database.
#include "store/migrations.hpp"

#include <fstream>
#include <iterator>

#include "store_test_util.hpp"

namespace dw::server::testing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(StoreMigrations, FromEmptyCreatesSchemaAndRecordsVersion) {
  TempDir dir;
  std::string path = dir.File("a.db");
  auto store = OpenStore(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->SchemaVersion(), sqlite::LatestSchemaVersion());
  EXPECT_TRUE(store->Ping().ok());
  EXPECT_EQ(RawQuery(path, "SELECT max(version) FROM schema_migrations"),
            std::to_string(sqlite::LatestSchemaVersion()));
  EXPECT_TRUE(IsStoreTime(
      RawQuery(path, "SELECT applied_at FROM schema_migrations LIMIT 1")));
  for (const char* table : {"users", "orgs", "memberships", "api_keys",
                            "allowed_domains", "audit_events", "chain_heads"}) {
    EXPECT_EQ(RawQuery(path, std::string("SELECT count(*) FROM sqlite_schema "
                                         "WHERE type='table' AND name='") +
                                 table + "'"),
              "1")
        << table;
  }
  EXPECT_EQ(RawQuery(path, "PRAGMA journal_mode"), "wal");
}

TEST(StoreMigrations, ReopenIsIdempotentAndKeepsData) {
  TempDir dir;
  std::string path = dir.File("a.db");
  {
    auto store = OpenStore(path);
    ASSERT_NE(store, nullptr);
    MustWrite(*store, [](StoreTx& tx) {
      return tx.CreateOrg(Org{.name = "Acme", .slug = "acme"}).status();
    });
  }
  for (int i = 0; i < 2; ++i) {
    auto store = OpenStore(path);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->SchemaVersion(), sqlite::LatestSchemaVersion());
  }
  EXPECT_EQ(RawQuery(path, "SELECT count(*) FROM schema_migrations"),
            std::to_string(sqlite::SqliteMigrations().size()));
  EXPECT_EQ(RawQuery(path, "SELECT slug FROM orgs"), "acme");
}

TEST(StoreMigrations, LaterStepAppliesOnTopOfEarlierOnes) {
  TempDir dir;
  std::string path = dir.File("a.db");
  auto store = OpenStore(path);
  ASSERT_NE(store, nullptr);
  store.reset();
  // A build that knows one more step than the database has.
  std::vector<sqlite::Migration> steps(sqlite::SqliteMigrations().begin(),
                                       sqlite::SqliteMigrations().end());
  int next = steps.back().version + 1;
  steps.push_back({next, "test step", "CREATE TABLE extra (x INTEGER)"});
  auto conn = sqlite::SqliteConn::Open({path, 1000, false, false});
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto version = sqlite::ApplyMigrations(**conn, steps);
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(*version, next);
  EXPECT_EQ(RawQuery(path, "SELECT count(*) FROM extra"), "0");
}

TEST(StoreMigrations, FailingStepLeavesPreviousVersion) {
  TempDir dir;
  std::string path = dir.File("a.db");
  ASSERT_NE(OpenStore(path), nullptr);
  std::vector<sqlite::Migration> steps(sqlite::SqliteMigrations().begin(),
                                       sqlite::SqliteMigrations().end());
  int before = steps.back().version;
  steps.push_back({before + 1, "broken step",
                   "CREATE TABLE half (x INTEGER); THIS IS NOT SQL"});
  auto conn = sqlite::SqliteConn::Open({path, 1000, false, false});
  ASSERT_TRUE(conn.ok());
  auto version = sqlite::ApplyMigrations(**conn, steps);
  ASSERT_FALSE(version.ok());
  EXPECT_NE(version.status().message().find("schema migration " +
                                            std::to_string(before + 1)),
            std::string::npos)
      << version.status().ToString();
  EXPECT_EQ(RawQuery(path, "SELECT max(version) FROM schema_migrations"),
            std::to_string(before));
  EXPECT_EQ(RawQuery(path,
                     "SELECT count(*) FROM sqlite_schema WHERE "
                     "name='half'"),
            "0");
}

TEST(StoreMigrations, RefusesDatabaseNewerThanBuild) {
  TempDir dir;
  std::string path = dir.File("a.db");
  ASSERT_NE(OpenStore(path), nullptr);
  int future = sqlite::LatestSchemaVersion() + 5;
  RawQuery(path,
           "INSERT INTO schema_migrations (version, applied_at) VALUES (" +
               std::to_string(future) + ", '2030-01-01T00:00:00.000000Z')");
  auto store = OpenSqliteStore({.path = path});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), dw::StatusCode::kFailedPrecondition);
  std::string msg = store.status().message();
  EXPECT_NE(msg.find("schema version " + std::to_string(future)),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("newer than this build supports (" +
                     std::to_string(sqlite::LatestSchemaVersion()) + ")"),
            std::string::npos)
      << msg;
}

TEST(StoreOpen, FileThatIsNotADatabaseIsRefusedAndLeftUntouched) {
  TempDir dir;
  std::string path = dir.File("junk.db");
  std::string junk;
  for (int i = 0; i < 8192; ++i) junk.push_back(static_cast<char>(i * 7 + 3));
  std::ofstream(path, std::ios::binary) << junk;
  auto store = OpenSqliteStore({.path = path});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), dw::StatusCode::kDataLoss);
  EXPECT_NE(store.status().message().find(path), std::string::npos)
      << store.status().ToString();
  EXPECT_NE(store.status().message().find("not a database"), std::string::npos)
      << store.status().ToString();
  EXPECT_EQ(ReadAll(path), junk);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST(StoreOpen, DamagedSchemaPageIsRefusedAndLeftUntouched) {
  TempDir dir;
  std::string path = dir.File("a.db");
  {
    auto store = OpenStore(path);
    ASSERT_NE(store, nullptr);
  }
  // Checkpointed on close: the schema lives in page 1 of the main file.
  // Overwrite the b-tree part of page 1 (after the 100-byte header).
  std::string bytes = ReadAll(path);
  ASSERT_GT(bytes.size(), 4096u);
  for (std::size_t i = 100; i < 4096; ++i) bytes[i] = '\xff';
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  auto store = OpenSqliteStore({.path = path});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), dw::StatusCode::kDataLoss)
      << store.status().ToString();
  EXPECT_NE(store.status().message().find(path), std::string::npos);
  EXPECT_EQ(ReadAll(path), bytes);
}

TEST(StoreOpen, MissingDirectoryIsUnavailableNamingPath) {
  TempDir dir;
  std::string path = dir.File("no/such/dir/a.db");
  auto store = OpenSqliteStore({.path = path});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), dw::StatusCode::kUnavailable);
  EXPECT_NE(store.status().message().find(path), std::string::npos);
}

TEST(StoreOpen, RejectsBadOptions) {
  TempDir dir;
  auto a = OpenSqliteStore({.path = dir.File("a.db"), .read_connections = 0});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), dw::StatusCode::kInvalidArgument);
  auto b = OpenSqliteStore({.path = ""});
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), dw::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dw::server::testing
