// File: src/core/json/span_batches.cpp
#include "json/span_batches.hpp"

#include <algorithm>
#include <atomic>
#include <string>

#include "common/fan_out.hpp"
#include "json/json_builder.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

std::size_t SpanBatchCount(std::size_t entries, std::size_t batch_size) {
  return (entries + batch_size - 1) / batch_size;
}

Status ParseSpanBatches(std::shared_ptr<const JsonSource> source,
                        std::span<const LocatedEntry> entries, int threads,
                        std::size_t batch_size, const SpanBatchReader& read,
                        std::vector<JsonDocument>* documents) {
  batch_size = std::max<std::size_t>(batch_size, 1);
  const std::size_t batches = SpanBatchCount(entries.size(), batch_size);
  const std::size_t first_document = documents->size();
  documents->resize(first_document + batches);
  std::vector<Status> status(batches);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  // Each thread takes the next batch until none is left (or one failed):
  // batches cost about the same, so a shared counter balances the threads
  // without any batch being planned ahead. Never throws: a failure (out of
  // memory) becomes that batch's status.
  auto read_batch = [&](DomTreeBuilder& builder,
                        std::vector<std::uint32_t>& roots,
                        std::vector<JsonValue>& values, std::size_t b) {
    std::span<const LocatedEntry> mine = entries.subspan(
        b * batch_size, std::min(batch_size, entries.size() - b * batch_size));
    auto impl = std::make_shared<JsonDocImpl>();
    impl->source = source;
    roots.clear();
    for (const LocatedEntry& e : mine) {
      roots.push_back(static_cast<std::uint32_t>(impl->nodes.size()));
      DW_RETURN_IF_ERROR(builder.Build(e.offset, e.length, *impl));
    }
    // Built with room to grow; kept only as large as it is.
    impl->nodes.shrink_to_fit();
    impl->Seal();
    values.clear();
    for (std::uint32_t r : roots) values.push_back(impl->Value(r));
    Status st = read(b, mine, values);
    (*documents)[first_document + b] =
        JsonDocImpl::MakeDocument(std::move(impl));
    return st;
  };
  auto work = [&]() noexcept {
    try {
      DomTreeBuilder builder(source);
      std::vector<std::uint32_t> roots;
      std::vector<JsonValue> values;
      for (std::size_t b; !failed.load(std::memory_order_relaxed) &&
                          (b = next.fetch_add(1)) < batches;) {
        Status st;
        try {
          st = read_batch(builder, roots, values, b);
        } catch (const std::exception& e) {
          st = Status(StatusCode::kResourceExhausted,
                      std::string("reading a batch: ") + e.what());
        }
        if (!st.ok()) {
          status[b] = std::move(st);
          failed.store(true, std::memory_order_relaxed);
        }
      }
    } catch (const std::exception&) {
      // No parser to be had: the batches left go to the other threads, or
      // fail below as never read.
    }
  };
  // Every thread runs the same loop; one that could not start leaves its
  // batches to the others.
  FanOut(FanOutThreads(threads, batches), [&](unsigned) { work(); });
  for (Status& st : status) {
    if (!st.ok()) return std::move(st);
  }
  if (next.load() < batches) {
    return Status(StatusCode::kResourceExhausted,
                  "reading in batches: out of memory");
  }
  return OkStatus();
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
