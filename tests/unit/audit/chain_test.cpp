// File: tests/unit/audit/chain_test.cpp
//
// Encoding, appending, JSONL reading/writing, error positions, and the
// parallel JSONL verifier against the sequential one.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chain_gen.hpp"
#include "driftwise/audit.hpp"

namespace dw::audit_test {
namespace {

AuditEventInput SampleInput() {
  AuditEventInput in;
  in.chain_id = "org-1";
  in.time = "2026-01-02T03:04:05.123456Z";
  in.actor = "alice@example.com";
  in.action = "drift.scan.completed";
  in.target = "module.app[\"prod\"].aws_instance.web";
  in.detail = R"({"drift_items": 3, "note":"ok"})";
  return in;
}

TEST(AuditEncoding, LayoutIsVersionedLengthPrefixedAndDomainSeparated) {
  Result<AppendResult> r =
      AppendAuditEvent(EmptyChainHead("org-1"), SampleInput());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string enc = EncodeAuditEvent(r->event);
  EXPECT_EQ(enc.substr(0, 25), std::string("driftwise/audit/event/v1\0", 25));
  EXPECT_EQ(enc[25], '\x01');
  EXPECT_EQ(
      enc.substr(26, 32),
      std::string(
          reinterpret_cast<const char*>(GenesisPrevHash("org-1").data()), 32));
  EXPECT_EQ(enc.substr(58, 4), std::string("\0\0\0\5", 4));
  EXPECT_EQ(enc.substr(62, 5), "org-1");
  EXPECT_EQ(enc.substr(67, 8), std::string(8, '\0'));  // seq 0
  // detail is last and exact (inner whitespace kept).
  std::string detail = R"({"drift_items": 3, "note":"ok"})";
  EXPECT_EQ(enc.substr(enc.size() - detail.size()), detail);
  EXPECT_EQ(r->event.hash, ComputeAuditEventHash(r->event));
  EXPECT_EQ(r->head.next_seq, 1u);
  EXPECT_EQ(r->head.prev_hash, r->event.hash);
}

TEST(AuditEncoding, FieldBoundariesCannotBeShifted) {
  // "ab"+"c" and "a"+"bc" must hash differently (length prefixes).
  AuditEvent a, b;
  a.chain_id = b.chain_id = "c";
  a.time = b.time = "2026-01-01T00:00:00Z";
  a.actor = "ab";
  a.action = "c";
  b.actor = "a";
  b.action = "bc";
  EXPECT_NE(ComputeAuditEventHash(a), ComputeAuditEventHash(b));
  EXPECT_NE(GenesisPrevHash("a"), GenesisPrevHash("b"));
}

TEST(AuditEncoding, HexRoundTripAndErrors) {
  Hash256 h = GenesisPrevHash("x");
  Result<Hash256> back = HashFromHex(HashToHex(h));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, h);
  EXPECT_FALSE(HashFromHex("abc").ok());
  std::string upper = HashToHex(h);
  upper[5] = 'A';
  Result<Hash256> bad = HashFromHex(upper);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().offset(), 5u);
}

TEST(AuditAppend, RejectsBadFieldsNamingThem) {
  ChainHead head = EmptyChainHead("org-1");
  AuditEventInput in = SampleInput();
  in.time = "2026-13-01T00:00:00Z";
  Result<AppendResult> r = AppendAuditEvent(head, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().json_path(), "time");

  in = SampleInput();
  in.detail = "{\"a\":}";
  r = AppendAuditEvent(head, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().json_path(), "detail");
  EXPECT_EQ(r.status().offset(), 5u);

  in = SampleInput();
  in.detail = " {}";
  EXPECT_FALSE(AppendAuditEvent(head, in).ok());

  in = SampleInput();
  in.actor = "bad\xFFutf8";
  r = AppendAuditEvent(head, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().json_path(), "actor");

  in = SampleInput();
  in.chain_id = "org-2";
  r = AppendAuditEvent(head, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().json_path(), "chain_id");

  EXPECT_FALSE(AppendAuditEvent(EmptyChainHead("a\nb"),
                                AuditEventInput{"a\nb", "2026-01-01T00:00:00Z",
                                                "", "", "", "{}"})
                   .ok());
}

