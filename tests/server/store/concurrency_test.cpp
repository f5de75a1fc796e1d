// Many threads (and two Store objects on one file, standing in for two
// processes) writing and reading at once, some writes failing on purpose:
// every other write succeeds within the busy timeout (no SQLITE_BUSY leaks
// out), failed writes leave nothing, seqs stay gapless and every chain
// verifies.
#include <atomic>
#include <thread>

#include "store_test_util.hpp"

namespace dw::server::testing {
namespace {

TEST(StoreConcurrency, WritersAndReadersKeepChainsIntact) {
  TempDir dir;
  std::string path = dir.File("conc.db");
  auto first = OpenStore(path, 2);
  auto second = OpenStore(path, 2);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  Store* stores[] = {first.get(), second.get()};

  std::vector<Org> orgs(2);
  User user;
  MustWrite(*first, [&](StoreTx& tx) {
    for (int i = 0; i < 2; ++i) {
      DW_ASSIGN_OR_RETURN(
          orgs[i],
          tx.CreateOrg({.name = "O", .slug = "o" + std::to_string(i)}));
    }
    DW_ASSIGN_OR_RETURN(user, tx.CreateUser({.email = "u@x.io"}));
    return tx
        .CreateMembership(
            {.org_id = orgs[0].id, .user_id = user.id, .role = "owner"})
        .status();
  });

  constexpr int kThreads = 4;
  constexpr int kWritesPerThread = 60;
  std::atomic<int> failures{0};
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store& store = *stores[t % 2];
      const Org& org = orgs[t % 2];
      for (int i = 0; i < kWritesPerThread; ++i) {
        dw::Status st = store.Write([&](StoreTx& tx) {
          ApiKey k{.org_id = org.id,
                   .name = "k",
                   .key_prefix = "dw_" + NewUuidV4(),
                   .key_hash = HashOf(static_cast<std::uint8_t>(i))};
          DW_ASSIGN_OR_RETURN(ApiKey created, tx.CreateApiKey(k));
          DW_RETURN_IF_ERROR(tx.AppendAudit({.chain_id = OrgChainId(org.id),
                                             .org_id = org.id,
                                             .time = NowRfc3339(),
                                             .actor = "thread",
                                             .action = "api_key.created",
                                             .target = created.id})
                                 .status());
          if (i % 5 == 4) {  // refused after writing: must leave no trace
            return dw::Status(dw::StatusCode::kAborted, "planned failure");
          }
          if (i % 4 == 0) {
            return tx
                .AppendAudit({.chain_id = std::string(kPlatformChainId),
                              .time = NowRfc3339(),
                              .actor = "thread",
                              .action = "tick",
                              .target = created.id})
                .status();
          }
          return dw::OkStatus();
        });
        if (st.code() == dw::StatusCode::kAborted && i % 5 == 4) {
          st = dw::OkStatus();
        } else if (st.ok()) {
          st = store.Read([&](StoreReader& r) {
            DW_RETURN_IF_ERROR(r.GetOrg(orgs[0].id).status());
            DW_RETURN_IF_ERROR(r.FindMembership(orgs[0].id, user.id).status());
            DW_RETURN_IF_ERROR(r.GetUser(user.id).status());
            return r.ListAuditEvents(OrgChainId(org.id), {20, 0}).status();
          });
        }
        if (!st.ok()) {
          ++failures;
          errors[t] = st.ToString();
          return;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  for (const auto& e : errors) EXPECT_EQ(e, "");

  MustRead(*first, [&](StoreReader& r) {
    std::vector<std::string> chains = {OrgChainId(orgs[0].id),
                                       OrgChainId(orgs[1].id),
                                       std::string(kPlatformChainId)};
    // Per thread: writes with i % 5 != 4 commit; of those, i % 4 == 0 also
    // append to the platform chain.
    std::uint64_t kept = 0, platform = 0;
    for (int i = 0; i < kWritesPerThread; ++i) {
      if (i % 5 == 4) continue;
      ++kept;
      if (i % 4 == 0) ++platform;
    }
    std::vector<std::uint64_t> expected = {2 * kept, 2 * kept,
                                           kThreads * platform};
    for (std::size_t c = 0; c < chains.size(); ++c) {
      DW_ASSIGN_OR_RETURN(auto events, r.LoadChain(chains[c]));
      dw::VerifyOptions opts;
      opts.chain_id = chains[c];
      dw::VerifyReport report = dw::VerifyAuditEvents(events, opts);
      EXPECT_EQ(report.status, dw::ChainStatus::kIntact)
          << chains[c] << ": " << report.reason;
      EXPECT_EQ(report.checked, expected[c]) << chains[c];
      EXPECT_EQ(*r.CountActiveApiKeys(orgs[c % 2].id),
                static_cast<std::int64_t>(2 * kept));
    }
    return dw::OkStatus();
  });
  EXPECT_EQ(RawQuery(path, "PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace dw::server::testing
