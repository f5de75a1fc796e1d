// File: bindings/python/src/module.cpp
//
// _driftwise: the pybind11 layer over the C++ API (docs/design.md §4, style
// study §6). It stays thin: Python-facing names, conversions and the GIL;
// the ergonomics live in the pure-Python package `driftwise`.
//
// Errors: a failed dw::Status becomes the exception that
// driftwise._errors.from_status(code, message, offset, path) builds
// (ParseError, ValidationError, ...), so the hierarchy is defined once, in
// Python.
// GIL: released while parsing and verifying; inputs are copied into C++
// strings while it is still held (a Python buffer is only safe under it).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <ctime>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "driftwise/audit.hpp"
#include "driftwise/drift_report.hpp"
#include "driftwise/drift_risk.hpp"
#include "driftwise/inventory.hpp"
#include "driftwise/match.hpp"
#include "driftwise/noise.hpp"
#include "driftwise/plan.hpp"
#include "driftwise/policy.hpp"
#include "driftwise/report.hpp"
#include "driftwise/show.hpp"
#include "driftwise/state.hpp"
#include "driftwise/version.h"

namespace py = pybind11;

namespace {

// Carries a dw::Status out of a binding to the exception translator.
class StatusError : public std::exception {
 public:
  explicit StatusError(dw::Status status) : status_(std::move(status)) {}
  const dw::Status& status() const { return status_; }
  const char* what() const noexcept override {
    return status_.message().c_str();
  }

