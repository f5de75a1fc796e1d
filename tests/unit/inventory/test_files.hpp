// Shared helpers for the inventory, catalog and match tests: reading files.
#ifndef DRIFTWISE_TESTS_UNIT_INVENTORY_TEST_FILES_HPP
#define DRIFTWISE_TESTS_UNIT_INVENTORY_TEST_FILES_HPP

#include <fstream>
#include <sstream>
#include <string>

namespace dw::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string SharedPath(const std::string& rel) {
  return std::string(DW_SHARED_DIR) + "/" + rel;
}
inline std::string TestDataPath(const std::string& rel) {
  return std::string(DW_TEST_DATA_DIR) + "/" + rel;
}

}  // namespace dw::testing

#endif
