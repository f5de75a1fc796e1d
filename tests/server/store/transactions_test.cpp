// Store::Write is all-or-nothing: an error or exception from the callback
// leaves no row behind, audit events and chain heads included.
#include <atomic>
#include <stdexcept>
#include <thread>

#include "store_test_util.hpp"

namespace dw::server::testing {
namespace {

class StoreTransactions : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("tx.db");
    store_ = OpenStore(path_);
    ASSERT_NE(store_, nullptr);
  }
  std::string Count(const std::string& table) {
    return RawQuery(path_, "SELECT count(*) FROM " + table);
  }
  TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

AuditAppend PlatformEvent(const std::string& action) {
  return AuditAppend{.chain_id = std::string(kPlatformChainId),
                     .time = NowRfc3339(),
                     .actor = "user:1",
                     .action = action,
                     .target = "org:x"};
}

TEST_F(StoreTransactions, ErrorFromCallbackRollsBackEverything) {
  dw::Status st = store_->Write([&](StoreTx& tx) {
    DW_RETURN_IF_ERROR(tx.CreateOrg({.name = "A", .slug = "a"}).status());
    DW_RETURN_IF_ERROR(tx.AppendAudit(PlatformEvent("org.created")).status());
    return dw::Status(dw::StatusCode::kAborted, "changed my mind");
  });
  EXPECT_EQ(st.code(), dw::StatusCode::kAborted);
  EXPECT_EQ(st.message(), "changed my mind");
  EXPECT_EQ(Count("orgs"), "0");
  EXPECT_EQ(Count("audit_events"), "0");
  EXPECT_EQ(Count("chain_heads"), "0");
  // The chain continues from genesis, with no gap left by the rollback.
  MustWrite(*store_, [&](StoreTx& tx) {
    auto e = tx.AppendAudit(PlatformEvent("org.created"));
    EXPECT_EQ(e->seq, 0u);
    EXPECT_EQ(e->prev_hash, dw::GenesisPrevHash(kPlatformChainId));
    return e.status();
  });
}

TEST_F(StoreTransactions, ErrorAfterSeveralAppendsKeepsHeadAtCommittedState) {
  MustWrite(*store_, [&](StoreTx& tx) {
    return tx.AppendAudit(PlatformEvent("a")).status();
  });
  dw::ChainHead before;
  MustRead(*store_, [&](StoreReader& r) {
    DW_ASSIGN_OR_RETURN(before, r.ChainHead(kPlatformChainId));
    return dw::OkStatus();
  });
  dw::Status st = store_->Write([&](StoreTx& tx) {
    for (int i = 0; i < 3; ++i) {
      DW_RETURN_IF_ERROR(tx.AppendAudit(PlatformEvent("b")).status());
    }
    auto head = tx.ChainHead(kPlatformChainId);
    EXPECT_EQ(head->next_seq, 4u);  // the transaction sees its own writes
    return tx.CreateUser({.email = ""}).status();  // fails: empty email
  });
  EXPECT_EQ(st.code(), dw::StatusCode::kInvalidArgument);
  MustRead(*store_, [&](StoreReader& r) {
    EXPECT_EQ(*r.ChainHead(kPlatformChainId), before);
    EXPECT_EQ(r.LoadChain(kPlatformChainId)->size(), 1u);
    return dw::OkStatus();
  });
}

TEST_F(StoreTransactions, ExceptionRollsBackAndBecomesInternal) {
  dw::Status st = store_->Write([&](StoreTx& tx) -> dw::Status {
    DW_RETURN_IF_ERROR(tx.CreateOrg({.name = "A", .slug = "a"}).status());
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(st.code(), dw::StatusCode::kInternal);
  EXPECT_NE(st.message().find("boom"), std::string::npos);
  EXPECT_EQ(Count("orgs"), "0");
  // The writer is usable afterwards.
  MustWrite(*store_, [&](StoreTx& tx) {
    return tx.CreateOrg({.name = "A", .slug = "a"}).status();
  });
  EXPECT_EQ(Count("orgs"), "1");
}

TEST_F(StoreTransactions, UncommittedWritesAreInvisibleToReaders) {
  MustWrite(*store_, [&](StoreTx& tx) {
    DW_RETURN_IF_ERROR(tx.CreateOrg({.name = "A", .slug = "a"}).status());
    // A reader on another thread sees the committed state only.
    std::thread([&] {
      MustRead(*store_, [&](StoreReader& r) {
        EXPECT_EQ(r.ListOrgs({.limit = 10, .offset = 0})->total, 0);
        return dw::OkStatus();
      });
    }).join();
    return dw::OkStatus();
  });
  MustRead(*store_, [&](StoreReader& r) {
    EXPECT_EQ(r.ListOrgs({.limit = 10, .offset = 0})->total, 1);
    return dw::OkStatus();
  });
}

TEST_F(StoreTransactions, FailingWriteInAGroupUndoesOnlyItself) {
  // A's callback holds the writer until B is queued behind it, so both
  // share one transaction: B's failure must undo B's rows and event only,
  // and A must return only after the shared COMMIT.
  std::atomic<bool> a_inside{false}, b_calling{false};
  dw::Status a_status, b_status;
  std::thread a([&] {
    a_status = store_->Write([&](StoreTx& tx) {
      DW_RETURN_IF_ERROR(tx.CreateOrg({.name = "A", .slug = "a"}).status());
      DW_RETURN_IF_ERROR(tx.AppendAudit(PlatformEvent("a")).status());
      a_inside = true;
      while (!b_calling) std::this_thread::yield();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      return dw::OkStatus();
    });
    // Returned means committed: a fresh reader sees it.
    MustRead(*store_, [&](StoreReader& r) {
      EXPECT_EQ(r.ListOrgs({.limit = 10, .offset = 0})->items.at(0).slug, "a");
      return dw::OkStatus();
    });
  });
  std::thread b([&] {
    while (!a_inside) std::this_thread::yield();
    b_calling = true;
    b_status = store_->Write([&](StoreTx& tx) {
      DW_RETURN_IF_ERROR(tx.CreateOrg({.name = "B", .slug = "b"}).status());
      DW_RETURN_IF_ERROR(tx.AppendAudit(PlatformEvent("b")).status());
      return dw::Status(dw::StatusCode::kAborted, "b gives up");
    });
  });
  a.join();
  b.join();
  EXPECT_TRUE(a_status.ok()) << a_status.ToString();
  EXPECT_EQ(b_status.code(), dw::StatusCode::kAborted);
  EXPECT_EQ(RawQuery(path_, "SELECT group_concat(slug) FROM orgs"), "a");
  MustRead(*store_, [&](StoreReader& r) {
    DW_ASSIGN_OR_RETURN(auto events, r.LoadChain(kPlatformChainId));
    EXPECT_EQ(events.size(), 1u);
    EXPECT_EQ(dw::VerifyAuditEvents(events).status, dw::ChainStatus::kIntact);
    EXPECT_EQ(r.ChainHead(kPlatformChainId)->next_seq, 1u);
    return dw::OkStatus();
  });
  // The next write continues the chain at seq 1.
  MustWrite(*store_, [&](StoreTx& tx) {
    auto e = tx.AppendAudit(PlatformEvent("c"));
    EXPECT_EQ(e->seq, 1u);
    return e.status();
  });
}

TEST_F(StoreTransactions, NestedCallsAreRefusedNotDeadlocked) {
  dw::Status inner;
  MustWrite(*store_, [&](StoreTx&) {
    inner = store_->Write([](StoreTx&) { return dw::OkStatus(); });
    return dw::OkStatus();
  });
  EXPECT_EQ(inner.code(), dw::StatusCode::kFailedPrecondition);
  MustRead(*store_, [&](StoreReader&) {
    inner = store_->Read([](StoreReader&) { return dw::OkStatus(); });
    return dw::OkStatus();
  });
  EXPECT_EQ(inner.code(), dw::StatusCode::kFailedPrecondition);
}

TEST_F(StoreTransactions, ReaderCannotWriteThroughTheConnection) {
  // A StoreReader is a read-only connection: a cast to StoreTx (which no
  // caller should do) still cannot change the database.
  dw::Status st = store_->Read([](StoreReader& r) {
    auto* tx = dynamic_cast<StoreTx*>(&r);
    if (tx == nullptr) return dw::OkStatus();
    return tx->CreateOrg({.name = "A", .slug = "a"}).status();
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(Count("orgs"), "0");
}

TEST_F(StoreTransactions, AnotherProcessHoldingTheLockGivesUnavailable) {
  // A second connection (standing in for another process) holds the write
  // lock longer than the busy timeout.
  auto quick = OpenSqliteStore({.path = path_, .busy_timeout_ms = 100});
  ASSERT_TRUE(quick.ok());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr),
            SQLITE_OK);
  auto start = std::chrono::steady_clock::now();
  dw::Status st = (*quick)->Write([](StoreTx& tx) {
    return tx.CreateOrg({.name = "A", .slug = "a"}).status();
  });
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(st.code(), dw::StatusCode::kUnavailable) << st.ToString();
  EXPECT_GE(waited, std::chrono::milliseconds(90));
  // Once the lock is released the same store writes normally.
  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(other);
  EXPECT_TRUE((*quick)
                  ->Write([](StoreTx& tx) {
                    return tx.CreateOrg({.name = "A", .slug = "a"}).status();
                  })
                  .ok());
}

}  // namespace
}  // namespace dw::server::testing
