// File: src/connectors/xml_reader.hpp
//
// A small, strict XML reader for the list responses of S3 and Azure Blob
// (ListBucketResult, EnumerationResults, Error, AssumeRoleResponse). It
// builds a tree of elements with their text; attributes, comments,
// processing instructions and DOCTYPE-free prologues are skipped. Namespace
// prefixes are dropped from names. Entities: the five predefined ones and
// numeric references. Errors name the byte offset. Nesting is limited to
// 64 levels so hostile input cannot exhaust the stack (fuzzed by
// fuzz/xml_list_fuzzer.cpp).
#ifndef DRIFTWISE_SRC_CONNECTORS_XML_READER_HPP
#define DRIFTWISE_SRC_CONNECTORS_XML_READER_HPP

#include <string>
#include <string_view>
#include <vector>

#include "driftwise/status.hpp"

namespace dw::connectors {

struct XmlElement {
  std::string name;  // local name, without a namespace prefix
  std::string text;  // concatenated character data directly inside
  std::vector<XmlElement> children;

  /// First child named `name`, or nullptr.
  const XmlElement* Child(std::string_view name) const;
  /// Text of the first child named `name`, or "".
  std::string ChildText(std::string_view name) const;
};

/// Parses a whole document and returns its root element.
Result<XmlElement> ParseXml(std::string_view document);

}  // namespace dw::connectors

#endif  // DRIFTWISE_SRC_CONNECTORS_XML_READER_HPP
