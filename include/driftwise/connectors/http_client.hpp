// File: driftwise/connectors/http_client.hpp
//
// dw::connectors::HttpClient: the one outbound HTTP client of driftwise (state
// backends, later webhooks). It refuses, before any connection is opened, a
// request whose target could reach something inside the operator's network:
//   - only https, unless OutboundPolicy::allow_http;
//   - the host is resolved once, every address is classified (loopback,
//     RFC 1918 private, link-local, cloud metadata 169.254.169.254 and
//     fd00:ec2::254, CGNAT 100.64/10, IPv6 unique-local, v4-mapped and
//     v4-compatible IPv6, 0.0.0.0/::, multicast, broadcast, reserved) and any
//     non-public address refuses the request (loopback alone may be allowed
//     by OutboundPolicy::allow_loopback, for emulators in tests);
//   - host literals in odd encodings (0x7f.1, 2130706433, 0177.0.0.1, 127.1)
//     are decoded the way inet_aton would and checked as such;
//   - the connection is pinned to the checked addresses (DNS rebinding cannot
//     swap them) and every socket's peer is checked again before connect;
//   - redirects are followed by this client, not by libcurl: each target is
//     checked like the first, and credentials (Authorization) are dropped when
//     the redirect leaves the origin.
// Also: connect and total timeouts, a response-size cap, and retries with
// jittered exponential backoff on transport errors, 5xx and 429, honouring
// Retry-After (seconds or HTTP date).
//
// Errors (dw::Status): kPermissionDenied for a refused target (the message
// names the host, the address and its class); kInvalidArgument for a
// malformed URL; kDeadlineExceeded for timeouts; kResourceExhausted for a
// response over the cap; kUnavailable for transport failures after retries.
// An HTTP error status is NOT an error of Send(): the response carries it.
// Messages never contain request headers or bodies (they may hold secrets).
//
// Thread-safety: an HttpClient is immutable after construction; Send() may
// be called from many threads at once (each call uses its own handle).
// No libcurl or OpenSSL type appears here.
#ifndef DRIFTWISE_CONNECTORS_HTTP_CLIENT_HPP
#define DRIFTWISE_CONNECTORS_HTTP_CLIENT_HPP

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/status.hpp"

namespace dw::connectors {

/// One header; names compare case-insensitively.
struct HttpHeader {
  std::string name;
  std::string value;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<HttpHeader> headers;
  std::string body;
  /// When non-empty, a 2xx response body is streamed to this file (created
  /// or truncated) instead of HttpResponse::body; error bodies stay in
  /// memory (capped) so their message can be reported.
  std::string body_to_file;
};

struct HttpResponse {
  int status = 0;
  /// Response headers of the final hop, names lower-cased.
  std::vector<HttpHeader> headers;
  std::string body;
  /// Bytes received (also when streamed to a file).
  std::uint64_t body_size = 0;
  /// The URL that answered (after redirects).
  std::string final_url;

  /// The first header named `name` (case-insensitive), if any.
  std::optional<std::string> Header(std::string_view name) const;
};

/// What the operator allows beyond the public internet. Both default to
/// false; tests and local emulators turn them on explicitly.
struct OutboundPolicy {
  /// Plain http:// URLs.
  bool allow_http = false;
  /// 127.0.0.0/8 and ::1 (nothing else that is non-public).
  bool allow_loopback = false;
};

/// Resolves a host name to address literals ("192.0.2.1", "2001:db8::1").
/// The default uses getaddrinfo; tests substitute a stand-in.
using HostResolver =
    std::function<Result<std::vector<std::string>>(const std::string& host)>;

struct HttpClientOptions {
  OutboundPolicy policy;
  std::chrono::milliseconds connect_timeout{10'000};
  /// Whole request, per attempt.
  std::chrono::milliseconds total_timeout{300'000};
  /// Largest body accepted, in memory or to a file.
  std::uint64_t max_response_bytes = std::uint64_t{1} << 30;
  int max_redirects = 5;
  /// Attempts in total (1 = no retry).
  int max_attempts = 4;
  std::chrono::milliseconds backoff_base{250};
  std::chrono::milliseconds backoff_max{20'000};
  std::string user_agent = "driftwise-connectors";
  /// Empty = getaddrinfo.
  HostResolver resolver;
};

/// Class of an IP address as far as outbound requests care.
enum class AddressClass {
  kPublic,
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16
  kLinkLocal,    // 169.254/16, fe80::/10
  kMetadata,     // 169.254.169.254, fd00:ec2::254 (cloud instance metadata)
  kCgnat,        // 100.64.0.0/10
  kUniqueLocal,  // fc00::/7
  kUnspecified,  // 0.0.0.0/8, ::
  kMulticast,    // 224/4, ff00::/8
  kReserved,     // 240/4, 255.255.255.255, 192.0.0/24, benchmarking,
                 // documentation, v4-compatible ::a.b.c.d, 6to4 / NAT64 of
                 // a non-public v4, other IETF special-purpose blocks
};

/// "public", "loopback", "private", ...
std::string_view AddressClassName(AddressClass c) noexcept;

/// Parses a host literal the permissive way inet_aton and browsers do
/// ("127.1", "0x7f.0.0.1", "2130706433", "0177.0.0.1", "[::ffff:7f00:1]")
/// and returns the canonical address text, or nullopt when `host` is a name.
/// IPv4-mapped IPv6 addresses are returned as IPv6 text (classification
/// looks through them).
std::optional<std::string> ParseHostLiteral(std::string_view host);

/// Classifies a canonical address literal (as from ParseHostLiteral or a
/// resolver). Anything unparsable is kReserved.
AddressClass ClassifyAddress(std::string_view address);

/// The outbound client. See the file comment for what it refuses and why.
class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});

  /// Sends `request`, following redirects (each re-checked) and retrying as
  /// configured. Returns the final response whatever its status.
  Result<HttpResponse> Send(const HttpRequest& request) const;

  /// Checks `url` (scheme, host, every resolved address) without
  /// connecting; returns the addresses a request would be pinned to.
  Result<std::vector<std::string>> CheckUrl(std::string_view url) const;

  const HttpClientOptions& options() const noexcept { return options_; }

 private:
  HttpClientOptions options_;
};

}  // namespace dw::connectors

#endif  // DRIFTWISE_CONNECTORS_HTTP_CLIENT_HPP
