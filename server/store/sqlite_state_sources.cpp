// File: server/store/sqlite_state_sources.cpp
//
// State sources, globs, snapshots and their resource rows on SQLite
// (state_store.hpp). Soft-deleted rows are filtered in every query, so a
// deleted source answers exactly like an unknown one.
#include <nlohmann/json.hpp>

#include "store/ids.hpp"
#include "store/sqlite_rows.hpp"
#include "store/sqlite_session.hpp"

namespace dw::server {

bool IsValidStateSourceKind(std::string_view kind) {
  for (std::string_view k : kStateSourceKinds) {
    if (k == kind) return true;
  }
  return false;
}

}  // namespace dw::server

namespace dw::server::sqlite {
namespace {

#define DW_SOURCE_COLS                                              \
  "id, org_id, name, kind, config, credentials, cloud_account_id, " \
  "glob_id, glob_key, status, last_error, last_refreshed_at, "      \
  "current_snapshot_id, created_at, deleted_at"
#define DW_SNAPSHOT_COLS                                                \
  "id, org_id, source_id, sha256, serial, lineage, terraform_version, " \
  "state_version, resource_count, bytes, created_at"
#define DW_GLOB_SELECT                                                      \
  "SELECT g.id, g.org_id, g.display_name, g.provider, g.bucket, g.prefix, " \
  "g.region, g.storage_account, g.cloud_account_id, g.created_at, "         \
  "g.deleted_at, g.options, g.credentials, (SELECT count(*) FROM "          \
  "state_sources c WHERE c.glob_id = "                                      \
  "g.id AND c.deleted_at IS NULL) FROM state_source_globs g "

constexpr const char* kGetSource =
    "SELECT " DW_SOURCE_COLS
    " FROM state_sources WHERE org_id = ?1 AND id = ?2 AND deleted_at IS "
    "NULL";
constexpr const char* kCountSources =
    "SELECT count(*) FROM state_sources WHERE org_id = ?1 AND deleted_at IS "
    "NULL";
constexpr const char* kListSources =
    "SELECT " DW_SOURCE_COLS
    " FROM state_sources WHERE org_id = ?1 AND deleted_at IS NULL "
    "ORDER BY created_at, id LIMIT ?2 OFFSET ?3";
constexpr const char* kGlobChildren =
    "SELECT " DW_SOURCE_COLS
    " FROM state_sources WHERE org_id = ?1 AND glob_id = ?2 AND deleted_at "
    "IS NULL ORDER BY glob_key";
constexpr const char* kInsertSource =
    "INSERT INTO state_sources (" DW_SOURCE_COLS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15)";
constexpr const char* kDeleteSource =
    "UPDATE state_sources SET deleted_at = ?3 WHERE org_id = ?1 AND id = ?2 "
    "AND deleted_at IS NULL";
constexpr const char* kRecordRefresh =
    "UPDATE state_sources SET status = ?3, last_error = ?4, "
    "last_refreshed_at = ?5, current_snapshot_id = coalesce(?6, "
    "current_snapshot_id) WHERE org_id = ?1 AND id = ?2 AND deleted_at IS "
    "NULL";

constexpr const char* kGetSnapshot =
    "SELECT " DW_SNAPSHOT_COLS
    " FROM state_snapshots WHERE org_id = ?1 AND id = ?2";
constexpr const char* kCurrentSnapshots =
    "SELECT s.id, s.org_id, s.source_id, s.sha256, s.serial, s.lineage, "
    "s.terraform_version, s.state_version, s.resource_count, s.bytes, "
    "s.created_at FROM state_sources src JOIN state_snapshots s ON s.id = "
    "src.current_snapshot_id WHERE src.org_id = ?1 AND src.deleted_at IS "
    "NULL ORDER BY src.created_at, src.id";
constexpr const char* kInsertSnapshot =
    "INSERT INTO state_snapshots (" DW_SNAPSHOT_COLS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* kInsertResource =
    "INSERT INTO state_resources (snapshot_id, ordinal, address, mode, type, "
    "name, provider, module, index_key, resource_id) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kSnapshotResources =
    "SELECT address, mode, type, name, provider, module, index_key, "
    "resource_id FROM state_resources WHERE snapshot_id = ?1 ORDER BY "
    "ordinal";

constexpr const char* kListGlobs = DW_GLOB_SELECT
    "WHERE g.org_id = ?1 AND g.deleted_at IS NULL ORDER BY g.created_at, g.id";
constexpr const char* kGetGlob =
    DW_GLOB_SELECT "WHERE g.org_id = ?1 AND g.id = ?2 AND g.deleted_at IS NULL";
constexpr const char* kInsertGlob =
    "INSERT INTO state_source_globs (id, org_id, display_name, provider, "
    "bucket, prefix, region, storage_account, cloud_account_id, created_at, "
    "deleted_at, options, credentials) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
    "?8, ?9, ?10, NULL, ?11, ?12)";
constexpr const char* kDeleteGlob =
    "UPDATE state_source_globs SET deleted_at = ?3 WHERE org_id = ?1 AND id "
    "= ?2 AND deleted_at IS NULL";
constexpr const char* kDeleteGlobChildren =
    "UPDATE state_sources SET deleted_at = ?3 WHERE org_id = ?1 AND glob_id "
    "= ?2 AND deleted_at IS NULL";

StateSource ReadSource(const Stmt& s) {
  StateSource r;
  r.id = s.Text(0);
  r.org_id = s.Text(1);
  r.name = s.Text(2);
  r.kind = s.Text(3);
  r.config = s.Text(4);
  r.sealed_credentials = s.OptionalText(5);
  r.cloud_account_id = s.Text(6);
  r.glob_id = s.OptionalText(7);
  r.glob_key = s.Text(8);
  r.status = s.Text(9);
  r.last_error = s.Text(10);
  r.last_refreshed_at = s.OptionalText(11);
  r.current_snapshot_id = s.OptionalText(12);
  r.created_at = s.Text(13);
  r.deleted_at = s.OptionalText(14);
  return r;
}

StateSnapshot ReadSnapshot(const Stmt& s) {
  StateSnapshot r;
  r.id = s.Text(0);
  r.org_id = s.Text(1);
  r.source_id = s.Text(2);
  r.sha256 = s.Text(3);
  r.serial = s.Int(4);
  r.lineage = s.Text(5);
  r.terraform_version = s.Text(6);
  r.state_version = s.Int(7);
  r.resource_count = s.Int(8);
  r.bytes = s.Int(9);
  r.created_at = s.Text(10);
  return r;
}

StateSourceGlob ReadGlob(const Stmt& s) {
  StateSourceGlob r;
  r.id = s.Text(0);
  r.org_id = s.Text(1);
  r.display_name = s.Text(2);
  r.provider = s.Text(3);
  r.bucket = s.Text(4);
  r.prefix = s.Text(5);
  r.region = s.Text(6);
  r.storage_account = s.Text(7);
  r.cloud_account_id = s.Text(8);
  r.created_at = s.Text(9);
  r.deleted_at = s.OptionalText(10);
  r.options = s.Text(11);
  r.sealed_credentials = s.OptionalText(12);
  r.child_count = s.Int(13);
  return r;
}

StateResourceRow ReadResource(const Stmt& s) {
  return {.address = s.Text(0),
          .mode = s.Text(1),
          .type = s.Text(2),
          .name = s.Text(3),
          .provider = s.Text(4),
          .module = s.Text(5),
          .index_key = s.Text(6),
          .resource_id = s.Text(7)};
}

dw::Status CheckJsonObject(std::string_view field, const std::string& text) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_object()) return dw::OkStatus();
  return dw::InvalidArgumentError(std::string(field) + " must be a JSON object",
                                  dw::kNoOffset, std::string(field));
}

}  // namespace

