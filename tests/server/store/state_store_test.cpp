// State sources, globs and snapshots in the SQLite store (migration 2).
#include "store/state_store.hpp"

#include <gtest/gtest.h>

#include "store/store.hpp"
#include "store_test_util.hpp"

namespace dw::server {
namespace {

using testing::OpenStore;
using testing::TempDir;

Org MakeOrg(Store& store, const std::string& slug) {
  Org org;
  EXPECT_TRUE(store
                  .Write([&](StoreTx& tx) -> Status {
                    DW_ASSIGN_OR_RETURN(
                        org, tx.CreateOrg({.name = slug, .slug = slug}));
                    return OkStatus();
                  })
                  .ok());
  return org;
}

TEST(StateStore, SourceSnapshotLifecycleAndOrgIsolation) {
  TempDir dir;
  auto store = OpenStore(dir.File("db.sqlite"));
  const Org a = MakeOrg(*store, "a");
  const Org b = MakeOrg(*store, "b");
  StateSource src;
  ASSERT_TRUE(
      store
          ->Write([&](StoreTx& tx) -> Status {
            DW_ASSIGN_OR_RETURN(
                src, tx.CreateStateSource(
                         {.org_id = a.id, .name = "prod", .kind = "upload"}));
            return OkStatus();
          })
          .ok());
  // Plaintext credentials never reach a row.
  Status plain = store->Write([&](StoreTx& tx) {
    return tx
        .CreateStateSource({.org_id = a.id,
                            .name = "x",
                            .kind = "s3",
                            .sealed_credentials = std::string("AKIA-secret")})
        .status();
  });
  EXPECT_EQ(plain.code(), StatusCode::kInvalidArgument);

  StateSnapshot snap;
  const std::vector<StateResourceRow> rows = {
      {.address = "aws_vpc.main",
       .mode = "managed",
       .type = "aws_vpc",
       .name = "main",
       .provider = "registry.terraform.io/hashicorp/aws",
       .module = "",
       .index_key = "",
       .resource_id = "vpc-1"},
      {.address = "aws_subnet.a[0]",
       .mode = "managed",
       .type = "aws_subnet",
       .name = "a",
       .provider = "registry.terraform.io/hashicorp/aws",
       .module = "",
       .index_key = "0",
       .resource_id = "subnet-1"}};
  ASSERT_TRUE(
      store
          ->Write([&](StoreTx& tx) -> Status {
            DW_ASSIGN_OR_RETURN(
                snap, tx.InsertStateSnapshot({.org_id = a.id,
                                              .source_id = src.id,
                                              .sha256 = std::string(64, 'a'),
                                              .serial = 7,
                                              .lineage = "l-1",
                                              .terraform_version = "1.6.0",
                                              .state_version = 4,
                                              .bytes = 100},
                                             rows));
            return tx.RecordStateSourceRefresh(a.id, src.id,
                                               {.status = "ok",
                                                .last_error = "",
                                                .refreshed_at = NowRfc3339(),
                                                .snapshot_id = snap.id});
          })
          .ok());
  ASSERT_TRUE(
      store
          ->Read([&](StoreReader& r) -> Status {
            DW_ASSIGN_OR_RETURN(auto got, r.GetStateSource(a.id, src.id));
            EXPECT_EQ(got.current_snapshot_id, snap.id);
            EXPECT_EQ(got.status, "ok");
            // Another org's id answers exactly like a missing one.
            EXPECT_EQ(r.GetStateSource(b.id, src.id).status().code(),
                      StatusCode::kNotFound);
            EXPECT_EQ(r.GetStateSnapshot(b.id, snap.id).status().code(),
                      StatusCode::kNotFound);
            DW_ASSIGN_OR_RETURN(auto current, r.ListCurrentSnapshots(a.id));
            EXPECT_EQ(current.size(), 1u);
            if (!current.empty()) {
              EXPECT_EQ(current[0], snap);
            }
            DW_ASSIGN_OR_RETURN(auto stored, r.ListSnapshotResources(snap.id));
            EXPECT_EQ(stored, rows);
            DW_ASSIGN_OR_RETURN(auto none, r.ListCurrentSnapshots(b.id));
            EXPECT_TRUE(none.empty());
            return OkStatus();
          })
          .ok());
  // A failed refresh keeps the snapshot.
  ASSERT_TRUE(store
                  ->Write([&](StoreTx& tx) {
                    return tx.RecordStateSourceRefresh(
                        a.id, src.id,
                        {.status = "error",
                         .last_error = "truncated (at byte 9)",
                         .refreshed_at = NowRfc3339(),
                         .snapshot_id = std::nullopt});
                  })
                  .ok());
  ASSERT_TRUE(store
                  ->Read([&](StoreReader& r) -> Status {
                    DW_ASSIGN_OR_RETURN(auto got,
                                        r.GetStateSource(a.id, src.id));
                    EXPECT_EQ(got.current_snapshot_id, snap.id);
                    EXPECT_EQ(got.last_error, "truncated (at byte 9)");
                    return OkStatus();
                  })
                  .ok());
  // Deleted: gone from reads, counts and current snapshots.
  ASSERT_TRUE(store
                  ->Write([&](StoreTx& tx) {
                    return tx.SoftDeleteStateSource(a.id, src.id, NowRfc3339());
                  })
                  .ok());
  ASSERT_TRUE(store
                  ->Read([&](StoreReader& r) -> Status {
                    EXPECT_EQ(r.GetStateSource(a.id, src.id).status().code(),
                              StatusCode::kNotFound);
                    DW_ASSIGN_OR_RETURN(auto n, r.CountStateSources(a.id));
                    EXPECT_EQ(n, 0);
                    DW_ASSIGN_OR_RETURN(auto current,
                                        r.ListCurrentSnapshots(a.id));
                    EXPECT_TRUE(current.empty());
                    return OkStatus();
                  })
                  .ok());
}

TEST(StateStore, GlobDeleteCascadesToItsChildrenOnly) {
  TempDir dir;
  auto store = OpenStore(dir.File("db.sqlite"));
  const Org a = MakeOrg(*store, "a");
  StateSourceGlob glob;
  ASSERT_TRUE(store
                  ->Write([&](StoreTx& tx) -> Status {
                    DW_ASSIGN_OR_RETURN(
                        glob, tx.CreateStateSourceGlob({.org_id = a.id,
                                                        .display_name = "g",
                                                        .provider = "s3",
                                                        .bucket = "b"}));
                    for (const char* key : {"x.tfstate", "y.tfstate"}) {
                      DW_RETURN_IF_ERROR(
                          tx.CreateStateSource({.org_id = a.id,
                                                .name = key,
                                                .kind = "s3",
                                                .glob_id = glob.id,
                                                .glob_key = key})
                              .status());
                    }
                    // The same key twice under one glob is refused.
                    EXPECT_FALSE(tx.CreateStateSource({.org_id = a.id,
                                                       .name = "dup",
                                                       .kind = "s3",
                                                       .glob_id = glob.id,
                                                       .glob_key = "x.tfstate"})
                                     .ok());
                    return tx
                        .CreateStateSource(
                            {.org_id = a.id, .name = "hand", .kind = "upload"})
                        .status();
                  })
                  .ok());
  std::int64_t deleted = 0;
  ASSERT_TRUE(
      store
          ->Write([&](StoreTx& tx) -> Status {
            DW_ASSIGN_OR_RETURN(auto globs, tx.ListStateSourceGlobs(a.id));
            EXPECT_EQ(globs.size(), 1u);
            if (!globs.empty()) {
              EXPECT_EQ(globs[0].child_count, 2);
            }
            DW_ASSIGN_OR_RETURN(deleted, tx.SoftDeleteStateSourceGlob(
                                             a.id, glob.id, NowRfc3339()));
            return OkStatus();
          })
          .ok());
  EXPECT_EQ(deleted, 2);
  ASSERT_TRUE(store
                  ->Read([&](StoreReader& r) -> Status {
                    DW_ASSIGN_OR_RETURN(auto n, r.CountStateSources(a.id));
                    EXPECT_EQ(n, 1);  // the hand-added one
                    EXPECT_EQ(
                        r.GetStateSourceGlob(a.id, glob.id).status().code(),
                        StatusCode::kNotFound);
                    return OkStatus();
                  })
                  .ok());
}

}  // namespace
}  // namespace dw::server
