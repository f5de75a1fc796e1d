// Audit chains in the store: appended events verify with the core's
// verifier, per-org and platform chains are independent, listings are in
// the documented orders, and chain/org mismatches are refused.
#include "store_test_util.hpp"

namespace dw::server::testing {
namespace {

class StoreAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.File("audit.db"));
    ASSERT_NE(store_, nullptr);
    MustWrite(*store_, [&](StoreTx& tx) {
      DW_ASSIGN_OR_RETURN(org_a_, tx.CreateOrg({.name = "A", .slug = "a"}));
      DW_ASSIGN_OR_RETURN(org_b_, tx.CreateOrg({.name = "B", .slug = "b"}));
      return dw::OkStatus();
    });
  }
  dw::AuditEvent Append(const std::string& org_id, const std::string& time,
                        const std::string& action) {
    dw::AuditEvent out;
    MustWrite(*store_, [&](StoreTx& tx) {
      AuditAppend a{.chain_id = org_id.empty() ? std::string(kPlatformChainId)
                                               : OrgChainId(org_id),
                    .org_id = org_id,
                    .time = time,
                    .actor = "user:u1",
                    .action = action,
                    .target = "thing",
                    .detail = R"({"n": 1})"};
      DW_ASSIGN_OR_RETURN(out, tx.AppendAudit(a));
      return dw::OkStatus();
    });
    return out;
  }
  dw::VerifyReport Verify(const std::string& chain_id) {
    std::vector<dw::AuditEvent> events;
    MustRead(*store_, [&](StoreReader& r) {
      DW_ASSIGN_OR_RETURN(events, r.LoadChain(chain_id));
      return dw::OkStatus();
    });
    dw::VerifyOptions opts;
    opts.chain_id = chain_id;
    return dw::VerifyAuditEvents(events, opts);
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  Org org_a_, org_b_;
};

TEST_F(StoreAudit, ChainsVerifyAndAreIndependent) {
  std::string t = "2026-01-01T00:00:00.000000Z";
  for (int i = 0; i < 5; ++i) Append(org_a_.id, t, "a.thing");
  for (int i = 0; i < 3; ++i) Append(org_b_.id, t, "b.thing");
  for (int i = 0; i < 2; ++i) Append("", t, "platform.thing");
  dw::VerifyReport a = Verify(OrgChainId(org_a_.id));
  EXPECT_EQ(a.status, dw::ChainStatus::kIntact) << a.reason;
  EXPECT_EQ(a.checked, 5u);
  EXPECT_EQ(a.head_seq, 4u);
  dw::VerifyReport b = Verify(OrgChainId(org_b_.id));
  EXPECT_EQ(b.status, dw::ChainStatus::kIntact) << b.reason;
  EXPECT_EQ(b.checked, 3u);
  dw::VerifyReport p = Verify(std::string(kPlatformChainId));
  EXPECT_EQ(p.status, dw::ChainStatus::kIntact) << p.reason;
  EXPECT_EQ(p.checked, 2u);
  MustRead(*store_, [&](StoreReader& r) {
    auto head = r.ChainHead(OrgChainId(org_a_.id));
    EXPECT_EQ(head->next_seq, 5u);
    EXPECT_EQ(dw::HashToHex(head->prev_hash), a.head_hash);
    EXPECT_EQ(*r.ChainHead("org:unknown"), dw::EmptyChainHead("org:unknown"));
    EXPECT_TRUE(r.LoadChain("org:unknown")->empty());
    return dw::OkStatus();
  });
}

TEST_F(StoreAudit, StoredEventEqualsTheAppendedOneByteForByte) {
  dw::AuditEvent e = Append(org_a_.id, "2026-01-01T10:00:00+02:00", "x");
  EXPECT_EQ(e.time, "2026-01-01T10:00:00+02:00");  // stored as given
  EXPECT_EQ(e.detail, R"({"n": 1})");              // exact JSON bytes
  EXPECT_EQ(e.hash, dw::ComputeAuditEventHash(e));
  MustRead(*store_, [&](StoreReader& r) {
    auto chain = r.LoadChain(OrgChainId(org_a_.id));
    EXPECT_EQ(chain->size(), 1u);
    EXPECT_EQ(chain->at(0), e);
    auto page = r.ListAuditEvents(OrgChainId(org_a_.id), {10, 0});
    EXPECT_EQ(page->items.at(0).event, e);
    EXPECT_EQ(page->items.at(0).org_id, org_a_.id);
    return dw::OkStatus();
  });
}

