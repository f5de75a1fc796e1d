// Every record written through a StoreTx reads back the same, lookups and
// lists behave as documented, and constraint violations come back as
// distinct statuses naming the field.
#include "store_test_util.hpp"

namespace dw::server::testing {
namespace {

class StoreRecords : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.File("records.db"));
    ASSERT_NE(store_, nullptr);
  }

  User MakeUser(const std::string& email) {
    User out;
    MustWrite(*store_, [&](StoreTx& tx) {
      auto u = tx.CreateUser(User{.email = email, .display_name = email});
      if (u.ok()) out = *u;
      return u.status();
    });
    return out;
  }
  Org MakeOrg(const std::string& slug) {
    Org out;
    MustWrite(*store_, [&](StoreTx& tx) {
      auto o = tx.CreateOrg(Org{.name = "Org " + slug, .slug = slug});
      if (o.ok()) out = *o;
      return o.status();
    });
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreRecords, UserRoundTripWithLowercasedEmail) {
  User in{.id = NewUuidV4(),
          .email = "Alice@Example.COM",
          .display_name = "Alice",
          .is_platform_admin = true,
          .created_at = "2026-01-02T03:04:05.123456Z",
          .last_login_at = "2026-01-03T00:00:00.000001Z"};
  User created;
  MustWrite(*store_, [&](StoreTx& tx) {
    auto u = tx.CreateUser(in);
    if (u.ok()) created = *u;
    return u.status();
  });
  User expected = in;
  expected.email = "alice@example.com";
  EXPECT_EQ(created, expected);
  MustRead(*store_, [&](StoreReader& r) {
    auto by_id = r.GetUser(in.id);
    EXPECT_TRUE(by_id.ok());
    if (by_id.ok()) {
      EXPECT_EQ(*by_id, expected);
    }
    auto by_email = r.FindUserByEmail("ALICE@example.com");
    EXPECT_TRUE(by_email.ok());
    if (by_email.ok()) {
      EXPECT_EQ(*by_email, expected);
    }
    return dw::OkStatus();
  });
}

TEST_F(StoreRecords, CreateFillsIdAndCreatedAt) {
  User u = MakeUser("bob@example.com");
  EXPECT_TRUE(IsUuidText(u.id)) << u.id;
  EXPECT_TRUE(IsStoreTime(u.created_at)) << u.created_at;
  EXPECT_FALSE(u.is_platform_admin);
  EXPECT_FALSE(u.last_login_at.has_value());
  EXPECT_FALSE(u.deleted_at.has_value());
}

TEST_F(StoreRecords, UserUpdatesAndSoftDelete) {
  User u = MakeUser("carol@example.com");
  MustWrite(*store_, [&](StoreTx& tx) {
    DW_RETURN_IF_ERROR(tx.UpdateUserLogin(u.id, "2026-02-01T00:00:00.000000Z"));
    return tx.SetPlatformAdmin(u.id, true);
  });
  MustRead(*store_, [&](StoreReader& r) {
    auto got = r.GetUser(u.id);
    EXPECT_EQ(got->last_login_at, "2026-02-01T00:00:00.000000Z");
    EXPECT_TRUE(got->is_platform_admin);
    EXPECT_EQ(*r.CountPlatformAdmins(), 1);
    return dw::OkStatus();
  });
  MustWrite(*store_, [&](StoreTx& tx) {
    auto first = tx.SoftDeleteUser(u.id, "2026-03-01T00:00:00.000000Z");
    EXPECT_TRUE(first.ok() && *first);
    auto again = tx.SoftDeleteUser(u.id, "2026-04-01T00:00:00.000000Z");
    EXPECT_TRUE(again.ok() && !*again);
    return dw::OkStatus();
  });
  MustRead(*store_, [&](StoreReader& r) {
    auto got = r.GetUser(u.id);
    EXPECT_EQ(got->deleted_at, "2026-03-01T00:00:00.000000Z");
    EXPECT_FALSE(got->is_platform_admin);  // soft delete clears the flag
    EXPECT_EQ(*r.CountPlatformAdmins(), 0);
    return dw::OkStatus();
  });
  dw::Status st = store_->Write([&](StoreTx& tx) {
    return tx.SoftDeleteUser("nope", "2026-03-01T00:00:00.000000Z").status();
  });
  EXPECT_EQ(st.code(), dw::StatusCode::kNotFound);
  st = store_->Write(
      [&](StoreTx& tx) { return tx.SetPlatformAdmin("nope", true); });
  EXPECT_EQ(st.code(), dw::StatusCode::kNotFound);
  EXPECT_NE(st.message().find("user 'nope'"), std::string::npos);
}

