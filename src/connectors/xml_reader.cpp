// File: src/connectors/xml_reader.cpp
#include "xml_reader.hpp"

#include <cstdint>

namespace dw::connectors {
namespace {

constexpr int kMaxDepth = 64;

class Reader {
 public:
  explicit Reader(std::string_view doc) : doc_(doc) {}

  Result<XmlElement> Document() {
    if (StartsWith("\xEF\xBB\xBF")) pos_ = 3;  // Azure sends a UTF-8 BOM
    if (auto s = SkipMisc(); !s.ok()) return s;
    if (pos_ >= doc_.size() || doc_[pos_] != '<') {
      return Error("expected the root element");
    }
    XmlElement root;
    if (auto s = Element(&root, 0); !s.ok()) return s;
    if (auto s = SkipMisc(); !s.ok()) return s;
    if (pos_ != doc_.size()) return Error("content after the root element");
    return root;
  }

 private:
  Status Error(const std::string& what) const {
    return InvalidArgumentError("XML: " + what, pos_);
  }

  bool StartsWith(std::string_view s) const {
    return doc_.substr(pos_, s.size()) == s;
  }

  void SkipSpace() {
    while (pos_ < doc_.size() && (doc_[pos_] == ' ' || doc_[pos_] == '\t' ||
                                  doc_[pos_] == '\r' || doc_[pos_] == '\n')) {
      ++pos_;
    }
  }

  Status SkipUntil(std::string_view end) {
    std::size_t at = doc_.find(end, pos_);
    if (at == std::string_view::npos) {
      return Error("unterminated construct, expected '" + std::string(end) +
                   "'");
    }
    pos_ = at + end.size();
    return OkStatus();
  }

  // Whitespace, comments and processing instructions around the root.
  Status SkipMisc() {
    while (true) {
      SkipSpace();
      if (StartsWith("<?")) {
        if (auto s = SkipUntil("?>"); !s.ok()) return s;
      } else if (StartsWith("<!--")) {
        if (auto s = SkipUntil("-->"); !s.ok()) return s;
      } else if (StartsWith("<!")) {
        return Error("DOCTYPE and other declarations are not accepted");
      } else {
        return OkStatus();
      }
    }
  }

  static bool NameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
           c == ':' || static_cast<unsigned char>(c) >= 0x80;
  }

  Result<std::string> Name() {
    std::size_t start = pos_;
    while (pos_ < doc_.size() && NameChar(doc_[pos_])) ++pos_;
    if (pos_ == start) return Error("expected a name");
    std::string_view name = doc_.substr(start, pos_ - start);
    return std::string(name);
  }

  static std::string LocalName(const std::string& name) {
    std::size_t colon = name.rfind(':');
    return colon == std::string::npos ? name : name.substr(colon + 1);
  }

  static void AppendUtf8(std::string* out, std::uint32_t cp) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
  }

