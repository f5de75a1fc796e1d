// File: src/core/plan/resource_change_reader.cpp
#include "resource_change_reader.hpp"

#include <iterator>
#include <string_view>

#include "attribute_diff.hpp"
#include "common/json_fields.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

namespace {

Status ReadReplacePaths(const JsonValue& change, const std::string& path,
                        std::vector<std::string>* out) {
  JsonValue rp = change.Get("replace_paths");
  if (!rp.valid() || rp.is_null()) return OkStatus();
  std::string rp_path = JoinPath(path, "replace_paths");
  if (!rp.is_array()) return WrongType(rp, "array", rp_path);
  std::size_t i = 0;
  for (JsonValue p : rp.elements()) {
    std::string p_path = IndexPath(rp_path, i++);
    if (!p.is_array()) return WrongType(p, "array", p_path);
    AttributePath steps;
    for (JsonValue s : p.elements()) {
      if (s.is_string()) {
        steps.push_back(PathSegment::Key(s.as_string()));
      } else if (s.is_number()) {
        steps.push_back(PathSegment::Index(s.as_uint64()));
      } else {
        return WrongType(s, "string or number", p_path);
      }
    }
    out->push_back(FormatPath(steps));
  }
  return OkStatus();
}

}  // namespace

Status ReadResourceChange(const JsonValue& obj, const std::string& path,
                          const ParsePlanOptions& options, ResourceChange& rc,
                          ChangeScratch& scratch) {
  if (!obj.is_object()) return WrongType(obj, "object", path);
  rc.offset = obj.offset();
  // One pass over the members instead of a lookup per field, then the
  // checks in their usual order.
  static constexpr std::string_view kKeys[] = {
      "address", "previous_address", "module_address", "mode",          "type",
      "name",    "provider_name",    "deposed",        "action_reason", "index",
      "change"};
  std::string* const strings[] = {&rc.address,        &rc.previous_address,
                                  &rc.module_address, &rc.mode,
                                  &rc.type,           &rc.name,
                                  &rc.provider_name,  &rc.deposed,
                                  &rc.action_reason};
  JsonValue values[std::size(kKeys)];
  GetMembers(obj, kKeys, values);
  for (std::size_t i = 0; i < std::size(strings); ++i) {
    DW_RETURN_IF_ERROR(
        ReadOptionalStringValue(values[i], kKeys[i], path, strings[i]));
  }
  const JsonValue index = values[9];
  if (index.valid() && !index.is_null()) rc.index_json = index.ToJson();
  if (rc.address.empty()) {
    // Some Terraform 0.15/1.0 plans omit `address` in resource_drift; it is
    // fully determined by the other fields.
    if (rc.type.empty() || rc.name.empty()) {
      std::string apath = JoinPath(path, "address");
      return InvalidArgumentError(
          apath +
              ": required field is missing (and type/name are absent "
              "too, so it cannot be derived)",
          obj.offset(), apath);
    }
    if (!rc.module_address.empty()) rc.address = rc.module_address + ".";
    if (rc.mode == "data") rc.address += "data.";
    rc.address += rc.type + "." + rc.name;
    if (!rc.index_json.empty()) rc.address += "[" + rc.index_json + "]";
  }

  const JsonValue change = values[10];
  std::string change_path = JoinPath(path, "change");
  if (!change.valid()) {
    return InvalidArgumentError(change_path + ": required field is missing",
                                obj.offset(), change_path);
  }
  if (!change.is_object()) {
    return WrongType(change, "object", change_path);
  }
  DW_RETURN_IF_ERROR(
      ReadStringArray(change, "actions", change_path, true, &rc.actions));
  auto folded = FoldActions(rc.actions, &rc.replace_order);
  if (!folded.ok()) {
    JsonValue actions = change.Get("actions");
    std::string apath = JoinPath(change_path, "actions");
    return InvalidArgumentError(apath + ": " + folded.status().message(),
                                actions.offset(), apath);
  }
  rc.action = *folded;
  JsonValue importing = change.Get("importing");
  rc.importing = importing.valid() && !importing.is_null();
  DW_RETURN_IF_ERROR(ReadReplacePaths(change, change_path, &rc.replace_paths));

  static constexpr std::string_view kSides[] = {
      "before", "after", "after_unknown", "before_sensitive",
      "after_sensitive"};
  JsonValue sides[std::size(kSides)];
  GetMembers(change, kSides, sides);
  const JsonValue before = sides[0];
  const JsonValue after = sides[1];
  PathSet& unknown = scratch.unknown;
  PathSet& sensitive = scratch.sensitive;
  unknown.Clear();
  sensitive.Clear();
  CollectTrueSteps(sides[2], unknown, change);
  CollectTrueSteps(sides[3], sensitive, change);
  CollectTrueSteps(sides[4], sensitive, change);
  unknown.SortUnique();
  sensitive.SortUnique();
  rc.unknown_paths = unknown.Format();
  rc.sensitive_paths = sensitive.Format();
  if (options.compute_diff) {
    PathSet& changed = scratch.changed;
    changed.Clear();
    CollectChangedPaths(before, after, change, changed);
    for (std::size_t i = 0; i < unknown.size(); ++i) {
      if (!unknown[i].empty()) changed.Add(unknown[i]);
    }
    changed.SortUnique();
    const bool all_sensitive = !sensitive.empty() && sensitive[0].empty();
    rc.diff.resize(changed.size());
    for (std::size_t i = 0; i < changed.size(); ++i) {
      PathSteps p = changed[i];
      AttributeChange& c = rc.diff[i];
      c.sensitive = all_sensitive || TouchesAnySteps(p, sensitive);
      c.unknown = TouchesAnySteps(p, unknown);
      if (options.retain_values) {
        c.before = ValueAtSteps(before, p);
        if (!c.unknown) c.after = ValueAtSteps(after, p);
      }
      c.path_text = FormatSteps(p);
      c.path = ToAttributePath(p);
    }
  }
  if (options.retain_values) rc.raw = obj;
  return OkStatus();
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
