// File: src/connectors/azure_shared_key.cpp
#include "azure_shared_key.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "crypto.hpp"

namespace dw::connectors {

std::string AzureSharedKeyAuthorization(const std::string& account,
                                        const std::string& key,
                                        const AzureSignInput& in) {
  auto lower = [](std::string s) {
    for (char& c : s) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
  };
  // VERB, Content-Encoding, Content-Language, Content-Length, Content-MD5,
  // Content-Type, Date, If-Modified-Since, If-Match, If-None-Match,
  // If-Unmodified-Since, Range.
  std::string sts = in.method + "\n\n\n" + in.content_length + "\n\n" +
                    in.content_type + "\n\n\n\n\n\n\n";
  HeaderList ms;
  for (const auto& [n, v] : in.ms_headers) ms.emplace_back(lower(n), v);
  std::sort(ms.begin(), ms.end());
  for (const auto& [n, v] : ms) sts += n + ":" + v + "\n";
  sts += "/" + account + in.encoded_path;
  std::map<std::string, std::vector<std::string>> params;
  for (const auto& [k, v] : in.query) params[lower(k)].push_back(v);
  for (auto& [k, vs] : params) {
    std::sort(vs.begin(), vs.end());
    sts += "\n" + k + ":";
    for (std::size_t i = 0; i < vs.size(); ++i) sts += (i ? "," : "") + vs[i];
  }
  return "SharedKey " + account + ":" + Base64Encode(HmacSha256(key, sts));
}

}  // namespace dw::connectors
