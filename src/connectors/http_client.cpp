// File: src/connectors/http_client.cpp
//
// The SSRF-safe outbound client on libcurl. The order of a hop matters:
//   1. the URL is parsed by libcurl's own URL parser (CURLU) and that same
//      handle is what libcurl connects to, so no parser differential can
//      make the checked host differ from the contacted one;
//   2. the host is resolved here, once; every address must be allowed;
//   3. libcurl gets the checked addresses through CURLOPT_RESOLVE (it never
//      resolves the name itself) and an open-socket callback refuses any
//      peer outside that set (belt and braces against a rebinding cache);
//   4. redirects are read from Location and go back to step 1.
#include "driftwise/connectors/http_client.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace dw::connectors {
namespace {

struct CurlFree {
  void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct CurlUrlFree {
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};
struct SlistFree {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using CurlPtr = std::unique_ptr<CURL, CurlFree>;
using UrlPtr = std::unique_ptr<CURLU, CurlUrlFree>;
using SlistPtr = std::unique_ptr<curl_slist, SlistFree>;

void GlobalInit() {
  // curl_global_init is not thread-safe; run it once, before any handle.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string UrlPart(CURLU* u, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(u, part, &text, 0) != CURLUE_OK || text == nullptr) {
    return {};
  }
  std::string out(text);
  curl_free(text);
  return out;
}

// What a checked hop connects to.
struct Target {
  std::string scheme;
  std::string host;  // as in the URL (brackets stripped for IPv6)
  long port = 0;
  std::vector<std::string> addresses;  // canonical literals, all allowed
  bool literal = false;
};

Result<std::vector<std::string>> ResolveWithGetaddrinfo(
    const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(host.c_str(), nullptr, &hints, &res);
  if (rc != 0) {
    return Status(StatusCode::kUnavailable,
                  "cannot resolve host '" + host + "': " + gai_strerror(rc));
  }
  std::vector<std::string> out;
  for (addrinfo* p = res; p != nullptr; p = p->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (p->ai_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(p->ai_addr)->sin_addr,
                buf, sizeof buf);
    } else if (p->ai_family == AF_INET6) {
      inet_ntop(AF_INET6,
                &reinterpret_cast<sockaddr_in6*>(p->ai_addr)->sin6_addr, buf,
                sizeof buf);
    } else {
      continue;
    }
    if (std::find(out.begin(), out.end(), buf) == out.end()) out.push_back(buf);
  }
  freeaddrinfo(res);
  return out;
}

Status Refused(const std::string& host, const std::string& why) {
  return Status(StatusCode::kPermissionDenied,
                "outbound request to '" + host + "' refused: " + why);
}

bool Allowed(AddressClass c, const OutboundPolicy& policy) {
  return c == AddressClass::kPublic ||
         (c == AddressClass::kLoopback && policy.allow_loopback);
}

Result<UrlPtr> ParseUrl(std::string_view url) {
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '\\') {
      return InvalidArgumentError(
          "URL contains a space, control character or backslash");
    }
  }
  UrlPtr u(curl_url());
  if (!u) return InternalError("curl_url failed");
  std::string text(url);
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, text.c_str(), 0);
  if (rc != CURLUE_OK) {
    return InvalidArgumentError(std::string("malformed URL: ") +
                                curl_url_strerror(rc));
  }
  return u;
}

