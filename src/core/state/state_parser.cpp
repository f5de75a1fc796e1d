// File: src/core/state/state_parser.cpp
//
// Raw state v4 and the `terraform show -json` state form, into one list of
// resource instances. Large state files are read in parts, on threads when
// asked (ReadStateInParts).
#include <array>
#include <memory>
#include <optional>
#include <utility>

#include "common/json_fields.hpp"
#include "common/path_masks.hpp"
#include "driftwise/state.hpp"
#include "json/json_span.hpp"
#include "json/span_batches.hpp"
#include "json/top_level_locator.hpp"
#include "provider_address.hpp"

namespace dw {
inline namespace v1 {

using internal::IndexPath;
using internal::JoinPath;
using internal::WrongType;

std::string FormatResourceAddress(std::string_view module,
                                  std::string_view mode, std::string_view type,
                                  std::string_view name,
                                  std::string_view index_json) {
  std::string out;
  if (!module.empty()) {
    out.append(module);
    out.push_back('.');
  }
  if (mode == "data") out += "data.";
  out.append(type);
  out.push_back('.');
  out.append(name);
  if (!index_json.empty()) {
    out.push_back('[');
    out.append(index_json);
    out.push_back(']');
  }
  return out;
}

namespace {

// v4 `sensitive_attributes`: a list of cty paths, each a list of steps
// {"type":"get_attr","value":"name"} or
// {"type":"index","value":{"value":0,"type":"number"}}.
Status ReadSensitiveAttributes(const JsonValue& list, const std::string& path,
                               std::vector<AttributePath>& out) {
  if (!list.valid() || list.is_null()) return OkStatus();
  if (!list.is_array()) return WrongType(list, "array", path);
  std::size_t i = 0;
  for (JsonValue steps : list.elements()) {
    std::string spath = IndexPath(path, i++);
    if (!steps.is_array()) return WrongType(steps, "array", spath);
    AttributePath p;
    for (JsonValue step : steps.elements()) {
      if (!step.is_object()) return WrongType(step, "object", spath);
      std::string_view kind = step.Get("type").as_string();
      JsonValue value = step.Get("value");
      if (kind == "get_attr" && value.is_string()) {
        p.push_back(PathSegment::Key(value.as_string()));
      } else if (kind == "index") {
        JsonValue key = value.is_object() ? value.Get("value") : value;
        if (key.is_number()) {
          p.push_back(PathSegment::Index(key.as_uint64()));
        } else if (key.is_string()) {
          p.push_back(PathSegment::Key(key.as_string()));
        } else {
          return WrongType(key, "string or number index", spath);
        }
      } else {
        return InvalidArgumentError(
            spath + ": unknown path step (expected get_attr or index)",
            step.offset(), spath);
      }
    }
    out.push_back(std::move(p));
  }
  return OkStatus();
}

// Reads string member `key` (value `v`) of `obj`: a string is taken as it
// is; anything else goes to the shared readers, which accept absent and
// null values and name the field's path in their errors. The path is only
// built then: a state has a million resources and no errors, usually.
template <typename Path>
Status TakeString(const JsonValue& obj, const JsonValue& v,
                  std::string_view key, bool required, const Path& path,
                  std::string* out) {
  if (v.is_string()) {
    out->assign(v.as_string());
    return OkStatus();
  }
  if (required) return internal::ReadRequiredString(obj, key, path(), out);
  return internal::ReadOptionalStringValue(v, key, path(), out);
}

// Resource `index` of a v4 state's `resources`: one StateResource per
// instance.
Status ReadV4Resource(const JsonValue& res, std::size_t index,
                      std::vector<StateResource>& out) {
  auto path = [index] { return IndexPath("resources", index); };
  if (!res.is_object()) return WrongType(res, "object", path());
  static constexpr std::string_view kKeys[] = {
      "module", "mode", "type", "name", "provider", "instances"};
  JsonValue v[std::size(kKeys)];
  internal::GetMembers(res, kKeys, v);
  StateResource base;
  DW_RETURN_IF_ERROR(
      TakeString(res, v[0], "module", false, path, &base.module));
  base.mode = "managed";
  DW_RETURN_IF_ERROR(TakeString(res, v[1], "mode", false, path, &base.mode));
  DW_RETURN_IF_ERROR(TakeString(res, v[2], "type", true, path, &base.type));
  DW_RETURN_IF_ERROR(TakeString(res, v[3], "name", true, path, &base.name));
  DW_RETURN_IF_ERROR(
      TakeString(res, v[4], "provider", false, path, &base.provider));
  internal::ProviderRef ref = internal::ParseProviderRef(base.provider);
  base.provider_source = ref.source;
  base.provider_alias = ref.alias;

  const JsonValue& instances = v[5];
  auto ipath = [&] { return JoinPath(path(), "instances"); };
  if (!instances.valid() || instances.is_null()) return OkStatus();
  if (!instances.is_array()) return WrongType(instances, "array", ipath());
  const std::size_t count = instances.size();
  std::size_t i = 0;
  for (JsonValue inst : instances.elements()) {
    auto inst_path = [&, i] { return IndexPath(ipath(), i); };
    ++i;
    if (!inst.is_object()) return WrongType(inst, "object", inst_path());
    static constexpr std::string_view kInstanceKeys[] = {
        "index_key",           "deposed",    "status",
        "schema_version",      "attributes", "attributes_flat",
        "sensitive_attributes"};
    JsonValue m[std::size(kInstanceKeys)];
    internal::GetMembers(inst, kInstanceKeys, m);
    // Most resources have one instance: it takes the base's strings.
    StateResource r = i == count ? std::move(base) : base;
    const JsonValue& key = m[0];
    if (key.valid() && !key.is_null()) {
      if (!key.is_number() && !key.is_string()) {
        return WrongType(key, "string or number",
                         JoinPath(inst_path(), "index_key"));
      }
      r.index_json = key.ToJson();
    }
    DW_RETURN_IF_ERROR(
        TakeString(inst, m[1], "deposed", false, inst_path, &r.deposed));
    if (m[2].valid() && !m[2].is_null()) {
      std::string status;
      DW_RETURN_IF_ERROR(
          TakeString(inst, m[2], "status", false, inst_path, &status));
      r.tainted = status == "tainted";
    }
    const JsonValue& sv = m[3];
    if (sv.valid() && !sv.is_null()) {
      if (!sv.is_number()) {
        return WrongType(sv, "number", JoinPath(inst_path(), "schema_version"));
      }
      r.schema_version = sv.as_int64();
    }
    // 0.12-era files may carry the flatmap form instead.
    r.attributes = m[4].valid() ? m[4] : m[5];
    if (r.attributes.valid() && !r.attributes.is_object() &&
        !r.attributes.is_null()) {
      return WrongType(r.attributes, "object",
                       JoinPath(inst_path(), "attributes"));
    }
    if (!m[6].empty() || (m[6].valid() && !m[6].is_array())) {
      std::vector<AttributePath> sensitive;
      DW_RETURN_IF_ERROR(ReadSensitiveAttributes(
          m[6], JoinPath(inst_path(), "sensitive_attributes"), sensitive));
      internal::SortUniquePaths(sensitive);
      r.sensitive_paths = internal::FormatPaths(sensitive);
    }
    r.address =
        FormatResourceAddress(r.module, r.mode, r.type, r.name, r.index_json);
    r.raw = inst;
    out.push_back(std::move(r));
  }
  return OkStatus();
}

Status ReadShowModule(const JsonValue& module, const std::string& path,
                      int depth, std::vector<StateResource>& out) {
  if (!module.is_object()) return WrongType(module, "object", path);
  if (depth > 64) {
    return InvalidArgumentError(path + ": modules nested deeper than 64",
                                module.offset(), path);
  }
  std::string module_address;
  DW_RETURN_IF_ERROR(
      internal::ReadOptionalString(module, "address", path, &module_address));
  JsonValue resources = module.Get("resources");
  std::string rpath = JoinPath(path, "resources");
  if (resources.valid() && !resources.is_null()) {
    if (!resources.is_array()) return WrongType(resources, "array", rpath);
    std::size_t i = 0;
    for (JsonValue res : resources.elements()) {
      std::string res_path = IndexPath(rpath, i++);
      if (!res.is_object()) return WrongType(res, "object", res_path);
      StateResource r;
      r.module = module_address;
      r.mode = "managed";
      DW_RETURN_IF_ERROR(
          internal::ReadOptionalString(res, "mode", res_path, &r.mode));
      DW_RETURN_IF_ERROR(
          internal::ReadRequiredString(res, "type", res_path, &r.type));
      DW_RETURN_IF_ERROR(
          internal::ReadRequiredString(res, "name", res_path, &r.name));
      DW_RETURN_IF_ERROR(internal::ReadOptionalString(res, "provider_name",
                                                      res_path, &r.provider));
      DW_RETURN_IF_ERROR(
          internal::ReadOptionalString(res, "deposed", res_path, &r.deposed));
      internal::ProviderRef ref = internal::ParseProviderRef(r.provider);
      r.provider_source = ref.source;
      JsonValue index = res.Get("index");
      if (index.valid() && !index.is_null()) r.index_json = index.ToJson();
      JsonValue sv = res.Get("schema_version");
      if (sv.is_number()) r.schema_version = sv.as_int64();
      r.tainted = res.Get("tainted").as_bool();
      r.attributes = res.Get("values");
      if (r.attributes.valid() && !r.attributes.is_object() &&
          !r.attributes.is_null()) {
        return WrongType(r.attributes, "object", JoinPath(res_path, "values"));
      }
      std::vector<AttributePath> sensitive;
      internal::CollectTruePaths(res.Get("sensitive_values"), sensitive);
      internal::SortUniquePaths(sensitive);
      r.sensitive_paths = internal::FormatPaths(sensitive);
      std::string address;
      DW_RETURN_IF_ERROR(
          internal::ReadOptionalString(res, "address", res_path, &address));
      r.address = address.empty()
                      ? FormatResourceAddress(r.module, r.mode, r.type, r.name,
                                              r.index_json)
                      : address;
      r.raw = res;
      out.push_back(std::move(r));
    }
  }
  JsonValue children = module.Get("child_modules");
  std::string cpath = JoinPath(path, "child_modules");
  if (children.valid() && !children.is_null()) {
    if (!children.is_array()) return WrongType(children, "array", cpath);
    std::size_t i = 0;
    for (JsonValue child : children.elements()) {
      DW_RETURN_IF_ERROR(
          ReadShowModule(child, IndexPath(cpath, i++), depth + 1, out));
    }
  }
  return OkStatus();
}

// The top-level fields of a version 4 state other than its resources.
// `field(name)` gives a member of the top-level object (absent when none).
template <typename Field>
Status ReadRawStateHeader(const Field& field, State& state) {
  JsonValue version = field("version");
  if (version.type() != JsonType::kInt64 &&
      version.type() != JsonType::kUint64) {
    return WrongType(version, "integer", "version");
  }
  state.version = version.as_int64();
  if (state.version >= 1 && state.version <= 3) {
    return UnimplementedError(
        "unsupported state version " + std::to_string(state.version) +
            ", run terraform 0.12+ to upgrade (any `terraform refresh` or "
            "`terraform apply` with Terraform 0.12 or later rewrites the "
            "state as version 4)",
        version.offset(), "version");
  }
  if (state.version != 4) {
    return UnimplementedError(
        "unsupported state version " + std::string(version.number_text()) +
            ": this driftwise reads version 4 (Terraform 0.12 and later)",
        version.offset(), "version");
  }
  DW_RETURN_IF_ERROR(internal::ReadOptionalStringValue(
      field("terraform_version"), "terraform_version", "",
      &state.terraform_version));
  DW_RETURN_IF_ERROR(internal::ReadOptionalStringValue(
      field("lineage"), "lineage", "", &state.lineage));
  JsonValue serial = field("serial");
  if (serial.valid() && !serial.is_null()) {
    if (!serial.is_number()) return WrongType(serial, "number", "serial");
    state.serial = serial.as_uint64();
  }
  state.outputs = field("outputs");
  return OkStatus();
}

Status ReadRawState(const JsonValue& root, State& state) {
  DW_RETURN_IF_ERROR(ReadRawStateHeader(
      [&](std::string_view name) { return root.Get(name); }, state));
  JsonValue resources = root.Get("resources");
  if (!resources.valid() || resources.is_null()) return OkStatus();
  if (!resources.is_array()) return WrongType(resources, "array", "resources");
  std::size_t i = 0;
  for (JsonValue res : resources.elements()) {
    DW_RETURN_IF_ERROR(ReadV4Resource(res, i++, state.resources));
  }
  return OkStatus();
}

Status ReadShowState(const JsonValue& root, State& state) {
  DW_RETURN_IF_ERROR(internal::ReadOptionalString(root, "format_version", "",
                                                  &state.format_version));
  std::string_view fv = state.format_version;
  std::string_view major = fv.substr(0, fv.find('.'));
  if (major != "0" && major != "1") {
    return UnimplementedError(
        "unsupported state format_version " + state.format_version +
            ": this driftwise reads 0.1 through 1.x",
        root.Get("format_version").offset(), "format_version");
  }
  DW_RETURN_IF_ERROR(internal::ReadOptionalString(root, "terraform_version", "",
                                                  &state.terraform_version));
  if (root.Get("resource_changes").valid() ||
      root.Get("planned_values").valid()) {
    return InvalidArgumentError(
        "not a Terraform state: this looks like a plan; use `driftwise plan "
        "show` (or dw::ParsePlan)",
        0);
  }
  // Terraform's other -json outputs also carry a format_version; without
  // this they would read as an empty state.
  const char* other =
      root.Get("provider_schemas").valid()
          ? "a provider schema (`terraform providers schema "
            "-json`)"
      : root.Get("function_signatures").valid()
          ? "a functions list (`terraform metadata functions "
            "-json`)"
      : root.Get("diagnostics").valid() || root.Get("valid").valid()
          ? "validation output (`terraform validate -json`)"
          : nullptr;
  if (other != nullptr) {
    return InvalidArgumentError(std::string("not a Terraform state: this "
                                            "looks like ") +
                                    other,
                                0, "format_version");
  }
  JsonValue values = root.Get("values");
  if (!values.valid() || values.is_null()) return OkStatus();  // no state
  if (!values.is_object()) return WrongType(values, "object", "values");
  state.outputs = values.Get("outputs");
  JsonValue root_module = values.Get("root_module");
  if (!root_module.valid() || root_module.is_null()) return OkStatus();
  return ReadShowModule(root_module, "values.root_module", 0, state.resources);
}

}  // namespace

namespace {

Result<State> StateFromDocument(JsonDocument doc) {
  State state;
  state.documents.push_back(doc);
  JsonValue root = doc.root();
  if (!root.is_object()) {
    return InvalidArgumentError(
        "not a Terraform state: the top-level JSON value is " +
            std::string(JsonTypeName(root.type())) + ", expected an object",
        root.offset());
  }
  if (root.Get("format_version").valid()) {
    DW_RETURN_IF_ERROR(ReadShowState(root, state));
  } else if (root.Get("version").valid()) {
    DW_RETURN_IF_ERROR(ReadRawState(root, state));
  } else {
    return InvalidArgumentError(
        "not a Terraform state: neither `version` (a state file) nor "
        "`format_version` (terraform show -json) is present",
        root.offset());
  }
  return state;
}

// Resources per batch: large enough that a batch's document and vector
// are few allocations, small enough that two threads finish together.
constexpr std::size_t kResourcesPerBatch = 512;

// A version 4 state read in parts (json/top_level_locator.hpp): the top
// level is walked once, each top-level field other than `resources` is
// parsed on its own, and the resources are parsed and read in batches on
// `options.threads` threads. Nothing when the input is not a well-formed
// version 4 state or any part fails: the caller then reads the input
// whole, which reports the problem exactly as it always has.
std::optional<State> ReadStateInParts(
    const std::shared_ptr<const internal::JsonSource>& source,
    const ParseStateOptions& options) {
  static constexpr std::array<std::string_view, 1> kLists = {"resources"};
  internal::LocatedTopLevel top;
  if (!internal::LocateTopLevel(*source, kLists, /*array_root=*/false, top)) {
    return std::nullopt;
  }
  State state;
  std::vector<std::pair<std::string_view, JsonValue>> fields;
  bool has_version = false;
  for (const internal::LocatedField& f : top.fields) {
    if (f.name == "format_version") return std::nullopt;  // show -json form
    if (f.name == "resources") continue;
    has_version = has_version || f.name == "version";
    Result<JsonDocument> doc =
        internal::ParseJsonSpan(source, f.offset, f.length);
    if (!doc.ok()) return std::nullopt;
    fields.emplace_back(f.name, doc->root());
    state.documents.push_back(*std::move(doc));
  }
  if (!has_version) return std::nullopt;
  // As JsonValue::Get: when a key repeats, the last one wins.
  auto field = [&](std::string_view name) {
    for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    return JsonValue();
  };
  if (!ReadRawStateHeader(field, state).ok()) return std::nullopt;

  std::vector<std::vector<StateResource>> batches(
      internal::SpanBatchCount(top.entries.size(), kResourcesPerBatch));
  Status st = internal::ParseSpanBatches(
      source, top.entries, options.threads, kResourcesPerBatch,
      [&](std::size_t batch, std::span<const internal::LocatedEntry> entries,
          std::span<const JsonValue> values) {
        std::vector<StateResource>& out = batches[batch];
        out.reserve(entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
          DW_RETURN_IF_ERROR(ReadV4Resource(values[i], entries[i].index, out));
        }
        return OkStatus();
      },
      &state.documents);
  if (!st.ok()) return std::nullopt;
  internal::AppendBatches(batches, &state.resources, options.threads);
  return state;
}

Result<State> ParseSource(std::shared_ptr<internal::JsonSource> source,
                          const ParseStateOptions& options) {
  if (std::optional<State> state = ReadStateInParts(source, options)) {
    return *std::move(state);
  }
  DW_ASSIGN_OR_RETURN(JsonDocument doc,
                      internal::ParseJsonSpan(source, 0, source->size()));
  return StateFromDocument(std::move(doc));
}

}  // namespace

Result<State> ParseState(std::string input, const ParseStateOptions& options) {
  return ParseSource(internal::MakeJsonSource(std::move(input)), options);
}

Result<State> ParseStateFile(const std::string& path,
                             const ParseStateOptions& options) {
  DW_ASSIGN_OR_RETURN(std::shared_ptr<internal::JsonSource> source,
                      internal::ReadJsonFile(path));
  return ParseSource(std::move(source), options);
}

}  // namespace v1
}  // namespace dw
