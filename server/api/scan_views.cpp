// File: server/api/scan_views.cpp
#include "api/scan_views.hpp"

#include <cmath>

namespace dw::server {
namespace {

nlohmann::json OptionalText(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

nlohmann::json Parsed(const std::string& text, nlohmann::json fallback) {
  nlohmann::json v = nlohmann::json::parse(text, nullptr, false);
  return v.is_discarded() ? fallback : v;
}

double CoveragePct(std::int64_t basis_points) {
  return static_cast<double>(basis_points) / 100.0;
}

std::string Plural(std::int64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

nlohmann::json ScanRunJson(const ScanRun& scan) {
  const nlohmann::json detail = Parsed(scan.detail, nlohmann::json::object());
  const nlohmann::json ci = detail.value("ci", nlohmann::json::object());
  const bool computed = detail.contains("drift_status");
  nlohmann::json errors = detail.value("scan_errors", nlohmann::json::array());
  if (scan.status == "error" && errors.empty()) errors.push_back(scan.error);
  // ok: done without errors; partial: done, but some input was unusable
  // (skipped records, unparsable states); failed: ended in error.
  std::string kind = "pending";
  if (scan.status == "error") kind = "failed";
  if (scan.status == "done") kind = errors.empty() ? "ok" : "partial";
  auto text = [&](const char* key) {
    auto it = ci.find(key);
    return it != ci.end() && it->is_string() ? *it : nlohmann::json(nullptr);
  };
  return {{"id", scan.id},
          {"org_id", scan.org_id},
          {"cloud_account_id", scan.account_id},
          {"provider", detail.value("provider", "")},
          {"scan_type", scan.scan_type},
          {"status", scan.status},
          {"status_kind", kind},
          {"error", scan.error.empty() ? nlohmann::json(nullptr)
                                       : nlohmann::json(scan.error)},
          {"drift_status",
           computed ? detail["drift_status"] : nlohmann::json(nullptr)},
          {"resource_count", detail.value("resource_count", 0)},
          {"new_count", detail.value("new_count", 0)},
          {"missing_count", detail.value("missing_count", 0)},
          {"changed_count", detail.value("changed_count", 0)},
          {"scan_errors", errors},
          {"filter_regions",
           detail.value("filter_regions", nlohmann::json::array())},
          {"result_json", detail.value("result", nlohmann::json::object())},
          {"created_at", scan.created_at},
          {"started_at", OptionalText(scan.started_at)},
          {"finished_at", OptionalText(scan.finished_at)},
          {"repo_owner", text("repo_owner")},
          {"repo_name", text("repo_name")},
          {"repo_url", text("repo_url")},
          {"branch", text("branch")},
          {"commit_sha", text("commit_sha")},
          {"pr_number", ci.contains("pr_number") && ci["pr_number"].is_number()
                            ? ci["pr_number"]
                            : nlohmann::json(nullptr)}};
}

std::string DriftNarrative(const ScanSummary& s) {
  const std::int64_t drifted = s.new_count + s.missing_count + s.changed_count;
  if (drifted == 0) {
    return "No drift: all " + Plural(s.iac_count, "managed resource") +
           " match the live side; " +
           std::to_string(
               static_cast<int>(std::lround(CoveragePct(s.coverage_bp)))) +
           "% of " + Plural(s.live_count, "live resource") +
           " are managed by IaC.";
  }
  std::string out = Plural(drifted, "resource") +
                    " drifted: " + std::to_string(s.changed_count) +
                    " changed, " + std::to_string(s.missing_count) +
                    " missing, " + std::to_string(s.new_count) + " unmanaged. ";
  out += "Highest risk: " + s.risk_level + ". ";
  if (s.noise_count > 0) {
    out += Plural(s.noise_count, "change") +
           " matched noise rules and are not counted. ";
  }
  out += "IaC coverage " +
         std::to_string(
             static_cast<int>(std::lround(CoveragePct(s.coverage_bp)))) +
         "% of " + Plural(s.live_count, "live resource") + ".";
  return out;
}

nlohmann::json DriftSnapshotJson(const ScanSummary& s, const ScanRun& scan) {
  const nlohmann::json detail = Parsed(scan.detail, nlohmann::json::object());
  return {{"id", s.scan_id},
          {"scan_run_id", s.scan_id},
          {"created_at", s.finished_at},
          {"total_live", s.live_count},
          {"total_iac", s.iac_count},
          {"matched_count", s.matched_count},
          {"extra_count", s.new_count},
          {"missing_count", s.missing_count},
          {"changed_count", s.changed_count},
          {"noise_count", s.noise_count},
          {"coverage_pct", CoveragePct(s.coverage_bp)},
          {"risk_level", s.risk_level},
          {"narrative", DriftNarrative(s)},
          // Written by the server from the counts, never by an LLM.
          {"narrative_status", "deterministic"},
          {"parse_failure_count", detail.value("parse_failure_count", 0)}};
}

nlohmann::json AccountPostureJson(const CloudAccount& a,
                                  const std::optional<ScanSummary>& latest) {
  nlohmann::json out = {{"account_id", a.id},
                        {"provider", a.provider},
                        {"external_account_id", a.external_account_id},
                        {"display_name", a.display_name},
                        {"coverage_pct", nullptr},
                        {"risk_level", nullptr},
                        {"undeclared_count", nullptr},
                        {"missing_count", nullptr},
                        {"changed_count", nullptr},
                        {"resource_count", nullptr},
                        {"last_scan_id", nullptr},
                        {"last_scan_at", nullptr}};
  if (latest) {
    out["coverage_pct"] = CoveragePct(latest->coverage_bp);
    out["risk_level"] = latest->risk_level;
    out["undeclared_count"] = latest->new_count;
    out["missing_count"] = latest->missing_count;
    out["changed_count"] = latest->changed_count;
    out["resource_count"] = latest->live_count;
    out["last_scan_id"] = latest->scan_id;
    out["last_scan_at"] = latest->finished_at;
  }
  return out;
}

}  // namespace dw::server
