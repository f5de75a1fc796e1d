// File: server/jwt/strict_json.cpp
#include "jwt/strict_json.hpp"

#include <set>
#include <string>
#include <vector>

#include "jwt/log_quote.hpp"

namespace dw::server {

Result<nlohmann::json> ParseStrictJsonObject(std::string_view text,
                                             std::string_view what) {
  const std::string name(what);
  std::vector<std::set<std::string>> seen;  // member names per open object
  std::string problem;
  const auto check = [&](int depth, nlohmann::json::parse_event_t event,
                         nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (!problem.empty()) return false;
    if (depth > kMaxJwtJsonDepth) {
      problem = name + " is nested more than " +
                std::to_string(kMaxJwtJsonDepth) + " levels deep";
      return false;
    }
    if (event == E::object_start) {
      seen.emplace_back();
    } else if (event == E::object_end) {
      if (!seen.empty()) seen.pop_back();
    } else if (event == E::key && !seen.empty()) {
      const std::string& key = parsed.get_ref<const std::string&>();
      if (!seen.back().insert(key).second) {
        problem = name + " has duplicate member " + QuoteForLog(key);
        return false;
      }
    }
    return true;
  };
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text, check);
  } catch (const nlohmann::json::parse_error& e) {
    return InvalidArgumentError(
        name + " is not JSON (at byte " + std::to_string(e.byte) + ")", e.byte);
  }
  if (!problem.empty()) return InvalidArgumentError(problem);
  if (!doc.is_object()) {
    return InvalidArgumentError(name + " is not a JSON object");
  }
  return doc;
}

}  // namespace dw::server
