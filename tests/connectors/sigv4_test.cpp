// AWS's published SigV4 test suite (subset, see data/sigv4_suite.json for
// the source): every vector's Authorization header must match exactly.
#include "sigv4.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "crypto.hpp"

namespace dw::connectors {
namespace {

nlohmann::json LoadSuite() {
  std::ifstream in(DW_CONNECTOR_TEST_DATA "/sigv4_suite.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

TEST(SigV4Suite, EveryVectorMatchesAwsAuthorization) {
  nlohmann::json suite = LoadSuite();
  AwsCredentials creds{suite["access_key_id"], suite["secret_access_key"], ""};
  int checked = 0;
  for (const auto& v : suite["vectors"]) {
    SigV4Request r;
    r.method = v["method"];
    r.path = v["path"];
    for (const auto& q : v["query"]) r.query.emplace_back(q[0], q[1]);
    for (const auto& h : v["headers"]) r.headers.emplace_back(h[0], h[1]);
    r.payload_sha256_hex = Hex(Sha256(v["body"].get<std::string>()));
    EXPECT_EQ(SigV4Authorization(r, creds, suite["region"].get<std::string>(),
                                 suite["service"].get<std::string>(),
                                 suite["amz_date"].get<std::string>()),
              v["authorization"].get<std::string>())
        << v["name"];
    ++checked;
  }
  EXPECT_GE(checked, 19);
}

TEST(SigV4, UriEncodingKeepsUnreservedAndSlashOnlyWhenAsked) {
  EXPECT_EQ(AwsUriEncode("a b/c+d~e", false), "a%20b/c%2Bd~e");
  EXPECT_EQ(AwsUriEncode("a b/c", true), "a%20b%2Fc");
  EXPECT_EQ(AwsUriEncode("\xc3\xa9", false), "%C3%A9");
}

TEST(SigV4, CanonicalRequestOfAnS3GetIsWhatAwsDocuments) {
  // AWS S3 docs, "Example: GET Object" (Authenticating Requests: Using the
  // Authorization Header): the canonical request and signature.
  SigV4Request r;
  r.method = "GET";
  r.path = "/test.txt";
  r.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
               {"Range", "bytes=0-9"},
               {"x-amz-content-sha256", Hex(Sha256(""))},
               {"x-amz-date", "20130524T000000Z"}};
  r.payload_sha256_hex = Hex(Sha256(""));
  AwsCredentials creds{"AKIAIOSFODNN7EXAMPLE",
                       "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
  EXPECT_EQ(SigV4Authorization(r, creds, "us-east-1", "s3", "20130524T000000Z"),
            "AWS4-HMAC-SHA256 "
            "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
            "aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature="
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

}  // namespace
}  // namespace dw::connectors
