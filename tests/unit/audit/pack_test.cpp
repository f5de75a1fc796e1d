// File: tests/unit/audit/pack_test.cpp
//
// Compliance packs: determinism, offline verification, and that any changed
// byte fails verification (reliability-study §6 goal 7).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "chain_gen.hpp"
#include "driftwise/audit.hpp"
#include "driftwise/audit_checkpoint.hpp"
#include "driftwise/audit_pack.hpp"

namespace dw::audit_test {
namespace {

AuditSigningKey Key() {
  std::array<std::uint8_t, 32> seed{};
  seed[0] = 7;
  return *AuditSigningKeyFromSeed("pack-test", seed);
}

AuditPackRequest Request(const std::vector<AuditEvent>& chain,
                         AuditPeriodSelection sel) {
  Result<AuditPeriod> period = SelectAuditPeriod(chain, sel);
  EXPECT_TRUE(period.ok()) << period.status().ToString();
  AuditPackRequest req;
  req.period = *period;
  req.key = Key();
  return req;
}

TEST(AuditPack, IsDeterministicAndVerifiesOffline) {
  ChainGen g(41);
  std::vector<AuditEvent> chain = g.Chain(300);
  AuditPeriodSelection sel;
  sel.from_seq = 100;
  sel.to_seq = 199;
  AuditPackRequest req = Request(chain, sel);
  // Include an earlier checkpoint inside the period.
  req.extra_checkpoints.push_back(*SignAuditCheckpoint(
      AuditCheckpoint{chain[150].chain_id, 150, chain[150].hash,
                      "2026-05-05T00:00:00Z"},
      req.key));
  Result<std::string> a = BuildAuditPack(req);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  Result<std::string> b = BuildAuditPack(req);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_TRUE(LooksLikeZip(*a));

  PackVerifyOptions opts;
  opts.trusted_key = req.key.public_key;
  PackVerifyReport r = VerifyAuditPack(*a, opts);
  EXPECT_EQ(r.chain.status, ChainStatus::kIntact) << r.chain.reason;
  EXPECT_EQ(r.chain.checked, 100u);
  EXPECT_EQ(r.chain.head_seq, 199u);
  EXPECT_EQ(r.chain.head_hash, HashToHex(chain[199].hash));
  EXPECT_EQ(r.from_seq, 100u);
  EXPECT_EQ(r.checkpoints_verified, 2u);
  EXPECT_TRUE(r.key_pinned);
  EXPECT_EQ(r.chain_id, chain[0].chain_id);
}

TEST(AuditPack, PeriodFromGenesisAndByTime) {
  ChainGen g(43);
  std::vector<AuditEvent> chain = g.Chain(50);
  AuditPeriodSelection sel;
  sel.to_seq = 9;
  Result<std::string> zip = BuildAuditPack(Request(chain, sel));
  ASSERT_TRUE(zip.ok());
  PackVerifyReport r = VerifyAuditPack(*zip);
  EXPECT_EQ(r.chain.status, ChainStatus::kIntact) << r.chain.reason;
  EXPECT_FALSE(r.key_pinned);

  AuditPeriodSelection by_time;
  by_time.from_time = "1970-01-01T00:00:00Z";
  by_time.to_time = "2100-01-01T00:00:00Z";
  Result<AuditPeriod> all = SelectAuditPeriod(chain, by_time);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->events.size(), 50u);
  by_time.from_time = "2100-01-01T00:00:00Z";
  by_time.to_time.reset();
  EXPECT_EQ(SelectAuditPeriod(chain, by_time).status().code(),
            StatusCode::kNotFound);
}

TEST(AuditPack, PinnedKeyExternalCheckpointAndWatermark) {
  ChainGen g(47);
  std::vector<AuditEvent> chain = g.Chain(80);
  AuditPeriodSelection sel;
  sel.from_seq = 20;
  sel.to_seq = 59;
  std::string zip = *BuildAuditPack(Request(chain, sel));

  PackVerifyOptions wrong_key;
  wrong_key.trusted_key = GenerateAuditSigningKey("pack-test")->public_key;
  PackVerifyReport r = VerifyAuditPack(zip, wrong_key);
  EXPECT_EQ(r.chain.status, ChainStatus::kBroken);
  EXPECT_NE(r.chain.reason.find("not by the pinned key"), std::string::npos);

  // The auditor holds a checkpoint at seq 70: the pack ends before it.
  PackVerifyOptions later;
  later.checkpoint = ChainAnchor{chain[70].chain_id, 70, chain[70].hash};
  EXPECT_EQ(VerifyAuditPack(zip, later).chain.status, ChainStatus::kTruncated);
  // A checkpoint at seq 30 that the pack's chain does not pass through.
  PackVerifyOptions other;
  other.checkpoint = ChainAnchor{chain[30].chain_id, 30, chain[31].hash};
  r = VerifyAuditPack(zip, other);
  EXPECT_EQ(r.chain.status, ChainStatus::kBroken);
  EXPECT_EQ(r.chain.first_bad_seq, 30u);
  PackVerifyOptions min_seq;
  min_seq.expected_min_seq = 60;
  EXPECT_EQ(VerifyAuditPack(zip, min_seq).chain.status,
            ChainStatus::kTruncated);
}

TEST(AuditPack, WriterRefusesBrokenPeriodsAndForeignCheckpoints) {
  ChainGen g(53);
  std::vector<AuditEvent> chain = g.Chain(30);
  AuditPeriodSelection sel;
  sel.from_seq = 5;
  AuditPackRequest req = Request(chain, sel);
  req.period.events[3].actor += "x";
  EXPECT_FALSE(BuildAuditPack(req).ok());

  req = Request(chain, sel);
  req.period.previous_event.reset();
  EXPECT_FALSE(BuildAuditPack(req).ok());

  req = Request(chain, sel);
  req.extra_checkpoints.push_back(
      *SignAuditCheckpoint(AuditCheckpoint{chain[2].chain_id, 2, chain[2].hash,
                                           "2026-01-01T00:00:00Z"},
                           req.key));
  EXPECT_FALSE(BuildAuditPack(req).ok());  // before the period
}

std::string SmallPack() {
  ChainGen g(59);
  std::vector<AuditEvent> chain = g.Chain(12);
  AuditPeriodSelection sel;
  sel.from_seq = 4;
  sel.to_seq = 9;
  return *BuildAuditPack(Request(chain, sel));
}

TEST(AuditPack, EveryByteOfASmallPackIsProtected) {
  std::string zip = SmallPack();
  ASSERT_EQ(VerifyAuditPack(zip).chain.status, ChainStatus::kIntact);
  int missed = 0;
  for (std::size_t i = 0; i < zip.size(); ++i) {
    for (unsigned mask :
         {0x01u, 0x02u, 0x04u, 0x08u, 0x10u, 0x20u, 0x40u, 0x80u, 0xFFu}) {
      std::string t = zip;
      t[i] = static_cast<char>(static_cast<unsigned char>(t[i]) ^ mask);
      if (VerifyAuditPack(t).chain.status == ChainStatus::kIntact) {
        ++missed;
        ADD_FAILURE() << "flip at byte " << i << " of " << zip.size()
                      << " mask " << mask << " not detected";
      }
    }
  }
  EXPECT_EQ(missed, 0);
}

TEST(AuditPack, ThousandRandomByteFlipsOfALargePackAllFail) {
  ChainGen g(61);
  std::vector<AuditEvent> chain = g.Chain(3000);
  AuditPeriodSelection sel;
  sel.from_seq = 1000;
  std::string zip = *BuildAuditPack(Request(chain, sel));
  PackVerifyOptions opts;
  opts.trusted_key = Key().public_key;
  ASSERT_EQ(VerifyAuditPack(zip, opts).chain.status, ChainStatus::kIntact);
  std::mt19937_64 rng(67);
  int missed = 0;
  for (int n = 0; n < 1000; ++n) {
    std::size_t pos =
        std::uniform_int_distribution<std::size_t>(0, zip.size() - 1)(rng);
    auto mask = static_cast<unsigned char>(
        std::uniform_int_distribution<unsigned>(1, 255)(rng));
    zip[pos] = static_cast<char>(static_cast<unsigned char>(zip[pos]) ^ mask);
    if (VerifyAuditPack(zip, opts).chain.status == ChainStatus::kIntact) {
      ++missed;
      ADD_FAILURE() << "flip at byte " << pos << " mask " << unsigned{mask}
                    << " not detected";
    }
    zip[pos] = static_cast<char>(static_cast<unsigned char>(zip[pos]) ^ mask);
  }
  EXPECT_EQ(missed, 0);
}

TEST(AuditPack, TruncatedAndExtendedZipsFail) {
  std::string zip = SmallPack();
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{22},
                          zip.size() / 2, zip.size() - 1}) {
    PackVerifyReport r = VerifyAuditPack(zip.substr(0, cut));
    EXPECT_EQ(r.chain.status, ChainStatus::kBroken) << cut;
    EXPECT_FALSE(r.chain.reason.empty());
  }
  EXPECT_EQ(VerifyAuditPack(zip + "x").chain.status, ChainStatus::kBroken);
  EXPECT_EQ(VerifyAuditPack("x" + zip).chain.status, ChainStatus::kBroken);
}

TEST(AuditPack, ReportJsonNamesPackFields) {
  std::string json = PackVerifyReportToJson(VerifyAuditPack(SmallPack()));
  EXPECT_NE(json.find("\"status\":\"intact\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"key_pinned\":false"), std::string::npos);
  EXPECT_NE(json.find("\"from_seq\":4"), std::string::npos);
}

}  // namespace
}  // namespace dw::audit_test
