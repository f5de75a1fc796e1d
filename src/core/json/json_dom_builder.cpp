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
  // tape[0] holds the index one past the final root word, which closes the
  // document; the values lie strictly between the two root words.
  const std::uint64_t end = (tape[0] & kValueMask) - 1;

  // At most one node per tape word. Grow geometrically: callers append
  // many small spans to one tree, and an exact reserve per span would copy
  // the whole tree each time.
  auto& nodes = out.nodes;
  const std::size_t want = nodes.size() + end;
  if (nodes.capacity() < want) {
    nodes.reserve(std::max(want, nodes.capacity() * 2));
  }

  // Tape values, keys and container ends appear in the structural index in
  // the same order, separated by exactly one ':' after each key and one ','
  // between siblings; the cursor steps over those without reading them.
  std::uint32_t cursor = 0;
  int depth = 0;  // open containers; open_[d] and count_[d] describe them
  const char* src = source_->data();
  auto is_close = [&](std::uint64_t i) {
    const char t = static_cast<char>(tape[i] >> 56);
    return t == '}' || t == ']';
  };
  // After a complete value: step over the ',' when a sibling follows.
  auto after_value = [&](std::uint64_t next) {
    if (depth > 0 && !is_close(next)) ++cursor;
  };
  for (std::uint64_t i = 1; i < end;) {
    const std::uint64_t word = tape[i];
    const char type = static_cast<char>(word >> 56);
    if (cursor >= n_structurals) break;  // cannot happen: checked below
    if (type == '}' || type == ']') {
      ++cursor;
      --depth;
      JsonNode& n = nodes[open_[depth]];
      n.a = n.type == JsonType::kObject ? count_[depth] / 2 : count_[depth];
      n.b = static_cast<std::uint32_t>(nodes.size());
      after_value(++i);
      continue;
    }
    std::uint32_t position = 0;  // of this child in its container
    if (depth > 0) position = count_[depth - 1]++;
    const std::uint32_t at =
        static_cast<std::uint32_t>(offset + structurals[cursor++]);
    switch (type) {
      case '{':
      case '[':
        if (depth >= kMaxJsonDepth) {
          // Too deep for our tree walkers: the slow path reports it.
          return Status(StatusCode::kInvalidArgument, "nested too deeply");
        }
        open_[depth] = static_cast<std::uint32_t>(nodes.size());
        count_[depth] = 0;
        in_object_[depth] = type == '{';
        ++depth;
        nodes.push_back({type == '{' ? JsonType::kObject : JsonType::kArray, 0,
                         0, 0, 0, at});
        ++i;
        continue;  // no separator right after an opening bracket
      case '"': {
        const std::uint8_t* s = strings + (word & kValueMask);
        std::uint32_t len;
        std::memcpy(&len, s, sizeof len);
        const char* raw = src + at + 1;
        JsonNode n{JsonType::kString, 0, 0, len, 0, at};
        // The raw text is the value itself when the string has no escape:
        // every escape is longer than what it stands for, so a string with
        // one does not close `len` bytes in. And the byte there being a
        // quote is not enough: it could be an escaped one, but then the
        // byte before it is a backslash.
        if (raw[len] == '"' && (len == 0 || raw[len - 1] != '\\')) {
          n.b = at + 1;
        } else {
          n.flags = kInArena;
          n.b = static_cast<std::uint32_t>(out.arena.size());
          out.arena.append(reinterpret_cast<const char*>(s + sizeof len), len);
        }
        nodes.push_back(n);
        ++i;
        // In an object, children alternate key, value: keys are followed
        // by a ':' rather than a ','.
        if (depth > 0 && in_object_[depth - 1] && position % 2 == 0) {
          ++cursor;
          continue;
        }
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
    after_value(i);
  }
  // Every token and separator consumed, every container closed: the walk
  // and the index agreed throughout.
  if (cursor != n_structurals || depth != 0) {
    return Status(StatusCode::kInternal, "tape and structural index disagree");
  }
  return OkStatus();
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
