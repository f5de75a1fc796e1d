#include "api/call.hpp"

#include <spdlog/spdlog.h>

#include <charconv>

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
  }
  return false;
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

void Call::FailOrgNotFound() { Fail(404, kErrNotFound, "org not found"); }

std::optional<nlohmann::json> Call::StrictBody(
    std::initializer_list<BodyField> fields) {
  if (auto type = req.Header("Content-Type")) {
    const std::string_view media = type->substr(0, type->find(';'));
    if (media != "application/json") {
      Fail(415, kErrValidation, "Content-Type must be application/json");
      return std::nullopt;
    }
  }
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(req.body);
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