  // At '&': decodes one reference into `out`.
  Status Entity(std::string* out) {
    std::size_t semi = doc_.find(';', pos_);
    if (semi == std::string_view::npos || semi - pos_ > 12) {
      return Error("unterminated entity reference");
    }
    std::string_view ref = doc_.substr(pos_ + 1, semi - pos_ - 1);
    if (ref == "amp") {
      out->push_back('&');
    } else if (ref == "lt") {
      out->push_back('<');
    } else if (ref == "gt") {
      out->push_back('>');
    } else if (ref == "quot") {
      out->push_back('"');
    } else if (ref == "apos") {
      out->push_back('\'');
    } else if (ref.size() > 1 && ref[0] == '#') {
      std::uint32_t cp = 0;
      bool hex = ref[1] == 'x';
      std::string_view digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) return Error("empty character reference");
      for (char c : digits) {
        int d;
        if (c >= '0' && c <= '9') {
          d = c - '0';
        } else if (hex && c >= 'a' && c <= 'f') {
          d = c - 'a' + 10;
        } else if (hex && c >= 'A' && c <= 'F') {
          d = c - 'A' + 10;
        } else {
          return Error("bad character reference");
        }
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
        if (cp > 0x10ffff) return Error("character reference out of range");
      }
      if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
        return Error("character reference to an invalid code point");
      }
      AppendUtf8(out, cp);
    } else {
      return Error("unknown entity '&" + std::string(ref) + ";'");
    }
    pos_ = semi + 1;
    return OkStatus();
  }

  // Attributes are read (to find the tag's end correctly) and dropped.
  Status Attributes(bool* self_closing) {
    while (true) {
      SkipSpace();
      if (pos_ >= doc_.size()) return Error("unterminated start tag");
      if (StartsWith("/>")) {
        pos_ += 2;
        *self_closing = true;
        return OkStatus();
      }
      if (doc_[pos_] == '>') {
        ++pos_;
        *self_closing = false;
        return OkStatus();
      }
      auto name = Name();
      if (!name.ok()) return name.status();
      SkipSpace();
      if (pos_ >= doc_.size() || doc_[pos_] != '=') {
        return Error("expected '=' after attribute name");
      }
      ++pos_;
      SkipSpace();
      if (pos_ >= doc_.size() || (doc_[pos_] != '"' && doc_[pos_] != '\'')) {
        return Error("expected a quoted attribute value");
      }
      char quote = doc_[pos_++];
      std::size_t end = doc_.find(quote, pos_);
      if (end == std::string_view::npos) {
        return Error("unterminated attribute value");
      }
      if (doc_.substr(pos_, end - pos_).find('<') != std::string_view::npos) {
        return Error("'<' in an attribute value");
      }
      pos_ = end + 1;
    }
  }

  // At '<' of a start tag.
  Status Element(XmlElement* out, int depth) {
    if (depth >= kMaxDepth) return Error("elements nested too deeply");
    ++pos_;
    auto name = Name();
    if (!name.ok()) return name.status();
    out->name = LocalName(*name);
    bool self_closing = false;
    if (auto s = Attributes(&self_closing); !s.ok()) return s;
    if (self_closing) return OkStatus();
    while (true) {
      if (pos_ >= doc_.size()) {
        return Error("unterminated element <" + *name + ">");
      }
      char c = doc_[pos_];
      if (c == '&') {
        if (auto s = Entity(&out->text); !s.ok()) return s;
      } else if (c != '<') {
        out->text.push_back(c);
        ++pos_;
      } else if (StartsWith("</")) {
        pos_ += 2;
        auto end = Name();
        if (!end.ok()) return end.status();
        if (*end != *name) {
          return Error("</" + *end + "> closes <" + *name + ">");
        }
        SkipSpace();
        if (pos_ >= doc_.size() || doc_[pos_] != '>') {
          return Error("expected '>' to end the end tag");
        }
        ++pos_;
        return OkStatus();
      } else if (StartsWith("<!--")) {
        if (auto s = SkipUntil("-->"); !s.ok()) return s;
      } else if (StartsWith("<![CDATA[")) {
        std::size_t start = pos_ + 9;
        std::size_t end = doc_.find("]]>", start);
        if (end == std::string_view::npos) return Error("unterminated CDATA");
        out->text.append(doc_.substr(start, end - start));
        pos_ = end + 3;
      } else if (StartsWith("<?")) {
        if (auto s = SkipUntil("?>"); !s.ok()) return s;
      } else if (StartsWith("<!")) {
        return Error("declarations are not accepted inside elements");
      } else {
        out->children.emplace_back();
        if (auto s = Element(&out->children.back(), depth + 1); !s.ok()) {
          return s;
        }
      }
    }
  }

  std::string_view doc_;
  std::size_t pos_ = 0;
};

}  // namespace

const XmlElement* XmlElement::Child(std::string_view child) const {
  for (const XmlElement& c : children) {
    if (c.name == child) return &c;
  }
  return nullptr;
}

std::string XmlElement::ChildText(std::string_view child) const {
  const XmlElement* c = Child(child);
  return c ? c->text : std::string();
}

Result<XmlElement> ParseXml(std::string_view document) {
  return Reader(document).Document();
}

}  // namespace dw::connectors
