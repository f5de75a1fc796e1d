// A state file read in parts (a first pass finds each resource; batches of
// resources are parsed on threads) must give exactly what reading it whole
// gives: every field of every resource instance, the attributes' JSON and
// byte offsets, the header fields and outputs, and the same errors.
//
// Reading whole is forced by an escaped top-level key ("\u005f", that is
// "_"), which the first pass leaves to the full parser and the state
// reader ignores.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "driftwise/state.hpp"
#include "unit/test_files.hpp"

namespace dw {
namespace {

constexpr std::string_view kEscapedKey = R"("\u005f": 0, )";

// `text` with the escaped key first in its top-level object, and how many
// bytes that moved everything after it.
std::string ReadWhole(const std::string& text, std::size_t* shift) {
  std::size_t brace = text.find('{');
  std::string out = text;
  out.insert(brace + 1, kEscapedKey);
  *shift = kEscapedKey.size();
  return out;
}

std::uint64_t Moved(std::uint64_t offset, std::size_t shift) {
  return offset == kNoOffset ? offset : offset - shift;
}

void ExpectSameState(const State& parts, const State& whole,
                     std::size_t shift) {
  EXPECT_EQ(parts.version, whole.version);
  EXPECT_EQ(parts.terraform_version, whole.terraform_version);
  EXPECT_EQ(parts.serial, whole.serial);
  EXPECT_EQ(parts.lineage, whole.lineage);
  EXPECT_EQ(parts.outputs.ToJson(), whole.outputs.ToJson());
  ASSERT_EQ(parts.resources.size(), whole.resources.size());
  for (std::size_t i = 0; i < parts.resources.size(); ++i) {
    const StateResource& a = parts.resources[i];
    const StateResource& b = whole.resources[i];
    SCOPED_TRACE(b.address);
    EXPECT_EQ(a.address, b.address);
    EXPECT_EQ(a.module, b.module);
    EXPECT_EQ(a.mode, b.mode);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.index_json, b.index_json);
    EXPECT_EQ(a.provider, b.provider);
    EXPECT_EQ(a.provider_source, b.provider_source);
    EXPECT_EQ(a.provider_alias, b.provider_alias);
    EXPECT_EQ(a.deposed, b.deposed);
    EXPECT_EQ(a.tainted, b.tainted);
    EXPECT_EQ(a.schema_version, b.schema_version);
    EXPECT_EQ(a.sensitive_paths, b.sensitive_paths);
    EXPECT_EQ(a.attributes.ToJson(), b.attributes.ToJson());
    EXPECT_EQ(a.attributes.offset(), Moved(b.attributes.offset(), shift));
    EXPECT_EQ(a.raw.offset(), Moved(b.raw.offset(), shift));
  }
}

// Every version 4 state of the shared corpus (the driftctl fixtures and
// the tfmoto scenarios' real Terraform output), on one and on three threads.
TEST(StateInParts, CorpusStatesReadAsWhenReadWhole) {
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           testing::SharedPath("corpus"))) {
    if (entry.path().extension() != ".tfstate") continue;
    std::string text = testing::ReadFileOrDie(entry.path().string());
    std::size_t shift = 0;
    Result<State> whole = ParseState(ReadWhole(text, &shift));
    if (!whole.ok() || whole->version != 4) continue;  // v3 files: refused
    SCOPED_TRACE(entry.path().string());
    for (int threads : {1, 3}) {
      Result<State> parts = ParseState(text, ParseStateOptions{threads});
      ASSERT_TRUE(parts.ok()) << parts.status().ToString();
      ExpectSameState(*parts, *whole, shift);
      // Read in parts indeed: a document per field and per batch.
      EXPECT_GT(parts->documents.size(), 1u);
      EXPECT_EQ(whole->documents.size(), 1u);
    }
    ++checked;
  }
  EXPECT_GT(checked, 150u);
}

