// File: server/http/access_log.cpp
#include "http/access_log.hpp"

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <thread>

#include "http/json_escape.hpp"

namespace dw::server {
namespace {

constexpr std::size_t kMaxLoggedPath = 512;
constexpr std::size_t kQueueSize = 8192;

AccessLogLevel LevelOf(int status) {
  if (status >= 500) return AccessLogLevel::kError;
  if (status >= 400) return AccessLogLevel::kWarn;
  return AccessLogLevel::kInfo;
}

std::string_view LevelName(AccessLogLevel level) {
  switch (level) {
    case AccessLogLevel::kInfo:
      return "info";
    case AccessLogLevel::kWarn:
      return "warn";
    case AccessLogLevel::kError:
      return "error";
    case AccessLogLevel::kOff:
      break;
  }
  return "off";
}

// "2024-05-01T12:00:00.123Z". The calendar part is cached per thread and
// second, so most lines only format the milliseconds.
void AppendTimestamp(std::string& out) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto secs = time_point_cast<seconds>(now);
  const auto ms = duration_cast<milliseconds>(now - secs).count();
  thread_local std::time_t cached_second = -1;
  thread_local char cached[32];
  const std::time_t t = system_clock::to_time_t(secs);
  if (t != cached_second) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_second = t;
  }
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms));
  out.append(cached).append(frac);
}

bool IsTokenChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z') || c == '_' || c == '-' || c == '.';
}

// A path segment that looks like a credential pasted into a URL by mistake:
// an API key ("dw_" + prefix + "_" + secret) or a JWT (three base64url
// parts, the first starting "eyJ"). Logs must never hold secrets, even ones
// a client put where they do not belong.
bool LooksLikeSecret(std::string_view segment) {
  if (segment.size() < 24) return false;
  for (char c : segment) {
    if (!IsTokenChar(c)) return false;
  }
  if (segment.substr(0, 3) == "dw_") return true;
  return segment.substr(0, 3) == "eyJ" &&
         std::count(segment.begin(), segment.end(), '.') == 2;
}

// The path as logged: capped, with credential-looking segments replaced.
std::string CapPath(std::string_view path) {
  if (path.size() > kMaxLoggedPath) path = path.substr(0, kMaxLoggedPath);
  std::string out;
  out.reserve(path.size());
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    out.append(LooksLikeSecret(segment) ? std::string_view("[redacted]")
                                        : segment);
    if (end == path.size()) break;
    out.push_back('/');
    start = end + 1;
  }
  return out;
}

}  // namespace

// Forwards to the real sink and counts lines that have reached it, so
// Flush() can wait for the async queue to be worked off.
class AccessLog::CountingSink final : public spdlog::sinks::sink {
 public:
  explicit CountingSink(spdlog::sink_ptr inner) : inner_(std::move(inner)) {}
  void log(const spdlog::details::log_msg& msg) override {
    inner_->log(msg);
    written_.fetch_add(1, std::memory_order_release);
  }
  void flush() override { inner_->flush(); }
  void set_pattern(const std::string& pattern) override {
    inner_->set_pattern(pattern);
  }
  void set_formatter(std::unique_ptr<spdlog::formatter> f) override {
    inner_->set_formatter(std::move(f));
  }
  std::uint64_t written() const {
    return written_.load(std::memory_order_acquire);
  }

 private:
  spdlog::sink_ptr inner_;
  std::atomic<std::uint64_t> written_{0};
};

Result<AccessLogFormat> ParseAccessLogFormat(std::string_view s) {
  if (s == "json") return AccessLogFormat::kJson;
  if (s == "text") return AccessLogFormat::kText;
  return InvalidArgumentError("access log format \"" + std::string(s) +
                              "\" is not json or text");
}

Result<AccessLogLevel> ParseAccessLogLevel(std::string_view s) {
  if (s == "info") return AccessLogLevel::kInfo;
  if (s == "warn") return AccessLogLevel::kWarn;
  if (s == "error") return AccessLogLevel::kError;
  if (s == "off") return AccessLogLevel::kOff;
  return InvalidArgumentError("access log level \"" + std::string(s) +
                              "\" is not info, warn, error or off");
}

AccessLog::AccessLog() = default;

