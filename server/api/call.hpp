// File: server/api/call.hpp
//
// One API request as a handler sees it: the HTTP request and response, the
// shared context, the authenticated caller and (for /orgs/{id}/... routes)
// the caller's standing in that org, plus helpers for the conventions of
// DESIGN.md §5: JSON bodies, error bodies, pagination, strict decoding.
//
// Thread-safety: a Call belongs to the worker thread handling the request.
#ifndef DRIFTWISE_SERVER_API_CALL_HPP
#define DRIFTWISE_SERVER_API_CALL_HPP

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_context.hpp"
#include "api/principal.hpp"
#include "http/errors.hpp"
#include "http/http_types.hpp"

namespace dw::server {

/// Error classes of the API layer (the HTTP layer has its own, errors.hpp).
inline constexpr std::string_view kErrUnauthenticated = "unauthenticated";
inline constexpr std::string_view kErrForbidden = "forbidden";
inline constexpr std::string_view kErrValidation = "validation_error";
inline constexpr std::string_view kErrConflict = "conflict";
inline constexpr std::string_view kErrRateLimited = "rate_limited";
inline constexpr std::string_view kErrUnavailable = "unavailable";

/// A member a JSON body may carry, for strict decoding.
struct BodyField {
  enum class Type { kString, kStringArray, kInteger, kBoolean, kObject };
  std::string_view name;
  Type type = Type::kString;
  bool required = true;
};

struct Call {
  HttpRequest& req;
  HttpResponse& res;
  ApiContext& ctx;
  std::optional<Principal> principal;
  std::optional<OrgAccess> org;

  /// Writes `body` as JSON with `status`.
  void Json(int status, const nlohmann::json& body);
  /// 204 without a body.
  void NoContent();
  /// The DESIGN.md §5 error body.
  void Fail(int status, std::string_view error_class, std::string_view message);
  /// Maps a store/core status to its HTTP answer: NotFound 404,
  /// AlreadyExists 409, InvalidArgument 400, Unavailable 503, others 500
  /// (message not sent; logged).
  void FailWith(const Status& status);
  /// 402 with a body made by PaymentRequiredBody (plan_limits.hpp).
  void PaymentRequired(std::string body);

  /// 200 with the DESIGN.md §5 list body {<items_key>: [view(item)...],
  /// limit, offset, total}.
  template <class T, class View>
  void ListPage(std::string_view items_key, const Page<T>& page,
                const PageRequest& request, View&& view) {
    nlohmann::json items = nlohmann::json::array();
    for (const T& item : page.items) items.push_back(view(item));
    Json(200, {{items_key, std::move(items)},
               {"limit", request.limit},
               {"offset", request.offset},
               {"total", page.total}});
  }

  /// The uniform 404 for an org the caller cannot see (cross-org and
  /// nonexistent answer the same bytes, so ids cannot be probed).
  void FailOrgNotFound();

  /// Parses the request body as a JSON object holding only `fields` (each of
  /// its type; required ones present). Writes a 400 naming the field (or the
  /// byte offset of a syntax error) and returns nullopt otherwise.
  std::optional<nlohmann::json> StrictBody(
      std::initializer_list<BodyField> fields);

  /// limit/offset from the query: defaults and maxima as the route gives
  /// them; a non-integer or negative value is a 400 naming it.
  std::optional<PageRequest> Paging(std::int64_t default_limit,
                                    std::int64_t max_limit);

  /// An optional non-negative integer query parameter; 400 when malformed.
  /// Returns false when it wrote an error.
  bool QueryInt(std::string_view name, std::optional<std::int64_t>& out);

  /// The actor recorded in audit events.
  std::string Actor() const;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_CALL_HPP