TEST_F(StoreRecords, OrgRoundTripAndPlanChange) {
  Org in{.id = NewUuidV4(),
         .name = "Acme Corp",
         .slug = "acme",
         .plan = "team",
         .subscription_status = "trialing",
         .created_at = "2026-01-02T03:04:05.000000Z"};
  MustWrite(*store_, [&](StoreTx& tx) { return tx.CreateOrg(in).status(); });
  MustRead(*store_, [&](StoreReader& r) {
    EXPECT_EQ(*r.GetOrg(in.id), in);
    return dw::OkStatus();
  });
  MustWrite(*store_, [&](StoreTx& tx) {
    return tx.SetOrgPlan(in.id, "enterprise", "active");
  });
  MustRead(*store_, [&](StoreReader& r) {
    auto o = r.GetOrg(in.id);
    EXPECT_EQ(o->plan, "enterprise");
    EXPECT_EQ(o->subscription_status, "active");
    return dw::OkStatus();
  });
  Org defaults = MakeOrg("plain");
  EXPECT_EQ(defaults.plan, "free");
  EXPECT_EQ(defaults.subscription_status, "active");
}

TEST_F(StoreRecords, ListOrgsNewestFirstWithTotal) {
  for (int i = 0; i < 5; ++i) {
    MustWrite(*store_, [&](StoreTx& tx) {
      return tx
          .CreateOrg(Org{.name = "o",
                         .slug = "s" + std::to_string(i),
                         .created_at = "2026-01-0" + std::to_string(i + 1) +
                                       "T00:00:00.000000Z"})
          .status();
    });
  }
  MustRead(*store_, [&](StoreReader& r) {
    auto page = r.ListOrgs({.limit = 2, .offset = 1});
    EXPECT_TRUE(page.ok());
    EXPECT_EQ(page->total, 5);
    EXPECT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].slug, "s3");
    EXPECT_EQ(page->items[1].slug, "s2");
    auto beyond = r.ListOrgs({.limit = 10, .offset = 10});
    EXPECT_TRUE(beyond->items.empty());
    EXPECT_EQ(beyond->total, 5);
    auto bad = r.ListOrgs({.limit = -1, .offset = 0});
    EXPECT_EQ(bad.status().code(), dw::StatusCode::kInvalidArgument);
    EXPECT_EQ(bad.status().json_path(), "limit");
    return dw::OkStatus();
  });
}

TEST_F(StoreRecords, ListUsersOldestFirst) {
  MakeUser("u1@x.io");
  MakeUser("u2@x.io");
  MakeUser("u3@x.io");
  MustRead(*store_, [&](StoreReader& r) {
    auto page = r.ListUsers({.limit = 2, .offset = 0});
    EXPECT_EQ(page->total, 3);
    EXPECT_EQ(page->items.size(), 2u);
    if (page->items.size() != 2u) return dw::OkStatus();
    EXPECT_EQ(page->items[0].email, "u1@x.io");
    EXPECT_EQ(page->items[1].email, "u2@x.io");
    return dw::OkStatus();
  });
}

