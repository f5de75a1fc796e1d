// File: src/core/catalog/identity.cpp
//
// Identity extraction and normalization: the keys the matcher joins on.
// Both sides normalize with the same scheme, so a state `arn` and an
// inventory ID, or a GCP self-link and a CAI name, become the same key.
#include <algorithm>
#include <cstring>

#include "catalog/catalog_data.hpp"
#include "catalog/identity_view.hpp"

namespace dw {
inline namespace v1 {

namespace {

// ASCII only, inline: identities are ASCII, and the C library's
// locale-aware tolower was a call per character on the matcher's hot path.
char LowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (LowerAscii(s[i]) != lower[i]) return false;
  }
  return true;
}

// Prefix test against a literal: the constant length lets the compiler
// compare inline (this runs several times per identity).
template <std::size_t N>
bool StartsWith(std::string_view s, const char (&prefix)[N]) {
  return s.size() >= N - 1 && std::memcmp(s.data(), prefix, N - 1) == 0;
}

// ARN field n (0 = "arn"), "" when `arn` has fewer fields. One plain
// scan (this runs several times per AWS resource).
std::string_view ArnField(std::string_view arn, int n) {
  std::size_t start = 0;
  const std::size_t size = arn.size();
  for (int i = 0; i < n; ++i) {
    while (start < size && arn[start] != ':') ++start;
    if (start == size) return {};
    ++start;
  }
  if (n == 5) return arn.substr(start);  // the resource part keeps its ':'
  std::size_t end = start;
  while (end < size && arn[end] != ':') ++end;
  return arn.substr(start, end - start);
}

std::string_view LastPart(std::string_view s, char sep) {
  std::size_t p = s.rfind(sep);
  return p == std::string_view::npos ? s : s.substr(p + 1);
}

std::string_view TrimSlashes(std::string_view s) {
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

// "//compute.googleapis.com/projects/..." and
// "https://www.googleapis.com/compute/v1/projects/..." -> "projects/...".
std::string_view StripGooglePrefix(std::string_view s) {
  if (StartsWith(s, "//")) {
    std::size_t slash = s.find('/', 2);
    return slash == std::string_view::npos ? s : s.substr(slash + 1);
  }
  if (StartsWith(s, "https://") || StartsWith(s, "http://")) {
    std::size_t p = s.find("/projects/");
    if (p != std::string_view::npos) return s.substr(p + 1);
    std::size_t host_end = s.find('/', s.find("//") + 2);
    return host_end == std::string_view::npos ? s : s.substr(host_end + 1);
  }
  return s;
}

// The segment after "<collection>/" (`needle`) in a resource path.
std::string_view PathValue(std::string_view path, std::string_view needle) {
  std::size_t p = 0;
  while ((p = path.find(needle, p)) != std::string_view::npos) {
    if (p == 0 || path[p - 1] == '/') {
      std::string_view rest = path.substr(p + needle.size());
      return rest.substr(0, rest.find('/'));
    }
    p += needle.size();
  }
  return {};
}

// Account and region carried by an identity value (views into `raw`).
void FillContext(IdentityScheme scheme, std::string_view raw,
                 catalog_internal::IdentityView* id) {
  switch (scheme) {
    case IdentityScheme::kAws:
      if (StartsWith(raw, "arn:")) {
        id->account = ArnField(raw, 4);
        id->region = ArnField(raw, 3);
      } else if (StartsWith(raw, "http")) {
        // SQS queue URL: .../<account>/<name>
        std::string_view head = raw.substr(0, raw.rfind('/'));
        std::string_view acct = LastPart(head, '/');
        if (acct.size() == 12 &&
            std::all_of(acct.begin(), acct.end(),
                        [](char c) { return c >= '0' && c <= '9'; })) {
          id->account = acct;
        }
      }
      break;
    case IdentityScheme::kGooglePath:
    case IdentityScheme::kGoogleName:
      id->account = PathValue(StripGooglePrefix(raw), "projects/");
      break;
    case IdentityScheme::kAzure: {
      // "/subscriptions/<id>/..." in any case.
      constexpr std::string_view kSubs = "/subscriptions/";
      if (raw.size() > kSubs.size() &&
          EqualsLower(raw.substr(0, kSubs.size()), kSubs)) {
        std::string_view rest = raw.substr(kSubs.size());
        id->account = rest.substr(0, rest.find('/'));
      }
      break;
    }
    default:
      break;
  }
}

// The normalized key as a view into `raw` when it is a substring of it,
// else stored in `arena`.
std::string_view KeyView(IdentityScheme scheme, std::string_view raw,
                         catalog_internal::KeyArena* arena) {
  switch (scheme) {
    case IdentityScheme::kPlain:
    case IdentityScheme::kKubernetes:
      return raw;
    case IdentityScheme::kAws: {
      if (StartsWith(raw, "arn:")) {
        std::string_view res = ArnField(raw, 5);
        if (res.size() >= 2 && res.substr(res.size() - 2) == ":*") {
          res.remove_suffix(2);  // log group ARNs as Config writes them
        }
        return LastPart(LastPart(res, '/'), ':');
      }
      if (StartsWith(raw, "http://") || StartsWith(raw, "https://")) {
        return LastPart(TrimSlashes(raw), '/');
      }
      return raw;
    }
    case IdentityScheme::kGooglePath:
      return TrimSlashes(StripGooglePrefix(raw));
    case IdentityScheme::kGoogleName:
      return LastPart(TrimSlashes(StripGooglePrefix(raw)), '/');
    case IdentityScheme::kAzure: {
      std::string_view t = TrimSlashes(raw);
      bool has_upper = std::any_of(t.begin(), t.end(),
                                   [](char c) { return c >= 'A' && c <= 'Z'; });
      if (!has_upper) return t;
      char* lower = arena->Allocate(t.size());
      for (std::size_t i = 0; i < t.size(); ++i) lower[i] = LowerAscii(t[i]);
      return std::string_view(lower, t.size());
    }
  }
  return raw;
}

// KeyView and FillContext in one; an ARN (most AWS identities) is split in
// a single scan instead of once per field.
void KeyAndContext(IdentityScheme scheme, std::string_view raw,
                   catalog_internal::KeyArena* arena,
                   catalog_internal::IdentityView* out) {
  if (scheme != IdentityScheme::kAws || !StartsWith(raw, "arn:")) {
    out->key = KeyView(scheme, raw, arena);
    FillContext(scheme, raw, out);
    return;
  }
  std::size_t colon[5];
  int colons = 0;
  for (std::size_t i = 0; i < raw.size() && colons < 5; ++i) {
    if (raw[i] == ':') colon[colons++] = i;
  }
  // Field k as ArnField(raw, k) gives it ("" when there are fewer fields).
  auto field = [&](int k) -> std::string_view {
    if (k > colons) return {};
    std::size_t start = colon[k - 1] + 1;
    if (k == 5) return raw.substr(start);
    std::size_t end = k < colons ? colon[k] : raw.size();
    return raw.substr(start, end - start);
  };
  std::string_view res = field(5);
  if (res.size() >= 2 && res.substr(res.size() - 2) == ":*") {
    res.remove_suffix(2);  // log group ARNs as Config writes them
  }
  // The part after the last '/' or ':' (LastPart by '/', then by ':').
  std::size_t start = res.size();
  while (start > 0 && res[start - 1] != '/' && res[start - 1] != ':') --start;
  out->key = res.substr(start);
  out->account = field(4);
  out->region = field(3);
}

}  // namespace

std::string NormalizeIdentity(IdentityScheme scheme, std::string_view raw) {
  catalog_internal::KeyArena arena;
  return std::string(KeyView(scheme, raw, &arena));
}

namespace catalog_internal {

bool StateIdentityView(const CatalogEntry& entry, const JsonValue& attributes,
                       KeyArena* arena, IdentityView* out) {
  *out = IdentityView();
  if (entry.scheme == IdentityScheme::kKubernetes) {
    JsonValue meta = attributes.Get("metadata");
    if (meta.is_array()) meta = meta.at(0);
    std::string_view name = meta.Get("name").as_string();
    if (!name.empty()) {
      std::string_view ns = meta.Get("namespace").as_string();
      if (entry.namespaced && ns.empty()) ns = "default";
      if (entry.namespaced) {
        std::size_t n = ns.size() + 1 + name.size();
        char* p = arena->Allocate(n);
        ns.copy(p, ns.size());
        p[ns.size()] = '/';
        name.copy(p + ns.size() + 1, name.size());
        out->raw = out->key = std::string_view(p, n);
      } else {
        out->raw = out->key = name;
      }
      return true;
    }
  }
  for (std::string_view attr : entry.identity_attributes) {
    JsonValue v = attributes.Get(attr);
    if (v.is_string() && !v.as_string().empty()) {
      out->raw = v.as_string();
      break;
    }
  }
  if (out->raw.empty()) return false;
  KeyAndContext(entry.scheme, out->raw, arena, out);
  // A state's ARN may name the account and region even when the key's
  // attribute does not.
  if (entry.scheme == IdentityScheme::kAws &&
      (out->region.empty() || out->account.empty())) {
    std::string_view arn = attributes.Get("arn").as_string();
    if (StartsWith(arn, "arn:")) {
      if (out->region.empty()) out->region = ArnField(arn, 3);
      if (out->account.empty()) out->account = ArnField(arn, 4);
    }
  }
  return !out->key.empty();
}

bool LiveIdentityView(const CatalogEntry& entry, const LiveResource& resource,
                      KeyArena* arena, IdentityView* out) {
  *out = IdentityView();
  if (resource.terraform_shaped &&
      StateIdentityView(entry, resource.properties, arena, out)) {
    if (out->account.empty()) out->account = resource.account;
    if (out->region.empty()) out->region = resource.region;
    if (out->region == "global") out->region = {};
    return true;
  }
  if (!entry.live_identity_property.empty()) {
    out->raw =
        resource.properties.Get(entry.live_identity_property).as_string();
  }
  if (out->raw.empty()) out->raw = resource.provider_resource_id;
  if (out->raw.empty()) return false;
  KeyAndContext(entry.scheme, out->raw, arena, out);
  if (out->account.empty()) out->account = resource.account;
  if (out->region.empty()) out->region = resource.region;
  if (out->region == "global") out->region = {};
  return !out->key.empty();
}

}  // namespace catalog_internal

namespace {

ResourceIdentity ToOwned(const catalog_internal::IdentityView& v) {
  return ResourceIdentity{std::string(v.key), std::string(v.raw),
                          std::string(v.account), std::string(v.region)};
}

}  // namespace

ResourceIdentity StateIdentity(const CatalogEntry& entry,
                               const JsonValue& attributes) {
  catalog_internal::KeyArena arena;
  catalog_internal::IdentityView v;
  if (!catalog_internal::StateIdentityView(entry, attributes, &arena, &v)) {
    return {};
  }
  return ToOwned(v);
}

ResourceIdentity LiveIdentity(const CatalogEntry& entry,
                              const LiveResource& resource) {
  catalog_internal::KeyArena arena;
  catalog_internal::IdentityView v;
  if (!catalog_internal::LiveIdentityView(entry, resource, &arena, &v)) {
    return {};
  }
  return ToOwned(v);
}

}  // namespace v1
}  // namespace dw