TEST(AuditTime, ParsesRfc3339) {
  EXPECT_EQ(*ParseRfc3339Micros("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*ParseRfc3339Micros("1970-01-01T00:00:01.5Z"), 1500000);
  EXPECT_EQ(*ParseRfc3339Micros("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(*ParseRfc3339Micros("2000-03-01T00:00:00Z"), 951868800000000);
  EXPECT_EQ(*ParseRfc3339Micros("2024-02-29T00:00:00.123456789Z") % 1000000,
            123456);
  for (const char* bad :
       {"", "2023-02-29T00:00:00Z", "2026-01-01 00:00:00Z",
        "2026-01-01T00:00:00", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00Zx", "2026-01-01T00:00:00.1234567890Z"}) {
    EXPECT_FALSE(ParseRfc3339Micros(bad).ok()) << bad;
  }
}

TEST(AuditJsonl, RoundTripsEveryGeneratedEvent) {
  ChainGen g(3);
  for (int c = 0; c < 200; ++c) {
    std::vector<AuditEvent> chain = g.Chain(g.Uniform(1, 20));
    Result<std::vector<AuditEvent>> back = ParseAuditJsonl(ToJsonl(chain));
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, chain);
  }
}

TEST(AuditJsonl, LineLayoutIsStable) {
  Result<AppendResult> r =
      AppendAuditEvent(EmptyChainHead("org-1"), SampleInput());
  ASSERT_TRUE(r.ok());
  std::string line = AuditEventToJsonLine(r->event);
  EXPECT_EQ(line.substr(0, 48),
            R"({"chain_id":"org-1","seq":0,"time":"2026-01-02T0)");
  EXPECT_NE(
      line.find(R"("detail":{"drift_items": 3, "note":"ok"},"prev_hash":")"),
      std::string::npos);
}

TEST(AuditJsonl, RejectsUnhashedOrAmbiguousMembers) {
  Result<AppendResult> r =
      AppendAuditEvent(EmptyChainHead("org-1"), SampleInput());
  ASSERT_TRUE(r.ok());
  std::string line = AuditEventToJsonLine(r->event);
  std::string extra = line.substr(0, line.size() - 1) + ",\"org_id\":\"x\"}";
  Result<AuditEvent> e = ParseAuditJsonLine(extra, 100);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("unknown member \"org_id\""),
            std::string::npos);
  EXPECT_EQ(e.status().offset(), 100 + extra.size() - 4);

  std::string dup = line.substr(0, line.size() - 1) + ",\"actor\":\"x\"}";
  e = ParseAuditJsonLine(dup);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("appears twice"), std::string::npos);

  std::size_t seq_at = line.find("\"seq\":0");
  std::string neg = line;
  neg.replace(seq_at, 7, "\"seq\":-1");
  e = ParseAuditJsonLine(neg);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().json_path(), "seq");
  EXPECT_EQ(e.status().offset(), seq_at + 6);

  std::string missing = line;
  missing.replace(seq_at, 8, "");
  e = ParseAuditJsonLine(missing);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("missing member \"seq\""),
            std::string::npos);

  for (std::string bad :
       {std::string("{\"chain_id\":\"a\\ud800\"}"),
        std::string("{\"chain_id\":\"\xC0\xAF\"}"),
        std::string("{\"chain_id\":\"a\tb\"}"), std::string("[1]"),
        std::string("{} x"), std::string("{\"a\":1,}")}) {
    EXPECT_FALSE(ParseAuditJsonLine(bad).ok()) << bad;
  }
}

TEST(AuditJsonl, ParseErrorsNameLineAndOffset) {
  ChainGen g(5);
  std::string text = ToJsonl(g.Chain(3));
  std::size_t second = text.find('\n') + 1;
  text[second + 1] = 'X';  // breaks line 2's first member name
  Result<std::vector<AuditEvent>> r = ParseAuditJsonl(text);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos);
  VerifyReport v = VerifyAuditJsonl(text);
  EXPECT_EQ(v.status, ChainStatus::kBroken);
  EXPECT_EQ(v.first_bad_seq, 1u);
  EXPECT_NE(v.reason.find("line 2 (byte"), std::string::npos) << v.reason;
}

TEST(AuditInput, ParsesAppendInputLines) {
  Result<AuditEventInput> in = ParseAuditInputLine(
      R"({"chain_id":"o","time":"2026-01-01T00:00:00Z","actor":"a\u00e9","action":"x","target":"t","detail":{"k": [1]}})");
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->actor, "a\xC3\xA9");
  EXPECT_EQ(in->detail, R"({"k": [1]})");
  in = ParseAuditInputLine(
      R"({"chain_id":"o","time":"t","actor":"a","action":"x","target":"t"})");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->detail, "{}");
  EXPECT_FALSE(ParseAuditInputLine(R"({"chain_id":"o"})").ok());
  EXPECT_FALSE(ParseAuditInputLine(R"({"chain_id":"o","seq":1})").ok());
}

