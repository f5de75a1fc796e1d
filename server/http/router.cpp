// File: server/http/router.cpp
//
// A segment trie. Each node has literal children (sorted, binary-searched),
// at most one parameter child, and the routes that end at it, per method.
// Find() walks it depth-first, literals before the parameter, with no
// allocation until a match is found (segments live in a fixed array).
#include "http/router.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace dw::server {

// Paths deeper than this never match; no route is anywhere near it.
constexpr std::size_t kMaxSegments = 32;

namespace internal {
struct RouteNode {
  std::vector<std::pair<std::string, std::unique_ptr<RouteNode>>> literals;
  std::unique_ptr<RouteNode> param;
  /// (method, index into routes_) for the routes ending here.
  std::vector<std::pair<std::string, std::size_t>> endpoints;

  RouteNode* Literal(std::string_view seg) const {
    auto it = std::lower_bound(
        literals.begin(), literals.end(), seg,
        [](const auto& entry, std::string_view s) { return entry.first < s; });
    if (it == literals.end() || it->first != seg) return nullptr;
    return it->second.get();
  }

  RouteNode& AddLiteral(std::string_view seg) {
    auto it = std::lower_bound(
        literals.begin(), literals.end(), seg,
        [](const auto& entry, std::string_view s) { return entry.first < s; });
    if (it != literals.end() && it->first == seg) return *it->second;
    it = literals.emplace(it, std::string(seg), std::make_unique<RouteNode>());
    return *it->second;
  }

  const std::size_t* Endpoint(std::string_view method) const {
    for (const auto& [m, index] : endpoints) {
      if (m == method) return &index;
    }
    return nullptr;
  }
};
}  // namespace internal

namespace {

using Node = internal::RouteNode;

using Segments = std::array<std::string_view, kMaxSegments>;

// Splits "/a/b/c" into {"a","b","c"}; "/" gives no segments; "/a/" gives
// {"a",""} so a trailing slash can never match a route. Returns false when
// the path is not absolute or too deep.
bool SplitPath(std::string_view path, Segments& segs, std::size_t& count) {
  count = 0;
  if (path.empty() || path[0] != '/') return false;
  if (path.size() == 1) return true;
  std::size_t start = 1;
  while (true) {
    if (count == kMaxSegments) return false;
    const std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      segs[count++] = path.substr(start);
      return true;
    }
    segs[count++] = path.substr(start, slash - start);
    start = slash + 1;
  }
}

bool IsParamName(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool digit = c >= '0' && c <= '9';
    if (!(alpha || c == '_' || (i > 0 && digit))) return false;
  }
  return true;
}

// RFC 3986 pchar minus '%' (templates are written decoded) and braces.
bool IsLiteralChar(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
      (c >= '0' && c <= '9'))
    return true;
  return std::string_view("-._~!$&'()*+,;=:@").find(c) !=
         std::string_view::npos;
}

bool IsMethodToken(std::string_view m) {
  if (m.empty() || m.size() > 16) return false;
  return std::all_of(m.begin(), m.end(),
                     [](char c) { return c >= 'A' && c <= 'Z'; });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Order of the Allow header; unknown methods sort after these.
constexpr std::array<std::string_view, 6> kMethodOrder = {
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};

// Depth-first search for a route of `method`: literal child first, then the
// parameter child, backtracking on failure. `values` receives the segments
// matched by parameters along the successful path.
bool FindIn(const Node& node, const Segments& segs, std::size_t count,
            std::size_t depth, std::string_view method,
            std::array<std::string_view, kMaxSegments>& values,
            std::size_t value_count, std::size_t& route_index) {
  if (depth == count) {
    const std::size_t* index = node.Endpoint(method);
    if (index == nullptr && method == "HEAD") index = node.Endpoint("GET");
    if (index == nullptr) return false;
    route_index = *index;
    return true;
  }
  const std::string_view seg = segs[depth];
  if (seg.empty()) return false;
  if (const Node* lit = node.Literal(seg)) {
    if (FindIn(*lit, segs, count, depth + 1, method, values, value_count,
               route_index))
      return true;
  }
  if (node.param) {
    values[value_count] = seg;
    return FindIn(*node.param, segs, count, depth + 1, method, values,
                  value_count + 1, route_index);
  }
  return false;
}

// Every method registered at any node the path reaches (for Allow).
void CollectMethods(const Node& node, const Segments& segs, std::size_t count,
                    std::size_t depth, std::set<std::string>& methods) {
  if (depth == count) {
    for (const auto& [m, index] : node.endpoints) {
      methods.insert(m);
      if (m == "GET") methods.insert("HEAD");
    }
    return;
  }
  const std::string_view seg = segs[depth];
  if (seg.empty()) return;
  if (const Node* lit = node.Literal(seg)) {
    CollectMethods(*lit, segs, count, depth + 1, methods);
  }
  if (node.param) CollectMethods(*node.param, segs, count, depth + 1, methods);
}

std::string AllowHeader(const std::set<std::string>& methods) {
  std::string out;
  const auto add = [&](std::string_view m) {
    if (!out.empty()) out.append(", ");
    out.append(m);
  };
  for (std::string_view m : kMethodOrder) {
    if (methods.count(std::string(m))) add(m);
  }
  for (const std::string& m : methods) {
    if (std::find(kMethodOrder.begin(), kMethodOrder.end(), m) ==
        kMethodOrder.end())
      add(m);
  }
  return out;
}

}  // namespace

