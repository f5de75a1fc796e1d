// File: tests/unit/test_files.hpp
//
// Reading fixture files in tests: the shared corpus (DW_SHARED_DIR) and the
// repository's own test data (DW_TEST_DATA_DIR).
#ifndef DRIFTWISE_TESTS_UNIT_TEST_FILES_HPP
#define DRIFTWISE_TESTS_UNIT_TEST_FILES_HPP

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace dw::testing {

inline std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open test file " + path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

inline std::string SharedPath(const std::string& rel) {
  return std::string(DW_SHARED_DIR) + "/" + rel;
}

inline std::string ReadShared(const std::string& rel) {
  return ReadFileOrDie(SharedPath(rel));
}

}  // namespace dw::testing

#endif  // DRIFTWISE_TESTS_UNIT_TEST_FILES_HPP
