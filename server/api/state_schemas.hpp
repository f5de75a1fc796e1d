// File: server/api/state_schemas.hpp
//
// OpenAPI 3.0 JSON Schemas of the state-source routes' bodies (emitted in
// /api/v2/openapi.json; tests/server/test_openapi_schemas.py validates the
// document and every tested response against them).
#ifndef DRIFTWISE_SERVER_API_STATE_SCHEMAS_HPP
#define DRIFTWISE_SERVER_API_STATE_SCHEMAS_HPP

#include <string>

namespace dw::server::schemas {

inline std::string StateSourceSchema() {
  return R"({"type": "object", "additionalProperties": false,
  "required": ["id", "org_id", "display_name", "kind", "config",
    "cloud_account_id", "parent_glob_id", "status", "last_fetch_error",
    "last_fetched_at", "latest_snapshot_id", "has_credentials",
    "missing_since", "workspaces", "created_at"],
  "properties": {
    "id": {"type": "string", "format": "uuid"},
    "org_id": {"type": "string", "format": "uuid"},
    "display_name": {"type": "string"},
    "kind": {"type": "string",
      "enum": ["upload", "s3", "gcs", "azure_blob", "tfc", "file"]},
    "config": {"type": "object"},
    "cloud_account_id": {"type": "string"},
    "parent_glob_id": {"type": "string", "nullable": true},
    "status": {"type": "string", "enum": ["pending", "ok", "error"]},
    "last_fetch_error": {"type": "string"},
    "last_fetched_at": {"type": "string", "nullable": true},
    "latest_snapshot_id": {"type": "string", "nullable": true},
    "has_credentials": {"type": "boolean"},
    "missing_since": {"type": "string", "nullable": true},
    "workspaces": {"type": "array", "items": {"type": "string"}},
    "created_at": {"type": "string"}}})";
}

inline std::string GlobSchema() {
  return R"({"type": "object", "additionalProperties": false,
  "required": ["id", "org_id", "display_name", "provider", "bucket",
    "prefix", "region", "storage_account", "cloud_account_id",
    "child_count", "created_at"],
  "properties": {
    "id": {"type": "string", "format": "uuid"},
    "org_id": {"type": "string", "format": "uuid"},
    "display_name": {"type": "string"},
    "provider": {"type": "string",
      "enum": ["s3", "gcs", "azure_blob", "file"]},
    "bucket": {"type": "string"}, "prefix": {"type": "string"},
    "region": {"type": "string"}, "storage_account": {"type": "string"},
    "cloud_account_id": {"type": "string"},
    "child_count": {"type": "integer", "minimum": 0},
    "created_at": {"type": "string"}}})";
}

inline std::string StateSourceList() {
  return R"({"type": "object", "additionalProperties": false,
  "required": ["state_sources", "limit", "offset", "total"],
  "properties": {
    "state_sources": {"type": "array", "items": )" +
         StateSourceSchema() + R"(},
    "limit": {"type": "integer"}, "offset": {"type": "integer"},
    "total": {"type": "integer"}}})";
}

inline constexpr const char* kCreateStateSource =
    R"({"type": "object", "additionalProperties": false,
  "required": ["display_name", "kind", "config"],
  "properties": {
    "display_name": {"type": "string", "minLength": 1, "maxLength": 200},
    "kind": {"type": "string",
      "enum": ["upload", "s3", "gcs", "azure_blob", "tfc", "file"]},
    "config": {"type": "object",
      "description": "Kind-specific: s3 {bucket, key, region}, gcs {bucket, object}, azure_blob {account, container, blob}, tfc {workspace, token}, file {path}. Secret members (token, secret_access_key, ...) are sealed and never returned."},
    "cloud_account_id": {"type": "string"},
    "credentials": {"type": "object",
      "description": "Backend credentials; sealed at rest, never returned."}}})";

inline constexpr const char* kRefreshResult =
    R"({"type": "object", "additionalProperties": false,
  "required": ["snapshot_id", "content_hash", "last_fetched_at", "refreshed",
    "resource_count"],
  "properties": {
    "snapshot_id": {"type": "string"},
    "content_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "last_fetched_at": {"type": "string"},
    "refreshed": {"type": "boolean"},
    "resource_count": {"type": "integer", "minimum": 0}}})";

inline constexpr const char* kStateUpload =
    R"({"type": "string", "format": "binary",
  "description": "The raw .tfstate bytes (JSON), optionally gzip-compressed."})";

inline std::string GlobList() {
  return R"({"type": "array", "items": )" + GlobSchema() + "}";
}

inline constexpr const char* kGlobRequest =
    R"({"type": "object", "additionalProperties": false,
  "required": ["bucket", "cloud_account_id", "display_name", "provider"],
  "properties": {
    "bucket": {"type": "string", "minLength": 1},
    "cloud_account_id": {"type": "string"},
    "display_name": {"type": "string", "minLength": 1},
    "prefix": {"type": "string"},
    "provider": {"type": "string", "enum": ["s3", "gcs", "azure_blob", "file"]},
    "region": {"type": "string"},
    "storage_account": {"type": "string"}}})";

inline std::string GlobCreated() {
  return R"({"type": "object", "additionalProperties": false,
  "required": ["glob", "added", "total_matches", "truncated"],
  "properties": {
    "glob": )" +
         GlobSchema() + R"(,
    "added": {"type": "integer", "minimum": 0},
    "total_matches": {"type": "integer", "minimum": 0},
    "truncated": {"type": "boolean"}}})";
}

inline constexpr const char* kGlobPreview =
    R"({"type": "object", "additionalProperties": false,
  "required": ["total_matches", "would_add", "would_truncate",
    "plan_remaining", "would_exceed_plan"],
  "properties": {
    "total_matches": {"type": "integer", "minimum": 0},
    "would_add": {"type": "integer", "minimum": 0},
    "would_truncate": {"type": "boolean"},
    "plan_remaining": {"type": "integer",
      "description": "-1 when the plan has no limit"},
    "would_exceed_plan": {"type": "boolean"}}})";

inline constexpr const char* kQueued =
    R"({"type": "object", "additionalProperties": false,
  "required": ["queued"],
  "properties": {"queued": {"type": "integer", "minimum": 0}}})";

inline constexpr const char* kRescan =
    R"({"type": "object", "additionalProperties": false,
  "required": ["added", "total", "truncated"],
  "properties": {"added": {"type": "integer", "minimum": 0},
    "total": {"type": "integer", "minimum": 0},
    "truncated": {"type": "boolean"}}})";

}  // namespace dw::server::schemas

#endif  // DRIFTWISE_SERVER_API_STATE_SCHEMAS_HPP
