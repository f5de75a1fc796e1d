// IsJsonDocument (json/json_validate.hpp) must agree with
// JsonDocument::Parse: renderers embed a value as raw JSON on its word.
#include "json/json_validate.hpp"

#include <gtest/gtest.h>

#include <string>

#include "driftwise/json.hpp"

namespace dw::internal {
namespace {

TEST(IsJsonDocument, AgreesWithJsonDocumentParse) {
  const std::string texts[] = {
      "\"t3.micro\"",
      "{\"Name\":\"web\",\"Team\":[1,2.5,true,null]}",
      "[]",
      "-0.5e3",
      "123456789012345678901234567890",  // wider than 64 bits: still JSON
      "\"cut short\xe2\x80\xa6",         // a value the engine cut
      "{\"a\":1",
      "{\"a\":1} x",
      "",
      "nul",
      "\"\x01\"",  // unescaped control character
      std::string(300, '[') + std::string(300, ']'),  // deeper than allowed
  };
  for (const std::string& t : texts) {
    EXPECT_EQ(IsJsonDocument(t), JsonDocument::Parse(t).ok()) << t;
  }
  EXPECT_TRUE(IsJsonDocument("{\"ok\":true}"));
  EXPECT_FALSE(IsJsonDocument("\"cut short\xe2\x80\xa6"));
}

}  // namespace
}  // namespace dw::internal