// Reads
// ---------------------------------------------------------------------------

dw::Result<StateSource> SqliteSession::GetStateSource(std::string_view org_id,
                                                      std::string_view id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetSource));
  s.Bind(1, org_id).Bind(2, id);
  return One(s, ReadSource, [&] { return NotFound("state source", id); });
}

dw::Result<Page<StateSource>> SqliteSession::ListStateSources(
    std::string_view org_id, const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  Page<StateSource> out;
  DW_ASSIGN_OR_RETURN(out.total, CountStateSources(org_id));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListSources));
  s.Bind(1, org_id).Bind(2, page.limit).Bind(3, page.offset);
  DW_ASSIGN_OR_RETURN(out.items, All(s, ReadSource));
  return out;
}

dw::Result<std::int64_t> SqliteSession::CountStateSources(
    std::string_view org_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountSources));
  s.Bind(1, org_id);
  DW_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

dw::Result<StateSnapshot> SqliteSession::GetStateSnapshot(
    std::string_view org_id, std::string_view id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetSnapshot));
  s.Bind(1, org_id).Bind(2, id);
  return One(s, ReadSnapshot, [&] { return NotFound("state snapshot", id); });
}

dw::Result<std::vector<StateSnapshot>> SqliteSession::ListCurrentSnapshots(
    std::string_view org_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCurrentSnapshots));
  s.Bind(1, org_id);
  return All(s, ReadSnapshot);
}

