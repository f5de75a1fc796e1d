// File: server/http/access_log.hpp
//
// One line per answered request, as JSON (default) or compact text:
//   {"ts":"2024-05-01T12:00:00.123Z","level":"info","request_id":"req_...",
//    "method":"GET","route":"/api/v2/orgs/{id}","path":"/api/v2/orgs/o1",
//    "status":200,"duration_ms":0.412,"bytes":87,"remote":"127.0.0.1"}
//
// What is never written, by construction (AccessRecord has no field for
// it): request or response headers (Authorization, X-API-Key, cookies),
// query strings (which may carry tokens), and bodies. The path is the
// decoded path without the query, capped at 512 bytes; every string is
// JSON-escaped so a client cannot forge lines with CR/LF.
//
// Levels: 1xx-3xx lines are info, 4xx warn, 5xx error; lines below
// AccessLogOptions::level are dropped (level=warn logs only failures).
//
// Thread-safety: Write() may be called from any number of threads. With
// async=true the request thread only formats the line and enqueues it; a
// dedicated spdlog thread writes and flushes it (bounded queue; when full,
// writers block rather than drop lines).
#ifndef DRIFTWISE_SERVER_HTTP_ACCESS_LOG_HPP
#define DRIFTWISE_SERVER_HTTP_ACCESS_LOG_HPP

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "driftwise/status.hpp"

namespace spdlog {
class logger;
namespace details {
class thread_pool;
}  // namespace details
}  // namespace spdlog

namespace dw::server {

enum class AccessLogFormat { kJson, kText };
enum class AccessLogLevel { kInfo, kWarn, kError, kOff };

struct AccessLogOptions {
  /// "stderr", "stdout", "off", or a file path (created or appended to).
  std::string destination = "stderr";
  AccessLogFormat format = AccessLogFormat::kJson;
  AccessLogLevel level = AccessLogLevel::kInfo;
  /// Write on a background thread (see the file comment).
  bool async = true;
};

/// Parses "json"/"text" and "info"/"warn"/"error"/"off" (for flags and
/// environment variables). Errors name the bad value and the allowed ones.
Result<AccessLogFormat> ParseAccessLogFormat(std::string_view s);
Result<AccessLogLevel> ParseAccessLogLevel(std::string_view s);

/// The fields of one line. Views must stay valid during Write() only.
struct AccessRecord {
  std::string_view request_id;
  std::string_view method;
  std::string_view route;  ///< template, or "unmatched" / "rejected"
  std::string_view path;   ///< decoded path, no query string
  int status = 0;
  double duration_ms = 0;
  std::size_t bytes = 0;  ///< response body bytes
  std::string_view remote;
};

class AccessLog {
 public:
  /// A log that writes nothing.
  AccessLog();
  /// Opens the destination. Errors: INVALID_ARGUMENT when a file cannot be
  /// opened for appending (the message names the path and the reason).
  static Result<std::unique_ptr<AccessLog>> Open(
      const AccessLogOptions& options);
  /// Flushes every line written so far, then closes.
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  bool enabled() const { return logger_ != nullptr; }
  void Write(const AccessRecord& record);
  /// Blocks until every line written so far has reached the destination.
  void Flush();

  /// The line Write() would emit for `record` (without the newline).
  static std::string FormatLine(const AccessRecord& record,
                                AccessLogFormat format);

 private:
  class CountingSink;
  std::shared_ptr<spdlog::details::thread_pool> pool_;
  std::shared_ptr<CountingSink> sink_;
  std::atomic<std::uint64_t> enqueued_{0};
  std::shared_ptr<spdlog::logger> logger_;
  AccessLogFormat format_ = AccessLogFormat::kJson;
  AccessLogLevel level_ = AccessLogLevel::kInfo;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_ACCESS_LOG_HPP
