// File: server/http/dispatcher.cpp
#include "http/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <exception>

#include "http/errors.hpp"

namespace dw::server {

Dispatcher::Dispatcher(const Router& router, Metrics& metrics,
                       AccessLog& access_log)
    : router_(router), metrics_(metrics), access_log_(access_log) {
  slots_.reserve(router.routes().size());
  for (const RouteSpec& route : router.routes()) {
    slots_.push_back(metrics_.Slot(route.path, route.method));
  }
}

void Dispatcher::operator()(HttpRequest& req, HttpResponse& res) {
  const auto start = std::chrono::steady_clock::now();
  metrics_.AddInFlight(1);
  const std::string_view path = req.raw_path.empty() ? req.path : req.raw_path;
  RouteMatch match = router_.Find(req.method, path);

  if (match.route == nullptr) {
    if (!match.bad_encoding.empty()) {
      WriteError(req, res, 400, kErrBadRequest, match.bad_encoding);
    } else if (!match.allow.empty()) {
      res.SetHeader("Allow", match.allow);
      WriteError(req, res, 405, kErrMethodNotAllowed,
                 "method " + req.method + " is not allowed on this path");
    } else {
      WriteError(req, res, 404, kErrNotFound, "no such route");
    }
    Finish(req, res, kUnmatchedRoute, nullptr, start);
    return;
  }

  const RouteSpec& route = *match.route;
  req.route_template = route.path;
  req.path_params.clear();
  for (auto& [name, value] : match.params) {
    req.path_params.emplace(name, std::move(value));
  }
  try {
    if (!before_route_ || before_route_(route, req, res)) {
      route.handler(req, res);
    }
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {}: handler threw: {}", req.request_id,
                  req.method, route.path, e.what());
    res = HttpResponse{};
    WriteError(req, res, 500, kErrInternal, "internal server error");
  } catch (...) {
    spdlog::error("request {} {} {}: handler threw a non-exception",
                  req.request_id, req.method, route.path);
    res = HttpResponse{};
    WriteError(req, res, 500, kErrInternal, "internal server error");
  }
  // HEAD served by the GET route is counted under HEAD, not GET.
  RouteSlot* slot = req.method == route.method ? slots_[match.index] : nullptr;
  Finish(req, res, route.path, slot, start);
}

void Dispatcher::Finish(const HttpRequest& req, const HttpResponse& res,
                        std::string_view route_label, RouteSlot* slot,
                        std::chrono::steady_clock::time_point start) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (slot != nullptr) {
    metrics_.Observe(slot, res.status, seconds);
  } else {
    metrics_.Observe(route_label, req.method, res.status, seconds);
  }
  metrics_.AddInFlight(-1);
  AccessRecord record;
  record.request_id = req.request_id;
  record.method = req.method;
  record.route = route_label;
  record.path = req.path;
  record.status = res.status;
  record.duration_ms = seconds * 1000.0;
  record.bytes = res.body.size();
  record.remote = req.remote_addr;
  access_log_.Write(record);
}

void Dispatcher::RecordRejected(const HttpRequest& req,
                                const HttpResponse& res) {
  metrics_.Observe(kRejectedRoute, req.method, res.status, 0.0);
  AccessRecord record;
  record.request_id = req.request_id;
  record.method = req.method;
  record.route = kRejectedRoute;
  record.path = req.path;
  record.status = res.status;
  record.bytes = res.body.size();
  record.remote = req.remote_addr;
  access_log_.Write(record);
}

std::function<void(const HttpRequest&, const HttpResponse&)>
Dispatcher::RejectObserver() {
  return [this](const HttpRequest& req, const HttpResponse& res) {
    RecordRejected(req, res);
  };
}

}  // namespace dw::server
