// File: src/core/show/state_show.cpp
//
// `state show` renderings (moved here from the CLI so the C ABI and Python
// print the same bytes).
#include <algorithm>
#include <string>
#include <vector>

#include "driftwise/json_writer.hpp"
#include "driftwise/path.hpp"
#include "driftwise/show.hpp"

namespace dw {
inline namespace v1 {
namespace {

constexpr std::string_view kMasked = "(sensitive)";

// Writes `v`, replacing every value at a sensitive path by "(sensitive)".
void WriteMasked(JsonWriter& w, const JsonValue& v, AttributePath& path,
                 const std::vector<AttributePath>& sensitive) {
  if (std::find(sensitive.begin(), sensitive.end(), path) != sensitive.end()) {
    w.String(kMasked);
    return;
  }
  bool below = false;  // does any sensitive path continue under this one?
  for (const AttributePath& s : sensitive) {
    if (s.size() > path.size() &&
        std::equal(path.begin(), path.end(), s.begin())) {
      below = true;
      break;
    }
  }
  if (!below || !v.is_container()) {
    w.Value(v);
    return;
  }
  if (v.is_array()) {
    w.BeginArray();
    std::uint64_t i = 0;
    for (JsonValue e : v.elements()) {
      path.push_back(PathSegment::Index(i++));
      WriteMasked(w, e, path, sensitive);
      path.pop_back();
    }
    w.EndArray();
  } else {
    w.BeginObject();
    for (JsonMember m : v.members()) {
      w.Key(m.key);
      path.push_back(PathSegment::Key(m.key));
      WriteMasked(w, m.value, path, sensitive);
      path.pop_back();
    }
    w.EndObject();
  }
}

std::vector<AttributePath> ParseAll(const std::vector<std::string>& paths) {
  std::vector<AttributePath> out;
  for (const std::string& p : paths) {
    auto parsed = ParsePath(p);
    if (parsed.ok()) out.push_back(std::move(*parsed));
  }
  return out;
}

}  // namespace

std::string StateShowJson(const State& state) {
  std::string out;
  JsonWriter w(&out, 2);
  w.BeginObject();
  w.Key("version");
  if (state.version > 0)
    w.Int(state.version);
  else
    w.Null();
  if (!state.format_version.empty())
    w.Member("format_version", state.format_version);
  w.Key("terraform_version");
  if (state.terraform_version.empty())
    w.Null();
  else
    w.String(state.terraform_version);
  w.Key("serial");
  if (state.version > 0)
    w.Uint(state.serial);
  else
    w.Null();
  w.Key("lineage");
  if (state.lineage.empty())
    w.Null();
  else
    w.String(state.lineage);
  w.Key("resources");
  w.BeginArray();
  for (const StateResource& r : state.resources) {
    w.BeginObject();
    w.Member("address", r.address);
    w.Member("mode", r.mode);
    w.Member("type", r.type);
    w.Member("name", r.name);
    w.Key("index");
    if (r.index_json.empty())
      w.Null();
    else
      w.Raw(r.index_json);
    w.Member("provider", r.provider_source);
    if (!r.provider_alias.empty()) w.Member("provider_alias", r.provider_alias);
    w.Key("module");
    if (r.module.empty())
      w.Null();
    else
      w.String(r.module);
    if (!r.deposed.empty()) w.Member("deposed", r.deposed);
    if (r.tainted) {
      w.Key("tainted");
      w.Bool(true);
    }
    w.Key("attributes");
    std::vector<AttributePath> sensitive = ParseAll(r.sensitive_paths);
    AttributePath path;
    if (r.attributes.valid()) {
      WriteMasked(w, r.attributes, path, sensitive);
    } else {
      w.BeginObject();
      w.EndObject();
    }
    w.Key("sensitive_paths");
    w.StringArray(r.sensitive_paths);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out.push_back('\n');
  return out;
}

std::string StateShowText(const State& state) {
  std::string out;
  if (state.version > 0) {
    out += "State version " + std::to_string(state.version) + ", serial " +
           std::to_string(state.serial);
  } else {
    out += "State (terraform show -json, format " + state.format_version + ")";
  }
  if (!state.terraform_version.empty())
    out += ", Terraform " + state.terraform_version;
  if (!state.lineage.empty()) out += ", lineage " + state.lineage;
  out +=
      "\n" + std::to_string(state.resources.size()) + " resource instance(s)\n";
  std::size_t width = 0;
  for (const StateResource& r : state.resources)
    width = std::max(width, r.address.size());
  width = std::min<std::size_t>(width, 80);
  for (const StateResource& r : state.resources) {
    out += "  " + r.address;
    if (r.address.size() < width) out.append(width - r.address.size(), ' ');
    std::string id(r.attributes.Get("id").as_string());
    out += "  id=" + (id.empty() ? std::string("-") : id);
    out += "  " + r.provider_source;
    if (!r.provider_alias.empty()) out += " (alias " + r.provider_alias + ")";
    if (r.tainted) out += "  [tainted]";
    if (!r.deposed.empty()) out += "  [deposed " + r.deposed + "]";
    out += "\n";
  }
  return out;
}

}  // namespace v1
}  // namespace dw