TEST_F(StoreRecords, MembershipRoundTripJoinsAndCounts) {
  Org org = MakeOrg("acme");
  User a = MakeUser("a@acme.io");
  User b = MakeUser("b@acme.io");
  Membership ma, mb;
  MustWrite(*store_, [&](StoreTx& tx) {
    auto x = tx.CreateMembership(
        {.org_id = org.id, .user_id = a.id, .role = "owner"});
    if (!x.ok()) return x.status();
    ma = *x;
    auto y = tx.CreateMembership(
        {.org_id = org.id, .user_id = b.id, .role = "viewer"});
    if (!y.ok()) return y.status();
    mb = *y;
    return dw::OkStatus();
  });
  EXPECT_EQ(ma.user_email, "a@acme.io");
  EXPECT_EQ(ma.org_name, "Org acme");
  MustRead(*store_, [&](StoreReader& r) {
    EXPECT_EQ(*r.GetMembership(ma.id), ma);
    EXPECT_EQ(*r.FindMembership(org.id, b.id), mb);
    EXPECT_EQ(*r.CountOrgMembers(org.id), 2);
    EXPECT_EQ(*r.CountOrgOwners(org.id), 1);
    auto page = r.ListOrgMemberships(org.id, {.limit = 10, .offset = 0});
    EXPECT_EQ(page->total, 2);
    EXPECT_EQ(page->items.size(), 2u);
    auto mine = r.ListUserMemberships(a.id);
    EXPECT_EQ(mine->size(), 1u);
    EXPECT_EQ(r.FindMembership(org.id, "stranger").status().code(),
              dw::StatusCode::kNotFound);
    return dw::OkStatus();
  });
  MustWrite(*store_, [&](StoreTx& tx) {
    return tx.UpdateMembershipRole(mb.id, "owner");
  });
  MustRead(*store_, [&](StoreReader& r) {
    EXPECT_EQ(r.GetMembership(mb.id)->role, "owner");
    EXPECT_EQ(*r.CountOrgOwners(org.id), 2);
    return dw::OkStatus();
  });
  MustWrite(*store_, [&](StoreTx& tx) { return tx.DeleteMembership(ma.id); });
  MustRead(*store_, [&](StoreReader& r) {
    EXPECT_EQ(r.GetMembership(ma.id).status().code(),
              dw::StatusCode::kNotFound);
    EXPECT_EQ(*r.CountOrgMembers(org.id), 1);
    return dw::OkStatus();
  });
  dw::Status st =
      store_->Write([&](StoreTx& tx) { return tx.DeleteMembership(ma.id); });
  EXPECT_EQ(st.code(), dw::StatusCode::kNotFound);
}

TEST_F(StoreRecords, MembershipErrorsNameWhatIsWrong) {
  Org org = MakeOrg("acme");
  User a = MakeUser("a@acme.io");
  dw::Status bad_role = store_->Write([&](StoreTx& tx) {
    return tx
        .CreateMembership({.org_id = org.id, .user_id = a.id, .role = "Owner"})
        .status();
  });
  EXPECT_EQ(bad_role.code(), dw::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_role.json_path(), "role");
  dw::Status no_user = store_->Write([&](StoreTx& tx) {
    return tx
        .CreateMembership(
            {.org_id = org.id, .user_id = "ghost", .role = "member"})
        .status();
  });
  EXPECT_EQ(no_user.code(), dw::StatusCode::kNotFound);
  EXPECT_NE(no_user.message().find("ghost"), std::string::npos);
  dw::Status no_org = store_->Write([&](StoreTx& tx) {
    return tx
        .CreateMembership(
            {.org_id = "nowhere", .user_id = a.id, .role = "member"})
        .status();
  });
  EXPECT_EQ(no_org.code(), dw::StatusCode::kNotFound);
  dw::Status bad_update = store_->Write([&](StoreTx& tx) {
    return tx.UpdateMembershipRole("whatever", "superuser");
  });
  EXPECT_EQ(bad_update.code(), dw::StatusCode::kInvalidArgument);
}

