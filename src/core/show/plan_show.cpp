// File: src/core/show/plan_show.cpp
//
// `plan show` renderings (moved here from the CLI so the C ABI and Python
// print the same bytes).
#include <mutex>
#include <string>
#include <vector>

#include "driftwise/json_writer.hpp"
#include "driftwise/show.hpp"

namespace dw {
inline namespace v1 {
namespace {

void WriteChangeJson(JsonWriter& w, const ResourceChange& rc) {
  w.BeginObject();
  w.Member("address", rc.address);
  w.Key("module_address");
  if (rc.module_address.empty())
    w.Null();
  else
    w.String(rc.module_address);
  w.Member("mode", rc.mode);
  w.Member("type", rc.type);
  w.Member("name", rc.name);
  w.Key("index");
  if (rc.index_json.empty())
    w.Null();
  else
    w.Raw(rc.index_json);
  w.Member("provider_name", rc.provider_name);
  w.Member("action", ActionName(rc.action));
  w.Key("actions");
  w.StringArray(rc.actions);
  w.Key("action_reason");
  if (rc.action_reason.empty())
    w.Null();
  else
    w.String(rc.action_reason);
  if (!rc.previous_address.empty())
    w.Member("previous_address", rc.previous_address);
  w.Key("changed_paths");
  w.BeginArray();
  for (const AttributeChange& c : rc.diff) w.String(c.path_text);
  w.EndArray();
  w.Key("sensitive_paths");
  w.StringArray(rc.sensitive_paths);
  w.Key("unknown_paths");
  w.StringArray(rc.unknown_paths);
  if (!rc.replace_paths.empty()) {
    w.Key("replace_paths");
    w.StringArray(rc.replace_paths);
  }
  w.EndObject();
}

// Writes a list of standalone items (rendered at the depth they end up at)
// as the next value, appending the items' text once rather than copying it
// into an intermediate string: on large plans it is megabytes.
std::string_view ActionSymbol(const ResourceChange& rc) {
  switch (rc.action) {
    case Action::kCreate:
      return "  +";
    case Action::kDelete:
      return "  -";
    case Action::kUpdate:
      return "  ~";
    case Action::kRead:
      return " <=";
    case Action::kForget:
      return "  .";
    case Action::kNoOp:
      return "   ";
    case Action::kReplace:
      return rc.replace_order == ReplaceOrder::kCreateBeforeDelete ? "+/-"
                                                                   : "-/+";
  }
  return "   ";
}

// A value for people: JSON, shortened, or a marker when it must not show.
std::string ShowValue(const JsonValue& v, bool sensitive, bool unknown) {
  if (sensitive) return "(sensitive)";
  if (unknown) return "(known after apply)";
  if (!v.valid()) return "(absent)";
  std::string s = v.ToJson();
  if (s.size() > 72) s = s.substr(0, 69) + "...";
  return s;
}

void AppendChangeText(std::string& out, const ResourceChange& rc,
                      bool with_paths) {
  out += ActionSymbol(rc);
  out += " ";
  out += rc.address;
  out += "  (";
  out += ActionName(rc.action);
  if (rc.action == Action::kReplace) {
    out += rc.replace_order == ReplaceOrder::kCreateBeforeDelete
               ? ", create before destroy"
               : ", destroy before create";
  }
  if (!rc.action_reason.empty()) out += ", " + rc.action_reason;
  if (!rc.previous_address.empty())
    out += ", moved from " + rc.previous_address;
  out += ")\n";
  if (!with_paths) return;
  // A create or delete lists every attribute; show only the count.
  if (rc.action == Action::kCreate || rc.action == Action::kDelete ||
      rc.action == Action::kRead) {
    if (!rc.diff.empty()) {
      out += "        " + std::to_string(rc.diff.size()) + " attribute(s)";
      if (!rc.unknown_paths.empty()) {
        out += ", " + std::to_string(rc.unknown_paths.size()) +
               " known after apply";
      }
      out += "\n";
    }
    return;
  }
  for (const AttributeChange& c : rc.diff) {
    out += "        ";
    out += c.path_text;
    out += ": ";
    out += ShowValue(c.before, c.sensitive, false);
    out += " -> ";
    out += ShowValue(c.after, c.sensitive, c.unknown);
    out += "\n";
  }
}

}  // namespace

std::string PlanShowText(const Plan& plan) {
  std::string out;
  out += "Plan format " + plan.format_version;
  if (!plan.terraform_version.empty())
    out += ", Terraform " + plan.terraform_version;
  if (plan.errored) out += "  [ERRORED: Terraform could not finish this plan]";
  out += "\n";
  std::size_t counts[7] = {};
  for (const ResourceChange& rc : plan.resource_changes) {
    ++counts[static_cast<int>(rc.action)];
  }
  out += "\nResource changes: " + std::to_string(plan.resource_changes.size());
  std::string sep = " (";
  for (int a = 0; a < 7; ++a) {
    if (counts[a] == 0) continue;
    out += sep + std::to_string(counts[a]) + " " +
           std::string(ActionName(static_cast<Action>(a)));
    sep = ", ";
  }
  if (sep == ", ") out += ")";
  out += "\n";
  for (const ResourceChange& rc : plan.resource_changes) {
    if (rc.action == Action::kNoOp) continue;
    AppendChangeText(out, rc, true);
  }
  if (!plan.resource_drift.empty()) {
    out += "\nDrift detected by Terraform (changed outside Terraform): " +
           std::to_string(plan.resource_drift.size()) + "\n";
    for (const ResourceChange& rc : plan.resource_drift) {
      AppendChangeText(out, rc, true);
    }
  }
  std::size_t changed_outputs = 0;
  for (const OutputChange& oc : plan.output_changes) {
    if (oc.action != Action::kNoOp) ++changed_outputs;
  }
  if (changed_outputs > 0) {
    out += "\nOutput changes: " + std::to_string(changed_outputs) + "\n";
    for (const OutputChange& oc : plan.output_changes) {
      if (oc.action == Action::kNoOp) continue;
      out += "    " + oc.name + " (" + std::string(ActionName(oc.action));
      if (oc.sensitive) out += ", sensitive";
      if (oc.unknown) out += ", known after apply";
      out += ")\n";
    }
  }
  return out;
}

Status PlanShowJsonStream::OnChange(const ResourceChange& rc, bool drift) {
  std::string& out = drift ? drift_ : changes_;
  // Each item is rendered standalone at the nesting depth it ends up at.
  JsonWriter w(&out, 2);
  out += (drift ? drift_count_++ : change_count_++) ? ",\n    " : "\n    ";
  WriteChangeJson(w, rc);
  return OkStatus();
}

Status PlanShowJsonStream::OnChangeAt(const ResourceChange& rc, bool drift,
                                      std::uint32_t index) {
  std::string item;
  JsonWriter w(&item, 2);
  WriteChangeJson(w, rc);
  std::lock_guard<std::mutex> lock(slots_mu_);
  std::vector<std::string>& slots = drift ? drift_slots_ : change_slots_;
  if (slots.size() <= index) slots.resize(std::size_t{index} + 1);
  slots[index] = std::move(item);
  return OkStatus();
}

std::string PlanShowJsonStream::Finish(const Plan& plan) {
  std::string document;
  document.reserve(changes_.size() + drift_.size() + 4096);
  Finish(plan, [&document](std::string_view piece) { document += piece; });
  return document;
}

void PlanShowJsonStream::Finish(
    const Plan& plan, const std::function<void(std::string_view)>& sink) {
  // The document goes out in pieces of about this size: a plan's rendered
  // changes can be as large as the plan, and one string holding all of
  // them would be a second copy in fresh (page-faulting) memory.
  constexpr std::size_t kPieceBytes = std::size_t{1} << 18;
  std::string out;
  out.reserve(kPieceBytes + 4096);
  auto flush = [&] {
    if (!out.empty()) sink(out);
    out.clear();
  };
  JsonWriter w(&out, 2);
  // A list rendered by OnChange (one string, separators in it) or by
  // OnChangeAt (one string per entry, in index order).
  auto write_list = [&](std::string& items, std::size_t count,
                        std::vector<std::string>& slots) {
    if (count == 0 && slots.empty()) {
      w.Raw("[]");
      return;
    }
    w.Raw("[");  // the writer places the value; the rest continues its text
    if (count > 0) {
      flush();
      sink(items);
    }
    for (const std::string& item : slots) {
      out += count++ ? ",\n    " : "\n    ";
      out += item;
      if (out.size() >= kPieceBytes) flush();
    }
    out += "\n  ]";
    items.clear();
    items.shrink_to_fit();
    slots.clear();
  };
  w.BeginObject();
  w.Member("format_version", plan.format_version);
  w.Key("terraform_version");
  if (plan.terraform_version.empty()) {
    w.Null();
  } else {
    w.String(plan.terraform_version);
  }
  if (plan.errored) {
    w.Key("errored");
    w.Bool(true);
  }
  w.Key("resource_changes");
  write_list(changes_, change_count_, change_slots_);
  w.Key("resource_drift");
  write_list(drift_, drift_count_, drift_slots_);
  w.Key("output_changes");
  w.BeginObject();
  for (const OutputChange& oc : plan.output_changes) {
    w.Key(oc.name);
    w.BeginObject();
    w.Member("action", ActionName(oc.action));
    w.Key("actions");
    w.StringArray(oc.actions);
    w.Key("sensitive");
    w.Bool(oc.sensitive);
    w.Key("unknown");
    w.Bool(oc.unknown);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  out.push_back('\n');
  flush();
}

std::string PlanShowJson(const Plan& plan) {
  PlanShowJsonStream stream;
  for (const ResourceChange& rc : plan.resource_changes) {
    (void)stream.OnChange(rc, false);
  }
  for (const ResourceChange& rc : plan.resource_drift) {
    (void)stream.OnChange(rc, true);
  }
  return stream.Finish(plan);
}

}  // namespace v1
}  // namespace dw
