# ctest entries of the Python package (included into the top-level
# directory from src/capi/CMakeLists.txt, after enable_testing()).
# pytest over the real corpus, with Debian's python3 and python3-pytest.
add_test(NAME python_pytest
  COMMAND ${DW_PYTHON_EXECUTABLE} -m pytest -q -p no:cacheprovider
    "${PROJECT_SOURCE_DIR}/bindings/python/tests")
add_test(NAME python_examples
  COMMAND bash "${PROJECT_SOURCE_DIR}/bindings/python/tests/run_examples.sh")
set(_dw_py_env "PYTHONPATH=${DW_PY_STAGE}" "DW_CLI=$<TARGET_FILE:driftwise_cli>"
  "DW_SHARED_DIR=${DW_SHARED_DIR}" "DW_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
  "PYTHON=${DW_PYTHON_EXECUTABLE}" ${DW_PY_SANITIZER_ENV})
set_tests_properties(python_pytest python_examples PROPERTIES TIMEOUT 900
  ENVIRONMENT "${_dw_py_env}")

# The package installed as users install it: venvs of Debian's python3 and
# of the python3 first on PATH (pip install --no-build-isolation, offline),
# and a wheel installed where no compiler is on PATH; the suite runs
# against each. Reuses this build (no second compile of the core).
add_test(NAME python_venvs
  COMMAND bash "${PROJECT_SOURCE_DIR}/bindings/python/tests/venv_install_test.sh"
    "${PROJECT_SOURCE_DIR}" "${PROJECT_BINARY_DIR}")
set_tests_properties(python_venvs PROPERTIES TIMEOUT 900 ENVIRONMENT
  "DW_CLI=$<TARGET_FILE:driftwise_cli>;DW_SHARED_DIR=${DW_SHARED_DIR};DW_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
# Packaging is not what sanitizer builds check (pip would run cmake with the
# ASan runtime preloaded): skipped there.
if(DW_SANITIZE)
  set_tests_properties(python_venvs PROPERTIES DISABLED TRUE)
endif()
