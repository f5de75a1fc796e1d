// The block bracket scanner (json/bracket_scanner.hpp) must find the
// bracket closing each container exactly, whatever the strings around it
// hold: brackets, escaped quotes, runs of backslashes of any length, and
// all of these cut by the 64-byte block boundaries. Generated documents
// record where each container opens and closes as they are written; both
// the SIMD and the portable scanner must find the same.
#include "json/bracket_scanner.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "driftwise/json.hpp"

namespace dw::internal {
namespace {

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  // A random JSON value; records (open, close) of each container.
  std::string Document(std::vector<std::pair<std::size_t, std::size_t>>* out) {
    text_.clear();
    spans_ = out;
    Value(0);
    return text_;
  }

 private:
  int Pick(int n) {
    return static_cast<int>(rng_() % static_cast<unsigned>(n));
  }

  void Space() {
    static const char* kSpaces[] = {"", "", " ", "\n  ", "\t", "\r\n"};
    text_ += kSpaces[Pick(6)];
  }

  // Strings full of what confuses a scanner: brackets, quotes escaped by
  // odd runs of backslashes, even runs that end just before the quote.
  void String() {
    text_ += '"';
    const int n = Pick(90);
    for (int i = 0; i < n; ++i) {
      switch (Pick(9)) {
        case 0:
          text_ += "\\\"";
          break;
        case 1:
          text_ += std::string(static_cast<std::size_t>(2 * Pick(4)), '\\');
          break;
        case 2:
          text_ += "{[";
          break;
        case 3:
          text_ += "]}";
          break;
        case 4:
          text_ += "\\\\\\\"";  // an escaped backslash, then an escaped quote
          break;
        case 5:
          text_ += "\xc3\xa9";  // é
          break;
        case 6:
          text_ += "\\u005c";
          break;
        default:
          text_ += static_cast<char>('a' + Pick(26));
      }
    }
    text_ += '"';
  }

  void Value(int depth) {
    const int kind = depth > 6 ? 2 + Pick(3) : Pick(5);
    if (kind == 0 || kind == 1) {
      const bool object = kind == 0;
      const std::size_t open = text_.size();
      text_ += object ? '{' : '[';
      const int n = Pick(6);
      for (int i = 0; i < n; ++i) {
        if (i > 0) text_ += ',';
        Space();
        if (object) {
          String();
          Space();
          text_ += ':';
          Space();
        }
        Value(depth + 1);
        Space();
      }
      const std::size_t close = text_.size();
      text_ += object ? '}' : ']';
      spans_->push_back({open, close});
    } else if (kind == 2) {
      String();
    } else if (kind == 3) {
      text_ += std::to_string(Pick(100000));
    } else {
      text_ += Pick(2) ? "true" : "null";
    }
  }

  std::mt19937 rng_;
  std::string text_;
  std::vector<std::pair<std::size_t, std::size_t>>* spans_ = nullptr;
};

TEST(BracketScanner, FindsEveryClosingBracketOfGeneratedDocuments) {
  Generator gen(20261127);
  std::size_t containers = 0;
  for (int doc = 0; doc < 400; ++doc) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    const std::string text = gen.Document(&spans);
    ASSERT_TRUE(JsonDocument::Parse(text).ok()) << text;  // the generator
    for (const auto& [open, close] : spans) {
      ASSERT_EQ(FindClosingBracket(text.data(), text.size(), open), close)
          << "document " << doc << " at " << open << ":\n"
          << text;
      ASSERT_EQ(FindClosingBracketPortable(text.data(), text.size(), open),
                close)
          << "document " << doc << " at " << open;
      ++containers;
    }
  }
  EXPECT_GT(containers, 1000u);
}

TEST(BracketScanner, EscapesThatStraddleABlockBoundary) {
  // A run of n backslashes ending right before a quote, placed so that the
  // run crosses byte 64 for every n: odd runs escape the quote (the string
  // goes on, the bracket after it is inside), even runs do not.
  for (std::size_t n = 1; n <= 9; ++n) {
    for (std::size_t at = 56; at <= 70; ++at) {
      std::string text = "[\"";
      text += std::string(at - text.size(), 'x');
      text += std::string(n, '\\');
      text += "\"]";
      if (n % 2 == 1) text += "\"]";  // the string ends here instead
      const std::size_t expected = text.size() - 1;
      ASSERT_TRUE(JsonDocument::Parse(text).ok()) << text;
      EXPECT_EQ(FindClosingBracket(text.data(), text.size(), 0), expected)
          << "run of " << n << " at " << at;
      EXPECT_EQ(FindClosingBracketPortable(text.data(), text.size(), 0),
                expected)
          << "run of " << n << " at " << at;
    }
  }
}

TEST(BracketScanner, ReportsInputThatEndsFirst) {
  for (const std::string& text :
       {std::string("{"), std::string("[{}"), std::string("{\"a\":\"}\""),
        std::string("[\"\\\"]"), std::string(200, '[')}) {
    EXPECT_EQ(FindClosingBracket(text.data(), text.size(), 0), text.size())
        << text;
    EXPECT_EQ(FindClosingBracketPortable(text.data(), text.size(), 0),
              text.size())
        << text;
  }
}

}  // namespace
}  // namespace dw::internal
