// File: src/core/json/span_batches.hpp
//
// Parses the entries a top-level walk located (top_level_locator.hpp), each
// as its own JSON value, on several threads. Entries are taken in batches;
// a batch becomes one document holding its values as consecutive roots, so
// a million small values cost a few hundred documents, not a million, and
// each thread reuses one simdjson parser. The documents share the input's
// bytes, and every value keeps its offset in the whole input.
#ifndef DRIFTWISE_SRC_CORE_JSON_SPAN_BATCHES_HPP
#define DRIFTWISE_SRC_CORE_JSON_SPAN_BATCHES_HPP

#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <span>
#include <vector>

#include "common/populate_pages.hpp"
#include "driftwise/json.hpp"
#include "driftwise/status.hpp"
#include "json/json_impl.hpp"
#include "json/top_level_locator.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

/// Reads one batch: `entries` and their parsed `values`, in input order.
/// `batch` numbers the batch (0, 1, ... in input order). Runs on the
/// thread that parsed the batch; batches run concurrently and in any order.
using SpanBatchReader = std::function<Status(
    std::size_t batch, std::span<const LocatedEntry> entries,
    std::span<const JsonValue> values)>;

/// The number of batches ParseSpanBatches makes of `entries` entries.
std::size_t SpanBatchCount(std::size_t entries, std::size_t batch_size);

/// Parses `entries` of `source` in batches of `batch_size` on `threads`
/// threads (1: the calling thread only; 0: one per core, at most 8), and
/// hands each batch to `read`. On success one document per batch has been
/// appended to `documents`, in batch order (the values `read` saw stay
/// valid as long as they do). Errors: an entry that is not valid JSON (or that
/// simdjson's DOM refuses, such as an integer over 64 bits) gives
/// kInvalidArgument without detail: callers read the input with a full parser
/// instead, which names the byte. Otherwise the first failing batch's status
/// from `read`. When a batch fails, batches after it may still have been read.
Status ParseSpanBatches(std::shared_ptr<const JsonSource> source,
                        std::span<const LocatedEntry> entries, int threads,
                        std::size_t batch_size, const SpanBatchReader& read,
                        std::vector<JsonDocument>* documents);

/// Moves the batches' items, in batch order, to the end of `out`, and
/// releases each batch as it goes. Fresh memory `out` grows into is backed
/// first on `threads` threads (common/populate_pages.hpp): moving a million
/// items into pages faulted in one by one was most of the time.
template <typename T>
void AppendBatches(std::vector<std::vector<T>>& batches, std::vector<T>* out,
                   int threads) {
  std::size_t total = out->size();
  for (const std::vector<T>& b : batches) total += b.size();
  ReservePopulated(*out, total, threads);
  for (std::vector<T>& b : batches) {
    std::move(b.begin(), b.end(), std::back_inserter(*out));
    std::vector<T>().swap(b);
  }
}

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_JSON_SPAN_BATCHES_HPP
