// File: tests/unit/audit/property_test.cpp
//
// Mutation properties (reliability-study §6 "Audit log" goals 1 and 2): over
// 1,000 random chains, every tamper class is reported broken at the exact
// first bad seq, by both the in-memory and the JSONL verifier; truncations
// are `truncated` given a watermark or checkpoint; a full rewrite fails
// against an earlier checkpoint; 10,000 clean chains verify intact.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "chain_gen.hpp"
#include "driftwise/audit.hpp"

namespace dw::audit_test {
namespace {

constexpr int kChains = 1000;

// Verifies `chain` both ways and checks the two verifiers agree.
VerifyReport VerifyBoth(const std::vector<AuditEvent>& chain,
                        const VerifyOptions& opts = {}) {
  VerifyReport a = VerifyAuditEvents(chain, opts);
  VerifyReport b = VerifyAuditJsonl(ToJsonl(chain), opts);
  EXPECT_EQ(a.status, b.status) << a.reason << " | " << b.reason;
  EXPECT_EQ(a.first_bad_seq, b.first_bad_seq) << a.reason << " | " << b.reason;
  EXPECT_EQ(a.checked, b.checked);
  EXPECT_EQ(a.head_seq, b.head_seq);
  EXPECT_EQ(a.head_hash, b.head_hash);
  return a;
}

struct Mutation {
  const char* name;
  std::size_t min_len;
  // Mutates a copy; returns the expected first bad seq.
  std::function<std::uint64_t(std::vector<AuditEvent>&, ChainGen&)> apply;
};

std::size_t Pick(ChainGen& g, std::size_t lo, std::size_t hi) {
  return static_cast<std::size_t>(g.Uniform(lo, hi));
}

std::vector<Mutation> Mutations() {
  auto field = [](const char* name,
                  std::function<void(AuditEvent&, ChainGen&)> change) {
    return Mutation{name, 1, [change](std::vector<AuditEvent>& c, ChainGen& g) {
                      std::size_t k = Pick(g, 0, c.size() - 1);
                      change(c[k], g);
                      return static_cast<std::uint64_t>(k);
                    }};
  };
  auto flip = [](Hash256& h, ChainGen& g) {
    h[g.Uniform(0, 31)] ^= static_cast<std::uint8_t>(1u << g.Uniform(0, 7));
  };
  return {
      field("chain_id", [](AuditEvent& e, ChainGen&) { e.chain_id += "x"; }),
      field("seq",
            [](AuditEvent& e, ChainGen& g) { e.seq += g.Uniform(1, 5); }),
      field("time",
            [](AuditEvent& e, ChainGen&) {
              e.time[3] = e.time[3] == '6' ? '7' : '6';  // another year
            }),
      field("actor", [](AuditEvent& e, ChainGen&) { e.actor += "\xC3\xA9"; }),
      field("action",
            [](AuditEvent& e, ChainGen&) { e.action = "x" + e.action; }),
      field("target",
            [](AuditEvent& e, ChainGen&) {
              e.target = e.target.empty() ? "t" : e.target.substr(1);
            }),
      field("detail",
            [](AuditEvent& e, ChainGen&) { e.detail = "[" + e.detail + "]"; }),
      field("detail_whitespace",
            [](AuditEvent& e, ChainGen&) { e.detail = "[ " + e.detail + "]"; }),
      field("prev_hash",
            [flip](AuditEvent& e, ChainGen& g) { flip(e.prev_hash, g); }),
      field("hash", [flip](AuditEvent& e, ChainGen& g) { flip(e.hash, g); }),
      {"delete_first", 2,
       [](std::vector<AuditEvent>& c, ChainGen&) {
         c.erase(c.begin());
         return std::uint64_t{0};
       }},
      {"delete_middle", 3,
       [](std::vector<AuditEvent>& c, ChainGen& g) {
         std::size_t k = Pick(g, 1, c.size() - 2);
         c.erase(c.begin() + static_cast<std::ptrdiff_t>(k));
         return static_cast<std::uint64_t>(k);
       }},
      {"swap_adjacent", 2,
       [](std::vector<AuditEvent>& c, ChainGen& g) {
         std::size_t k = Pick(g, 0, c.size() - 2);
         std::swap(c[k], c[k + 1]);
         return static_cast<std::uint64_t>(k);
       }},
      {"swap_distant", 3,
       [](std::vector<AuditEvent>& c, ChainGen& g) {
         std::size_t i = Pick(g, 0, c.size() - 3);
         std::size_t j = Pick(g, i + 2, c.size() - 1);
         std::swap(c[i], c[j]);
         return static_cast<std::uint64_t>(i);
       }},
      {"duplicate", 1,
       [](std::vector<AuditEvent>& c, ChainGen& g) {
         std::size_t k = Pick(g, 0, c.size() - 1);
         c.insert(c.begin() + static_cast<std::ptrdiff_t>(k) + 1, c[k]);
         return static_cast<std::uint64_t>(k + 1);
       }},
      {"transplant", 1,
       [](std::vector<AuditEvent>& c, ChainGen& g) {
         // The same position of another, valid chain.
         std::vector<AuditEvent> other = g.Chain(c.size(), c[0].chain_id + "~");
         std::size_t k = Pick(g, 0, c.size() - 1);
         c[k] = other[k];
         return static_cast<std::uint64_t>(k);
       }},
      {"transplant_relabelled", 1,
       [](std::vector<AuditEvent>& c, ChainGen& g) {
         // Another chain's event, relabelled and re-hashed to fit: its
         // prev_hash still points into the other chain.
         std::vector<AuditEvent> other = g.Chain(c.size(), c[0].chain_id + "~");
         std::size_t k = Pick(g, 0, c.size() - 1);
         AuditEvent moved = other[k];
         moved.chain_id = c[k].chain_id;
         moved.hash = ComputeAuditEventHash(moved);
         c[k] = moved;
         return static_cast<std::uint64_t>(k);
       }},
      {"genesis_prev_zeroed", 1,
       [](std::vector<AuditEvent>& c, ChainGen&) {
         c[0].prev_hash = Hash256{};
         c[0].hash = ComputeAuditEventHash(c[0]);
         return std::uint64_t{0};
       }},
      {"genesis_replaced", 2,
       [](std::vector<AuditEvent>& c, ChainGen&) {
         // A forged but self-consistent seq 0: the link from seq 1 breaks.
         c[0].actor += "-forged";
         c[0].hash = ComputeAuditEventHash(c[0]);
         return std::uint64_t{1};
       }},
  };
}

TEST(AuditProperty, EveryMutationClassIsBrokenAtTheExactFirstBadSeq) {
  ChainGen g(20261127);
  std::vector<Mutation> mutations = Mutations();
  std::vector<int> applied(mutations.size(), 0);
  for (int c = 0; c < kChains; ++c) {
    std::vector<AuditEvent> chain = g.Chain(g.Length());
    for (std::size_t m = 0; m < mutations.size(); ++m) {
      if (chain.size() < mutations[m].min_len) continue;
      std::vector<AuditEvent> tampered = chain;
      std::uint64_t expected = mutations[m].apply(tampered, g);
      // The verifier knows which chain it checks (as the server does).
      VerifyOptions opts;
      opts.chain_id = chain[0].chain_id;
      VerifyReport r = VerifyBoth(tampered, opts);
      ASSERT_EQ(r.status, ChainStatus::kBroken)
          << mutations[m].name << " chain " << c << " len " << chain.size();
      ASSERT_EQ(r.first_bad_seq, expected)
          << mutations[m].name << " chain " << c << ": " << r.reason;
      ASSERT_EQ(r.checked, expected) << mutations[m].name;
      ++applied[m];
    }
  }
  for (std::size_t m = 0; m < mutations.size(); ++m) {
    // Every class ran on most chains (min_len excludes only the shortest).
    EXPECT_GT(applied[m], kChains * 9 / 10) << mutations[m].name;
  }
}

TEST(AuditProperty, WithoutAKnownChainIdAForeignFirstEventShowsAtSeqOne) {
  ChainGen g(5);
  for (int c = 0; c < 100; ++c) {
    std::vector<AuditEvent> chain = g.Chain(g.Uniform(2, 50));
    std::vector<AuditEvent> other =
        g.Chain(chain.size(), chain[0].chain_id + "~");
    chain[0] = other[0];
    VerifyReport r = VerifyBoth(chain);
    ASSERT_EQ(r.status, ChainStatus::kBroken);
    EXPECT_EQ(r.first_bad_seq, 1u) << r.reason;
  }
}

TEST(AuditProperty, DeletingTheLastEventIsATruncation) {
  ChainGen g(7);
  for (int c = 0; c < kChains; ++c) {
    std::vector<AuditEvent> chain = g.Chain(g.Length() + 1);
    std::uint64_t last = chain.back().seq;
    chain.pop_back();
    // Without a watermark nothing can tell (documented).
    EXPECT_EQ(VerifyBoth(chain).status, ChainStatus::kIntact);
    VerifyOptions opts;
    opts.expected_min_seq = last;
    ASSERT_EQ(VerifyBoth(chain, opts).status, ChainStatus::kTruncated);
  }
}

TEST(AuditProperty, TruncationsAreReportedGivenWatermarkOrCheckpoint) {
  ChainGen g(11);
  int cases = 0;
  for (int c = 0; c < kChains; ++c) {
    std::vector<AuditEvent> chain = g.Chain(g.Length() + 1);
    std::size_t n = chain.size();
    ChainAnchor head{chain.back().chain_id, chain.back().seq,
                     chain.back().hash};
    for (std::size_t k :
         {std::size_t{1}, std::size_t{2}, std::size_t{10}, n / 2, n - 1}) {
      if (k == 0 || k >= n) continue;
      std::vector<AuditEvent> cut(chain.begin(),
                                  chain.end() - static_cast<std::ptrdiff_t>(k));
      EXPECT_EQ(VerifyBoth(cut).status, ChainStatus::kIntact);
      VerifyOptions by_seq;
      by_seq.expected_min_seq = head.seq;
      VerifyReport r1 = VerifyBoth(cut, by_seq);
      ASSERT_EQ(r1.status, ChainStatus::kTruncated) << r1.reason;
      EXPECT_EQ(r1.head_seq, cut.back().seq);
      VerifyOptions by_cp;
      by_cp.checkpoint = head;
      ASSERT_EQ(VerifyBoth(cut, by_cp).status, ChainStatus::kTruncated);
      ++cases;
    }
    // The whole chain still satisfies both.
    VerifyOptions both;
    both.expected_min_seq = head.seq;
    both.checkpoint = head;
    ASSERT_EQ(VerifyBoth(chain, both).status, ChainStatus::kIntact);
  }
  EXPECT_GT(cases, kChains * 2);
}

TEST(AuditProperty, FullRewriteIsRejectedAgainstAnEarlierCheckpoint) {
  ChainGen g(13);
  for (int c = 0; c < kChains; ++c) {
    std::vector<AuditEvent> chain = g.Chain(g.Length());
    // The verifier kept a checkpoint at some seq; later the chain grew.
    std::size_t cp_at = Pick(g, 0, chain.size() - 1);
    ChainAnchor cp{chain[cp_at].chain_id, chain[cp_at].seq, chain[cp_at].hash};
    // Attacker edits an event at or before the checkpoint and re-hashes
    // everything after it, so the chain verifies on its own.
    std::vector<AuditEvent> rewritten = chain;
    std::size_t j = Pick(g, 0, cp_at);
    rewritten[j].detail = "{\"rewritten\":true}";
    Rehash(rewritten, j);
    ASSERT_EQ(VerifyBoth(rewritten).status, ChainStatus::kIntact);
    VerifyOptions opts;
    opts.checkpoint = cp;
    VerifyReport r = VerifyBoth(rewritten, opts);
    ASSERT_EQ(r.status, ChainStatus::kBroken) << c;
    EXPECT_EQ(r.first_bad_seq, cp.seq);
    // Inserting a forged event and re-hashing the suffix: same verdict.
    std::vector<AuditEvent> inserted = chain;
    AuditEvent forged = chain[j];
    forged.action = "forged";
    inserted.insert(inserted.begin() + static_cast<std::ptrdiff_t>(j), forged);
    for (std::size_t i = j; i < inserted.size(); ++i) inserted[i].seq = i;
    Rehash(inserted, j);
    ASSERT_EQ(VerifyBoth(inserted, opts).status, ChainStatus::kBroken);
  }
}

TEST(AuditProperty, NoFalseAlarmsOnTenThousandCleanChains) {
  ChainGen g(17);
  int false_alarms = 0;
  for (int c = 0; c < 10000; ++c) {
    std::vector<AuditEvent> chain = g.Chain(g.Uniform(1, 40));
    VerifyOptions opts;
    if (c % 2 == 0) {
      std::size_t k = Pick(g, 0, chain.size() - 1);
      opts.checkpoint =
          ChainAnchor{chain[k].chain_id, chain[k].seq, chain[k].hash};
      opts.expected_min_seq = chain[k].seq;
    }
    VerifyReport r = VerifyBoth(chain, opts);
    if (r.status != ChainStatus::kIntact) ++false_alarms;
    ASSERT_EQ(r.checked, chain.size());
    ASSERT_EQ(r.head_seq, chain.back().seq);
  }
  EXPECT_EQ(false_alarms, 0);
}

}  // namespace
}  // namespace dw::audit_test
