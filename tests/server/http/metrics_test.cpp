// Prometheus exposition: counters, histogram shape, registered families.
#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace dw::server {
namespace {

// Every non-comment line must be `name{labels} value` or `name value`.
void ExpectWellFormed(const std::string& text) {
  static const std::regex kLine(
      R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? ([-+0-9.eE]+|NaN|[+-]Inf)$)");
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0)
      continue;
    EXPECT_TRUE(std::regex_match(line, kLine)) << line;
  }
}

std::vector<std::uint64_t> BucketValues(const std::string& text,
                                        const std::string& route) {
  std::vector<std::uint64_t> out;
  const std::string prefix =
      "driftwise_http_request_duration_seconds_bucket{route=\"" + route + "\"";
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) {
      out.push_back(std::stoull(line.substr(line.rfind(' ') + 1)));
    }
  }
  return out;
}

TEST(MetricsTest, CountsByRouteMethodStatusAndBucketsAreCumulative) {
  Metrics m;
  RouteSlot* get = m.Slot("/api/v2/orgs/{id}", "GET");
  EXPECT_EQ(m.Slot("/api/v2/orgs/{id}", "GET"), get);
  for (int i = 0; i < 7; ++i) m.Observe(get, 200, 0.0003);
  m.Observe(get, 200, 0.004);
  m.Observe(get, 404, 0.2);
  m.Observe(get, 500, 9.0);  // beyond the last bucket: +Inf only
  EXPECT_EQ(m.RequestCount("/api/v2/orgs/{id}", "GET", 200), 8u);
  EXPECT_EQ(m.RequestCount("/api/v2/orgs/{id}", "GET", 404), 1u);
  EXPECT_EQ(m.RequestCount("/api/v2/orgs/{id}", "POST", 200), 0u);

  const std::string text = m.RenderPrometheus();
  ExpectWellFormed(text);
  EXPECT_NE(text.find("driftwise_http_requests_total{route=\"/api/v2/orgs/"
                      "{id}\",method=\"GET\",status=\"200\"} 8\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE driftwise_http_request_duration_seconds "
                      "histogram"),
            std::string::npos);
  std::vector<std::uint64_t> b = BucketValues(text, "/api/v2/orgs/{id}");
  ASSERT_EQ(b.size(), kDurationBuckets.size() + 1);
  for (std::size_t i = 1; i < b.size(); ++i) EXPECT_LE(b[i - 1], b[i]);
  EXPECT_EQ(b[0], 7u);             // le=0.0005
  EXPECT_EQ(b.back(), 10u);        // +Inf == count
  EXPECT_EQ(b[b.size() - 2], 9u);  // le=5 excludes the 9 s request
  EXPECT_NE(text.find("le=\"+Inf\"} 10"), std::string::npos);
  EXPECT_NE(text.find("_count{route=\"/api/v2/orgs/{id}\"} 10"),
            std::string::npos);
}

TEST(MetricsTest, ConcurrentObservationsAreAllCounted) {
  Metrics m;
  RouteSlot* slot = m.Slot("/healthz", "GET");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) m.Observe(slot, 200, 0.001);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(m.RequestCount("/healthz", "GET", 200), 40000u);
  EXPECT_NE(m.RenderPrometheus().find(
                "driftwise_http_request_duration_seconds_count{route=\"/"
                "healthz\"} 40000"),
            std::string::npos);
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Metrics m;
  m.Observe("we\"ird\\route\n", "GET", 200, 0.001);
  const std::string text = m.RenderPrometheus();
  EXPECT_NE(text.find("route=\"we\\\"ird\\\\route\\n\""), std::string::npos)
      << text;
  ExpectWellFormed(text);
}

TEST(MetricsTest, RegisteredFamiliesAreReadAtScrapeTime) {
  Metrics m;
  double jobs = 3;
  ASSERT_TRUE(m.AddGauge("driftwise_jobs_queued", "Jobs waiting.", [&] {
                 return jobs;
               }).ok());
  ASSERT_TRUE(m.AddCounter("driftwise_api_keys_created_total", "Keys.", [] {
                 return 12.0;
               }).ok());
  ASSERT_TRUE(
      m.AddFamily("driftwise_store_rows", "Rows per table.", MetricType::kGauge,
                  [] {
                    return std::vector<MetricSample>{{{{"table", "orgs"}}, 2},
                                                     {{{"bad-label", "x"}}, 1}};
                  })
          .ok());
  jobs = 5;
  const std::string text = m.RenderPrometheus();
  ExpectWellFormed(text);
  EXPECT_NE(text.find("# TYPE driftwise_jobs_queued gauge\n"
                      "driftwise_jobs_queued 5\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE driftwise_api_keys_created_total counter\n"),
            std::string::npos);
  EXPECT_NE(text.find("driftwise_store_rows{table=\"orgs\"} 2\n"),
            std::string::npos);
  EXPECT_EQ(text.find("bad-label"), std::string::npos);
}

TEST(MetricsTest, RegistrationErrors) {
  Metrics m;
  auto one = [] { return 1.0; };
  EXPECT_EQ(m.AddGauge("bad name", "", one).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(m.AddGauge("9lives", "", one).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.AddGauge("ok_name", "", nullptr).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(m.AddGauge("ok_name", "", one).ok());
  EXPECT_EQ(m.AddCounter("ok_name", "", one).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(m.AddGauge("driftwise_http_requests_total", "", one).code(),
            StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace dw::server