TEST_F(StoreRecords, ApiKeyRoundTripRevokeAndListing) {
  Org org = MakeOrg("acme");
  Org other = MakeOrg("other");
  User a = MakeUser("a@acme.io");
  ApiKey in{.id = NewUuidV4(),
            .org_id = org.id,
            .name = "ci",
            .key_prefix = "dw_abc123",
            .key_hash = HashOf(0xab),
            .last4 = "wxyz",
            .scopes = {"read", "write"},
            .created_by = a.id,
            .created_at = "2026-01-02T03:04:05.000000Z"};
  ApiKey second = in;
  second.id = NewUuidV4();
  second.key_prefix = "dw_def456";
  second.created_at = "2026-01-03T03:04:05.000000Z";
  second.scopes = {};
  MustWrite(*store_, [&](StoreTx& tx) {
    DW_RETURN_IF_ERROR(tx.CreateApiKey(in).status());
    return tx.CreateApiKey(second).status();
  });
  MustRead(*store_, [&](StoreReader& r) {
    EXPECT_EQ(*r.GetApiKey(org.id, in.id), in);
    EXPECT_EQ(*r.FindApiKeyByPrefix("dw_abc123"), in);
    EXPECT_EQ(*r.GetApiKey(org.id, second.id), second);
    // Another org's id in the path finds nothing (404, not 403).
    EXPECT_EQ(r.GetApiKey(other.id, in.id).status().code(),
              dw::StatusCode::kNotFound);
    auto page = r.ListApiKeys(org.id, {.limit = 10, .offset = 0});
    EXPECT_EQ(page->total, 2);
    EXPECT_EQ(page->items.at(0).id, second.id);  // newest first
    EXPECT_EQ(*r.CountActiveApiKeys(org.id), 2);
    return dw::OkStatus();
  });
  const std::string when = "2026-02-01T00:00:00.000000Z";
  MustWrite(*store_, [&](StoreTx& tx) {
    auto cross = tx.RevokeApiKey(other.id, in.id, when);
    EXPECT_EQ(cross.status().code(), dw::StatusCode::kNotFound);
    auto first = tx.RevokeApiKey(org.id, in.id, when);
    EXPECT_TRUE(first.ok() && *first);
    auto again = tx.RevokeApiKey(org.id, in.id, "2026-03-01T00:00:00.000000Z");
    EXPECT_TRUE(again.ok() && !*again);
    return tx.TouchApiKeyLastUsed(second.id, when);
  });
  MustRead(*store_, [&](StoreReader& r) {
    EXPECT_EQ(r.GetApiKey(org.id, in.id)->revoked_at, when);
    EXPECT_EQ(r.FindApiKeyByPrefix("dw_abc123")->revoked_at, when);
    auto page = r.ListApiKeys(org.id, {.limit = 10, .offset = 0});
    EXPECT_EQ(page->total, 1);
    EXPECT_EQ(page->items.at(0).id, second.id);
    EXPECT_EQ(page->items.at(0).last_used_at, when);
    EXPECT_EQ(*r.CountActiveApiKeys(org.id), 1);
    return dw::OkStatus();
  });
}

TEST_F(StoreRecords, DomainRoundTripLowercasedAndDelete) {
  AllowedDomain d;
  MustWrite(*store_, [&](StoreTx& tx) {
    DW_ASSIGN_OR_RETURN(
        d, tx.AddDomain({.domain = "Acme.COM", .created_by = "admin-1"}));
    return tx.AddDomain({.domain = "beta.io"}).status();
  });
  EXPECT_EQ(d.domain, "acme.com");
  MustRead(*store_, [&](StoreReader& r) {
    EXPECT_EQ(*r.FindDomain("ACME.com"), d);
    EXPECT_EQ(*r.GetDomain(d.id), d);
    auto all = r.ListDomains();
    EXPECT_EQ(all->size(), 2u);
    EXPECT_EQ(all->at(0).domain, "acme.com");
    return dw::OkStatus();
  });
  MustWrite(*store_, [&](StoreTx& tx) { return tx.DeleteDomain(d.id); });
  MustRead(*store_, [&](StoreReader& r) {
    EXPECT_EQ(r.FindDomain("acme.com").status().code(),
              dw::StatusCode::kNotFound);
    return dw::OkStatus();
  });
  dw::Status again =
      store_->Write([&](StoreTx& tx) { return tx.DeleteDomain(d.id); });
  EXPECT_EQ(again.code(), dw::StatusCode::kNotFound);
}

