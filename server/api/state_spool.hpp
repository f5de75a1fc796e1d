// File: server/api/state_spool.hpp
//
// Writes incoming state bytes to a file while hashing them (SHA-256 of the
// bytes as stored), so an upload is on disk - not held twice in memory -
// before anything parses it. A body that starts with the gzip magic bytes
// (1f 8b) is inflated on the way; the size cap applies to the inflated
// bytes, so a gzip bomb stops at the cap instead of filling the disk.
//
// Errors: kResourceExhausted when the (inflated) bytes exceed max_bytes;
// kInvalidArgument for corrupt gzip (with the compressed byte offset);
// kUnavailable when the file cannot be written (path and reason).
// On any error the partial file is removed.
// Thread-safety: a StateSpool belongs to one thread.
#ifndef DRIFTWISE_SERVER_API_STATE_SPOOL_HPP
#define DRIFTWISE_SERVER_API_STATE_SPOOL_HPP

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "driftwise/status.hpp"

namespace dw::server {

struct SpooledState {
  std::string path;
  std::string sha256;  ///< lowercase hex of the bytes written
  std::int64_t bytes = 0;
  bool was_gzip = false;
};

class StateSpool {
 public:
  /// Creates `path` (mode 0600, must not exist).
  static Result<std::unique_ptr<StateSpool>> Create(std::string path,
                                                    std::int64_t max_bytes);
  ~StateSpool();  // removes the file unless Finish() succeeded
  StateSpool(const StateSpool&) = delete;
  StateSpool& operator=(const StateSpool&) = delete;

  /// Appends the next chunk of the body as received (maybe gzip).
  Status Write(std::string_view chunk);
  /// The file being written.
  const std::string& path() const;
  /// Flushes and closes; the file stays.
  Result<SpooledState> Finish();

 private:
  struct Impl;
  explicit StateSpool(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Spools a whole in-memory body (what today's transport hands over).
Result<SpooledState> SpoolBody(std::string_view body, std::string path,
                               std::int64_t max_bytes);
/// Spools the file at `source` (a local-file backend), chunk by chunk.
Result<SpooledState> SpoolFile(const std::string& source, std::string path,
                               std::int64_t max_bytes);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_STATE_SPOOL_HPP