dw::Result<std::vector<StateResourceRow>> SqliteSession::ListSnapshotResources(
    std::string_view snapshot_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSnapshotResources));
  s.Bind(1, snapshot_id);
  return All(s, ReadResource);
}

dw::Result<std::vector<StateSourceGlob>> SqliteSession::ListStateSourceGlobs(
    std::string_view org_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListGlobs));
  s.Bind(1, org_id);
  return All(s, ReadGlob);
}

dw::Result<StateSourceGlob> SqliteSession::GetStateSourceGlob(
    std::string_view org_id, std::string_view id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetGlob));
  s.Bind(1, org_id).Bind(2, id);
  return One(s, ReadGlob, [&] { return NotFound("state-source glob", id); });
}

dw::Result<std::vector<StateSource>> SqliteSession::ListGlobChildren(
    std::string_view org_id, std::string_view glob_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGlobChildren));
  s.Bind(1, org_id).Bind(2, glob_id);
  return All(s, ReadSource);
}

// Writes
// ---------------------------------------------------------------------------

dw::Result<StateSource> SqliteSession::CreateStateSource(
    const StateSource& source) {
  StateSource r = source;
  DW_RETURN_IF_ERROR(Required("org_id", r.org_id));
  DW_RETURN_IF_ERROR(Required("display_name", r.name));
  if (!IsValidStateSourceKind(r.kind)) {
    return dw::InvalidArgumentError(
        "kind '" + r.kind +
            "' is not one of upload, s3, gcs, azure_blob, tfc, file",
        dw::kNoOffset, "kind");
  }
  DW_RETURN_IF_ERROR(CheckJsonObject("config", r.config));
  // A backstop against a caller that forgot to seal: plaintext never lands.
  // (The sealed form's prefix, secrets/secret_box.hpp; the store does not
  // link the secrets library.)
  if (r.sealed_credentials && r.sealed_credentials->rfind("dws1:", 0) != 0) {
    return dw::InvalidArgumentError("credentials must be sealed before storing",
                                    dw::kNoOffset, "credentials");
  }
  if (r.id.empty()) r.id = NewUuidV4();
  if (r.created_at.empty()) r.created_at = NowRfc3339();
  DW_RETURN_IF_ERROR(CheckStoreTime("created_at", r.created_at));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertSource));
  s.Bind(1, r.id)
      .Bind(2, r.org_id)
      .Bind(3, r.name)
      .Bind(4, r.kind)
      .Bind(5, r.config)
      .BindOptional(6, r.sealed_credentials)
      .Bind(7, r.cloud_account_id)
      .BindOptional(8, r.glob_id)
      .Bind(9, r.glob_key)
      .Bind(10, r.status)
      .Bind(11, r.last_error)
      .BindOptional(12, r.last_refreshed_at)
      .BindOptional(13, r.current_snapshot_id)
      .Bind(14, r.created_at)
      .BindOptional(15, r.deleted_at);
  DW_RETURN_IF_ERROR(s.Run());
  return r;
}

dw::Status SqliteSession::SoftDeleteStateSource(std::string_view org_id,
                                                std::string_view id,
                                                std::string_view time) {
  DW_RETURN_IF_ERROR(CheckStoreTime("deleted_at", time));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kDeleteSource));
  s.Bind(1, org_id).Bind(2, id).Bind(3, time);
  DW_RETURN_IF_ERROR(s.Run());
  return Changes() == 0 ? NotFound("state source", id) : dw::OkStatus();
}

dw::Status SqliteSession::RecordStateSourceRefresh(
    std::string_view org_id, std::string_view id, const StateSourceRefresh& r) {
  if (r.status != "ok" && r.status != "error") {
    return dw::InvalidArgumentError("status must be ok or error", dw::kNoOffset,
                                    "status");
  }
  DW_RETURN_IF_ERROR(CheckStoreTime("last_refreshed_at", r.refreshed_at));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kRecordRefresh));
  s.Bind(1, org_id)
      .Bind(2, id)
      .Bind(3, r.status)
      .Bind(4, r.last_error)
      .Bind(5, r.refreshed_at)
      .BindOptional(6, r.snapshot_id);
  DW_RETURN_IF_ERROR(s.Run());
  return Changes() == 0 ? NotFound("state source", id) : dw::OkStatus();
}