bool PercentDecode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int hi = HexValue(in[i + 1]);
    const int lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

Status Router::Add(RouteSpec spec) {
  const std::string where = "route " + spec.method + " " + spec.path;
  if (!IsMethodToken(spec.method)) {
    return InvalidArgumentError(
        where + ": method must be an upper-case token like GET or POST");
  }
  if (spec.auth != kAuthNone && spec.auth != kAuthOidc &&
      spec.auth != kAuthOidcOrApiKey && spec.auth != kAuthApiKey &&
      spec.auth != kAuthWebhookSecret) {
    return InvalidArgumentError(
        where + ": auth \"" + spec.auth +
        "\" is not one of none, OIDCBearer, OIDCBearerAPIKey, APIKey, "
        "webhook-secret");
  }
  if (!spec.handler) return InvalidArgumentError(where + ": no handler");

  Segments segs;
  std::size_t count = 0;
  if (spec.path.empty() || spec.path[0] != '/') {
    return InvalidArgumentError(where + ": template must start with '/'");
  }
  if (!SplitPath(spec.path, segs, count)) {
    return InvalidArgumentError(where + ": template has more than " +
                                std::to_string(kMaxSegments) + " segments");
  }

  // Validate everything before touching the trie, so a rejected route leaves
  // no half-built branch behind.
  RouteInfo info;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view seg = segs[i];
    const std::string seg_where = where + ": segment " + std::to_string(i + 1) +
                                  " \"" + std::string(seg) + "\"";
    if (seg.empty()) {
      return InvalidArgumentError(where + ": empty segment " +
                                  std::to_string(i + 1) +
                                  " (a doubled or trailing '/')");
    }
    if (seg.front() == '{' || seg.back() == '}') {
      if (seg.size() < 2 || seg.front() != '{' || seg.back() != '}' ||
          !IsParamName(seg.substr(1, seg.size() - 2))) {
        return InvalidArgumentError(
            seg_where +
            " is not a {name} parameter (name: [A-Za-z_][A-Za-z0-9_]*)");
      }
      std::string name(seg.substr(1, seg.size() - 2));
      if (std::find(info.param_names.begin(), info.param_names.end(), name) !=
          info.param_names.end()) {
        return InvalidArgumentError(seg_where + " repeats parameter {" + name +
                                    "}");
      }
      info.param_names.push_back(std::move(name));
      continue;
    }
    for (char c : seg) {
      if (!IsLiteralChar(c)) {
        return InvalidArgumentError(seg_where + " has character '" +
                                    std::string(1, c) +
                                    "' not allowed in a literal segment");
      }
    }
  }

  Node* node = root_.get();
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view seg = segs[i];
    if (seg.front() == '{') {
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
    } else {
      node = &node->AddLiteral(seg);
    }
  }
  if (const std::size_t* existing = node->Endpoint(spec.method)) {
    return Status(StatusCode::kAlreadyExists,
                  where + ": already registered as " + spec.method + " " +
                      routes_[*existing].path);
  }
  node->endpoints.emplace_back(spec.method, routes_.size());
  routes_.push_back(std::move(spec));
  infos_.push_back(std::move(info));
  return OkStatus();
}

RouteMatch Router::Find(std::string_view method, std::string_view path) const {
  RouteMatch match;
  Segments segs;
  std::size_t count = 0;
  if (!SplitPath(path, segs, count)) return match;

  std::array<std::string_view, kMaxSegments> values;
  std::size_t index = 0;
  if (FindIn(*root_, segs, count, 0, method, values, 0, index)) {
    const std::vector<std::string>& names = infos_[index].param_names;
    match.params.reserve(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
      std::string decoded;
      if (!PercentDecode(values[i], decoded)) {
        match.bad_encoding =
            "path parameter {" + names[i] + "} has malformed percent-encoding";
        match.params.clear();
        return match;
      }
      match.params.emplace_back(names[i], std::move(decoded));
    }
    match.route = &routes_[index];
    match.index = index;
    return match;
  }

  std::set<std::string> methods;
  CollectMethods(*root_, segs, count, 0, methods);
  if (!methods.empty()) match.allow = AllowHeader(methods);
  return match;
}

const std::vector<std::string>& Router::param_names(std::size_t index) const {
  return infos_.at(index).param_names;
}

}  // namespace dw::server
