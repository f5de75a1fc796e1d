// File: src/connectors/state_url.cpp
//
// State URLs -> (kind, config JSON). The config keys are those of the
// backends' configs (docs/connectors.md); path components are
// percent-decoded so "s3://b/dir/my%20state" names the key "dir/my state".
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "backend_util.hpp"
#include "driftwise/connectors/state_backend.hpp"

namespace dw::connectors {
namespace {

struct Split {
  std::string_view scheme;
  std::string_view authority;  // first path segment after "//"
  std::string_view rest;       // after the authority's '/', before '?'
  std::string_view query;
};

Split SplitUrl(std::string_view url) {
  Split s;
  std::size_t sep = url.find("://");
  s.scheme = url.substr(0, sep);
  std::string_view tail = url.substr(sep + 3);
  std::size_t q = tail.find('?');
  if (q != std::string_view::npos) {
    s.query = tail.substr(q + 1);
    tail = tail.substr(0, q);
  }
  std::size_t slash = tail.find('/');
  s.authority = tail.substr(0, slash);
  if (slash != std::string_view::npos) s.rest = tail.substr(slash + 1);
  return s;
}

Status AddQuery(std::string_view query, nlohmann::json* config) {
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return InvalidArgumentError("state URL query part '" + std::string(pair) +
                                  "' is not key=value");
    }
    std::string key = PercentDecode(pair.substr(0, eq));
    std::string value = PercentDecode(pair.substr(eq + 1));
    if (value == "true" || value == "false") {
      (*config)[key] = value == "true";
    } else {
      (*config)[key] = value;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return OkStatus();
}

Status Need(std::string_view url, std::string_view part,
            std::string_view form) {
  return InvalidArgumentError("state URL '" + std::string(url) + "' has no " +
                              std::string(part) + " (expected " +
                              std::string(form) + ")");
}

}  // namespace

bool IsRemoteStateUrl(std::string_view text) noexcept {
  for (std::string_view p : {"s3://", "gs://", "azblob://", "tfc://"}) {
    if (text.substr(0, p.size()) == p) return true;
  }
  return false;
}

Result<StateLocation> ParseStateUrl(std::string_view url) {
  nlohmann::json config = nlohmann::json::object();
  std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    if (url.empty()) return InvalidArgumentError("empty state location");
    config["path"] = std::string(url);
    return StateLocation{"file", config.dump()};
  }
  Split s = SplitUrl(url);
  if (s.scheme == "file") {
    // file:///abs/path (authority empty) or file://localhost/abs/path.
    if (!s.authority.empty() && s.authority != "localhost") {
      return InvalidArgumentError("file URL '" + std::string(url) +
                                  "' names a remote host");
    }
    config["path"] = "/" + PercentDecode(s.rest);
    return StateLocation{"file", config.dump()};
  }
  if (auto st = AddQuery(s.query, &config); !st.ok()) return st;
  if (s.scheme == "s3" || s.scheme == "gs") {
    const char* form =
        s.scheme == "s3" ? "s3://bucket/key" : "gs://bucket/object";
    if (s.authority.empty()) return Need(url, "bucket", form);
    config["bucket"] = PercentDecode(s.authority);
    config["key"] = PercentDecode(s.rest);
    return StateLocation{s.scheme == "s3" ? "s3" : "gcs", config.dump()};
  }
  if (s.scheme == "azblob") {
    const char* form = "azblob://account/container/blob";
    if (s.authority.empty()) return Need(url, "storage account", form);
    std::size_t slash = s.rest.find('/');
    std::string_view container = s.rest.substr(0, slash);
    if (container.empty()) return Need(url, "container", form);
    config["account"] = PercentDecode(s.authority);
    config["container"] = PercentDecode(container);
    config["key"] = slash == std::string_view::npos
                        ? std::string()
                        : PercentDecode(s.rest.substr(slash + 1));
    return StateLocation{"azure_blob", config.dump()};
  }
  if (s.scheme == "tfc") {
    const char* form = "tfc://organization/workspace";
    if (s.authority.empty()) return Need(url, "organization", form);
    if (s.rest.empty() || s.rest.find('/') != std::string_view::npos) {
      return Need(url, "single workspace name", form);
    }
    config["organization"] = PercentDecode(s.authority);
    config["workspace"] = PercentDecode(s.rest);
    return StateLocation{"tfc", config.dump()};
  }
  return InvalidArgumentError(
      "unknown state URL scheme '" + std::string(s.scheme) +
      "' (expected s3://, gs://, azblob://, tfc://, file:// or a path)");
}

}  // namespace dw::connectors
