# The C++ API for other services to link (docs/c-abi.md, "The C++ API"):
#   include/driftwise/*.hpp (+ internal/)   the public C++ headers, std types only
#   libdriftwise_cpp.a                       every core module merged into one archive
#   driftwise::driftwise_cpp                 its target in find_package(driftwise)
#   driftwise-cpp.pc                         its pkg-config file
# Installed as the `cpp` component beside the C ABI (`c_abi`). Stable at
# source level within a major version; the symbols live in the inline
# namespace dw::v1, so a program built against another major fails to link
# instead of misbehaving. Included from src/capi/CMakeLists.txt.
set(DW_CPP_STATIC "${CMAKE_CURRENT_BINARY_DIR}/libdriftwise_cpp.a" CACHE INTERNAL "")
dw_merge_archives(driftwise_cpp_static "${DW_CPP_STATIC}" ${_dw_module_libs})

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/driftwise/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/driftwise" COMPONENT cpp
  FILES_MATCHING PATTERN "*.hpp" PATTERN "c" EXCLUDE)
install(FILES "${PROJECT_BINARY_DIR}/generated/driftwise/version.h"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/driftwise" COMPONENT cpp)
install(FILES "${DW_CPP_STATIC}" DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT cpp)

# What a program linking the archive needs besides it (pkg-config names;
# the CMake package finds the same libraries as targets).
set(DW_CPP_REQUIRES "simdjson re2 libxxhash libsodium libcrypto zlib absl_time")
configure_file(driftwise-cpp.pc.in "${CMAKE_CURRENT_BINARY_DIR}/driftwise-cpp.pc" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/driftwise-cpp.pc"
  DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig" COMPONENT cpp)
