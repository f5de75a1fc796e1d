// File: src/connectors/aws_xml_shape.hpp
//
// Turns the XML records of the Query APIs (EC2 <item>s, IAM <member>s) into
// the JSON shape boto3 gives the same records — the property names and
// types the catalog's mappings compare: first letter upper-cased, list
// wrappers as arrays ("tagSet" -> "Tags", "groups" -> "UserIdGroupPairs"),
// "true"/"false" as booleans, ports and counts as numbers.
#ifndef DRIFTWISE_SRC_CONNECTORS_AWS_XML_SHAPE_HPP
#define DRIFTWISE_SRC_CONNECTORS_AWS_XML_SHAPE_HPP

#include <nlohmann/json.hpp>

#include "xml_reader.hpp"

namespace dw::connectors {

/// The JSON object for one record element (its children become members).
nlohmann::json AwsXmlRecordToJson(const XmlElement& record);

}  // namespace dw::connectors

#endif  // DRIFTWISE_SRC_CONNECTORS_AWS_XML_SHAPE_HPP
