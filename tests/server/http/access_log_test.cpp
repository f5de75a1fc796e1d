// Access log lines: valid JSON with the documented fields, escaping, levels,
// and the async writer losing nothing.
#include "http/access_log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dw::server {
namespace {

using nlohmann::json;

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/dw_access_" + std::to_string(::getpid()) +
         "_" + name + ".log";
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

AccessRecord Record(int status) {
  AccessRecord r;
  r.request_id = "req_1";
  r.method = "GET";
  r.route = "/api/v2/orgs/{id}";
  r.path = "/api/v2/orgs/o1";
  r.status = status;
  r.duration_ms = 1.25;
  r.bytes = 42;
  r.remote = "127.0.0.1";
  return r;
}

TEST(AccessLogTest, JsonLineHasEveryField) {
  json line =
      json::parse(AccessLog::FormatLine(Record(200), AccessLogFormat::kJson));
  EXPECT_EQ(line["request_id"], "req_1");
  EXPECT_EQ(line["method"], "GET");
  EXPECT_EQ(line["route"], "/api/v2/orgs/{id}");
  EXPECT_EQ(line["path"], "/api/v2/orgs/o1");
  EXPECT_EQ(line["status"], 200);
  EXPECT_DOUBLE_EQ(line["duration_ms"].get<double>(), 1.25);
  EXPECT_EQ(line["bytes"], 42);
  EXPECT_EQ(line["remote"], "127.0.0.1");
  EXPECT_EQ(line["level"], "info");
  const std::string ts = line["ts"];
  ASSERT_EQ(ts.size(), 24u) << ts;  // 2024-05-01T12:00:00.123Z
  EXPECT_EQ(ts[10], 'T');
  EXPECT_EQ(ts.back(), 'Z');
}

TEST(AccessLogTest, HostilePathsCannotForgeLines) {
  AccessRecord r = Record(404);
  const std::string path = "/x\n{\"status\":200}\r\"\xff";
  r.path = path;
  const std::string line = AccessLog::FormatLine(r, AccessLogFormat::kJson);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  json parsed = json::parse(line);
  EXPECT_EQ(parsed["status"], 404);
  EXPECT_EQ(parsed["level"], "warn");
  const std::string text = AccessLog::FormatLine(r, AccessLogFormat::kText);
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_NE(text.find(" 404 "), std::string::npos) << text;
}

TEST(AccessLogTest, LongPathsAreCapped) {
  AccessRecord r = Record(200);
  const std::string path = "/" + std::string(5000, 'a');
  r.path = path;
  json parsed = json::parse(AccessLog::FormatLine(r, AccessLogFormat::kJson));
  EXPECT_EQ(parsed["path"].get<std::string>().size(), 512u);
}

TEST(AccessLogTest, CredentialsPastedIntoPathsAreRedacted) {
  AccessRecord r = Record(404);
  const std::string key =
      "dw_AbCdEfGhIjKl_0123456789abcdefghijABCDEFGHIJ0123456789x";
  const std::string jwt = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
  const std::string path = "/api/v2/orgs/" + key + "/x/" + jwt + "/api-keys";
  r.path = path;
  json parsed = json::parse(AccessLog::FormatLine(r, AccessLogFormat::kJson));
  EXPECT_EQ(parsed["path"], "/api/v2/orgs/[redacted]/x/[redacted]/api-keys");
  const std::string text = AccessLog::FormatLine(r, AccessLogFormat::kText);
  EXPECT_EQ(text.find(key), std::string::npos);
  EXPECT_EQ(text.find(jwt), std::string::npos);
  // Ordinary ids (UUIDs) stay readable.
  const std::string uuid_path =
      "/api/v2/orgs/0fd79668-021b-49e7-aeb0-ff669bbe16d0";
  r.path = uuid_path;
  parsed = json::parse(AccessLog::FormatLine(r, AccessLogFormat::kJson));
  EXPECT_EQ(parsed["path"], uuid_path);
}

TEST(AccessLogTest, AsyncFileLogKeepsEveryLineInOrder) {
  const std::string path = TempPath("async");
  std::remove(path.c_str());
  {
    AccessLogOptions opts;
    opts.destination = path;
    auto log = AccessLog::Open(opts);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    for (int i = 0; i < 5000; ++i) {
      AccessRecord r = Record(200);
      const std::string id = "req_" + std::to_string(i);
      r.request_id = id;
      (*log)->Write(r);
    }
    (*log)->Flush();
    // Flush() means the lines are in the file now, before destruction.
    EXPECT_EQ(ReadLines(path).size(), 5000u);
  }
  std::vector<std::string> lines = ReadLines(path);
  ASSERT_EQ(lines.size(), 5000u);
  for (int i = 0; i < 5000; ++i) {
    EXPECT_EQ(json::parse(lines[i])["request_id"], "req_" + std::to_string(i));
  }
  std::remove(path.c_str());
}

TEST(AccessLogTest, LevelFiltersByStatusClass) {
  const std::string path = TempPath("level");
  std::remove(path.c_str());
  {
    AccessLogOptions opts;
    opts.destination = path;
    opts.async = false;
    opts.level = AccessLogLevel::kWarn;
    auto log = AccessLog::Open(opts);
    ASSERT_TRUE(log.ok());
    for (int status : {200, 302, 404, 500}) (*log)->Write(Record(status));
  }
  std::vector<std::string> lines = ReadLines(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(json::parse(lines[0])["status"], 404);
  EXPECT_EQ(json::parse(lines[1])["level"], "error");
  std::remove(path.c_str());
}

TEST(AccessLogTest, OffWritesNothingAndBadPathsAreErrors) {
  AccessLogOptions off;
  off.destination = "off";
  auto log = AccessLog::Open(off);
  ASSERT_TRUE(log.ok());
  EXPECT_FALSE((*log)->enabled());
  (*log)->Write(Record(200));  // no effect, no crash

  AccessLogOptions bad;
  bad.destination = "/dev/null/access.log";
  auto err = AccessLog::Open(bad);
  ASSERT_FALSE(err.ok());
  EXPECT_NE(err.status().message().find("/dev/null/access.log"),
            std::string::npos);

  EXPECT_FALSE(ParseAccessLogFormat("xml").ok());
  EXPECT_EQ(*ParseAccessLogFormat("text"), AccessLogFormat::kText);
  EXPECT_FALSE(ParseAccessLogLevel("debug").ok());
  EXPECT_EQ(*ParseAccessLogLevel("off"), AccessLogLevel::kOff);
}

}  // namespace
}  // namespace dw::server