// Steps 1-2 of a hop: scheme, user info, host, port, resolution, classes.
Result<Target> CheckTarget(CURLU* u, const HttpClientOptions& o) {
  Target t;
  t.scheme = Lower(UrlPart(u, CURLUPART_SCHEME));
  t.host = UrlPart(u, CURLUPART_HOST);
  if (t.scheme != "https" && !(t.scheme == "http" && o.policy.allow_http)) {
    return Refused(t.host, "scheme '" + t.scheme +
                               "' is not allowed (https only unless the "
                               "operator allows http)");
  }
  if (!UrlPart(u, CURLUPART_USER).empty() ||
      !UrlPart(u, CURLUPART_PASSWORD).empty()) {
    return Refused(t.host, "user information in the URL is not allowed");
  }
  if (t.host.empty()) return InvalidArgumentError("URL has no host");
  std::string port = UrlPart(u, CURLUPART_PORT);
  t.port = port.empty() ? (t.scheme == "https" ? 443 : 80) : std::stol(port);
  std::string bare = t.host;
  if (bare.size() >= 2 && bare.front() == '[') {
    bare = bare.substr(1, bare.size() - 2);
  }
  if (auto literal = ParseHostLiteral(bare)) {
    t.literal = true;
    t.addresses = {*literal};
  } else {
    // A name made only of digits, dots and hex markers that still failed to
    // parse ("256.1.1.1", "1.2.3.4.5") is an address nobody means: refuse
    // it rather than let a resolver guess.
    bool numeric_looking = !bare.empty();
    for (char c : bare) {
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == '.' ||
            c == 'x' || c == 'X')) {
        numeric_looking = false;
      }
    }
    if (numeric_looking &&
        std::isdigit(static_cast<unsigned char>(bare.back()))) {
      return Refused(t.host, "malformed IP address literal");
    }
    auto resolved =
        o.resolver ? o.resolver(bare) : ResolveWithGetaddrinfo(bare);
    if (!resolved.ok()) return resolved.status();
    if (resolved->empty()) {
      return Status(StatusCode::kUnavailable,
                    "host '" + bare + "' resolved to no address");
    }
    for (const std::string& a : *resolved) {
      auto canonical = ParseHostLiteral(a);
      if (!canonical) {
        return Refused(t.host, "resolver returned a non-address '" + a + "'");
      }
      t.addresses.push_back(*canonical);
    }
  }
  for (const std::string& a : t.addresses) {
    AddressClass c = ClassifyAddress(a);
    if (!Allowed(c, o.policy)) {
      return Refused(
          t.host, "address " + a + " is " + std::string(AddressClassName(c)));
    }
  }
  return t;
}

// Per-request state shared with libcurl's callbacks.
struct Transfer {
  const HttpClientOptions* options = nullptr;
  const Target* target = nullptr;
  CURL* curl = nullptr;
  HttpResponse* response = nullptr;
  std::string file_path;
  std::FILE* file = nullptr;
  bool to_file = false;
  bool decided = false;
  bool too_big = false;
  bool refused_peer = false;
  bool file_error = false;
};

std::string SockaddrText(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf,
              sizeof buf);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr,
              buf, sizeof buf);
  }
  return buf;
}

curl_socket_t OpenSocket(void* user, curlsocktype purpose,
                         curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  std::string peer = SockaddrText(&address->addr);
  auto canonical = ParseHostLiteral(peer);
  const auto& allowed = t->target->addresses;
  if (!canonical ||
      std::find(allowed.begin(), allowed.end(), *canonical) == allowed.end() ||
      !Allowed(ClassifyAddress(*canonical), t->options->policy)) {
    t->refused_peer = true;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response->headers.clear();  // a new response (after 100 Continue)
    return size * n;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' ||
                            value.back() == ' ')) {
    value.remove_suffix(1);
  }
  t->response->headers.push_back(
      {Lower(line.substr(0, colon)), std::string(value)});
  return size * n;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  if (!t->decided) {
    long code = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
    t->to_file = !t->file_path.empty() && code >= 200 && code < 300;
    if (t->to_file) {
      t->file = std::fopen(t->file_path.c_str(), "wb");
      if (t->file == nullptr) {
        t->file_error = true;
        return 0;
      }
    }
    t->decided = true;
  }
  if (t->response->body_size + len > t->options->max_response_bytes) {
    t->too_big = true;
    return 0;
  }
  t->response->body_size += len;
  if (t->to_file) {
    if (std::fwrite(data, 1, len, t->file) != len) {
      t->file_error = true;
      return 0;
    }
  } else {
    t->response->body.append(data, len);
  }
  return len;
}

