// File: src/core/state/state_parser.cpp
//
// Raw state v4 and the `terraform show -json` state form, into one list of
// resource instances.
#include <utility>

#include "common/json_fields.hpp"
#include "common/path_masks.hpp"
#include "driftwise/state.hpp"
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

Status ReadV4Resource(const JsonValue& res, const std::string& path,
                      std::vector<StateResource>& out) {
  if (!res.is_object()) return WrongType(res, "object", path);
  StateResource base;
  DW_RETURN_IF_ERROR(
      internal::ReadOptionalString(res, "module", path, &base.module));
  base.mode = "managed";
  DW_RETURN_IF_ERROR(
      internal::ReadOptionalString(res, "mode", path, &base.mode));
  DW_RETURN_IF_ERROR(
      internal::ReadRequiredString(res, "type", path, &base.type));
  DW_RETURN_IF_ERROR(
      internal::ReadRequiredString(res, "name", path, &base.name));
  DW_RETURN_IF_ERROR(
      internal::ReadOptionalString(res, "provider", path, &base.provider));
  internal::ProviderRef ref = internal::ParseProviderRef(base.provider);
  base.provider_source = ref.source;
  base.provider_alias = ref.alias;

  JsonValue instances = res.Get("instances");
  std::string ipath = JoinPath(path, "instances");
  if (!instances.valid() || instances.is_null()) return OkStatus();
  if (!instances.is_array()) return WrongType(instances, "array", ipath);
  std::size_t i = 0;
  for (JsonValue inst : instances.elements()) {
    std::string inst_path = IndexPath(ipath, i++);
    if (!inst.is_object()) return WrongType(inst, "object", inst_path);
    StateResource r = base;
    JsonValue key = inst.Get("index_key");
    if (key.valid() && !key.is_null()) {
      if (!key.is_number() && !key.is_string()) {
        return WrongType(key, "string or number",
                         JoinPath(inst_path, "index_key"));
      }
      r.index_json = key.ToJson();
    }
    DW_RETURN_IF_ERROR(
        internal::ReadOptionalString(inst, "deposed", inst_path, &r.deposed));
    std::string status;
    DW_RETURN_IF_ERROR(
        internal::ReadOptionalString(inst, "status", inst_path, &status));
    r.tainted = status == "tainted";
    JsonValue sv = inst.Get("schema_version");
    if (sv.valid() && !sv.is_null()) {
      if (!sv.is_number()) {
        return WrongType(sv, "number", JoinPath(inst_path, "schema_version"));
      }
      r.schema_version = sv.as_int64();
    }
    // 0.12-era files may carry the flatmap form instead.
    r.attributes = inst.Get("attributes");
    if (!r.attributes.valid()) r.attributes = inst.Get("attributes_flat");
    if (r.attributes.valid() && !r.attributes.is_object() &&
        !r.attributes.is_null()) {
      return WrongType(r.attributes, "object",
                       JoinPath(inst_path, "attributes"));
    }
    std::vector<AttributePath> sensitive;
    DW_RETURN_IF_ERROR(ReadSensitiveAttributes(
        inst.Get("sensitive_attributes"),
        JoinPath(inst_path, "sensitive_attributes"), sensitive));
    internal::SortUniquePaths(sensitive);
    r.sensitive_paths = internal::FormatPaths(sensitive);
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

Status ReadRawState(const JsonValue& root, State& state) {
  JsonValue version = root.Get("version");
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
  DW_RETURN_IF_ERROR(internal::ReadOptionalString(root, "terraform_version", "",
                                                  &state.terraform_version));
  DW_RETURN_IF_ERROR(
      internal::ReadOptionalString(root, "lineage", "", &state.lineage));
  JsonValue serial = root.Get("serial");
  if (serial.valid() && !serial.is_null()) {
    if (!serial.is_number()) return WrongType(serial, "number", "serial");
    state.serial = serial.as_uint64();
  }
  state.outputs = root.Get("outputs");
  JsonValue resources = root.Get("resources");
  if (!resources.valid() || resources.is_null()) return OkStatus();
  if (!resources.is_array()) return WrongType(resources, "array", "resources");
  std::size_t i = 0;
  for (JsonValue res : resources.elements()) {
    DW_RETURN_IF_ERROR(
        ReadV4Resource(res, IndexPath("resources", i++), state.resources));
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
  state.document = doc;
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

}  // namespace

Result<State> ParseState(std::string input) {
  DW_ASSIGN_OR_RETURN(JsonDocument doc,
                      JsonDocument::ParseOwned(std::move(input)));
  return StateFromDocument(std::move(doc));
}

Result<State> ParseStateFile(const std::string& path) {
  DW_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::ParseFile(path));
  return StateFromDocument(std::move(doc));
}

}  // namespace v1
}  // namespace dw
