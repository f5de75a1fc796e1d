// File: src/core/audit/verify.cpp
//
// Verifying chains: in memory (VerifyAuditEvents) and from JSONL text
// (VerifyAuditJsonl). The JSONL verifier splits the text into one chunk per
// thread; each thread parses, encodes and hashes its lines and checks the
// links inside its chunk, stopping at its first failure. The links between
// chunks are then checked in order. Because every check before the first
// real failure passes, checking a link against the previous line (inside a
// chunk) gives the same first failure as checking against the whole chain.
#include <algorithm>
#include <string>
#include <vector>

#include "audit/event_codec.hpp"
#include "audit/sha256.hpp"
#include "audit/verify_check.hpp"
#include "common/fan_out.hpp"
#include "driftwise/audit.hpp"
#include "driftwise/json.hpp"

namespace dw {
inline namespace v1 {
namespace {

using audit_internal::ChainContext;
using audit_internal::EventView;

void SetHead(VerifyReport* r, std::uint64_t seq, const Hash256& hash) {
  r->head_seq = seq;
  r->head_hash = HashToHex(hash);
}

void MarkBroken(VerifyReport* r, std::uint64_t seq, std::string reason) {
  r->status = ChainStatus::kBroken;
  r->first_bad_seq = seq;
  r->reason = std::move(reason);
}

// A segment anchored to an event of another chain cannot be right.
bool StartMismatch(const ChainContext& ctx, const VerifyOptions& options,
                   VerifyReport* r) {
  if (options.start_after && options.start_after->chain_id != ctx.chain_id) {
    MarkBroken(r, ctx.start_seq,
               "seq " + std::to_string(ctx.start_seq) + ": chain_id \"" +
                   ctx.chain_id + "\" differs from the preceding event's \"" +
                   options.start_after->chain_id + "\"");
    return true;
  }
  return false;
}

// What one worker found in its chunk of lines.
struct ChunkResult {
  std::uint64_t count = 0;  // lines that passed (before any failure)
  bool first_parsed = false;
  std::uint64_t first_seq = 0;
  Hash256 first_prev{};
  std::uint64_t last_seq = 0;  // last line that passed
  Hash256 last_hash{};
  bool failed = false;
  bool parse_error = false;
  std::uint64_t fail_offset = 0;
  std::string fail_reason;
};

void VerifyChunk(std::string_view text, std::size_t begin, std::size_t end,
                 const ChainContext& ctx, ChunkResult* out) {
  audit_internal::Sha256 sha;
  EventView view;
  std::string encoded;
  std::size_t pos = begin;
  bool first = true;
  while (pos < end) {
    std::size_t nl = text.find('\n', pos);
    std::size_t line_end = nl == std::string_view::npos ? text.size() : nl;
    Status s = audit_internal::ParseEventLine(text.substr(pos, line_end - pos),
                                              pos, &view);
    if (!s.ok()) {
      out->failed = true;
      out->parse_error = true;
      out->fail_offset = s.offset() == kNoOffset ? pos : s.offset();
      out->fail_reason = s.message();
      return;
    }
    if (first) {
      out->first_parsed = true;
      out->first_seq = view.seq;
      out->first_prev = view.prev_hash;
    } else {
      std::string why = audit_internal::CheckPosition(view, out->last_seq + 1,
                                                      out->last_hash, false);
      if (!why.empty()) {
        out->failed = true;
        out->fail_reason = std::move(why);
        return;
      }
    }
    audit_internal::EncodeEventInto(view, &encoded);
    std::string why =
        audit_internal::CheckContents(view, sha.Digest(encoded), ctx);
    if (!why.empty()) {
      out->failed = true;
      out->fail_reason = std::move(why);
      return;
    }
    first = false;
    ++out->count;
    out->last_seq = view.seq;
    out->last_hash = view.hash;
    pos = line_end + 1;
  }
}

// Splits [0, size) into up to `parts` ranges that start at line starts.
std::vector<std::size_t> ChunkBounds(std::string_view text, unsigned parts) {
  std::vector<std::size_t> bounds{0};
  for (unsigned k = 1; k < parts; ++k) {
    std::size_t target = text.size() / parts * k;
    target = std::max(target, bounds.back());
    std::size_t nl = text.find('\n', target);
    std::size_t b = nl == std::string_view::npos ? text.size() : nl + 1;
    bounds.push_back(b);
  }
  bounds.push_back(text.size());
  return bounds;
}

std::uint64_t LineNumberAt(std::string_view text, std::uint64_t offset) {
  offset = std::min<std::uint64_t>(offset, text.size());
  return 1 + static_cast<std::uint64_t>(
                 std::count(text.begin(), text.begin() + offset, '\n'));
}

}  // namespace

std::string_view ChainStatusName(ChainStatus status) noexcept {
  switch (status) {
    case ChainStatus::kIntact:
      return "intact";
    case ChainStatus::kBroken:
      return "broken";
    case ChainStatus::kTruncated:
      return "truncated";
  }
  return "unknown";
}

VerifyReport VerifyAuditEvents(std::span<const AuditEvent> events,
                               const VerifyOptions& options) {
  VerifyReport r;
  if (events.empty()) {
    audit_internal::FinishReport(nullptr, options, &r);
    return r;
  }
  ChainContext ctx = audit_internal::MakeContext(events[0].chain_id, options);
  if (StartMismatch(ctx, options, &r)) return r;
  audit_internal::Sha256 sha;
  std::string encoded;
  Hash256 expected_prev = ctx.start_prev;
  for (std::size_t i = 0; i < events.size(); ++i) {
    std::uint64_t expected_seq = ctx.start_seq + i;
    EventView v = audit_internal::ViewOf(events[i]);
    std::string why = audit_internal::CheckPosition(
        v, expected_seq, expected_prev, i == 0 && ctx.start_is_genesis);
    if (why.empty()) {
      audit_internal::EncodeEventInto(v, &encoded);
      why = audit_internal::CheckContents(v, sha.Digest(encoded), ctx);
    }
    if (!why.empty()) {
      MarkBroken(&r, expected_seq, std::move(why));
      return r;
    }
    ++r.checked;
    SetHead(&r, v.seq, v.hash);
    expected_prev = v.hash;
  }
  audit_internal::FinishReport(&ctx, options, &r);
  return r;
}

VerifyReport VerifyAuditJsonl(std::string_view text,
                              const VerifyOptions& options) {
  VerifyReport r;
  ChainContext ctx;
  {
    // The chain's id comes from its first line; workers need it up front.
    std::size_t nl = text.find('\n');
    std::string_view first =
        text.substr(0, nl == std::string_view::npos ? text.size() : nl);
    if (text.empty()) {
      audit_internal::FinishReport(nullptr, options, &r);
      return r;
    }
    EventView v;
    Status s = audit_internal::ParseEventLine(first, 0, &v);
    std::uint64_t start =
        options.start_after ? options.start_after->seq + 1 : 0;
    if (!s.ok()) {
      MarkBroken(&r, start,
                 "line 1 (byte " +
                     std::to_string(s.offset() == kNoOffset ? 0 : s.offset()) +
                     "): " + s.message());
      return r;
    }
    ctx = audit_internal::MakeContext(v.chain_id, options);
  }
  if (StartMismatch(ctx, options, &r)) return r;

  // Below ~64 KiB a thread costs more than it saves.
  const unsigned threads =
      internal::FanOutThreads(options.threads, 1 + text.size() / (64 * 1024));
  std::vector<std::size_t> bounds = ChunkBounds(text, threads);
  std::size_t chunks = bounds.size() - 1;
  std::vector<ChunkResult> results(chunks);
  internal::FanOut(static_cast<unsigned>(chunks), [&](unsigned k) {
    VerifyChunk(text, bounds[k], bounds[k + 1], ctx, &results[k]);
  });

  // Stitch the chunks together in order.
  std::uint64_t index = 0;  // lines before the current chunk
  Hash256 prev = ctx.start_prev;
  bool prev_is_genesis = ctx.start_is_genesis;
  for (const ChunkResult& c : results) {
    std::uint64_t expected_seq = ctx.start_seq + index;
    if (c.first_parsed) {
      EventView first;
      first.seq = c.first_seq;
      first.prev_hash = c.first_prev;
      std::string why = audit_internal::CheckPosition(first, expected_seq, prev,
                                                      prev_is_genesis);
      if (!why.empty()) {
        r.checked = index;
        MarkBroken(&r, expected_seq, std::move(why));
        return r;
      }
    }
    if (c.failed) {
      r.checked = index + c.count;
      if (c.count > 0) SetHead(&r, c.last_seq, c.last_hash);
      std::string reason = c.fail_reason;
      if (c.parse_error) {
        reason = "line " + std::to_string(LineNumberAt(text, c.fail_offset)) +
                 " (byte " + std::to_string(c.fail_offset) + "): " + reason;
      }
      MarkBroken(&r, expected_seq + c.count, std::move(reason));
      return r;
    }
    if (c.count > 0) {
      index += c.count;
      prev = c.last_hash;
      prev_is_genesis = false;
      SetHead(&r, c.last_seq, c.last_hash);
    }
  }
  r.checked = index;
  audit_internal::FinishReport(&ctx, options, &r);
  return r;
}

std::string VerifyReportToJson(const VerifyReport& r) {
  std::string out = "{\"status\":\"";
  out += ChainStatusName(r.status);
  out += "\",\"checked\":" + std::to_string(r.checked) + ",\"head_seq\":";
  out += r.head_seq ? std::to_string(*r.head_seq) : "null";
  out += ",\"head_hash\":";
  if (r.head_seq) {
    AppendJsonString(out, r.head_hash);
  } else {
    out += "null";
  }
  out += ",\"first_bad_seq\":";
  out += r.first_bad_seq ? std::to_string(*r.first_bad_seq) : "null";
  out += ",\"reason\":";
  AppendJsonString(out, r.reason);
  out += "}";
  return out;
}

}  // namespace v1
}  // namespace dw
