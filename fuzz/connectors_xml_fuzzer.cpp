// File: fuzz/connectors_xml_fuzzer.cpp
//
// Feeds arbitrary bytes to the connectors' XML reader (S3 ListObjectsV2,
// Azure List Blobs and error bodies come from the network) and, as text, to
// the host-literal decoder and the state-URL parser. An XML error must name
// an offset inside the input; a parsed tree must be no deeper than the
// reader's limit; a decoded host literal must classify and re-decode to
// itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "driftwise/connectors/http_client.hpp"
#include "driftwise/connectors/state_backend.hpp"
#include "xml_reader.hpp"

namespace {

int Depth(const dw::connectors::XmlElement& e) {
  int deepest = 0;
  for (const auto& c : e.children) {
    int d = Depth(c);
    if (d > deepest) deepest = d;
  }
  return deepest + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = dw::connectors::ParseXml(text);
  if (doc.ok()) {
    if (Depth(*doc) > 64) std::abort();
    (void)doc->ChildText("Contents");
  } else if (!doc.status().has_offset() || doc.status().offset() > size) {
    std::abort();
  }
  if (size < 256) {
    if (auto lit = dw::connectors::ParseHostLiteral(text)) {
      (void)dw::connectors::ClassifyAddress(*lit);
      auto again = dw::connectors::ParseHostLiteral(*lit);
      if (!again || *again != *lit) std::abort();
    }
    (void)dw::connectors::ParseStateUrl(text);
  }
  return 0;
}