TEST_F(StoreAudit, ListingsAreNewestFirst) {
  Append(org_a_.id, "2026-01-01T00:00:01.000000Z", "first");
  Append("", "2026-01-01T00:00:02.000000Z", "second");
  // 00:00:00.5Z written with an offset: as text it would sort last, as an
  // instant it is the oldest.
  Append(org_b_.id, "2026-01-01T01:00:00.500000+01:00", "third");
  Append(org_a_.id, "2026-01-01T00:00:04.000000Z", "fourth");
  MustRead(*store_, [&](StoreReader& r) {
    auto all = r.ListAllAuditEvents({.limit = 10, .offset = 0});
    EXPECT_EQ(all->total, 4);
    std::vector<std::string> actions;
    for (const auto& e : all->items) actions.push_back(e.event.action);
    EXPECT_EQ(actions,
              (std::vector<std::string>{"fourth", "second", "first", "third"}));
    EXPECT_EQ(all->items.at(1).org_id, "");  // the platform event
    auto page = r.ListAllAuditEvents({.limit = 1, .offset = 1});
    EXPECT_EQ(page->items.at(0).event.action, "second");
    auto chain = r.ListAuditEvents(OrgChainId(org_a_.id), {10, 0});
    EXPECT_EQ(chain->total, 2);
    EXPECT_EQ(chain->items.at(0).event.seq, 1u);
    EXPECT_EQ(chain->items.at(1).event.seq, 0u);
    return dw::OkStatus();
  });
}

TEST_F(StoreAudit, MismatchedChainAndOrgAreRefused) {
  auto try_append = [&](AuditAppend a) {
    a.time = "2026-01-01T00:00:00Z";
    a.actor = "x";
    a.action = "y";
    a.target = "z";
    return store_->Write(
        [&](StoreTx& tx) { return tx.AppendAudit(a).status(); });
  };
  dw::Status cross =
      try_append({.chain_id = OrgChainId(org_b_.id), .org_id = org_a_.id});
  EXPECT_EQ(cross.code(), dw::StatusCode::kInvalidArgument);
  EXPECT_EQ(cross.json_path(), "chain_id");
  dw::Status platform_with_org = try_append(
      {.chain_id = std::string(kPlatformChainId), .org_id = org_a_.id});
  EXPECT_EQ(platform_with_org.code(), dw::StatusCode::kInvalidArgument);
  dw::Status ghost =
      try_append({.chain_id = OrgChainId("ghost"), .org_id = "ghost"});
  EXPECT_EQ(ghost.code(), dw::StatusCode::kNotFound);
  dw::Status bad_detail = store_->Write([&](StoreTx& tx) {
    return tx
        .AppendAudit({.chain_id = std::string(kPlatformChainId),
                      .time = "2026-01-01T00:00:00Z",
                      .actor = "a",
                      .action = "b",
                      .target = "c",
                      .detail = "{not json"})
        .status();
  });
  EXPECT_EQ(bad_detail.code(), dw::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_detail.message().find("detail"), std::string::npos)
      << bad_detail.ToString();
}

TEST_F(StoreAudit, EventsAreAppendOnlyInTheSchema) {
  Append(org_a_.id, "2026-01-01T00:00:00Z", "x");
  std::string path = dir_.File("audit.db");
  RawQuery(path, "UPDATE audit_events SET actor = 'mallory'");
  RawQuery(path, "DELETE FROM audit_events");
  EXPECT_EQ(RawQuery(path, "SELECT actor FROM audit_events"), "user:u1");
}

TEST_F(StoreAudit, TamperingShowsUpAsBrokenChain) {
  for (int i = 0; i < 4; ++i) Append(org_a_.id, "2026-01-01T00:00:00Z", "x");
  std::string path = dir_.File("audit.db");
  // Someone with write access to the file drops the guard and edits seq 2.
  RawQuery(path, "DROP TRIGGER audit_events_no_update");
  RawQuery(path, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 2");
  dw::VerifyReport r = Verify(OrgChainId(org_a_.id));
  EXPECT_EQ(r.status, dw::ChainStatus::kBroken);
  EXPECT_EQ(r.first_bad_seq, 2u);
}

}  // namespace
}  // namespace dw::server::testing
