// File: server/api/state_fetcher.hpp
//
// How the server gets state bytes from a source's backend, behind one
// interface: given the kind, its non-secret config and the opened
// credentials, write the state to a file (through a StateSpool, so the size
// cap and hashing apply) or list the objects under a prefix (for globs).
//
// Built in: "file" (a state file under an operator-configured directory,
// `--state-files-dir`; paths are relative to it and may not leave it) -
// used for tests and for states a CI job drops on the server's disk.
// "upload" has no backend: its bytes only arrive by POST .../upload.
// s3, gcs, azure_blob and tfc go through the connectors module
// (include/driftwise/connectors/state_backend.hpp): its SSRF-safe client
// refuses http and non-public addresses unless the operator allowed
// loopback (for emulators and tests).
//
// Errors: kInvalidArgument for a config that lacks or misuses a field
// (named); kNotFound for a missing object; kUnavailable for a backend that
// did not answer; the connectors' codes otherwise (kPermissionDenied, ...).
// Messages never contain credentials.
// Thread-safety: Fetch and List may be called from many threads at once.
#ifndef DRIFTWISE_SERVER_API_STATE_FETCHER_HPP
#define DRIFTWISE_SERVER_API_STATE_FETCHER_HPP

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/state_spool.hpp"
#include "driftwise/status.hpp"

namespace dw::server {

struct StateObject {
  std::string key;  ///< full key/path within the bucket or directory
  std::int64_t size = 0;
};

class StateFetcher {
 public:
  virtual ~StateFetcher() = default;
  /// Writes the state to `spool` (not finished; the caller finishes it).
  virtual Status Fetch(const std::string& kind, const nlohmann::json& config,
                       const std::string& credentials, StateSpool& spool) = 0;
  /// Every object under `prefix` of `bucket` (glob discovery), any order.
  virtual Result<std::vector<StateObject>> List(
      const std::string& provider, const std::string& bucket,
      const std::string& prefix, const nlohmann::json& options,
      const std::string& credentials) = 0;
  /// Checks a config before it is saved (fields present, paths inside
  /// their root, URLs allowed).
  virtual Status ValidateConfig(const std::string& kind,
                                const nlohmann::json& config,
                                const std::string& credentials) = 0;
};

struct OutboundOptions {
  /// http:// and 127.0.0.0/8, ::1 backends (emulators); off in production.
  bool allow_loopback = false;
};

/// The fetcher: "file" (enabled by `files_dir`, "" = off) and the
/// connectors' remote backends.
std::unique_ptr<StateFetcher> MakeBuiltinStateFetcher(
    std::string files_dir, const OutboundOptions& outbound = {});

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_STATE_FETCHER_HPP
