// File: server/http/dispatcher.hpp
//
// The request pipeline between the transport and the route handlers:
// route lookup, 404/405/400 error bodies, the optional before-route hook
// (where the API layer puts authentication), exception containment, metrics
// and the access log. The API layer only registers routes.
//
//   HttpServer server(opts);
//   Dispatcher dispatch(router, metrics, access_log);
//   dispatch.SetBeforeRoute(auth_hook);
//   server.SetRejectObserver(dispatch.RejectObserver());
//   server.Serve(std::ref(dispatch));
//
// Ownership: the dispatcher borrows the router, metrics and access log;
// they must outlive it. Thread-safety: operator() runs concurrently on the
// server's worker threads; SetBeforeRoute() is for start-up only.
#ifndef DRIFTWISE_SERVER_HTTP_DISPATCHER_HPP
#define DRIFTWISE_SERVER_HTTP_DISPATCHER_HPP

#include <chrono>
#include <functional>
#include <vector>

#include "http/access_log.hpp"
#include "http/http_types.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace dw::server {

/// Runs after routing, before the handler. Return false when it has written
/// the response itself (e.g. 401) and the handler must not run.
using BeforeRouteHook =
    std::function<bool(const RouteSpec&, HttpRequest&, HttpResponse&)>;

class Dispatcher {
 public:
  /// Takes a metrics slot per route up front so the hot path is lock-free.
  Dispatcher(const Router& router, Metrics& metrics, AccessLog& access_log);

  void SetBeforeRoute(BeforeRouteHook hook) { before_route_ = std::move(hook); }

  /// Handles one request: fills req.path_params / req.route_template, runs
  /// the hook and the handler, and answers 404 / 405 (with Allow) / 400
  /// (broken percent-encoding) / 500 (the handler threw; the exception is
  /// logged with the request id, never sent) as JSON error bodies.
  void operator()(HttpRequest& req, HttpResponse& res);

  /// Accounts for a response the transport wrote without routing (411,
  /// 413, ...): counted under route "rejected" and access-logged.
  void RecordRejected(const HttpRequest& req, const HttpResponse& res);

  /// RecordRejected as a callback for HttpServer::SetRejectObserver.
  std::function<void(const HttpRequest&, const HttpResponse&)> RejectObserver();

 private:
  void Finish(const HttpRequest& req, const HttpResponse& res,
              std::string_view route_label, RouteSlot* slot,
              std::chrono::steady_clock::time_point start);

  const Router& router_;
  Metrics& metrics_;
  AccessLog& access_log_;
  BeforeRouteHook before_route_;
  std::vector<RouteSlot*> slots_;  // per route index
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_DISPATCHER_HPP
