// File: src/connectors/sigv4.cpp
#include "sigv4.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "crypto.hpp"

namespace dw::connectors {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Trim, and collapse runs of spaces into one (SigV4 "Trimall").
std::string TrimAll(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Sorted (lower-cased name, comma-joined values).
std::vector<std::pair<std::string, std::string>> CanonicalHeaders(
    const SigV4Request& r) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : r.headers) {
    std::string n = Lower(name);
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const auto& p) { return p.first == n; });
    if (it == out.end()) {
      out.emplace_back(n, TrimAll(value));
    } else {
      it->second += "," + TrimAll(value);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string SignedHeaders(
    const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    if (!out.empty()) out += ";";
    out += name;
  }
  return out;
}

}  // namespace

std::string AwsUriEncode(std::string_view text, bool encode_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (c == '/' && !encode_slash)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string CanonicalQuery(
    const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> enc;
  for (const auto& [k, v] : query) {
    enc.emplace_back(AwsUriEncode(k, true), AwsUriEncode(v, true));
  }
  std::sort(enc.begin(), enc.end());
  std::string out;
  for (const auto& [k, v] : enc) {
    if (!out.empty()) out += "&";
    out += k + "=" + v;
  }
  return out;
}

std::string CanonicalRequest(const SigV4Request& r) {
  auto headers = CanonicalHeaders(r);
  std::string out = r.method + "\n" +
                    AwsUriEncode(r.path.empty() ? "/" : r.path, false) + "\n" +
                    CanonicalQuery(r.query) + "\n";
  for (const auto& [name, value] : headers) out += name + ":" + value + "\n";
  out += "\n" + SignedHeaders(headers) + "\n" + r.payload_sha256_hex;
  return out;
}

std::string SigV4Authorization(const SigV4Request& request,
                               const AwsCredentials& credentials,
                               std::string_view region,
                               std::string_view service,
                               std::string_view amz_date) {
  const std::string date(amz_date.substr(0, 8));
  const std::string scope = date + "/" + std::string(region) + "/" +
                            std::string(service) + "/aws4_request";
  const std::string string_to_sign =
      "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + scope + "\n" +
      Hex(Sha256(CanonicalRequest(request)));
  std::string key = HmacSha256("AWS4" + credentials.secret_access_key, date);
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  key = HmacSha256(key, "aws4_request");
  return "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" +
         scope + ", SignedHeaders=" + SignedHeaders(CanonicalHeaders(request)) +
         ", Signature=" + Hex(HmacSha256(key, string_to_sign));
}

std::string AmzDateNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[17];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace dw::connectors
