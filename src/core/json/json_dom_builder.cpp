// File: src/core/json/json_dom_builder.cpp
//
// The fast path from bytes to nodes: simdjson's DOM parser (runtime-selected
// SIMD kernels for both stages) writes its tape, and one linear pass turns
// the tape into our nodes. The tape carries no source positions, so the pass
// walks stage 1's structural index in step with it: every tape value, key
// and container end matches the next structural that is not ',' or ':'.
// That gives each node its exact byte offset, and lets strings without
// escapes point into the input instead of being copied.
//
// The tape format is simdjson's documented one (doc/tape.md): 64-bit words,
// type in the top byte; containers store the index past their end; strings
// an offset into the string buffer (uint32 length, bytes); numbers their
// value in the following word.
#include <algorithm>
#include <cstring>
#include <vector>

#include "json_builder.hpp"

// The tape walk below depends on simdjson 3's tape layout.
static_assert(simdjson::SIMDJSON_VERSION_MAJOR == 3, "check the tape format");

namespace dw {
inline namespace v1 {
namespace internal {
namespace {

constexpr std::uint64_t kValueMask = 0x00FFFFFFFFFFFFFFull;

std::uint32_t NumberTextLength(const char* p) {
  std::uint32_t n = 0;
  for (;;) {
    char c = p[n];
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
        c == 'e' || c == 'E') {
      ++n;
    } else {
      return n;
    }
  }
}

}  // namespace

Status DomTreeBuilder::Build(std::uint64_t offset, std::uint64_t length,
                             JsonDocImpl& out) {
  const char* base = source_->data() + offset;
  // The span is followed by readable bytes (the rest of the input and its
  // padding), so simdjson may parse in place without copying it.
  simdjson::dom::element root;
  auto error = parser_
                   .parse(reinterpret_cast<const std::uint8_t*>(base), length,
                          /*realloc_if_needed=*/false)
                   .get(root);
  if (error) return Status(StatusCode::kInvalidArgument, "dom parse failed");
  (void)root;

  const std::uint64_t* tape = parser_.doc.tape.get();
  const std::uint8_t* strings = parser_.doc.string_buf.get();
  const std::uint32_t* structurals =
      parser_.implementation->structural_indexes.get();
  const std::uint32_t n_structurals =
      parser_.implementation->n_structural_indexes;
  std::uint32_t cursor = 0;
  bool out_of_tokens = false;
  // Returns the byte offset (in the whole input) of the next token that is
  // not a separator.
  auto next_token = [&]() -> std::uint32_t {
    while (cursor < n_structurals) {
      char c = base[structurals[cursor]];
      if (c != ',' && c != ':') break;
      ++cursor;
    }
    if (cursor >= n_structurals) {
      out_of_tokens = true;  // cannot happen for a tape simdjson accepted
      return static_cast<std::uint32_t>(offset);
    }
    return static_cast<std::uint32_t>(offset + structurals[cursor++]);
  };

  auto& nodes = out.nodes;
  // About one node per 8 input bytes. Grow geometrically: callers append
  // many small spans to one tree, and an exact reserve per span would copy
  // the whole tree each time.
  const std::size_t want = nodes.size() + length / 8;
  if (nodes.capacity() < want) {
    nodes.reserve(std::max(want, nodes.capacity() * 2));
  }
  stack_.clear();
  counts_.clear();
  // tape[0] holds the index one past the final root word, which closes the
  // document; the values lie strictly between the two root words.
  const std::uint64_t end = (tape[0] & kValueMask) - 1;
  const char* src = source_->data();
  for (std::uint64_t i = 1; i < end;) {
    const std::uint64_t word = tape[i];
    const char type = static_cast<char>(word >> 56);
    if (type == '}' || type == ']') {
      next_token();
      std::uint32_t idx = stack_.back();
      std::uint32_t count = counts_.back();
      stack_.pop_back();
      counts_.pop_back();
      nodes[idx].a = nodes[idx].type == JsonType::kObject ? count / 2 : count;
      nodes[idx].b = static_cast<std::uint32_t>(nodes.size());
      ++i;
      continue;
    }
    if (!counts_.empty()) ++counts_.back();
    const std::uint32_t at = next_token();
    switch (type) {
      case '{':
      case '[':
        if (stack_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) {
          // Too deep for our tree walkers: the slow path reports it.
          return Status(StatusCode::kInvalidArgument, "nested too deeply");
        }
        stack_.push_back(static_cast<std::uint32_t>(nodes.size()));
        counts_.push_back(0);
        nodes.push_back({type == '{' ? JsonType::kObject : JsonType::kArray, 0,
                         0, 0, 0, at});
        ++i;
        break;
      case '"': {
        const std::uint8_t* s = strings + (word & kValueMask);
        std::uint32_t len;
        std::memcpy(&len, s, sizeof len);
        const char* raw = src + at + 1;
        JsonNode n{JsonType::kString, 0, 0, len, 0, at};
        if (raw[len] == '"' && std::memchr(raw, '\\', len) == nullptr) {
          n.b = at + 1;
        } else {
          n.flags = kInArena;
          n.b = static_cast<std::uint32_t>(out.arena.size());
          out.arena.append(reinterpret_cast<const char*>(s + sizeof len), len);
        }
        nodes.push_back(n);
        ++i;
        break;
      }
      case 'l':
      case 'u':
      case 'd': {
        JsonNumber num;
        std::memcpy(&num, &tape[i + 1], sizeof num);
        JsonType t = type == 'l'   ? JsonType::kInt64
                     : type == 'u' ? JsonType::kUint64
                                   : JsonType::kDouble;
        nodes.push_back({t, 0, 0, NumberTextLength(src + at), at,
                         static_cast<std::uint32_t>(out.numbers.size())});
        out.numbers.push_back(num);
        i += 2;
        break;
      }
      case 't':
      case 'f':
        nodes.push_back({JsonType::kBool, 0, 0, type == 't' ? 1u : 0u, 0, at});
        ++i;
        break;
      case 'n':
        nodes.push_back({JsonType::kNull, 0, 0, 0, 0, at});
        ++i;
        break;
      default:
        // A tape type this code does not know (a newer simdjson): let the
        // caller fall back to the On-Demand reader rather than guess.
        return Status(StatusCode::kInternal, "unknown simdjson tape type");
    }
  }
  if (out_of_tokens || !stack_.empty()) {
    return Status(StatusCode::kInternal, "tape and structural index disagree");
  }
  return OkStatus();
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
