// File: src/connectors/sigv4.hpp
//
// AWS Signature Version 4 (header form), held to AWS's published SigV4 test
// suite (tests/connectors/data/sigv4_suite.json). Paths are given decoded
// and encoded here once, the way S3 wants them (no double encoding, no
// dot-segment normalisation) — the same text goes into the request URL.
#ifndef DRIFTWISE_SRC_CONNECTORS_SIGV4_HPP
#define DRIFTWISE_SRC_CONNECTORS_SIGV4_HPP

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dw::connectors {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // may be empty
};

struct SigV4Request {
  std::string method;
  std::string path;  // decoded, e.g. "/bucket/my key.tfstate"
  std::vector<std::pair<std::string, std::string>> query;  // decoded
  /// Headers to sign; must include host and x-amz-date.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string payload_sha256_hex;
};

/// RFC 3986 encoding as SigV4 wants it: unreserved characters kept, every
/// other byte %XX (upper-case hex); '/' kept unless `encode_slash`.
std::string AwsUriEncode(std::string_view text, bool encode_slash);

/// "a=1&b=2" with keys and values encoded and sorted.
std::string CanonicalQuery(
    const std::vector<std::pair<std::string, std::string>>& query);

std::string CanonicalRequest(const SigV4Request& request);

/// The Authorization header value. `amz_date` is "YYYYMMDDTHHMMSSZ".
std::string SigV4Authorization(const SigV4Request& request,
                               const AwsCredentials& credentials,
                               std::string_view region,
                               std::string_view service,
                               std::string_view amz_date);

/// Current UTC time as "YYYYMMDDTHHMMSSZ".
std::string AmzDateNow();

}  // namespace dw::connectors

#endif  // DRIFTWISE_SRC_CONNECTORS_SIGV4_HPP
