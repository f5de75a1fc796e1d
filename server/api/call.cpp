#include "api/call.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <vector>

#include "http/errors.hpp"

namespace dw::server {
namespace {

std::string_view TypeName(BodyField::Type type) {
  switch (type) {
    case BodyField::Type::kString:
      return "a string";
    case BodyField::Type::kStringArray:
      return "an array of strings";
    case BodyField::Type::kInteger:
      return "an integer";
    case BodyField::Type::kBoolean:
      return "a boolean";
    case BodyField::Type::kObject:
      return "a JSON object";
  }
  return "a value";
}

bool HasType(const nlohmann::json& value, BodyField::Type type) {
  switch (type) {
    case BodyField::Type::kString:
      return value.is_string();
    case BodyField::Type::kStringArray:
      if (!value.is_array()) return false;
      for (const auto& item : value) {
        if (!item.is_string()) return false;
      }
      return true;
    case BodyField::Type::kInteger:
      return value.is_number_integer();
    case BodyField::Type::kBoolean:
      return value.is_boolean();
    case BodyField::Type::kObject:
      return value.is_object();
  }
  return false;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// Request bodies are small objects; deeper nesting is an attack, refused
// before it costs anything.
constexpr int kMaxBodyDepth = 32;

struct BodyRejected {
  std::string message;
};

// Parses with two checks nlohmann does not make: duplicate member names
// (which value would win is exactly the ambiguity an attacker uses to slip
// a field past a validator) and nesting depth.
nlohmann::json ParseStrictJson(const std::string& text) {
  std::vector<std::vector<std::string>> seen;  // member names per open object
  auto callback = [&seen](int depth, nlohmann::json::parse_event_t event,
                          nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (depth > kMaxBodyDepth) {
      throw BodyRejected{"request body nests deeper than " +
                         std::to_string(kMaxBodyDepth) + " levels"};
    }
    if (event == E::object_start) seen.emplace_back();
    if (event == E::object_end && !seen.empty()) seen.pop_back();
    if (event == E::key && !seen.empty()) {
      const std::string name = parsed.get<std::string>();
      for (const std::string& other : seen.back()) {
        if (other == name) {
          throw BodyRejected{"duplicate field \"" + name + "\""};
        }
      }
      seen.back().push_back(name);
    }
    return true;
  };
  return nlohmann::json::parse(text, callback);
}

}  // namespace

void Call::Json(int status, const nlohmann::json& body) {
  res.status = status;
  res.content_type = "application/json";
  // Invalid UTF-8 from the store cannot happen (inputs are validated), but
  // a replacement beats an exception on the response path.
  res.body =
      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void Call::NoContent() {
  res.status = 204;
  res.body.clear();
}

void Call::Fail(int status, std::string_view error_class,
                std::string_view message) {
  WriteError(req, res, status, error_class, message);
}

void Call::FailWith(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      Fail(404, kErrNotFound, status.message());
      return;
    case StatusCode::kAlreadyExists:
      Fail(409, kErrConflict, status.message());
      return;
    case StatusCode::kInvalidArgument:
      Fail(400, kErrValidation, status.message());
      return;
    case StatusCode::kUnavailable:
      res.SetHeader("Retry-After", "1");
      Fail(503, kErrUnavailable, "the database is busy, retry shortly");
      return;
    default:
      spdlog::error("request {}: {}", req.request_id, status.ToString());
      Fail(500, kErrInternal, "internal error");
  }
}

void Call::PaymentRequired(std::string body) {
  res.status = 402;
  res.content_type = "application/json";
  res.body = std::move(body);
}

void Call::FailOrgNotFound() { Fail(404, kErrNotFound, "org not found"); }

std::optional<nlohmann::json> Call::StrictBody(
    std::initializer_list<BodyField> fields) {
  if (auto type = req.Header("Content-Type")) {
    // Media types compare case-insensitively (RFC 9110 §8.3.1).
    const std::string_view media = TrimSpaces(type->substr(0, type->find(';')));
    if (!EqualsIgnoreCase(media, "application/json")) {
      Fail(415, kErrValidation, "Content-Type must be application/json");
      return std::nullopt;
    }
  }
  nlohmann::json body;
  try {
    body = ParseStrictJson(req.body);
  } catch (const BodyRejected& e) {
    Fail(400, kErrValidation, e.message);
    return std::nullopt;
  } catch (const nlohmann::json::parse_error& e) {
    Fail(400, kErrValidation,
         "request body is not valid JSON (at byte " + std::to_string(e.byte) +
             ")");
    return std::nullopt;
  }
  if (!body.is_object()) {
    Fail(400, kErrValidation, "request body must be a JSON object");
    return std::nullopt;
  }
  for (const auto& [name, value] : body.items()) {
    const BodyField* field = nullptr;
    for (const BodyField& f : fields) {
      if (f.name == name) field = &f;
    }
    if (!field) {
      Fail(400, kErrValidation, "unknown field \"" + name + "\"");
      return std::nullopt;
    }
    if (!HasType(value, field->type)) {
      Fail(400, kErrValidation,
           "field \"" + name + "\" must be " +
               std::string(TypeName(field->type)));
      return std::nullopt;
    }
  }
  for (const BodyField& f : fields) {
    if (f.required && !body.contains(f.name)) {
      Fail(400, kErrValidation,
           "missing required field \"" + std::string(f.name) + "\"");
      return std::nullopt;
    }
  }
  return body;
}

bool Call::QueryInt(std::string_view name, std::optional<std::int64_t>& out) {
  auto text = req.Query(name);
  if (!text) return true;
  std::int64_t value = 0;
  auto [end, ec] =
      std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 0) {
    Fail(400, kErrValidation,
         "query parameter \"" + std::string(name) +
             "\" must be a non-negative integer");
    return false;
  }
  out = value;
  return true;
}

std::optional<PageRequest> Call::Paging(std::int64_t default_limit,
                                        std::int64_t max_limit) {
  std::optional<std::int64_t> limit, offset;
  if (!QueryInt("limit", limit) || !QueryInt("offset", offset)) {
    return std::nullopt;
  }
  PageRequest page;
  page.limit = limit.value_or(default_limit);
  if (page.limit == 0) page.limit = default_limit;
  if (page.limit > max_limit) page.limit = max_limit;
  page.offset = offset.value_or(0);
  return page;
}

std::string Call::Actor() const {
  return principal ? principal->Actor() : std::string("anonymous");
}

}  // namespace dw::server