TEST(AuditVerify, EmptyChainAndSegments) {
  VerifyReport r = VerifyAuditJsonl("");
  EXPECT_EQ(r.status, ChainStatus::kIntact);
  EXPECT_FALSE(r.head_seq.has_value());
  VerifyOptions opts;
  opts.expected_min_seq = 0;
  EXPECT_EQ(VerifyAuditJsonl("", opts).status, ChainStatus::kTruncated);

  ChainGen g(9);
  std::vector<AuditEvent> chain = g.Chain(10);
  std::vector<AuditEvent> tail(chain.begin() + 4, chain.end());
  // A segment without its anchor is broken at seq 0.
  VerifyReport bare = VerifyAuditEvents(tail);
  EXPECT_EQ(bare.status, ChainStatus::kBroken);
  EXPECT_EQ(bare.first_bad_seq, 0u);
  VerifyOptions seg;
  seg.start_after = ChainAnchor{chain[3].chain_id, 3, chain[3].hash};
  EXPECT_EQ(VerifyAuditEvents(tail, seg).status, ChainStatus::kIntact);
  EXPECT_EQ(VerifyAuditJsonl(ToJsonl(tail), seg).status, ChainStatus::kIntact);
  seg.start_after->head_hash[0] ^= 1;
  VerifyReport r2 = VerifyAuditJsonl(ToJsonl(tail), seg);
  EXPECT_EQ(r2.status, ChainStatus::kBroken);
  EXPECT_EQ(r2.first_bad_seq, 4u);
}

TEST(AuditVerify, ReportJsonShape) {
  ChainGen g(1);
  std::vector<AuditEvent> chain = g.Chain(2);
  std::string json = VerifyReportToJson(VerifyAuditEvents(chain));
  EXPECT_EQ(json,
            "{\"status\":\"intact\",\"checked\":2,\"head_seq\":1,"
            "\"head_hash\":\"" +
                HashToHex(chain[1].hash) +
                "\",\"first_bad_seq\":null,\"reason\":\"\"}");
}

// The parallel verifier splits the text into chunks; a failure at or next to
// a chunk boundary must still be found at the exact seq.
TEST(AuditVerify, ParallelMatchesSequentialAroundChunkBoundaries) {
  ChainGen g(21);
  std::vector<AuditEvent> chain = g.Chain(6000);
  std::string text = ToJsonl(chain);
  ASSERT_GT(text.size(), 8u * 64 * 1024);
  std::vector<std::size_t> line_starts{0};
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '\n') line_starts.push_back(i + 1);
  }
  std::vector<std::size_t> targets;
  for (unsigned threads : {2u, 3u, 8u}) {
    for (unsigned k = 1; k < threads; ++k) {
      std::size_t byte = text.size() / threads * k;
      std::size_t line = static_cast<std::size_t>(
          std::upper_bound(line_starts.begin(), line_starts.end(), byte) -
          line_starts.begin());
      for (std::size_t d : {0, 1, 2}) {
        if (line + d >= 1 && line + d - 1 < chain.size())
          targets.push_back(line + d - 1);
      }
    }
  }
  targets.push_back(0);
  targets.push_back(chain.size() - 1);
  for (std::size_t k : targets) {
    for (int kind = 0; kind < 3; ++kind) {
      std::vector<AuditEvent> t = chain;
      if (kind == 0) t[k].actor += "!";
      if (kind == 1) t.erase(t.begin() + static_cast<std::ptrdiff_t>(k));
      if (kind == 2) t[k].prev_hash[0] ^= 1;
      std::string tt = ToJsonl(t);
      VerifyReport seq = VerifyAuditEvents(t);
      for (unsigned threads : {1u, 2u, 3u, 8u}) {
        VerifyOptions opts;
        opts.threads = threads;
        VerifyReport par = VerifyAuditJsonl(tt, opts);
        ASSERT_EQ(par.status, seq.status) << k << " " << kind << " " << threads;
        ASSERT_EQ(par.first_bad_seq, seq.first_bad_seq) << k << " " << kind;
        ASSERT_EQ(par.checked, seq.checked);
        ASSERT_EQ(par.head_hash, seq.head_hash);
      }
    }
  }
  VerifyOptions eight;
  eight.threads = 8;
  VerifyReport whole = VerifyAuditJsonl(text, eight);
  EXPECT_EQ(whole.status, ChainStatus::kIntact);
  EXPECT_EQ(whole.checked, 6000u);
}

}  // namespace
}  // namespace dw::audit_test