Result<std::unique_ptr<AccessLog>> AccessLog::Open(
    const AccessLogOptions& options) {
  auto log = std::make_unique<AccessLog>();
  log->format_ = options.format;
  log->level_ = options.level;
  if (options.destination == "off" || options.level == AccessLogLevel::kOff) {
    return log;
  }
  spdlog::sink_ptr sink;
  try {
    if (options.destination == "stderr") {
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    } else if (options.destination == "stdout") {
      sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
    } else if (options.destination.empty()) {
      return InvalidArgumentError(
          "access log destination is empty (use stderr, stdout, off or a "
          "file path)");
    } else {
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(
          options.destination, /*truncate=*/false);
    }
  } catch (const spdlog::spdlog_ex& e) {
    return InvalidArgumentError("cannot open access log " +
                                options.destination + ": " + e.what());
  }
  // Lines are complete already; spdlog adds only the newline.
  sink->set_pattern("%v");
  log->sink_ = std::make_shared<CountingSink>(sink);
  sink = log->sink_;
  if (options.async) {
    log->pool_ = std::make_shared<spdlog::details::thread_pool>(kQueueSize, 1);
    log->logger_ = std::make_shared<spdlog::async_logger>(
        "access", sink, log->pool_, spdlog::async_overflow_policy::block);
  } else {
    log->logger_ = std::make_shared<spdlog::logger>("access", sink);
  }
  log->logger_->set_level(spdlog::level::trace);
  // Flush each line: with async it happens on the log thread, and it means a
  // killed server loses no line it had answered.
  log->logger_->flush_on(spdlog::level::trace);
  return log;
}

AccessLog::~AccessLog() {
  if (logger_) logger_->flush();
  // Destroying the pool drains its queue and joins its thread before the
  // logger (and the sink's file) go away.
  pool_.reset();
  logger_.reset();
}

std::string AccessLog::FormatLine(const AccessRecord& r,
                                  AccessLogFormat format) {
  std::string line;
  line.reserve(256);
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.3f", r.duration_ms);
  if (format == AccessLogFormat::kText) {
    AppendTimestamp(line);
    line.push_back(' ');
    line.append(LevelName(LevelOf(r.status))).push_back(' ');
    AppendJsonString(line, r.request_id);
    line.push_back(' ');
    AppendJsonString(line, r.method);
    line.push_back(' ');
    AppendJsonString(line, r.route);
    line.push_back(' ');
    AppendJsonString(line, CapPath(r.path));
    line.append(" ").append(std::to_string(r.status));
    line.append(" ").append(ms).append("ms ");
    line.append(std::to_string(r.bytes)).append("B ");
    AppendJsonString(line, r.remote);
    return line;
  }
  line.append("{\"ts\":\"");
  AppendTimestamp(line);
  line.append("\",\"level\":\"").append(LevelName(LevelOf(r.status)));
  line.append("\",\"request_id\":");
  AppendJsonString(line, r.request_id);
  line.append(",\"method\":");
  AppendJsonString(line, r.method);
  line.append(",\"route\":");
  AppendJsonString(line, r.route);
  line.append(",\"path\":");
  AppendJsonString(line, CapPath(r.path));
  line.append(",\"status\":").append(std::to_string(r.status));
  line.append(",\"duration_ms\":").append(ms);
  line.append(",\"bytes\":").append(std::to_string(r.bytes));
  line.append(",\"remote\":");
  AppendJsonString(line, r.remote);
  line.push_back('}');
  return line;
}

void AccessLog::Write(const AccessRecord& record) {
  if (!logger_) return;
  const AccessLogLevel level = LevelOf(record.status);
  if (static_cast<int>(level) < static_cast<int>(level_)) return;
  const std::string line = FormatLine(record, format_);
  const auto spd_level = level == AccessLogLevel::kError  ? spdlog::level::err
                         : level == AccessLogLevel::kWarn ? spdlog::level::warn
                                                          : spdlog::level::info;
  enqueued_.fetch_add(1, std::memory_order_relaxed);
  logger_->log(spd_level, std::string_view(line));
}

void AccessLog::Flush() {
  if (!logger_) return;
  // An async flush() only enqueues a request; wait until every line
  // enqueued so far has reached the sink, then flush the sink from here
  // (sinks are mutex-protected).
  const std::uint64_t target = enqueued_.load(std::memory_order_relaxed);
  while (sink_->written() < target) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  sink_->flush();
}

}  // namespace dw::server
