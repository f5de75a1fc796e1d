// File: driftwise/connectors/state_backend.hpp
//
// Where Terraform states live: a StateBackend reads one object (a state
// file) and lists objects under a prefix (for globs), from
//   s3://bucket/key                 Amazon S3 (SigV4; static keys, session
//                                   token, STS AssumeRole; path- or
//                                   virtual-host style; custom endpoint)
//   gs://bucket/object              Google Cloud Storage JSON API (service
//                                   account key -> RS256 JWT -> token)
//   azblob://account/container/blob Azure Blob Storage (Shared Key or SAS)
//   tfc://organization/workspace    Terraform Cloud / Enterprise current
//                                   state version (bearer token)
//   file:///path, or a plain path   the local file system
//
// A backend is opened from a URL or from (kind, config JSON, credentials
// JSON), the form the server stores (credentials sealed apart from config).
// The config keys per kind are documented in docs/connectors.md; they follow
// Terraform's backend settings (bucket, key, region, endpoint,
// use_path_style, role_arn, ...).
//
// Errors (dw::Status) name the backend and the object ("s3://b/k: HTTP 403
// AccessDenied: ..."), with the service's error code when it sends one; they
// never contain credentials, signatures or tokens. kNotFound for a missing
// object, kPermissionDenied / kUnauthenticated for refused credentials,
// kInvalidArgument for a bad URL or config, and the HttpClient's codes for
// refused or failed transport.
//
// Ownership: Open* return a uniquely owned backend holding its own copy of
// the credentials and an HttpClient.
// Thread-safety: a backend may be used by one thread at a time (it caches
// short-lived tokens); distinct backends are independent.
#ifndef DRIFTWISE_CONNECTORS_STATE_BACKEND_HPP
#define DRIFTWISE_CONNECTORS_STATE_BACKEND_HPP

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/connectors/http_client.hpp"
#include "driftwise/status.hpp"

namespace dw::connectors {

/// Metadata of one stored object. Fields the service does not give are
/// empty / 0.
struct ObjectInfo {
  std::string key;  // object key / blob name / workspace name
  std::uint64_t size = 0;
  std::string etag;           // without surrounding quotes
  std::string version;        // S3 version id, GCS generation, TFC serial
  std::string last_modified;  // as the service wrote it
};

struct FetchedObject {
  ObjectInfo info;
  /// The object's bytes; empty when fetched with FetchToFile.
  std::string bytes;
};

struct ListOptions {
  /// Stop after this many keys (0 = no limit); List() then fails with
  /// kResourceExhausted rather than return a silently truncated list.
  std::uint64_t max_keys = 100'000;
  /// Keys requested per page (the service may return fewer).
  int page_size = 1000;
};

/// What a URL or (kind, config) names, before any credential is involved.
struct StateLocation {
  std::string kind;  // "s3", "gcs", "azure_blob", "tfc", "file"
  /// Config as a JSON object, e.g. {"bucket":"b","key":"k"}.
  std::string config_json;
};

/// Parses a state URL (see the file comment). Query parameters of s3:// may
/// set config keys (?region=eu-west-1&endpoint=...&use_path_style=true).
Result<StateLocation> ParseStateUrl(std::string_view url);

/// True when `text` looks like a URL of a remote backend (s3://, gs://,
/// azblob://, tfc://); plain paths and file:// are local.
bool IsRemoteStateUrl(std::string_view text) noexcept;

struct BackendOptions {
  HttpClientOptions http;
};

class StateBackend {
 public:
  virtual ~StateBackend() = default;

  /// "s3", "gcs", "azure_blob", "tfc" or "file".
  virtual std::string_view kind() const noexcept = 0;
  /// The location as a URL without secrets, e.g. "s3://bucket/key".
  virtual std::string Describe() const = 0;

  /// Reads the object `key` (empty = the configured key / workspace).
  virtual Result<FetchedObject> Fetch(std::string_view key = {}) = 0;
  /// Like Fetch, streaming the bytes into `path` (created or truncated).
  virtual Result<ObjectInfo> FetchToFile(std::string_view key,
                                         const std::string& path) = 0;
  /// Every object whose key starts with `prefix`, following the service's
  /// paging, in the service's order (lexicographic for s3/gcs/azure).
  virtual Result<std::vector<ObjectInfo>> List(std::string_view prefix,
                                               const ListOptions& options) = 0;
};

/// Opens a backend from its kind, config JSON and credentials JSON (may be
/// "" or "{}" for anonymous / local). Credential keys per kind:
///   s3:         access_key_id, secret_access_key, session_token
///   azure_blob: account_key | sas_token | connection_string
///   gcs:        a service-account key file's JSON (client_email,
///               private_key, token_uri) | access_token
///   tfc:        token
Result<std::unique_ptr<StateBackend>> OpenStateBackend(
    std::string_view kind, std::string_view config_json,
    std::string_view credentials_json, const BackendOptions& options = {});

/// Credentials for `kind` gathered from the environment the way the cloud
/// tools do (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
/// AWS_PROFILE with ~/.aws/credentials; AZURE_STORAGE_KEY /
/// AZURE_STORAGE_SAS_TOKEN / AZURE_STORAGE_CONNECTION_STRING;
/// GOOGLE_APPLICATION_CREDENTIALS; TF_TOKEN_<host> / TFE_TOKEN), as the
/// credentials JSON OpenStateBackend takes. Missing credentials give "{}".
/// `config_json` is consulted for the TFC host name.
Result<std::string> CredentialsFromEnvironment(std::string_view kind,
                                               std::string_view config_json);

/// Config adjustments the CLI takes from the environment: AWS_ENDPOINT_URL
/// (and AWS_ENDPOINT_URL_S3), AWS_REGION / AWS_DEFAULT_REGION for s3 when the
/// config has none. Returns the amended config JSON.
Result<std::string> ConfigFromEnvironment(std::string_view kind,
                                          std::string_view config_json);

/// The CLI's one-liner: ParseStateUrl + environment config and credentials
/// + OpenStateBackend. Outbound policy: loopback and http are allowed only
/// when DRIFTWISE_ALLOW_LOOPBACK=1 is set (for emulators), on top of
/// `options`.
Result<std::unique_ptr<StateBackend>> OpenStateUrlFromEnvironment(
    std::string_view url, BackendOptions options = {});

}  // namespace dw::connectors

#endif  // DRIFTWISE_CONNECTORS_STATE_BACKEND_HPP