 private:
  dw::Status status_;
};

template <typename T>
T ValueOrThrow(dw::Result<T> result) {
  if (!result.ok()) throw StatusError(result.status());
  return std::move(*result);
}

// Bytes-like or str input, copied while the GIL is held.
std::string InputBytes(const py::object& data) {
  if (py::isinstance<py::str>(data)) return data.cast<std::string>();
  py::buffer_info info = py::buffer(data).request();
  if (info.ndim > 1 || (info.ndim == 1 && info.itemsize != 1)) {
    throw py::type_error("expected bytes, bytearray, memoryview or str");
  }
  return std::string(static_cast<const char*>(info.ptr),
                     static_cast<std::size_t>(info.size * info.itemsize));
}

// A reader's thread count: 0 (one per core) or more.
int CheckedThreads(int threads) {
  if (threads < 0) {
    throw StatusError(dw::InvalidArgumentError("threads must be >= 0"));
  }
  return threads;
}

dw::ParsePlanOptions PlanOptions(bool retain_values, bool compute_diff,
                                 int threads) {
  CheckedThreads(threads);
  dw::ParsePlanOptions options;
  options.retain_values = retain_values;
  options.compute_diff = compute_diff;
  options.threads = threads;
  return options;
}

py::object IndexOrNone(const std::string& json) {
  if (json.empty()) return py::none();
  return py::str(json);
}

std::vector<std::string> ChangedPaths(const dw::ResourceChange& rc) {
  std::vector<std::string> out;
  out.reserve(rc.diff.size());
  for (const dw::AttributeChange& c : rc.diff) out.push_back(c.path_text);
  return out;
}

void BindPlan(py::module_& m) {
  py::class_<dw::ResourceChange>(m, "ResourceChange")
      .def_readonly("address", &dw::ResourceChange::address)
      .def_readonly("previous_address", &dw::ResourceChange::previous_address)
      .def_readonly("module_address", &dw::ResourceChange::module_address)
      .def_readonly("mode", &dw::ResourceChange::mode)
      .def_readonly("type", &dw::ResourceChange::type)
      .def_readonly("name", &dw::ResourceChange::name)
      .def_property_readonly("index_json",
                             [](const dw::ResourceChange& rc) {
                               return IndexOrNone(rc.index_json);
                             })
      .def_readonly("provider_name", &dw::ResourceChange::provider_name)
      .def_readonly("deposed", &dw::ResourceChange::deposed)
      .def_readonly("actions", &dw::ResourceChange::actions)
      .def_property_readonly("action",
                             [](const dw::ResourceChange& rc) {
                               return std::string(dw::ActionName(rc.action));
                             })
      .def_property_readonly("create_before_destroy",
                             [](const dw::ResourceChange& rc) {
                               return rc.replace_order ==
                                      dw::ReplaceOrder::kCreateBeforeDelete;
                             })
      .def_readonly("action_reason", &dw::ResourceChange::action_reason)
      .def_readonly("importing", &dw::ResourceChange::importing)
      .def_property_readonly("changed_paths", &ChangedPaths)
      .def_readonly("sensitive_paths", &dw::ResourceChange::sensitive_paths)
      .def_readonly("unknown_paths", &dw::ResourceChange::unknown_paths)
      .def_readonly("replace_paths", &dw::ResourceChange::replace_paths)
      .def_readonly("offset", &dw::ResourceChange::offset)
      .def_readonly("length", &dw::ResourceChange::length)
      .def("raw_json", [](const dw::ResourceChange& rc) -> py::object {
        if (!rc.raw.valid()) return py::none();
        return py::str(rc.raw.ToJson());
      });

  py::class_<dw::OutputChange>(m, "OutputChange")
      .def_readonly("name", &dw::OutputChange::name)
      .def_readonly("actions", &dw::OutputChange::actions)
      .def_property_readonly("action",
                             [](const dw::OutputChange& oc) {
                               return std::string(dw::ActionName(oc.action));
                             })
      .def_readonly("sensitive", &dw::OutputChange::sensitive)
      .def_readonly("unknown", &dw::OutputChange::unknown);

  // Children are returned by reference and keep the plan alive
  // (reference_internal): nothing is copied until Python asks for it.
  py::class_<dw::Plan>(m, "Plan")
      .def_readonly("format_version", &dw::Plan::format_version)
      .def_readonly("terraform_version", &dw::Plan::terraform_version)
      .def_readonly("errored", &dw::Plan::errored)
      .def_readonly("applyable", &dw::Plan::applyable)
      .def_readonly("complete", &dw::Plan::complete)
      .def_readonly("timestamp", &dw::Plan::timestamp)
      .def("count",
           [](const dw::Plan& p, bool drift) {
             return drift ? p.resource_drift.size() : p.resource_changes.size();
           })
      .def(
          "change",
          [](const dw::Plan& p, bool drift,
             std::size_t i) -> const dw::ResourceChange& {
            const auto& v = drift ? p.resource_drift : p.resource_changes;
            if (i >= v.size()) throw py::index_error("change index");
            return v[i];
          },
          py::return_value_policy::reference_internal)
      .def_property_readonly(
          "output_changes",
          [](const dw::Plan& p) {
            py::list out;
            py::object self = py::cast(&p);
            for (const dw::OutputChange& oc : p.output_changes) {
              out.append(py::cast(
                  &oc, py::return_value_policy::reference_internal, self));
            }
            return out;
          })
      .def_property_readonly("field_names", &dw::Plan::field_names)
      .def("section_json",
           [](const dw::Plan& p, const std::string& name) {
             dw::JsonDocument doc = ValueOrThrow(p.Section(name));
             return doc.root().ToJson();
           })
      .def("show_json", &dw::PlanShowJson,
           py::call_guard<py::gil_scoped_release>())
      .def("show_text", &dw::PlanShowText,
           py::call_guard<py::gil_scoped_release>());

  m.def(
      "parse_plan_bytes",
      [](const py::object& data, bool retain_values, bool compute_diff,
         int threads) {
        dw::ParsePlanOptions options =
            PlanOptions(retain_values, compute_diff, threads);
        std::string input = InputBytes(data);
        py::gil_scoped_release release;
        return ValueOrThrow(dw::ParsePlan(std::move(input), options));
      },
      py::arg("data"), py::arg("retain_values") = true,
      py::arg("compute_diff") = true, py::arg("threads") = 1);
  m.def(
      "parse_plan_file",
      [](const std::string& path, bool retain_values, bool compute_diff,
         int threads) {
        dw::ParsePlanOptions options =
            PlanOptions(retain_values, compute_diff, threads);
        py::gil_scoped_release release;
        return ValueOrThrow(dw::ParsePlanFile(path, options));
      },
      py::arg("path"), py::arg("retain_values") = true,
      py::arg("compute_diff") = true, py::arg("threads") = 1);
  m.def(
      "plan_show_json_file",
      [](const std::string& path) {
        dw::PlanShowJsonStream stream;
        dw::ParsePlanOptions options;
        options.retain_values = false;
        options.on_change = [&stream](const dw::ResourceChange& rc,
                                      bool drift) {
          return stream.OnChange(rc, drift);
        };
        dw::Plan plan = ValueOrThrow(dw::ParsePlanFile(path, options));
        return stream.Finish(plan);
      },
      py::arg("path"), py::call_guard<py::gil_scoped_release>());
}

void BindState(py::module_& m) {
  py::class_<dw::StateResource>(m, "StateResource")
      .def_readonly("address", &dw::StateResource::address)
      .def_readonly("module", &dw::StateResource::module)
      .def_readonly("mode", &dw::StateResource::mode)
      .def_readonly("type", &dw::StateResource::type)
      .def_readonly("name", &dw::StateResource::name)
      .def_property_readonly(
          "index_json",
          [](const dw::StateResource& r) { return IndexOrNone(r.index_json); })
      .def_readonly("provider", &dw::StateResource::provider)
      .def_readonly("provider_source", &dw::StateResource::provider_source)
      .def_readonly("provider_alias", &dw::StateResource::provider_alias)
      .def_readonly("deposed", &dw::StateResource::deposed)
      .def_readonly("tainted", &dw::StateResource::tainted)
      .def_readonly("schema_version", &dw::StateResource::schema_version)
      .def_readonly("sensitive_paths", &dw::StateResource::sensitive_paths)
      .def("attributes_json", [](const dw::StateResource& r) -> py::object {
        if (!r.attributes.valid()) return py::none();
        return py::str(r.attributes.ToJson());
      });

  py::class_<dw::State>(m, "State")
      .def_readonly("version", &dw::State::version)
      .def_readonly("format_version", &dw::State::format_version)
      .def_readonly("terraform_version", &dw::State::terraform_version)
      .def_readonly("serial", &dw::State::serial)
      .def_readonly("lineage", &dw::State::lineage)
      .def("count", [](const dw::State& s) { return s.resources.size(); })
      .def(
          "resource",
          [](const dw::State& s, std::size_t i) -> const dw::StateResource& {
            if (i >= s.resources.size()) throw py::index_error("resource");
            return s.resources[i];
          },
          py::return_value_policy::reference_internal)
      .def("outputs_json",
           [](const dw::State& s) -> py::object {
             if (!s.outputs.valid()) return py::none();
             return py::str(s.outputs.ToJson());
           })
      .def("show_json", &dw::StateShowJson,
           py::call_guard<py::gil_scoped_release>())
      .def("show_text", &dw::StateShowText,
           py::call_guard<py::gil_scoped_release>());

  m.def(
      "parse_state_bytes",
      [](const py::object& data, int threads) {
        dw::ParseStateOptions options{.threads = CheckedThreads(threads)};
        std::string input = InputBytes(data);
        py::gil_scoped_release release;
        return ValueOrThrow(dw::ParseState(std::move(input), options));
      },
      py::arg("data"), py::arg("threads") = 1);
  m.def(
      "parse_state_file",
      [](const std::string& path, int threads) {
        dw::ParseStateOptions options{.threads = CheckedThreads(threads)};
        py::gil_scoped_release release;
        return ValueOrThrow(dw::ParseStateFile(path, options));
      },
      py::arg("path"), py::arg("threads") = 1);
}

// An audit chain open for appending.
class AuditChain {
 public:
  static AuditChain Open(const std::string& jsonl) {
    AuditChain chain;
    if (jsonl.empty()) return chain;
    std::vector<dw::AuditEvent> events =
        ValueOrThrow(dw::ParseIntactChain(jsonl));
    if (!events.empty()) {
      chain.head_ = dw::HeadAfter(events.back());
      chain.head_hash_ = dw::HashToHex(events.back().hash);
    }
    return chain;
  }