std::string ResolveEntry(const Target& t) {
  std::string entry = t.host + ":" + std::to_string(t.port) + ":";
  for (std::size_t i = 0; i < t.addresses.size(); ++i) {
    if (i) entry += ",";
    const std::string& a = t.addresses[i];
    entry += a.find(':') != std::string::npos ? "[" + a + "]" : a;
  }
  return entry;
}

struct Attempt {
  Status status;
  bool retryable = false;
};

// One HTTP exchange with an already checked target (no redirects).
Attempt Exchange(CURLU* url, const Target& target, const std::string& method,
                 const std::vector<HttpHeader>& headers,
                 const std::string& body, const std::string& body_to_file,
                 const HttpClientOptions& o, HttpResponse* response) {
  GlobalInit();
  CurlPtr curl(curl_easy_init());
  if (!curl) return {InternalError("curl_easy_init failed"), false};
  CURL* c = curl.get();
  *response = HttpResponse{};
  Transfer t;
  t.options = &o;
  t.target = &target;
  t.curl = c;
  t.response = response;
  t.file_path = body_to_file;

  SlistPtr resolve;
  if (!target.literal) {
    resolve.reset(curl_slist_append(nullptr, ResolveEntry(target).c_str()));
  }
  SlistPtr header_list;
  for (const HttpHeader& h : headers) {
    std::string line = h.name + ": " + h.value;
    curl_slist* next = curl_slist_append(header_list.get(), line.c_str());
    if (next == nullptr) return {InternalError("out of memory"), false};
    header_list.release();
    header_list.reset(next);
  }
  // libcurl adds "Expect: 100-continue" to large bodies (the services here
  // do not need the extra round trip) and a form Content-Type to any body
  // (a lie unless the caller says so): "Name:" removes a header.
  curl_slist* next = curl_slist_append(header_list.release(), "Expect:");
  header_list.reset(next);
  const bool has_type = std::any_of(
      headers.begin(), headers.end(),
      [](const HttpHeader& h) { return Lower(h.name) == "content-type"; });
  if (!has_type) {
    next = curl_slist_append(header_list.release(), "Content-Type:");
    header_list.reset(next);
  }

  curl_easy_setopt(c, CURLOPT_CURLU, url);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR,
                   o.policy.allow_http ? "http,https" : "https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // never via an env proxy
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (resolve) curl_easy_setopt(c, CURLOPT_RESOLVE, resolve.get());
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, OpenSocket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(o.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(o.total_timeout.count()));
  curl_easy_setopt(c, CURLOPT_USERAGENT, o.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  if (method == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method == "POST" || method == "PUT" || !body.empty()) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(body.size()));
    }
  }
  CURLcode rc = curl_easy_perform(c);
  if (t.file != nullptr && std::fclose(t.file) != 0) t.file_error = true;
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  response->status = static_cast<int>(code);
  response->final_url = UrlPart(url, CURLUPART_URL);
  if (t.refused_peer) {
    return {Refused(target.host,
                    "the connection went to an address that "
                    "was not checked (DNS rebinding?)"),
            false};
  }
  if (t.too_big) {
    return {Status(StatusCode::kResourceExhausted,
                   "response from '" + target.host + "' exceeds " +
                       std::to_string(o.max_response_bytes) + " bytes"),
            false};
  }
  if (t.file_error) {
    return {InternalError("cannot write '" + body_to_file +
                          "': " + std::strerror(errno)),
            false};
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return {Status(StatusCode::kDeadlineExceeded,
                   "request to '" + target.host + "' timed out"),
            true};
  }
  if (rc != CURLE_OK) {
    return {Status(StatusCode::kUnavailable,
                   "request to '" + target.host +
                       "' failed: " + curl_easy_strerror(rc)),
            true};
  }
  return {OkStatus(), code == 429 || code >= 500};
}

