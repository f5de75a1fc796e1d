// File: server/jwt/jwks_source.cpp
#include "jwt/jwks_source.hpp"

#include <curl/curl.h>
#include <sys/stat.h>

#include <fstream>

#include "jwt/log_quote.hpp"

namespace dw::server {
namespace {

using Clock = std::chrono::steady_clock;

bool IsUrl(std::string_view location) {
  return location.starts_with("http://") || location.starts_with("https://");
}

std::int64_t Nanos(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             t.time_since_epoch())
      .count();
}

Result<std::string> ReadFile(const std::string& path, std::size_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return NotFoundError("cannot read JWKS file " + path + ": no such file");
  }
  if (!S_ISREG(st.st_mode)) {
    return InvalidArgumentError("JWKS path " + path + " is not a regular file");
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    return InvalidArgumentError(
        "JWKS file " + path + " is " + std::to_string(st.st_size) +
        " bytes, more than the limit of " + std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot open JWKS file " + path);
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

struct Download {
  std::string body;
  std::size_t max_bytes = 0;
  bool too_large = false;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t n, void* user) {
  auto* d = static_cast<Download*>(user);
  const std::size_t len = size * n;
  if (d->body.size() + len > d->max_bytes) {
    d->too_large = true;
    return 0;  // makes curl abort with CURLE_WRITE_ERROR
  }
  d->body.append(data, len);
  return len;
}

struct CurlFree {
  void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};

Result<std::string> ReadUrl(const JwksSourceOptions& o) {
  // curl_global_init is not thread-safe; do it once, before any handle.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
  if (!curl) return InternalError("curl_easy_init failed");
  Download d;
  d.max_bytes = o.max_bytes;
  char err[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  const bool https = o.location.starts_with("https://");
  curl_easy_setopt(c, CURLOPT_URL, o.location.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  // Never follow an https URL down to plain http.
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR,
                   https ? "https" : "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM in a threaded server
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(o.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(o.fetch_timeout.count()));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(o.max_bytes));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &d);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "driftwise-jwks/1");
  const CURLcode rc = curl_easy_perform(c);
  if (d.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return InvalidArgumentError("JWKS at " + o.location +
                                " is larger than the limit of " +
                                std::to_string(o.max_bytes) + " bytes");
  }
  if (rc != CURLE_OK) {
    return Status(StatusCode::kUnavailable,
                  "cannot fetch JWKS from " + o.location + ": " +
                      (err[0] != '\0' ? err : curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    return Status(StatusCode::kUnavailable, "cannot fetch JWKS from " +
                                                o.location + ": HTTP status " +
                                                std::to_string(status));
  }
  return std::move(d.body);
}

}  // namespace

Result<std::string> FetchJwksDocument(const JwksSourceOptions& options) {
  if (IsUrl(options.location)) return ReadUrl(options);
  return ReadFile(options.location, options.max_bytes);
}

JwksSource::JwksSource(JwksSourceOptions options)
    : options_(std::move(options)), keys_(std::make_shared<Jwks>()) {}

Result<std::shared_ptr<JwksSource>> JwksSource::Create(
    JwksSourceOptions options) {
  if (options.location.empty()) {
    return InvalidArgumentError("JWKS location is empty");
  }
  if (options.location.find("://") != std::string::npos &&
      !IsUrl(options.location)) {
    return InvalidArgumentError("JWKS URL " + options.location +
                                " is not http:// or https://");
  }
  if (options.refetch_cooldown.count() < 0 || options.max_age.count() <= 0 ||
      options.connect_timeout.count() <= 0 ||
      options.fetch_timeout.count() <= 0 || options.max_bytes == 0 ||
      !options.clock) {
    return InvalidArgumentError(
        "JWKS source options: cool-down must be >= 0, max age, timeouts and "
        "size limit > 0, and a clock set");
  }
  std::shared_ptr<JwksSource> source(new JwksSource(std::move(options)));
  std::lock_guard<std::mutex> lock(source->fetch_mu_);
  DW_RETURN_IF_ERROR(source->FetchLocked());
  return source;
}

std::shared_ptr<JwksSource> JwksSource::FromJwks(Jwks keys) {
  std::shared_ptr<JwksSource> source(new JwksSource(JwksSourceOptions{}));
  source->fixed_ = true;
  source->keys_ = std::make_shared<const Jwks>(std::move(keys));
  source->generation_.store(1);
  return source;
}

std::shared_ptr<const Jwks> JwksSource::Current() const {
  std::shared_lock<std::shared_mutex> lock(keys_mu_);
  return keys_;
}

std::string JwksSource::last_error() const {
  std::shared_lock<std::shared_mutex> lock(keys_mu_);
  return last_error_;
}

Status JwksSource::FetchLocked() {
  const Clock::time_point now = options_.clock();
  fetch_count_.fetch_add(1, std::memory_order_relaxed);
  last_attempt_ns_.store(Nanos(now), std::memory_order_release);
  Status status;
  Result<std::string> doc = FetchJwksDocument(options_);
  if (!doc.ok()) {
    status = doc.status();
  } else {
    Result<Jwks> parsed = Jwks::Parse(*doc);
    if (!parsed.ok()) {
      status = parsed.status().WithContext("JWKS from " + options_.location);
    } else if (parsed->keys().empty()) {
      // Replacing the cache with nothing would lock every user out; a
      // provider mid-deploy is likelier than one with no keys.
      std::string reasons;
      for (const auto& s : parsed->skipped()) {
        reasons += (reasons.empty() ? "" : "; ") + QuoteForLog(s.kid) + ": " +
                   s.reason;
      }
      status = InvalidArgumentError(
          "JWKS from " + options_.location + " has no usable key" +
          (reasons.empty() ? "" : " (" + reasons + ")"));
    } else {
      const bool changed = *doc != document_;
      document_ = std::move(doc).value();
      loaded_at_ns_.store(Nanos(now), std::memory_order_release);
      std::unique_lock<std::shared_mutex> lock(keys_mu_);
      keys_ = std::make_shared<const Jwks>(std::move(parsed).value());
      last_error_.clear();
      if (changed) generation_.fetch_add(1, std::memory_order_acq_rel);
      return OkStatus();
    }
  }
  std::unique_lock<std::shared_mutex> lock(keys_mu_);
  last_error_ = status.message();
  return status;
}

Status JwksSource::Refresh() {
  if (fixed_) return OkStatus();
  fetching_.store(true, std::memory_order_release);
  std::lock_guard<std::mutex> lock(fetch_mu_);
  Status s = FetchLocked();
  fetching_.store(false, std::memory_order_release);
  return s;
}

bool JwksSource::DueForRefetch(std::int64_t now_ns, bool unknown_kid) const {
  const std::int64_t since_attempt =
      now_ns - last_attempt_ns_.load(std::memory_order_acquire);
  if (since_attempt < options_.refetch_cooldown.count() * 1'000'000) {
    return false;
  }
  if (unknown_kid) return true;
  const std::int64_t age =
      now_ns - loaded_at_ns_.load(std::memory_order_acquire);
  return age >
         std::chrono::duration_cast<std::chrono::nanoseconds>(options_.max_age)
             .count();
}

Result<std::shared_ptr<const Jwk>> JwksSource::Lookup(std::string_view kid) {
  std::shared_ptr<const Jwks> keys = Current();
  const Jwk* key = keys->Find(kid);
  if (!fixed_) {
    const std::int64_t now_ns = Nanos(options_.clock());
    // The slow path: a refetch is due, or one is running and may bring the
    // kid. Everything else answers from the cache without locking.
    if (DueForRefetch(now_ns, key == nullptr) ||
        (key == nullptr && fetching_.load(std::memory_order_acquire))) {
      std::lock_guard<std::mutex> lock(fetch_mu_);
      // Another thread may have fetched while this one waited.
      if (DueForRefetch(Nanos(options_.clock()),
                        Current()->Find(kid) == nullptr)) {
        fetching_.store(true, std::memory_order_release);
        (void)FetchLocked();  // on failure the cached keys stay
        fetching_.store(false, std::memory_order_release);
      }
      keys = Current();
      key = keys->Find(kid);
    }
  }
  if (key == nullptr) {
    return Status(StatusCode::kUnauthenticated,
                  "unknown kid " + QuoteForLog(kid));
  }
  // Aliasing constructor: the key stays valid while the caller holds it,
  // even if a refetch replaces the set meanwhile.
  return std::shared_ptr<const Jwk>(keys, key);
}

}  // namespace dw::server
