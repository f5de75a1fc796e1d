// File: src/core/inventory/inventory_in_parts.cpp
//
// A driftwise-format list (a top-level array of records, or an object with
// a "resources" array) read in parts: the top level is walked once
// (json/top_level_locator.hpp), and batches of records are parsed and read
// on threads. An inventory of a million records is then read about as fast
// as the machine can page its bytes in, and no tree of the whole input is
// ever built. Other formats are read whole by their importers.
#include <algorithm>
#include <array>

#include "inventory/importers.hpp"
#include "json/json_span.hpp"
#include "json/span_batches.hpp"
#include "json/top_level_locator.hpp"

namespace dw {
inline namespace v1 {
namespace inventory_internal {
namespace {

// Records per batch: few allocations per batch, and batches small enough
// that threads finish together.
constexpr std::size_t kRecordsPerBatch = 512;

// A top-level array is a driftwise list when its first recognised record
// is one (as DetectInventoryFormat decides for the whole document); only
// the first few records are looked at before leaving it to that.
bool ArrayIsDriftwiseList(
    const std::shared_ptr<const internal::JsonSource>& source,
    const std::vector<internal::LocatedEntry>& entries) {
  constexpr std::size_t kLookAt = 16;
  if (entries.empty()) return true;
  for (std::size_t i = 0; i < std::min(entries.size(), kLookAt); ++i) {
    Result<JsonDocument> doc =
        internal::ParseJsonSpan(source, entries[i].offset, entries[i].length);
    if (!doc.ok()) return false;
    InventoryFormat f = DetectFromRecord(doc->root());
    if (f != InventoryFormat::kAuto) return f == InventoryFormat::kDriftwise;
  }
  return false;
}

}  // namespace

std::optional<Inventory> ReadInventoryInParts(
    const std::shared_ptr<const internal::JsonSource>& source,
    const InventoryOptions& options) {
  if (options.format != InventoryFormat::kAuto &&
      options.format != InventoryFormat::kDriftwise) {
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 1> kLists = {"resources"};
  internal::LocatedTopLevel top;
  if (!internal::LocateTopLevel(*source, kLists, /*array_root=*/true, top)) {
    return std::nullopt;
  }
  Inventory inv;
  inv.format = InventoryFormat::kDriftwise;
  if (top.root_is_array) {
    if (options.format == InventoryFormat::kAuto &&
        !ArrayIsDriftwiseList(source, top.entries)) {
      return std::nullopt;
    }
  } else {
    // An object is a driftwise list when it has a "resources" array.
    if (std::none_of(top.fields.begin(), top.fields.end(),
                     [](const internal::LocatedField& f) {
                       return f.name == "resources";
                     })) {
      return std::nullopt;
    }
    // Every other member is parsed too: the input must be JSON throughout,
    // as when it is read whole. covered_types is read (the last one, as
    // JsonValue::Get would find it).
    JsonValue covered;
    for (const internal::LocatedField& f : top.fields) {
      if (f.name == "resources") continue;
      Result<JsonDocument> doc =
          internal::ParseJsonSpan(source, f.offset, f.length);
      if (!doc.ok()) return std::nullopt;
      if (f.name == "covered_types") covered = doc->root();
      inv.documents.push_back(*std::move(doc));
    }
    for (JsonValue t : covered.elements()) {
      if (t.is_string()) inv.covered_types.emplace_back(t.as_string());
    }
  }
  const std::size_t batches =
      internal::SpanBatchCount(top.entries.size(), kRecordsPerBatch);
  std::vector<std::vector<LiveResource>> resources(batches);
  std::vector<std::vector<SkippedRecord>> skipped(batches);
  Status st = internal::ParseSpanBatches(
      source, top.entries, options.threads, kRecordsPerBatch,
      [&](std::size_t batch, std::span<const internal::LocatedEntry> entries,
          std::span<const JsonValue> values) {
        Inventory out;
        out.resources.reserve(entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
          ReadDriftwiseRecord(values[i], entries[i].index, &out);
        }
        resources[batch] = std::move(out.resources);
        skipped[batch] = std::move(out.skipped);
        return OkStatus();
      },
      &inv.documents);
  if (!st.ok()) return std::nullopt;
  internal::AppendBatches(resources, &inv.resources, options.threads);
  internal::AppendBatches(skipped, &inv.skipped, options.threads);
  return inv;
}

}  // namespace inventory_internal
}  // namespace v1
}  // namespace dw