// Retry-After as seconds or an HTTP date; nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> RetryAfter(const HttpResponse& r) {
  auto v = r.Header("retry-after");
  if (!v) return std::nullopt;
  if (!v->empty() && std::all_of(v->begin(), v->end(), [](char ch) {
        return std::isdigit(static_cast<unsigned char>(ch));
      })) {
    return std::chrono::milliseconds(std::stoll(v->substr(0, 9)) * 1000);
  }
  std::time_t when = curl_getdate(v->c_str(), nullptr);
  if (when < 0) return std::nullopt;
  std::time_t now = std::time(nullptr);
  return std::chrono::milliseconds(when > now ? (when - now) * 1000 : 0);
}

std::chrono::milliseconds Backoff(int attempt, const HttpClientOptions& o) {
  // Full jitter: uniform in [0, min(max, base * 2^attempt)].
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  long long cap = o.backoff_base.count() << std::min(attempt, 20);
  cap = std::min<long long>(cap, o.backoff_max.count());
  std::uniform_int_distribution<long long> dist(0, std::max(cap, 0LL));
  return std::chrono::milliseconds(dist(rng));
}

std::string Origin(const Target& t) {
  return t.scheme + "://" + Lower(t.host) + ":" + std::to_string(t.port);
}

}  // namespace

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
  std::string want = Lower(name);
  for (const HttpHeader& h : headers) {
    if (Lower(h.name) == want) return h.value;
  }
  return std::nullopt;
}

HttpClient::HttpClient(HttpClientOptions options)
    : options_(std::move(options)) {}

Result<std::vector<std::string>> HttpClient::CheckUrl(
    std::string_view url) const {
  auto u = ParseUrl(url);
  if (!u.ok()) return u.status();
  auto t = CheckTarget(u->get(), options_);
  if (!t.ok()) return t.status();
  return t->addresses;
}

Result<HttpResponse> HttpClient::Send(const HttpRequest& request) const {
  auto parsed = ParseUrl(request.url);
  if (!parsed.ok()) return parsed.status();
  UrlPtr url = std::move(*parsed);
  std::string method = request.method;
  std::string body = request.body;
  std::vector<HttpHeader> headers = request.headers;
  std::string first_origin;

  for (int hop = 0;; ++hop) {
    auto target = CheckTarget(url.get(), options_);
    if (!target.ok()) return target.status();
    if (hop == 0) {
      first_origin = Origin(*target);
    } else if (Origin(*target) != first_origin) {
      // Never carry credentials to another origin.
      std::erase_if(headers, [](const HttpHeader& h) {
        std::string n = Lower(h.name);
        return n == "authorization" || n == "cookie" ||
               n.rfind("x-amz-security-token", 0) == 0;
      });
    }
    HttpResponse response;
    for (int attempt = 0;; ++attempt) {
      Attempt a = Exchange(url.get(), *target, method, headers, body,
                           request.body_to_file, options_, &response);
      if (!a.retryable || attempt + 1 >= options_.max_attempts) {
        if (!a.status.ok()) return a.status;
        break;
      }
      std::chrono::milliseconds wait = Backoff(attempt, options_);
      if (a.status.ok()) {
        if (auto after = RetryAfter(response)) {
          wait = std::min(*after, options_.backoff_max);
        }
      }
      std::this_thread::sleep_for(wait);
    }
    const int s = response.status;
    const bool redirect =
        s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
    auto location = response.Header("location");
    if (!redirect || !location) return response;
    if (hop >= options_.max_redirects) {
      return Status(StatusCode::kUnavailable,
                    "too many redirects (more than " +
                        std::to_string(options_.max_redirects) + ")");
    }
    // Resolve Location against the current URL (it may be relative).
    std::string loc = *location;
    for (char c : loc) {
      if (static_cast<unsigned char>(c) < 0x20 || c == '\\') {
        return Refused(target->host, "redirect Location is malformed");
      }
    }
    CURLUcode rc = curl_url_set(url.get(), CURLUPART_URL, loc.c_str(), 0);
    if (rc != CURLUE_OK) {
      return Refused(target->host, std::string("redirect Location is "
                                               "malformed: ") +
                                       curl_url_strerror(rc));
    }
    if (s == 303 || ((s == 301 || s == 302) && method == "POST")) {
      method = "GET";
      body.clear();
    }
  }
}

}  // namespace dw::connectors