// Several batches: instances from count and for_each, modules, deposed
// and tainted objects, sensitive attributes, data sources, a resource
// without instances.
std::string ManyResources(std::size_t n) {
  std::string s = R"({"version": 4, "terraform_version": "1.9.5", "serial": 3,
    "lineage": "l", "outputs": {"o": {"value": "v", "type": "string"}},
    "resources": [)";
  for (std::size_t i = 0; i < n; ++i) {
    std::string k = std::to_string(i);
    if (i) s += ",\n";
    switch (i % 5) {
      case 0:
        s +=
            R"({"mode": "managed", "type": "aws_instance", "name": "web)" + k +
            R"(", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
          "instances": [{"index_key": 0, "attributes": {"id": "i-)" +
            k + R"(a"}}, {"index_key": 1, "attributes": {"id": "i-)" + k +
            R"(b"}, "status": "tainted"}]})";
        break;
      case 1:
        s += R"({"module": "module.m)" + k +
             R"(", "mode": "managed", "type": "aws_iam_user", "name": "u",
          "provider": "module.m.provider[\"registry.terraform.io/hashicorp/aws\"].west",
          "instances": [{"index_key": "alice", "schema_version": 2,
            "attributes": {"id": "alice", "password": "p"},
            "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]})";
        break;
      case 2:
        s +=
            R"({"mode": "data", "type": "aws_ami", "name": "a)" + k +
            R"(", "provider": "provider.aws", "instances": [{"attributes": {"id": "ami-1"}}]})";
        break;
      case 3:
        s +=
            R"({"mode": "managed", "type": "aws_s3_bucket", "name": "b)" + k +
            R"(", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
          "instances": [{"attributes": {"id": "b"}},
                        {"deposed": "00000001", "attributes": {"id": "old"}}]})";
        break;
      default:
        s +=
            R"({"mode": "managed", "type": "null_resource", "name": "n)" + k +
            R"(", "provider": "provider[\"registry.terraform.io/hashicorp/null\"]",
          "instances": []})";
    }
  }
  return s + "]}";
}

TEST(StateInParts, ManyBatchesOnAnyThreadCount) {
  std::string text = ManyResources(2600);
  std::size_t shift = 0;
  Result<State> whole = ParseState(ReadWhole(text, &shift));
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  ASSERT_EQ(whole->resources.size(), 2600u / 5 * 6);
  for (int threads : {1, 2, 4, 0}) {
    Result<State> parts = ParseState(text, ParseStateOptions{threads});
    ASSERT_TRUE(parts.ok()) << parts.status().ToString();
    ExpectSameState(*parts, *whole, shift);
  }
}

// Errors are those of the whole read, whatever batch the bad resource is
// in: the path and the byte offset of the offending value.
TEST(StateInParts, ErrorsNameTheResourceAndByte) {
  std::string text = ManyResources(2000);
  const std::string bad = R"("name": "b1503")";
  std::size_t at = text.find(bad);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, bad.size(), R"("name": 1503)");
  for (int threads : {1, 2}) {
    Result<State> parts = ParseState(text, ParseStateOptions{threads});
    ASSERT_FALSE(parts.ok());
    EXPECT_EQ(parts.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(parts.status().message().find("resources[1503].name"),
              std::string::npos)
        << parts.status().ToString();
    EXPECT_EQ(parts.status().offset(), at + std::string(R"("name": )").size());
  }
  // Malformed JSON inside a late resource, or a cut-off file: the whole
  // read's message.
  std::string broken = ManyResources(2000);
  std::size_t late = broken.find(R"("name": "web1800")");
  ASSERT_NE(late, std::string::npos);
  broken.insert(late, "}");
  std::string cut = ManyResources(2000);
  cut.resize(cut.size() * 2 / 3);
  for (const std::string& input : {broken, cut}) {
    std::size_t shift = 0;
    Result<State> whole = ParseState(ReadWhole(input, &shift));
    Result<State> parts = ParseState(input, ParseStateOptions{2});
    ASSERT_FALSE(parts.ok());
    ASSERT_FALSE(whole.ok());
    EXPECT_EQ(parts.status().message(), whole.status().message());
    EXPECT_EQ(parts.status().has_offset(), whole.status().has_offset());
  }
}

// Found by state_fuzzer: a top-level field read on its own used to pass
// `null>` when a bracket followed (simdjson checked the wrong byte), where
// the whole read refuses it. Both now name the literal and its byte.
TEST(StateInParts, BrokenLiteralInAHeaderFieldIsAnError) {
  for (const char* literal : {"null>", "true>", "false>", "nul", "truex"}) {
    std::string text = std::string(R"({"version": 4, "extra": )") + literal +
                       R"(, "resources": []})";
    const std::size_t at = text.find(literal);
    for (int threads : {1, 2}) {
      Result<State> state = ParseState(text, ParseStateOptions{threads});
      ASSERT_FALSE(state.ok()) << literal << " read as a state";
      EXPECT_NE(state.status().message().find("atom starting with the letter"),
                std::string::npos)
          << state.status().ToString();
      EXPECT_EQ(state.status().offset(), at) << state.status().ToString();
    }
  }
}

// A top-level key given twice: the last one wins, as when read whole.
TEST(StateInParts, RepeatedHeaderKeyLastWins) {
  std::string text =
      R"({"version": 4, "lineage": "first", "serial": 1, "resources": [],
          "lineage": "second"})";
  Result<State> parts = ParseState(text);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ(parts->lineage, "second");
  std::size_t shift = 0;
  Result<State> whole = ParseState(ReadWhole(text, &shift));
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->lineage, "second");
}

}  // namespace
}  // namespace dw