dw::Result<StateSnapshot> SqliteSession::InsertStateSnapshot(
    const StateSnapshot& snapshot,
    const std::vector<StateResourceRow>& resources) {
  StateSnapshot r = snapshot;
  DW_RETURN_IF_ERROR(Required("org_id", r.org_id));
  DW_RETURN_IF_ERROR(Required("source_id", r.source_id));
  if (r.sha256.size() != 64) {
    return dw::InvalidArgumentError("sha256 must be 64 hex digits",
                                    dw::kNoOffset, "sha256");
  }
  if (r.id.empty()) r.id = NewUuidV4();
  if (r.created_at.empty()) r.created_at = NowRfc3339();
  r.resource_count = static_cast<std::int64_t>(resources.size());
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertSnapshot));
    s.Bind(1, r.id)
        .Bind(2, r.org_id)
        .Bind(3, r.source_id)
        .Bind(4, r.sha256)
        .Bind(5, r.serial)
        .Bind(6, r.lineage)
        .Bind(7, r.terraform_version)
        .Bind(8, r.state_version)
        .Bind(9, r.resource_count)
        .Bind(10, r.bytes)
        .Bind(11, r.created_at);
    DW_RETURN_IF_ERROR(s.Run());
  }
  std::int64_t ordinal = 0;
  for (const StateResourceRow& row : resources) {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertResource));
    s.Bind(1, r.id)
        .Bind(2, ordinal++)
        .Bind(3, row.address)
        .Bind(4, row.mode)
        .Bind(5, row.type)
        .Bind(6, row.name)
        .Bind(7, row.provider)
        .Bind(8, row.module)
        .Bind(9, row.index_key)
        .Bind(10, row.resource_id);
    DW_RETURN_IF_ERROR(s.Run());
  }
  return r;
}

dw::Result<StateSourceGlob> SqliteSession::CreateStateSourceGlob(
    const StateSourceGlob& glob) {
  StateSourceGlob r = glob;
  DW_RETURN_IF_ERROR(Required("org_id", r.org_id));
  DW_RETURN_IF_ERROR(Required("display_name", r.display_name));
  DW_RETURN_IF_ERROR(Required("provider", r.provider));
  DW_RETURN_IF_ERROR(Required("bucket", r.bucket));
  DW_RETURN_IF_ERROR(CheckJsonObject("options", r.options));
  if (r.sealed_credentials && r.sealed_credentials->rfind("dws1:", 0) != 0) {
    return dw::InvalidArgumentError("credentials must be sealed before storing",
                                    dw::kNoOffset, "credentials");
  }
  if (r.id.empty()) r.id = NewUuidV4();
  if (r.created_at.empty()) r.created_at = NowRfc3339();
  r.child_count = 0;
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertGlob));
  s.Bind(1, r.id)
      .Bind(2, r.org_id)
      .Bind(3, r.display_name)
      .Bind(4, r.provider)
      .Bind(5, r.bucket)
      .Bind(6, r.prefix)
      .Bind(7, r.region)
      .Bind(8, r.storage_account)
      .Bind(9, r.cloud_account_id)
      .Bind(10, r.created_at)
      .Bind(11, r.options)
      .BindOptional(12, r.sealed_credentials);
  DW_RETURN_IF_ERROR(s.Run());
  return r;
}

dw::Result<std::int64_t> SqliteSession::SoftDeleteStateSourceGlob(
    std::string_view org_id, std::string_view id, std::string_view time) {
  DW_RETURN_IF_ERROR(CheckStoreTime("deleted_at", time));
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kDeleteGlob));
    s.Bind(1, org_id).Bind(2, id).Bind(3, time);
    DW_RETURN_IF_ERROR(s.Run());
    if (Changes() == 0) return NotFound("state-source glob", id);
  }
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kDeleteGlobChildren));
  s.Bind(1, org_id).Bind(2, id).Bind(3, time);
  DW_RETURN_IF_ERROR(s.Run());
  return Changes();
}

}  // namespace dw::server::sqlite
