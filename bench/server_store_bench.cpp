// File: bench/server_store_bench.cpp
//
// The server store (server/store) on a real SQLite file in $TMPDIR:
//   BM_AuthRead/threads:N     one Store::Read doing what authenticating a
//                             request and loading its org costs: GetOrg +
//                             FindMembership + GetUser (1,000 orgs, 5,000
//                             users, 10,000 memberships; random picks)
//   BM_ApiKeyWrite/threads:N  one Store::Write creating an API key and its
//                             org-chain audit event (synchronous=FULL: one
//                             fsync per commit; concurrent writers share
//                             commits, so N > 1 shows group commit)
// items/s is reads (or writes) per second.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "store/ids.hpp"
#include "store/sqlite_store.hpp"

namespace {

using dw::server::Store;

constexpr int kOrgs = 1000;
constexpr int kUsers = 5000;
constexpr int kMembershipsPerUser = 2;

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<Store> store;
  std::vector<std::string> org_ids;
  std::vector<std::string> user_ids;
  // membership i: (org_ids[pair.first], user_ids[pair.second])
  std::vector<std::pair<int, int>> memberships;

  Fixture() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(base != nullptr ? base : "/tmp") + "/dw-store-bench-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    dir = tmpl;
    auto opened = dw::server::OpenSqliteStore(
        {.path = (dir / "bench.db").string(), .read_connections = 4});
    if (!opened.ok()) {
      std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
      std::abort();
    }
    store = std::move(opened).value();
    std::mt19937 rng(42);
    dw::Status st = store->Write([&](dw::server::StoreTx& tx) {
      for (int i = 0; i < kOrgs; ++i) {
        DW_ASSIGN_OR_RETURN(
            auto org,
            tx.CreateOrg({.name = "Org", .slug = "org-" + std::to_string(i)}));
        org_ids.push_back(org.id);
      }
      for (int u = 0; u < kUsers; ++u) {
        DW_ASSIGN_OR_RETURN(
            auto user,
            tx.CreateUser({.email = "u" + std::to_string(u) + "@example.com"}));
        user_ids.push_back(user.id);
        for (int k = 0; k < kMembershipsPerUser; ++k) {
          int org = static_cast<int>((u * kMembershipsPerUser + k) % kOrgs);
          DW_RETURN_IF_ERROR(tx.CreateMembership({.org_id = org_ids[org],
                                                  .user_id = user.id,
                                                  .role = "member"})
                                 .status());
          memberships.emplace_back(org, u);
        }
      }
      return dw::OkStatus();
    });
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.ToString().c_str());
      std::abort();
    }
  }
  ~Fixture() {
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

Fixture& Shared() {
  static Fixture f;  // built once, before the threads start timing
  return f;
}

void BM_AuthRead(benchmark::State& state) {
  Fixture& f = Shared();
  std::mt19937 rng(static_cast<unsigned>(state.thread_index()) + 1);
  std::uniform_int_distribution<std::size_t> pick(0, f.memberships.size() - 1);
  for (auto _ : state) {
    auto [org, user] = f.memberships[pick(rng)];
    dw::Status st = f.store->Read([&](dw::server::StoreReader& r) {
      DW_ASSIGN_OR_RETURN(auto o, r.GetOrg(f.org_ids[org]));
      DW_ASSIGN_OR_RETURN(auto m, r.FindMembership(o.id, f.user_ids[user]));
      DW_ASSIGN_OR_RETURN(auto u, r.GetUser(m.user_id));
      benchmark::DoNotOptimize(u);
      return dw::OkStatus();
    });
    if (!st.ok()) state.SkipWithError(st.ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AuthRead)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

void BM_ApiKeyWrite(benchmark::State& state) {
  Fixture& f = Shared();
  std::uint8_t n = 0;
  for (auto _ : state) {
    const std::string& org_id = f.org_ids[n % kOrgs];
    dw::Status st = f.store->Write([&](dw::server::StoreTx& tx) {
      dw::server::ApiKey k{.org_id = org_id,
                           .name = "bench",
                           .key_prefix = "dw_" + dw::server::NewUuidV4()};
      k.key_hash.fill(n);
      DW_ASSIGN_OR_RETURN(auto created, tx.CreateApiKey(k));
      return tx
          .AppendAudit({.chain_id = dw::server::OrgChainId(org_id),
                        .org_id = org_id,
                        .time = dw::server::NowRfc3339(),
                        .actor = "bench",
                        .action = "api_key.created",
                        .target = created.id})
          .status();
    });
    if (!st.ok()) state.SkipWithError(st.ToString().c_str());
    ++n;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiKeyWrite)
    ->Threads(1)
    ->Threads(8)
    ->Threads(32)
    ->Threads(64)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
