// File: src/core/json/json_builder.cpp
//
// One pass over simdjson On-Demand values, appending compact nodes. Strings
// without escape sequences are recorded as (offset, length) into the shared
// input instead of being copied, which keeps a document close to the size
// of its input.
#include "json_builder.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace dw {
inline namespace v1 {
namespace internal {
namespace {

constexpr std::size_t kMaxInput = std::numeric_limits<std::uint32_t>::max();

std::string_view TrimNumberToken(std::string_view tok) {
  std::size_t n = 0;
  while (n < tok.size()) {
    char c = tok[n];
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
        c == 'e' || c == 'E') {
      ++n;
    } else {
      break;
    }
  }
  return tok.substr(0, n);
}

// True when `tok` is `literal` followed by nothing but whitespace. The
// simdjson of Debian 12 checks the byte after a root `null` one place too
// far (json[5]), so "null>" passed when the byte after the '>' was a
// bracket: every atom is checked here instead.
bool IsWholeLiteral(std::string_view tok, std::string_view literal) {
  if (tok.substr(0, literal.size()) != literal) return false;
  return std::all_of(tok.begin() + static_cast<std::ptrdiff_t>(literal.size()),
                     tok.end(), IsJsonSpace);
}

// True when `tok` is one JSON number (RFC 8259 §6) followed by nothing but
// whitespace. simdjson answers NUMBER_ERROR both for numbers it cannot
// represent (integers beyond 64 bits) and for text that is no number at
// all ("9-", "1.5e"), and the first kind is kept: this tells them apart.
bool IsWholeJsonNumber(std::string_view tok) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < tok.size() && tok[i] >= '0' && tok[i] <= '9') ++i;
    return i > start;
  };
  if (i < tok.size() && tok[i] == '-') ++i;
  if (i < tok.size() && tok[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < tok.size() && tok[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < tok.size() && (tok[i] == 'e' || tok[i] == 'E')) {
    ++i;
    if (i < tok.size() && (tok[i] == '+' || tok[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return std::all_of(tok.begin() + static_cast<std::ptrdiff_t>(i), tok.end(),
                     IsJsonSpace);
}

// value::raw_json_token() returns a view; document's returns a result.
simdjson::error_code RawToken(simdjson::ondemand::value& v,
                              std::string_view& out) {
  out = v.raw_json_token();
  return simdjson::SUCCESS;
}
simdjson::error_code RawToken(simdjson::ondemand::document& d,
                              std::string_view& out) {
  return d.raw_json_token().get(out);
}

}  // namespace

std::shared_ptr<JsonSource> MakeJsonSource(std::string_view input) {
  std::string copy;
  copy.reserve(input.size() + simdjson::SIMDJSON_PADDING);
  copy.assign(input.data(), input.size());
  return MakeJsonSource(std::move(copy));
}

std::shared_ptr<JsonSource> MakeJsonSource(std::string&& input) {
  auto src = std::make_shared<JsonSource>();
  if (input.capacity() < input.size() + simdjson::SIMDJSON_PADDING) {
    input.reserve(input.size() + simdjson::SIMDJSON_PADDING);
  }
  src->owned = std::move(input);
  src->ptr = src->owned.data();
  src->len = src->owned.size();
  src->cap = src->owned.capacity();
  return src;
}

simdjson::padded_string_view PaddedView(const JsonSource& source) {
  return simdjson::padded_string_view(source.data(), source.size(),
                                      source.capacity());
}

Status JsonSyntaxError(simdjson::error_code code, const JsonSource& source,
                       const char* where) {
  const char* base = source.data();
  std::uint64_t offset = kNoOffset;
  if (where != nullptr && where >= base && where <= base + source.size()) {
    offset = static_cast<std::uint64_t>(where - base);
  }
  std::string msg = "invalid JSON: ";
  switch (code) {
    case simdjson::EMPTY:
      msg = "empty input: expected a JSON document";
      break;
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::UNCLOSED_STRING:
      msg = "truncated JSON: the input ends inside an unclosed ";
      msg += code == simdjson::UNCLOSED_STRING ? "string" : "array or object";
      break;
    case simdjson::DEPTH_ERROR:
      msg = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
            " levels";
      break;
    case simdjson::CAPACITY:
      msg = "input too large";
      break;
    default:
      msg += simdjson::error_message(code);
  }
  if (offset == kNoOffset && code == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
    offset = source.size();
  }
  return Status(StatusCode::kInvalidArgument, std::move(msg), offset);
}

Result<std::shared_ptr<JsonDocImpl>> ParseJsonSpanSlow(
    std::shared_ptr<const JsonSource> source, std::uint64_t offset,
    std::uint64_t length) {
  const JsonSource& bytes = *source;
  // The bytes after the span (and the buffer's padding) stay readable, which
  // is all simdjson's padding requirement asks for.
  simdjson::padded_string_view view(bytes.data() + offset, length,
                                    bytes.capacity() - offset);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (auto e = parser.iterate(view).get(doc)) {
    return JsonSyntaxError(e, *source, bytes.data() + offset);
  }
  JsonTreeBuilder builder(source);
  DW_RETURN_IF_ERROR(builder.AppendDocument(doc));
  return builder.Finish();
}

Result<JsonDocument> ParseJsonSpan(std::shared_ptr<const JsonSource> source,
                                   std::uint64_t offset, std::uint64_t length) {
  const JsonSource& bytes = *source;
  if (offset > bytes.size() || length > bytes.size() - offset) {
    return Status(StatusCode::kOutOfRange, "JSON span outside its input");
  }
  if (bytes.size() > kMaxInput) {
    return Status(StatusCode::kOutOfRange, "JSON input larger than 4 GiB");
  }
  auto impl = std::make_shared<JsonDocImpl>();
  impl->source = source;
  DomTreeBuilder dom(source);
  if (!dom.Build(offset, length, *impl).ok()) {
    // simdjson's DOM refuses some valid JSON (integers over 64 bits): the
    // On-Demand reader takes it, or finds and names the offending byte.
    DW_ASSIGN_OR_RETURN(impl,
                        ParseJsonSpanSlow(std::move(source), offset, length));
  }
  impl->nodes.shrink_to_fit();
  impl->Seal();
  return JsonDocImpl::MakeDocument(std::move(impl));
}

Status ParseJsonSpanFast(std::shared_ptr<const JsonSource> source,
                         std::uint64_t offset, std::uint64_t length,
                         JsonDocImpl& out) {
  DomTreeBuilder dom(std::move(source));
  return dom.Build(offset, length, out);
}

JsonTreeBuilder::JsonTreeBuilder(std::shared_ptr<const JsonSource> source)
    : source_(std::move(source)), impl_(std::make_shared<JsonDocImpl>()) {
  impl_->source = source_;
}

std::shared_ptr<JsonDocImpl> JsonTreeBuilder::Finish() {
  auto done = std::move(impl_);
  done->Seal();
  impl_ = std::make_shared<JsonDocImpl>();
  impl_->source = source_;
  return done;
}

std::uint32_t JsonTreeBuilder::OffsetOf(const char* p) const noexcept {
  return static_cast<std::uint32_t>(p - source_->data());
}

Status JsonTreeBuilder::Fail(simdjson::error_code code,
                             const char* where) const {
  return JsonSyntaxError(code, *source_, where);
}

Status JsonTreeBuilder::Append(simdjson::ondemand::value value) {
  if (source_->size() > kMaxInput) {
    return Status(StatusCode::kOutOfRange, "JSON input larger than 4 GiB");
  }
  return AppendAny(value, 0);
}

Status JsonTreeBuilder::AppendDocument(simdjson::ondemand::document& doc) {
  if (source_->size() > kMaxInput) {
    return Status(StatusCode::kOutOfRange, "JSON input larger than 4 GiB");
  }
  DW_RETURN_IF_ERROR(AppendAny(doc, 0));
  auto loc = doc.current_location();
  if (!loc.error()) {
    return Status(StatusCode::kInvalidArgument,
                  "invalid JSON: unexpected content after the top-level value",
                  OffsetOf(loc.value_unsafe()));
  }
  return OkStatus();
}

template <typename V>
Status JsonTreeBuilder::AppendString(V& v, std::uint32_t node_index) {
  std::string_view tok;
  if (auto e = RawToken(v, tok)) return Fail(e, nullptr);
  JsonNode& n = impl_->nodes[node_index];
  // Most strings have no escapes: point into the input and skip simdjson's
  // unescaping copy (which would touch as many bytes again as the input's
  // strings hold).
  const char* content = tok.data() + 1;
  const char* quote = static_cast<const char*>(
      std::memchr(content, '"', tok.size() > 0 ? tok.size() - 1 : 0));
  if (quote != nullptr &&
      std::memchr(content, '\\', static_cast<std::size_t>(quote - content)) ==
          nullptr) {
    simdjson::ondemand::raw_json_string raw;
    if (auto e = v.get_raw_json_string().get(raw)) return Fail(e, tok.data());
    n.a = static_cast<std::uint32_t>(quote - content);
    n.b = OffsetOf(content);
    return OkStatus();
  }
  std::string_view s;
  if (auto e = v.get_string().get(s)) return Fail(e, tok.data());
  n.a = static_cast<std::uint32_t>(s.size());
  n.flags = kInArena;
  n.b = static_cast<std::uint32_t>(impl_->arena.size());
  impl_->arena.append(s);
  return OkStatus();
}

Status JsonTreeBuilder::AppendKey(simdjson::ondemand::field& field) {
  const char* raw = field.key().raw();  // just after the opening quote
  const char* end = source_->data() + source_->size();
  const char* quote = static_cast<const char*>(
      std::memchr(raw, '"', static_cast<std::size_t>(end - raw)));
  JsonNode n{JsonType::kString, 0, 0, 0, 0, OffsetOf(raw - 1)};
  if (quote != nullptr &&
      std::memchr(raw, '\\', static_cast<std::size_t>(quote - raw)) ==
          nullptr) {
    n.a = static_cast<std::uint32_t>(quote - raw);
    n.b = OffsetOf(raw);
  } else {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return Fail(e, raw);
    n.a = static_cast<std::uint32_t>(key.size());
    n.flags = kInArena;
    n.b = static_cast<std::uint32_t>(impl_->arena.size());
    impl_->arena.append(key);
  }
  impl_->nodes.push_back(n);
  return OkStatus();
}

template <typename V>
Status JsonTreeBuilder::AppendAny(V& v, int depth) {
  if (depth >= kMaxJsonDepth) return Fail(simdjson::DEPTH_ERROR, nullptr);
  std::string_view tok;
  if (auto e = RawToken(v, tok)) return Fail(e, nullptr);
  simdjson::ondemand::json_type jt;
  if (auto e = v.type().get(jt)) return Fail(e, tok.data());
  auto& nodes = impl_->nodes;
  const std::uint32_t index = static_cast<std::uint32_t>(nodes.size());
  const std::uint32_t offset = OffsetOf(tok.data());
  switch (jt) {
    case simdjson::ondemand::json_type::null: {
      bool is_null = false;
      // (simdjson's own error here reads "does not have the requested
      // type"; what is wrong is the literal.)
      if (v.is_null().get(is_null) || !is_null ||
          !IsWholeLiteral(tok, "null")) {
        return Fail(simdjson::N_ATOM_ERROR, tok.data());
      }
      nodes.push_back({JsonType::kNull, 0, 0, 0, 0, offset});
      return OkStatus();
    }
    case simdjson::ondemand::json_type::boolean: {
      bool b = false;
      if (v.get_bool().get(b) || !IsWholeLiteral(tok, b ? "true" : "false")) {
        return Fail(tok.starts_with('t') ? simdjson::T_ATOM_ERROR
                                         : simdjson::F_ATOM_ERROR,
                    tok.data());
      }
      nodes.push_back({JsonType::kBool, 0, 0, b ? 1u : 0u, 0, offset});
      return OkStatus();
    }
    case simdjson::ondemand::json_type::string: {
      nodes.push_back({JsonType::kString, 0, 0, 0, 0, offset});
      return AppendString(v, index);
    }
    case simdjson::ondemand::json_type::number: {
      std::string_view text = TrimNumberToken(tok);
      JsonNumber num{};
      JsonType t = JsonType::kDouble;
      simdjson::ondemand::number_type nt;
      if (auto e = v.get_number_type().get(nt)) return Fail(e, tok.data());
      simdjson::error_code e = simdjson::SUCCESS;
      if (nt == simdjson::ondemand::number_type::signed_integer) {
        t = JsonType::kInt64;
        e = v.get_int64().get(num.i);
      } else if (nt == simdjson::ondemand::number_type::unsigned_integer) {
        t = JsonType::kUint64;
        e = v.get_uint64().get(num.u);
      }
      if (t == JsonType::kDouble) e = v.get_double().get(num.d);
      if ((e == simdjson::NUMBER_ERROR || e == simdjson::INCORRECT_TYPE ||
           e == simdjson::NUMBER_OUT_OF_RANGE) &&
          IsWholeJsonNumber(tok)) {
        // A number beyond 64 bits or a double's range (Terraform numbers
        // are arbitrary precision): keep the exact text, approximate the
        // value.
        t = JsonType::kDouble;
        num.d = std::strtod(std::string(text).c_str(), nullptr);
        e = simdjson::SUCCESS;
      }
      if (e) return Fail(e, tok.data());
      nodes.push_back({t, 0, 0, static_cast<std::uint32_t>(text.size()), offset,
                       static_cast<std::uint32_t>(impl_->numbers.size())});
      impl_->numbers.push_back(num);
      return OkStatus();
    }
    case simdjson::ondemand::json_type::array: {
      nodes.push_back({JsonType::kArray, 0, 0, 0, 0, offset});
      simdjson::ondemand::array arr;
      if (auto e = v.get_array().get(arr)) return Fail(e, tok.data());
      std::uint32_t count = 0;
      for (auto elem : arr) {
        simdjson::ondemand::value child;
        if (auto e = std::move(elem).get(child)) return Fail(e, nullptr);
        DW_RETURN_IF_ERROR(AppendAny(child, depth + 1));
        ++count;
      }
      nodes[index].a = count;
      nodes[index].b = static_cast<std::uint32_t>(nodes.size());
      return OkStatus();
    }
    case simdjson::ondemand::json_type::object: {
      nodes.push_back({JsonType::kObject, 0, 0, 0, 0, offset});
      simdjson::ondemand::object obj;
      if (auto e = v.get_object().get(obj)) return Fail(e, tok.data());
      std::uint32_t count = 0;
      for (auto f : obj) {
        simdjson::ondemand::field field;
        if (auto e = std::move(f).get(field)) return Fail(e, nullptr);
        DW_RETURN_IF_ERROR(AppendKey(field));
        simdjson::ondemand::value child = field.value();
        DW_RETURN_IF_ERROR(AppendAny(child, depth + 1));
        ++count;
      }
      nodes[index].a = count;
      nodes[index].b = static_cast<std::uint32_t>(nodes.size());
      return OkStatus();
    }
  }
  return Fail(simdjson::TAPE_ERROR, tok.data());
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
