// File: src/core/plan/plan_parser.cpp
//
// Reads a `terraform show -json` plan in two passes. The first locates
// every top-level field and every entry of resource_changes and
// resource_drift (plan_locator.cpp; the On-Demand reader below takes plans
// the locator refuses, and reports their errors). The second parses the
// entries in batches with the DOM tree builder, diffs them
// (resource_change_reader.cpp) and keeps or drops them per
// ParsePlanOptions. output_changes and the small scalars are read during the
// first pass; every other field is only located, and parsed later by
// Plan::Section(). That keeps peak memory near the input size.
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <memory>
#include <mutex>
#include <utility>

#include "change_feed.hpp"
#include "common/fan_out.hpp"
#include "common/json_fields.hpp"
#include "common/path_set.hpp"
#include "driftwise/plan.hpp"
#include "json/json_builder.hpp"
#include "plan_locator.hpp"
#include "resource_change_reader.hpp"

namespace dw {
inline namespace v1 {

using internal::ChangeFeed;
using internal::ChangeScratch;
using internal::IsJsonSpace;
using internal::JoinPath;
using internal::JsonDocImpl;
using internal::JsonSource;
using internal::PendingChange;
using internal::ReadResourceChange;

namespace {

// Everything a Plan keeps alive: its input and the retained change trees.
struct PlanStorage {
  std::shared_ptr<const JsonSource> source;
  std::vector<std::shared_ptr<const JsonDocImpl>> trees;
  std::vector<JsonDocument> sections;
};

Status ReadDeferredChanges(const JsonValue& list,
                           const ParsePlanOptions& options,
                           std::vector<DeferredChange>* out) {
  const std::string path = "deferred_changes";
  if (list.is_null()) return OkStatus();
  if (!list.is_array()) return internal::WrongType(list, "array", path);
  std::size_t i = 0;
  ChangeScratch scratch;
  for (JsonValue entry : list.elements()) {
    std::string epath = internal::IndexPath(path, i++);
    if (!entry.is_object()) return internal::WrongType(entry, "object", epath);
    DeferredChange d;
    DW_RETURN_IF_ERROR(
        internal::ReadOptionalString(entry, "reason", epath, &d.reason));
    JsonValue rc = entry.Get("resource_change");
    DW_RETURN_IF_ERROR(ReadResourceChange(
        rc, JoinPath(epath, "resource_change"), options, d.change, scratch));
    d.change.length = rc.ToJson().size();  // compact length: no source span
    out->push_back(std::move(d));
  }
  return OkStatus();
}

Status ReadOutputChanges(const JsonValue& obj, const ParsePlanOptions& options,
                         std::vector<OutputChange>* out) {
  const std::string path = "output_changes";
  if (obj.is_null()) return OkStatus();
  if (!obj.is_object()) return internal::WrongType(obj, "object", path);
  for (JsonMember m : obj.members()) {
    std::string opath = JoinPath(path, m.key);
    if (!m.value.is_object()) {
      return internal::WrongType(m.value, "object", opath);
    }
    OutputChange oc;
    oc.name = std::string(m.key);
    DW_RETURN_IF_ERROR(internal::ReadStringArray(m.value, "actions", opath,
                                                 true, &oc.actions));
    ReplaceOrder order;
    auto folded = FoldActions(oc.actions, &order);
    if (!folded.ok()) {
      std::string apath = JoinPath(opath, "actions");
      return InvalidArgumentError(apath + ": " + folded.status().message(),
                                  m.value.Get("actions").offset(), apath);
    }
    oc.action = *folded;
    auto any_true = [](const JsonValue& v) {
      internal::PathSet p;
      internal::CollectTrueSteps(v, p);
      return !p.empty();
    };
    oc.sensitive = any_true(m.value.Get("before_sensitive")) ||
                   any_true(m.value.Get("after_sensitive"));
    oc.unknown = any_true(m.value.Get("after_unknown"));
    if (options.retain_values) {
      oc.before = m.value.Get("before");
      oc.after = m.value.Get("after");
    }
    out->push_back(std::move(oc));
  }
  return OkStatus();
}

// The second pass: parses and diffs located changes on up to
// ParsePlanOptions::threads threads. Ordered streaming (on_change) goes in
// batches, handed on in input order after each; everything else (changes
// kept in the plan, unordered streaming) is shared out a few changes at a
// time from a feed, without batches. Each thread has its own simdjson
// parser and appends the changes it parses to one tree: a tree per change
// would cost an allocation and a free per change for nothing. Retained
// trees are kept by the plan; otherwise a thread reuses its tree (and its
// memory) for the next changes.
class ChangeListProcessor {
 public:
  ChangeListProcessor(std::shared_ptr<const JsonSource> source,
                      const ParsePlanOptions& options, PlanStorage& storage)
      : source_(std::move(source)), options_(options), storage_(storage) {
    const unsigned threads = internal::FanOutThreads(options.threads);
    for (unsigned t = 0; t < threads; ++t) workers_.emplace_back(source_);
  }

  Status Run(std::vector<PendingChange>& pending,
             std::vector<ResourceChange>& changes,
             std::vector<ResourceChange>& drift) {
    // Changes kept in the plan are put in order at the end, so they too
    // can be parsed in any order, on threads that never wait for a batch.
    const bool keep = !options_.on_change && !options_.on_change_unordered;
    if (options_.on_change_unordered || (keep && workers_.size() > 1)) {
      ChangeFeed feed(pending.size());
      for (PendingChange& p : pending) feed.Push(std::move(p));
      feed.Close();
      std::vector<ResourceChange> kept(keep ? feed.size() : 0);
      StartUnordered(feed, keep ? &kept : nullptr);
      DW_RETURN_IF_ERROR(FinishUnordered());
      for (std::size_t i = 0; i < kept.size(); ++i) {
        (feed[i].drift ? drift : changes).push_back(std::move(kept[i]));
      }
      return OkStatus();
    }
    // 256 changes per thread per batch: each batch starts and joins the
    // helper threads, which on a busy machine can wait for a core, so a
    // batch must carry enough work to be worth that wait.
    const std::size_t batch = 256 * workers_.size();
    std::vector<Slot> slots;
    for (std::size_t b = 0; b < pending.size(); b += batch) {
      const std::size_t n = std::min(batch, pending.size() - b);
      slots.clear();
      slots.resize(n);
      RunBatch(&pending[b], slots);
      for (std::size_t i = 0; i < n; ++i) {
        Slot& slot = slots[i];
        DW_RETURN_IF_ERROR(slot.status);
        if (options_.on_change) {
          DW_RETURN_IF_ERROR(options_.on_change(slot.rc, pending[b + i].drift));
        }
        if (options_.retain_values && slot.own_tree) {
          storage_.trees.push_back(std::move(slot.own_tree));
        }
        if (!options_.on_change && !options_.on_change_unordered) {
          (pending[b + i].drift ? drift : changes)
              .push_back(std::move(slot.rc));
        }
      }
      for (Worker& worker : workers_) EndBatch(worker);
    }
    return OkStatus();
  }

  // Unordered streaming needs neither batches nor slots: threads take the
  // next few changes of a feed from a shared counter (so a thread that
  // loses its core holds up nobody), parse each into their own tree and
  // ResourceChange, hand it over and forget it. The feed may still be
  // growing: threads wait for the changes the locator has not reached.
  // Only the first failure in input order is kept; changes after it are no
  // longer started.
  //
  // StartUnordered starts the helper threads; FinishUnordered makes the
  // calling thread one more worker until the feed is drained, joins the
  // helpers and returns the status. Between them the caller may fill and
  // close the feed (which must outlive FinishUnordered).
  void StartUnordered(const ChangeFeed& feed,
                      std::vector<ResourceChange>* kept = nullptr) {
    unordered_ = std::make_unique<UnorderedRun>();
    unordered_->feed = &feed;
    unordered_->kept = kept;
    // A worker whose thread cannot start runs in FinishUnordered, where
    // the others have usually left it nothing to take.
    unordered_->helpers = std::make_unique<internal::FanOutGroup>(
        static_cast<unsigned>(workers_.size()),
        [this](unsigned w) { WorkUnordered(w); });
  }

  Status FinishUnordered() {
    unordered_->helpers->Join();  // WorkUnordered never throws
    // Trees the handed-over values pointed into stay with the plan.
    if (options_.retain_values) {
      for (Worker& worker : workers_) EndBatch(worker);
    }
    std::unique_ptr<UnorderedRun> run = std::move(unordered_);
    return run->first_failed.load() != kNoFailure ? std::move(run->failure)
                                                  : OkStatus();
  }

 private:
  struct Worker {
    explicit Worker(std::shared_ptr<const JsonSource> source)
        : dom(source), tree(NewTree(source)) {}
    internal::DomTreeBuilder dom;
    std::shared_ptr<JsonDocImpl> tree;  // this batch's changes, appended
    ChangeScratch scratch;
  };
  struct Slot {
    ResourceChange rc;
    std::shared_ptr<JsonDocImpl> own_tree;  // set when parsed on its own
    Status status;
  };

  static std::shared_ptr<JsonDocImpl> NewTree(
      std::shared_ptr<const JsonSource> source) {
    auto tree = std::make_shared<JsonDocImpl>();
    tree->source = std::move(source);
    return tree;
  }

  void RunBatch(const PendingChange* pending, std::vector<Slot>& slots) {
    const std::size_t n = slots.size();
    const std::size_t threads = std::min(workers_.size(), n);
    // Never throws: a failure (out of memory) becomes that slot's status.
    auto work = [&](std::size_t w) noexcept {
      for (std::size_t i = w * n / threads; i < (w + 1) * n / threads; ++i) {
        try {
          Process(workers_[w], pending[i], slots[i]);
        } catch (const std::exception& e) {
          slots[i].status =
              Status(StatusCode::kResourceExhausted,
                     std::string("reading a change: ") + e.what());
        }
      }
    };
    internal::FanOut(static_cast<unsigned>(threads),
                     [&](unsigned w) { work(w); });
  }

  static constexpr std::size_t kNoFailure = static_cast<std::size_t>(-1);

  struct UnorderedRun {
    const ChangeFeed* feed = nullptr;
    // Where change i goes when the plan keeps its changes (sized to the
    // feed, which is then complete from the start); null when streaming.
    std::vector<ResourceChange>* kept = nullptr;
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> first_failed{kNoFailure};
    std::mutex mu;  // guards failure and storage_.trees
    Status failure;
    // Last, so that it is destroyed (its threads joined) first.
    std::unique_ptr<internal::FanOutGroup> helpers;
  };

  // Never throws: a failure (out of memory, a throwing callback) becomes
  // that change's status.
  void WorkUnordered(std::size_t w) noexcept {
    constexpr std::size_t kChunk = 8;
    UnorderedRun& run = *unordered_;
    Worker& worker = workers_[w];
    Slot slot;
    for (;;) {
      // Stops when the feed closed before this chunk, or after a failure.
      const std::size_t begin = run.next.fetch_add(kChunk);
      if (!run.feed->Wait(begin) || begin > run.first_failed.load()) break;
      for (std::size_t i = begin; i < begin + kChunk; ++i) {
        if (!run.feed->Wait(i)) break;
        slot.rc = ResourceChange();
        try {
          Process(worker, (*run.feed)[i], slot);
        } catch (const std::exception& e) {
          slot.status = Status(StatusCode::kResourceExhausted,
                               std::string("reading a change: ") + e.what());
        }
        if (run.kept != nullptr && slot.status.ok()) {
          (*run.kept)[i] = std::move(slot.rc);
        }
        if (options_.retain_values && slot.own_tree) {
          std::lock_guard<std::mutex> lock(run.mu);
          storage_.trees.push_back(std::move(slot.own_tree));
        }
        slot.own_tree.reset();
        if (!slot.status.ok()) {
          std::lock_guard<std::mutex> lock(run.mu);
          if (i < run.first_failed.load()) {
            run.first_failed.store(i);
            run.failure = std::move(slot.status);
          }
          slot.status = OkStatus();
          break;
        }
      }
      if (!options_.retain_values) EndBatch(worker);
    }
  }

  void Process(Worker& worker, const PendingChange& p, Slot& slot) {
    if (!p.error.ok()) {
      slot.status = p.error;
      return;
    }
    JsonDocImpl& tree = *worker.tree;
    const std::size_t nodes = tree.nodes.size();
    const std::size_t numbers = tree.numbers.size();
    const std::size_t arena = tree.arena.size();
    JsonValue root;
    if (worker.dom.Build(p.offset, p.length, tree).ok()) {
      tree.Seal();  // the vectors may have moved
      root = tree.Value(static_cast<std::uint32_t>(nodes));
    } else {
      // Drop what the failed attempt appended.
      tree.nodes.resize(nodes);
      tree.numbers.resize(numbers);
      tree.arena.resize(arena);
      // simdjson's DOM refuses some valid JSON (integers over 64 bits);
      // the On-Demand reader takes it, or names the bad byte.
      auto slow = internal::ParseJsonSpanSlow(source_, p.offset, p.length);
      if (!slow.ok()) {
        slot.status = slow.status();
        return;
      }
      slot.own_tree = std::move(*slow);
      root = slot.own_tree->Value(0);
    }
    slot.rc.length = p.length;
    slot.status = ReadResourceChange(
        root,
        internal::IndexPath(p.drift ? "resource_drift" : "resource_changes",
                            p.index),
        options_, slot.rc, worker.scratch);
    if (slot.status.ok() && options_.on_change_unordered) {
      slot.status = options_.on_change_unordered(slot.rc, p.drift, p.ordinal);
    }
  }

  void EndBatch(Worker& worker) {
    if (worker.tree->nodes.empty()) return;
    if (options_.retain_values) {
      // Values of this batch point into the tree: the plan keeps it.
      storage_.trees.push_back(std::move(worker.tree));
      worker.tree = NewTree(source_);
      return;
    }
    worker.tree->nodes.clear();
    worker.tree->numbers.clear();
    worker.tree->arena.clear();
  }

  std::shared_ptr<const JsonSource> source_;
  const ParsePlanOptions& options_;
  PlanStorage& storage_;
  std::vector<Worker> workers_;
  std::unique_ptr<UnorderedRun> unordered_;
};

class PlanReader {
 public:
  PlanReader(std::shared_ptr<const JsonSource> source,
             const ParsePlanOptions& options, PlanStorage& storage)
      : source_(std::move(source)),
        options_(options),
        storage_(storage),
        builder_(source_) {}

  Status Read(
      simdjson::ondemand::document& doc, Plan& plan,
      std::vector<std::string>& names,
      std::vector<std::pair<std::string,
                            std::pair<std::uint64_t, std::uint64_t>>>& spans) {
    simdjson::ondemand::object root;
    if (auto e = doc.get_object().get(root)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return InvalidArgumentError(
            "not a Terraform plan: the top-level JSON value is not an object",
            0);
      }
      return internal::JsonSyntaxError(e, *source_, nullptr);
    }
    for (auto field_result : root) {
      simdjson::ondemand::field field;
      if (auto e = std::move(field_result).get(field)) return Syntax(e, doc);
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return Syntax(e, doc);
      std::string name(key);
      simdjson::ondemand::value value = field.value();
      std::string_view tok = value.raw_json_token();
      const std::uint64_t start = Offset(tok.data());
      names.push_back(name);
      if (name == "resource_changes" || name == "resource_drift") {
        DW_RETURN_IF_ERROR(ReadChangeList(value, name, doc));
        spans.push_back({name, {start, EndOffset(doc) - start}});
      } else {
        std::string_view raw;
        DW_RETURN_IF_ERROR(RawValue(value, doc, &raw));
        spans.push_back({name, {start, raw.size()}});
        if (ReadNow(name)) {
          DW_ASSIGN_OR_RETURN(
              JsonDocument sub,
              internal::ParseJsonSpan(source_, start, raw.size()));
          DW_RETURN_IF_ERROR(ReadKnownScalar(name, sub, plan));
        }
      }
    }
    auto loc = doc.current_location();
    if (!loc.error()) {
      return InvalidArgumentError(
          "invalid JSON: unexpected content after the top-level object",
          Offset(loc.value_unsafe()));
    }
    return OkStatus();
  }

  /// Read() from the fast locator's result (plan_locator.hpp): the same
  /// field names, spans, plan fields and pending changes.
  Status ReadLocated(
      const internal::LocatedPlan& located, Plan& plan,
      std::vector<std::string>& names,
      std::vector<std::pair<std::string,
                            std::pair<std::uint64_t, std::uint64_t>>>& spans) {
    for (const internal::LocatedField& f : located.fields) {
      names.push_back(f.name);
      spans.push_back({f.name, {f.offset, f.length}});
      if (ReadNow(f.name)) {
        DW_ASSIGN_OR_RETURN(JsonDocument sub, internal::ParseJsonSpan(
                                                  source_, f.offset, f.length));
        DW_RETURN_IF_ERROR(ReadKnownScalar(f.name, sub, plan));
      }
    }
    for (const internal::LocatedChange& c : located.changes) {
      pending_.push_back({c.offset, c.length, c.drift, c.index,
                          ordinals_.Next(c.drift), OkStatus()});
    }
    return OkStatus();
  }

  /// The resource changes located by Read(), in input order.
  std::vector<PendingChange>& pending() { return pending_; }
  /// Forgets what was located, for a second attempt.
  void Reset() {
    pending_.clear();
    ordinals_ = internal::ChangeOrdinals();
  }

 private:
  std::uint64_t Offset(const char* p) const {
    return static_cast<std::uint64_t>(p - source_->data());
  }

  // Top-level fields read during the first pass; the rest are only located.
  static bool ReadNow(std::string_view name) {
    return name == "output_changes" || name == "format_version" ||
           name == "terraform_version" || name == "errored" ||
           name == "applyable" || name == "complete" || name == "timestamp";
  }

  Status Syntax(simdjson::error_code e, simdjson::ondemand::document& doc) {
    const char* where = nullptr;
    auto loc = doc.current_location();
    if (!loc.error()) where = loc.value_unsafe();
    return internal::JsonSyntaxError(e, *source_, where);
  }

  // The byte offset just past the value the iterator has consumed.
  std::uint64_t EndOffset(simdjson::ondemand::document& doc) {
    const char* base = source_->data();
    const char* next = base + source_->size();
    auto loc = doc.current_location();
    if (!loc.error()) next = loc.value_unsafe();
    const char* p = next;
    while (p > base && (IsJsonSpace(p[-1]))) --p;
    return Offset(p);
  }

  // raw_json() runs up to the next token; drop the whitespace before it.
  static std::string_view TrimRight(std::string_view raw) {
    while (!raw.empty() && IsJsonSpace(raw.back())) raw.remove_suffix(1);
    return raw;
  }

  // Consumes `value`, returning its exact bytes.
  Status RawValue(simdjson::ondemand::value& value,
                  simdjson::ondemand::document& doc, std::string_view* raw) {
    simdjson::ondemand::json_type t;
    if (auto e = value.type().get(t)) return Syntax(e, doc);
    if (t == simdjson::ondemand::json_type::object) {
      simdjson::ondemand::object o;
      if (auto e = value.get_object().get(o)) return Syntax(e, doc);
      if (auto e = o.raw_json().get(*raw)) return Syntax(e, doc);
      *raw = TrimRight(*raw);
    } else if (t == simdjson::ondemand::json_type::array) {
      simdjson::ondemand::array a;
      if (auto e = value.get_array().get(a)) return Syntax(e, doc);
      if (auto e = a.raw_json().get(*raw)) return Syntax(e, doc);
      *raw = TrimRight(*raw);
    } else {
      std::string_view tok = value.raw_json_token();
      std::size_t n = tok.size();
      while (n > 0 && IsJsonSpace(tok[n - 1])) --n;
      *raw = tok.substr(0, n);
    }
    return OkStatus();
  }

  // Records where one resource change is. Objects (the normal case) are
  // only located here and parsed later, possibly on several threads; for
  // anything else the error is worked out now, with its exact offset.
  Status LocateElement(simdjson::ondemand::value& elem,
                       simdjson::ondemand::document& doc,
                       const std::string& name, PendingChange& pending) {
    simdjson::ondemand::json_type t;
    if (auto e = elem.type().get(t)) return Syntax(e, doc);
    if (t != simdjson::ondemand::json_type::object) {
      DW_RETURN_IF_ERROR(builder_.Append(elem));
      std::shared_ptr<JsonDocImpl> tree = builder_.Finish();
      ResourceChange rc;
      ChangeScratch scratch;
      pending.error = ReadResourceChange(
          tree->Value(0), internal::IndexPath(name, pending.index), options_,
          rc, scratch);
      if (pending.error.ok()) {
        pending.error = InternalError("resource change is not an object");
      }
      return OkStatus();
    }
    simdjson::ondemand::object obj;
    std::string_view raw;
    if (auto e = elem.get_object().get(obj)) return Syntax(e, doc);
    if (auto e = obj.raw_json().get(raw)) return Syntax(e, doc);
    raw = TrimRight(raw);
    pending.offset = Offset(raw.data());
    pending.length = raw.size();
    return OkStatus();
  }

  Status ReadChangeList(simdjson::ondemand::value& value,
                        const std::string& name,
                        simdjson::ondemand::document& doc) {
    simdjson::ondemand::json_type t;
    if (auto e = value.type().get(t)) return Syntax(e, doc);
    if (t == simdjson::ondemand::json_type::null) {
      bool is_null = false;
      if (auto e = value.is_null().get(is_null)) return Syntax(e, doc);
      return OkStatus();
    }
    if (t != simdjson::ondemand::json_type::array) {
      std::string_view found = "string";
      switch (t) {
        case simdjson::ondemand::json_type::object:
          found = "object";
          break;
        case simdjson::ondemand::json_type::number:
          found = "number";
          break;
        case simdjson::ondemand::json_type::boolean:
          found = "boolean";
          break;
        default:
          break;
      }
      std::string_view tok = value.raw_json_token();
      return InvalidArgumentError(
          name + ": expected array, found " + std::string(found),
          Offset(tok.data()), name);
    }
    simdjson::ondemand::array arr;
    if (auto e = value.get_array().get(arr)) return Syntax(e, doc);
    std::uint32_t i = 0;
    const bool drift = name == "resource_drift";
    for (auto elem_result : arr) {
      simdjson::ondemand::value elem;
      if (auto e = std::move(elem_result).get(elem)) return Syntax(e, doc);
      PendingChange pending;
      pending.drift = drift;
      pending.index = i++;
      pending.ordinal = ordinals_.Next(drift);
      DW_RETURN_IF_ERROR(LocateElement(elem, doc, name, pending));
      pending_.push_back(std::move(pending));
    }
    return OkStatus();
  }

  Status ReadKnownScalar(const std::string& name, const JsonDocument& sub,
                         Plan& plan) {
    JsonValue v = sub.root();
    if (name == "output_changes") {
      DW_RETURN_IF_ERROR(ReadOutputChanges(v, options_, &plan.output_changes));
      if (options_.retain_values) {
        // Keep the output values alive with the plan.
        storage_.sections.push_back(sub);
      }
      return OkStatus();
    }
    if (name == "errored" || name == "applyable" || name == "complete") {
      if (v.is_null()) return OkStatus();
      if (!v.is_bool()) return internal::WrongType(v, "boolean", name);
      bool b = v.as_bool();
      if (name == "errored") plan.errored = b;
      if (name == "applyable") plan.applyable = b;
      if (name == "complete") plan.complete = b;
      return OkStatus();
    }
    if (v.is_null()) return OkStatus();
    if (!v.is_string()) return internal::WrongType(v, "string", name);
    std::string s(v.as_string());
    if (name == "format_version") plan.format_version = std::move(s);
    if (name == "terraform_version") plan.terraform_version = std::move(s);
    if (name == "timestamp") plan.timestamp = std::move(s);
    return OkStatus();
  }

  std::shared_ptr<const JsonSource> source_;
  const ParsePlanOptions& options_;
  PlanStorage& storage_;
  internal::JsonTreeBuilder builder_;
  std::vector<PendingChange> pending_;
  internal::ChangeOrdinals ordinals_;
};

Status CheckFormatVersion(const Plan& plan,
                          const std::vector<std::string>& names) {
  auto has = [&](std::string_view n) {
    for (const std::string& s : names) {
      if (s == n) return true;
    }
    return false;
  };
  if (plan.format_version.empty()) {
    if (has("resources") || has("values") || has("lineage")) {
      return InvalidArgumentError(
          "not a Terraform plan: this looks like a Terraform state; use "
          "`driftwise state show` (or dw::ParseState)",
          0, "format_version");
    }
    return InvalidArgumentError(
        "not a Terraform plan: missing format_version (expected the output "
        "of `terraform show -json PLANFILE`)",
        0, "format_version");
  }
  std::string_view fv = plan.format_version;
  std::size_t dot = fv.find('.');
  std::string_view major = fv.substr(0, dot);
  if (major != "0" && major != "1") {
    return UnimplementedError(
        "unsupported plan format_version " + plan.format_version +
            ": this driftwise reads 0.1 through 1.x; upgrade driftwise",
        kNoOffset, "format_version");
  }
  // Terraform's other -json outputs carry a format_version too. Read as a
  // plan they would say "nothing changes", which in CI is a silent pass, so
  // a file with none of a plan's own sections is refused and named.
  static constexpr std::string_view kPlanSections[] = {
      "planned_values",      "resource_changes",
      "resource_drift",      "output_changes",
      "prior_state",         "configuration",
      "relevant_attributes", "deferred_changes",
      "variables",           "checks"};
  for (std::string_view section : kPlanSections) {
    if (has(section)) return OkStatus();
  }
  std::string looks_like =
      has("provider_schemas")
          ? "a provider schema (`terraform providers schema -json`)"
      : has("function_signatures")
          ? "a functions list (`terraform metadata functions -json`)"
      : has("diagnostics") || has("valid")
          ? "validation output (`terraform validate -json`)"
      : has("values")
          ? "a Terraform state (`terraform show -json` of a state); "
            "use `driftwise state show`"
          : "JSON with a format_version but none of a plan's "
            "sections (planned_values, resource_changes, "
            "prior_state, configuration)";
  return InvalidArgumentError("not a Terraform plan: this looks like " +
                                  looks_like +
                                  "; expected the output of `terraform show "
                                  "-json PLANFILE`",
                              0, "format_version");
}

// True when `pending` starts with the changes of `feed`.
bool SameStart(const ChangeFeed& feed,
               const std::vector<PendingChange>& pending) {
  if (pending.size() < feed.size()) return false;
  for (std::size_t i = 0; i < feed.size(); ++i) {
    const PendingChange& a = feed[i];
    const PendingChange& b = pending[i];
    if (a.offset != b.offset || a.length != b.length || a.drift != b.drift ||
        a.index != b.index || a.ordinal != b.ordinal || !b.error.ok()) {
      return false;
    }
  }
  return true;
}

}  // namespace

// Befriended by Plan: fills its private members.
struct PlanReaderAccess {
  static Result<Plan> Parse(std::shared_ptr<JsonSource> source,
                            const ParsePlanOptions& options) {
    if (options.on_change && options.on_change_unordered) {
      return InvalidArgumentError(
          "ParsePlanOptions: set on_change or on_change_unordered, not both");
    }
    const bool wrapped = source->view().rfind("[command]", 0) == 0;
    auto storage = std::make_shared<PlanStorage>();
    storage->source = source;
    if (source->size() > std::numeric_limits<std::uint32_t>::max()) {
      return Status(StatusCode::kOutOfRange, "plan larger than 4 GiB");
    }
    Plan plan;
    std::vector<std::pair<std::string, std::pair<std::uint64_t, std::uint64_t>>>
        spans;
    PlanReader reader(source, options, *storage);
    ChangeListProcessor processor(source, options, *storage);
    // Unordered streaming parses changes while the first pass is still
    // locating them: the helper threads start on the first changes found,
    // and this thread joins them when the walk is done.
    const bool pipelined = static_cast<bool>(options.on_change_unordered);
    ChangeFeed feed(pipelined ? source->size() / 2 + 1 : 0);
    if (pipelined) processor.StartUnordered(feed);
    Status st;
    // First pass: locate everything. The fast locator reads well-formed
    // plans; the On-Demand reader takes the rest (and any error, which it
    // describes exactly).
    bool located = false;
    {
      internal::LocatedPlan fast;
      std::function<void(const internal::LocatedChange&)> to_feed;
      if (pipelined) {
        to_feed = [&feed, ordinals = internal::ChangeOrdinals()](
                      const internal::LocatedChange& c) mutable {
          feed.Push({c.offset, c.length, c.drift, c.index,
                     ordinals.Next(c.drift), OkStatus()});
        };
      }
      if (internal::LocatePlan(*source, fast, to_feed)) {
        located = reader.ReadLocated(fast, plan, plan.field_names_, spans).ok();
        if (!located) {
          plan = Plan();
          spans.clear();
          reader.Reset();
          storage->sections.clear();
        }
      }
    }
    if (pipelined) feed.Close();
    if (!located) {
      simdjson::ondemand::parser parser;
      simdjson::ondemand::document doc;
      if (auto e = parser.iterate(internal::PaddedView(*source)).get(doc)) {
        st = internal::JsonSyntaxError(e, *source, nullptr);
      } else {
        st = reader.Read(doc, plan, plan.field_names_, spans);
      }
    }
    if (pipelined) {
      // The changes the fast locator found before it gave up (if it did)
      // are handed over already: they are the start of what the On-Demand
      // reader found, and only the rest is left to do.
      Status fed = processor.FinishUnordered();
      if (st.ok() && !fed.ok()) {
        st = fed;  // the first failing change comes before the rest
      } else if (st.ok() && !located) {
        std::vector<PendingChange>& rest = reader.pending();
        if (!SameStart(feed, rest)) {
          st = InternalError("plan: the two readers located different changes");
        } else {
          rest.erase(rest.begin(),
                     rest.begin() + static_cast<std::ptrdiff_t>(feed.size()));
          st = processor.Run(rest, plan.resource_changes, plan.resource_drift);
        }
      }
    } else if (st.ok()) {
      st = processor.Run(reader.pending(), plan.resource_changes,
                         plan.resource_drift);
    }
    if (!st.ok()) {
      if (wrapped) {
        return st.WithContext(
            "the input starts with '[command]': it is the hashicorp/"
            "setup-terraform wrapper's output, not plan JSON (set "
            "terraform_wrapper: false, or strip the wrapper lines)");
      }
      return st;
    }
    DW_RETURN_IF_ERROR(CheckFormatVersion(plan, plan.field_names_));
    for (const auto& [name, span] : spans) {
      if (name != "deferred_changes") continue;
      DW_ASSIGN_OR_RETURN(
          JsonDocument section,
          internal::ParseJsonSpan(source, span.first, span.second));
      DW_RETURN_IF_ERROR(
          ReadDeferredChanges(section.root(), options, &plan.deferred_changes));
      if (options.retain_values) storage->sections.push_back(section);
    }
    for (auto& [name, span] : spans) {
      plan.sections_.push_back({name, span.first, span.second});
    }
    plan.source_ = source->view();
    plan.keep_alive_ = std::move(storage);
    return plan;
  }
};

Result<Plan> ParsePlan(std::string input, const ParsePlanOptions& options) {
  return PlanReaderAccess::Parse(internal::MakeJsonSource(std::move(input)),
                                 options);
}

Result<Plan> ParsePlanFile(const std::string& path,
                           const ParsePlanOptions& options) {
  // Unordered streaming parses while the first pass walks the file: its
  // page faults then overlap the parsing instead of preceding it.
  const auto paging = options.on_change_unordered
                          ? internal::FilePaging::kOnTouch
                          : internal::FilePaging::kPrefault;
  DW_ASSIGN_OR_RETURN(std::shared_ptr<JsonSource> source,
                      internal::ReadJsonFile(path, paging));
  return PlanReaderAccess::Parse(std::move(source), options);
}

Result<JsonDocument> Plan::Section(std::string_view name) const {
  const Span* found = nullptr;
  for (const Span& s : sections_) {
    if (s.name == name) found = &s;  // last duplicate wins
  }
  if (found == nullptr) {
    return NotFoundError("plan has no field \"" + std::string(name) + "\"");
  }
  auto storage = std::static_pointer_cast<const PlanStorage>(keep_alive_);
  return internal::ParseJsonSpan(storage->source, found->offset, found->length);
}

std::string_view Plan::source() const { return source_; }

}  // namespace v1
}  // namespace dw