  std::string Append(const std::string& input_line) {
    dw::AuditEventInput input =
        ValueOrThrow(dw::ParseAuditInputLine(input_line));
    dw::ChainHead head = head_ ? *head_ : dw::EmptyChainHead(input.chain_id);
    dw::AppendResult appended = ValueOrThrow(dw::AppendAuditEvent(head, input));
    head_ = appended.head;
    head_hash_ = dw::HashToHex(appended.event.hash);
    return dw::AuditEventToJsonLine(appended.event);
  }

  std::uint64_t next_seq() const { return head_ ? head_->next_seq : 0; }
  const std::string& head_hash() const { return head_hash_; }
  std::string chain_id() const { return head_ ? head_->chain_id : ""; }

 private:
  std::optional<dw::ChainHead> head_;
  std::string head_hash_;
};

void BindAudit(py::module_& m) {
  m.def(
      "verify_chain_json",
      [](const py::object& data, unsigned threads,
         std::optional<std::string> chain_id,
         std::optional<std::uint64_t> expected_min_seq) {
        std::string text = InputBytes(data);
        py::gil_scoped_release release;
        dw::VerifyOptions options;
        options.threads = threads;
        options.chain_id = std::move(chain_id);
        options.expected_min_seq = expected_min_seq;
        return dw::VerifyReportToJson(dw::VerifyAuditJsonl(text, options));
      },
      py::arg("data"), py::arg("threads") = 0, py::arg("chain_id") = py::none(),
      py::arg("expected_min_seq") = py::none());
  py::class_<AuditChain>(m, "AuditChain")
      .def_static("open",
                  [](const py::object& data) {
                    std::string text = InputBytes(data);
                    py::gil_scoped_release release;
                    return AuditChain::Open(text);
                  })
      .def("append", &AuditChain::Append)
      .def_property_readonly("next_seq", &AuditChain::next_seq)
      .def_property_readonly("head_hash", &AuditChain::head_hash)
      .def_property_readonly("chain_id", &AuditChain::chain_id);
}

// Parses one optional configuration part; errors say which part it was.
template <typename T, typename Parse>
void ParsePart(const std::optional<std::string>& text, const char* what,
               Parse parse, T* out) {
  if (!text) return;
  dw::Result<T> parsed = parse(*text);
  if (!parsed.ok()) throw StatusError(parsed.status().WithContext(what));
  *out = std::move(*parsed);
}

void BindAssess(py::module_& m) {
  py::class_<dw::Assessment>(m, "Assessment")
      .def_property_readonly(
          "risk_level",
          [](const dw::Assessment& a) {
            return std::string(dw::SeverityName(a.risk_level));
          })
      .def(
          "render",
          [](const dw::Assessment& a, const std::string& format,
             const std::string& plan_uri, const std::string& fail_on) {
            dw::ReportFormat f;
            if (!dw::ParseReportFormat(format, &f)) {
              throw StatusError(dw::InvalidArgumentError(
                  "unknown report format \"" + format +
                  "\" (text, json, sarif, markdown or junit)"));
            }
            dw::Severity threshold;
            if (!dw::ParseSeverity(fail_on, &threshold)) {
              throw StatusError(dw::InvalidArgumentError("unknown severity \"" +
                                                         fail_on + "\""));
            }
            dw::ReportOptions o;
            o.plan_uri = plan_uri;
            o.tool_version = DW_VERSION_STRING;
            o.fail_on = threshold;
            py::gil_scoped_release release;
            return dw::RenderAssessment(a, f, o);
          },
          py::arg("format"), py::arg("plan_uri") = "",
          py::arg("fail_on") = "high");

  py::class_<dw::RiskEngine>(m, "RiskEngine")
      .def(py::init([](std::optional<std::string> policy,
                       std::optional<std::string> noise_rules,
                       std::optional<std::string> suppressions,
                       bool builtin_risk, bool builtin_noise) {
             dw::EngineConfig config;
             config.builtin_risk = builtin_risk;
             config.builtin_noise = builtin_noise;
             ParsePart<dw::Policy>(
                 policy, "policy",
                 [](std::string_view t) { return dw::ParsePolicy(t); },
                 &config.policy);
             ParsePart<std::vector<dw::NoiseRule>>(
                 noise_rules, "noise rules",
                 [](std::string_view t) { return dw::ParseNoiseRules(t); },
                 &config.noise_rules);
             ParsePart<std::vector<dw::Suppression>>(
                 suppressions, "suppressions",
                 [](std::string_view t) { return dw::ParseSuppressions(t); },
                 &config.suppressions);
             return ValueOrThrow(dw::RiskEngine::Create(std::move(config)));
           }),
           py::arg("policy") = py::none(), py::arg("noise_rules") = py::none(),
           py::arg("suppressions") = py::none(), py::arg("builtin_risk") = true,
           py::arg("builtin_noise") = true)
      .def(
          "assess",
          [](const dw::RiskEngine& e, const dw::Plan& plan, std::int64_t now) {
            return ValueOrThrow(e.Assess(plan, now));
          },
          py::call_guard<py::gil_scoped_release>());

  m.def("validate_policy_json", [](const std::string& json) {
    py::list out;
    for (const dw::ValidationIssue& i : dw::ValidatePolicyJson(json)) {
      py::object offset = i.offset == dw::kNoOffset
                              ? py::object(py::none())
                              : py::object(py::int_(i.offset));
      out.append(
          py::make_tuple(i.index, i.field, i.message, offset, i.ToString()));
    }
    return out;
  });
  m.def("policy_json", [](const std::string& json) {
    return dw::PolicyToJson(ValueOrThrow(dw::ParsePolicy(json)));
  });
  m.def("fingerprint", &dw::Fingerprint, py::arg("resource_type"),
        py::arg("attribute_path"), py::arg("action"));
  m.def("parse_timestamp", [](const std::string& text) {
    return ValueOrThrow(dw::ParseTimestamp(text));
  });
}

void BindDrift(py::module_& m) {
  py::class_<dw::Inventory>(m, "Inventory")
      .def_property_readonly(
          "format",
          [](const dw::Inventory& i) {
            return std::string(dw::InventoryFormatName(i.format));
          })
      .def("count", [](const dw::Inventory& i) { return i.resources.size(); })
      .def("skipped", [](const dw::Inventory& i) {
        py::list out;
        for (const dw::SkippedRecord& r : i.skipped) {
          out.append(py::make_tuple(r.index, r.offset, r.reason));
        }
        return out;
      });
  m.def(
      "parse_inventory_bytes",
      [](const py::object& data, const std::string& format,
         const std::string& terraform_type, const std::string& default_account,
         const std::string& default_region, int threads) {
        dw::InventoryOptions options;
        options.threads = CheckedThreads(threads);
        if (!dw::ParseInventoryFormatName(format, &options.format)) {
          throw StatusError(dw::InvalidArgumentError(
              "unknown inventory format \"" + format + "\""));
        }
        options.terraform_type = terraform_type;
        options.default_account = default_account;
        options.default_region = default_region;
        std::string input = InputBytes(data);
        py::gil_scoped_release release;
        return ValueOrThrow(dw::ParseInventory(std::move(input), options));
      },
      py::arg("data"), py::arg("format") = "auto",
      py::arg("terraform_type") = "", py::arg("default_account") = "",
      py::arg("default_region") = "", py::arg("threads") = 1);

  py::class_<dw::DriftResult>(m, "DriftResult")
      .def("has_drift", &dw::DriftResult::has_drift)
      .def("render", [](const dw::DriftResult& r, const std::string& format) {
        dw::DriftRenderOptions render;
        render.tool_version = DW_VERSION_STRING;
        return ValueOrThrow(dw::RenderDriftWithBuiltinRisk(r, format, render,
                                                           std::time(nullptr)));
      });
  // The objects are held by the Python caller for the duration of the call.
  m.def(
      "compute_drift",
      [](const std::vector<std::pair<std::string, const dw::State*>>& states,
         const std::vector<std::pair<std::string, const dw::Inventory*>>&
             inventories,
         const std::vector<std::pair<std::string, const dw::Plan*>>& plans,
         const std::optional<std::string>& ignore, bool show_defaults,
         unsigned threads) {
        dw::MatchOptions options;
        options.list_defaults = show_defaults;
        options.threads = threads;
        std::vector<dw::StateSource> s;
        for (const auto& [label, state] : states) s.push_back({label, state});
        std::vector<dw::InventorySource> i;
        for (const auto& [label, inv] : inventories) i.push_back({label, inv});
        std::vector<dw::PlanSource> p;
        for (const auto& [label, plan] : plans) p.push_back({label, plan});
        py::gil_scoped_release release;
        return ValueOrThrow(dw::ComputeDrift(
            s, i, p, ignore ? std::string_view(*ignore) : std::string_view(),
            options));
      },
      py::arg("states"), py::arg("inventories"), py::arg("plans"),
      py::arg("ignore") = py::none(), py::arg("show_defaults") = false,
      py::arg("threads") = 1u);
}

void BindRecurrence(py::module_& m) {
  py::class_<dw::ScanRecord>(m, "ScanRecord")
      .def_readonly("scan_id", &dw::ScanRecord::scan_id)
      .def_readonly("time", &dw::ScanRecord::time)
      .def_property_readonly(
          "diff_count", [](const dw::ScanRecord& r) { return r.diffs.size(); });
  m.def(
      "scan_from_plan",
      [](const dw::Plan& plan, std::string scan_id, std::int64_t time,
         std::string owner, std::string name) {
        return dw::ScanFromPlan(plan, std::move(scan_id), time,
                                std::move(owner), std::move(name));
      },
      py::call_guard<py::gil_scoped_release>());
  m.def(
      "scan_from_assessment",
      [](const dw::Assessment& a, std::string scan_id, std::int64_t time,
         std::string owner, std::string name) {
        return dw::AssessmentToScan(a, std::move(scan_id), time,
                                    std::move(owner), std::move(name));
      },
      py::call_guard<py::gil_scoped_release>());
  m.def("aggregate_recurrence",
        [](const std::vector<const dw::ScanRecord*>& scans, int window_days,
           int threshold, std::int64_t now, std::string owner, std::string name,
           std::size_t max_examples) {
          std::vector<dw::ScanRecord> copies;
          copies.reserve(scans.size());
          for (const dw::ScanRecord* s : scans) copies.push_back(*s);
          dw::RecurrenceOptions o;
          o.window_days = window_days;
          o.recurrence_threshold = threshold;
          o.now = now;
          o.repo_owner = std::move(owner);
          o.repo_name = std::move(name);
          o.max_examples = max_examples;
          std::vector<dw::NoisePattern> patterns =
              ValueOrThrow(dw::AggregateRecurrence(copies, o));
          py::list out;
          for (const dw::NoisePattern& p : patterns) {
            py::dict d;
            d["fingerprint"] = p.fingerprint;
            d["resource_type"] = p.resource_type;
            d["attribute_path"] = p.attribute_path;
            d["action"] = p.action;
            d["occurrences"] = p.occurrences;
            d["first_seen"] = p.first_seen;
            d["last_seen"] = p.last_seen;
            d["example_addresses"] = p.example_addresses;
            d["is_noise"] = p.is_noise;
            d["matched_rule"] = p.matched_rule;
            out.append(d);
          }
          return out;
        });
}

}  // namespace

PYBIND11_MODULE(_driftwise, m) {
  m.doc() = "driftwise C++ core (use the `driftwise` package instead)";
  m.attr("__version__") = DW_VERSION_STRING;
  m.attr("ABI_VERSION") = DW_ABI_VERSION;

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      const dw::Status& s = e.status();
      py::object errors = py::module_::import("driftwise._errors");
      py::object offset = s.has_offset() ? py::object(py::int_(s.offset()))
                                         : py::object(py::none());
      py::object exc = errors.attr("from_status")(
          static_cast<int>(s.code()), s.message(), offset, s.json_path());
      PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())),
                      exc.ptr());
    }
  });

  BindPlan(m);
  BindState(m);
  BindAudit(m);
  BindAssess(m);
  BindDrift(m);
  BindRecurrence(m);
}