TEST_F(StoreRecords, UniqueViolationsAreAlreadyExistsNamingTheField) {
  Org org = MakeOrg("acme");
  User a = MakeUser("a@acme.io");
  auto expect_exists = [&](const std::function<dw::Status(StoreTx&)>& fn,
                           const std::string& field) {
    dw::Status st = store_->Write(fn);
    EXPECT_EQ(st.code(), dw::StatusCode::kAlreadyExists) << st.ToString();
    EXPECT_EQ(st.json_path(), field) << st.ToString();
  };
  expect_exists(
      [&](StoreTx& tx) {
        return tx.CreateOrg({.name = "Again", .slug = "acme"}).status();
      },
      "slug");
  expect_exists(
      [&](StoreTx& tx) {
        return tx.CreateUser({.email = "A@ACME.io"}).status();
      },
      "email");
  expect_exists(
      [&](StoreTx& tx) {
        DW_RETURN_IF_ERROR(tx.AddDomain({.domain = "x.io"}).status());
        return tx.AddDomain({.domain = "X.IO"}).status();
      },
      "domain");
  expect_exists(
      [&](StoreTx& tx) {
        ApiKey k{.org_id = org.id, .name = "k", .key_prefix = "dw_same"};
        DW_RETURN_IF_ERROR(tx.CreateApiKey(k).status());
        return tx.CreateApiKey(k).status();  // same prefix, new id
      },
      "key_prefix");
  expect_exists(
      [&](StoreTx& tx) {
        Membership m{.org_id = org.id, .user_id = a.id, .role = "member"};
        DW_RETURN_IF_ERROR(tx.CreateMembership(m).status());
        return tx.CreateMembership(m).status();
      },
      "user_id");
  // The failed writes above rolled back whole: the first domain and key of
  // each pair are absent too.
  MustRead(*store_, [&](StoreReader& r) {
    EXPECT_TRUE(r.ListDomains()->empty());
    EXPECT_EQ(*r.CountActiveApiKeys(org.id), 0);
    EXPECT_EQ(*r.CountOrgMembers(org.id), 0);
    return dw::OkStatus();
  });
}

TEST_F(StoreRecords, BadFieldsAreInvalidArgumentNamingTheField) {
  auto expect_invalid = [&](const std::function<dw::Status(StoreTx&)>& fn,
                            const std::string& field) {
    dw::Status st = store_->Write(fn);
    EXPECT_EQ(st.code(), dw::StatusCode::kInvalidArgument) << st.ToString();
    EXPECT_EQ(st.json_path(), field) << st.ToString();
  };
  expect_invalid(
      [](StoreTx& tx) { return tx.CreateUser({.email = ""}).status(); },
      "email");
  expect_invalid(
      [](StoreTx& tx) {
        return tx.CreateOrg({.name = "n", .slug = "s", .plan = "gold"})
            .status();
      },
      "plan");
  expect_invalid(
      [](StoreTx& tx) {
        return tx.CreateOrg({.name = "n", .slug = ""}).status();
      },
      "slug");
  expect_invalid(
      [](StoreTx& tx) {
        return tx
            .CreateOrg({.name = "n", .slug = "s", .created_at = "yesterday"})
            .status();
      },
      "created_at");
  expect_invalid(
      [](StoreTx& tx) {
        return tx.UpdateUserLogin("u", "2026-01-02T03:04:05Z");
      },
      "last_login_at");
}

TEST_F(StoreRecords, SchemaChecksBackUpTheCodeChecks) {
  // Bypassing the store's own validation, the schema still refuses a role
  // outside the set.
  Org org = MakeOrg("acme");
  User a = MakeUser("a@acme.io");
  RawQuery(dir_.File("records.db"),
           "INSERT INTO memberships (id, org_id, user_id, role, created_at) "
           "VALUES ('m1', '" +
               org.id + "', '" + a.id +
               "', 'root', '2026-01-01T00:00:00.000000Z')");
  EXPECT_EQ(
      RawQuery(dir_.File("records.db"), "SELECT count(*) FROM memberships"),
      "0");
}

}  // namespace
}  // namespace dw::server::testing
