// File: src/connectors/aws_xml_shape.cpp
#include "aws_xml_shape.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace dw::connectors {
namespace {

bool IsListItem(std::string_view name) {
  return name == "item" || name == "member";
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

// Wrappers that are lists even when empty (<ipRanges/>).
bool IsListName(std::string_view name) {
  static constexpr std::string_view kLists[] = {
      "ipPermissions", "ipPermissionsEgress", "ipRanges", "ipv6Ranges",
      "groups",        "prefixListIds",       "Tags",     "Roles"};
  return EndsWith(name, "Set") ||
         std::find(std::begin(kLists), std::end(kLists), name) !=
             std::end(kLists);
}

bool IsNumberName(std::string_view name) {
  static constexpr std::string_view kNumbers[] = {
      "fromPort", "toPort", "availableIpAddressCount", "MaxSessionDuration"};
  return std::find(std::begin(kNumbers), std::end(kNumbers), name) !=
         std::end(kNumbers);
}

// boto3's member name for an XML element name.
std::string JsonName(std::string_view xml) {
  if (xml == "tagSet") return "Tags";
  if (xml == "groups") return "UserIdGroupPairs";
  if (xml == "groupDescription") return "Description";
  std::string out(xml);
  if (!out.empty()) {
    out[0] =
        static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  }
  return out;
}

nlohmann::json Convert(const XmlElement& e) {
  if (e.children.empty()) {
    if (IsListName(e.name)) return nlohmann::json::array();
    if (e.text == "true") return true;
    if (e.text == "false") return false;
    if (IsNumberName(e.name) && !e.text.empty() &&
        std::all_of(e.text.begin(), e.text.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) || c == '-';
        })) {
      return std::stoll(e.text);
    }
    return e.text;
  }
  bool all_items =
      std::all_of(e.children.begin(), e.children.end(),
                  [](const XmlElement& c) { return IsListItem(c.name); });
  if (all_items) {
    nlohmann::json list = nlohmann::json::array();
    for (const XmlElement& c : e.children)
      list.push_back(AwsXmlRecordToJson(c));
    return list;
  }
  return AwsXmlRecordToJson(e);
}

}  // namespace

nlohmann::json AwsXmlRecordToJson(const XmlElement& record) {
  if (record.children.empty()) return record.text;
  nlohmann::json out = nlohmann::json::object();
  for (const XmlElement& c : record.children) {
    out[JsonName(c.name)] = Convert(c);
  }
  return out;
}

}  // namespace dw::connectors
