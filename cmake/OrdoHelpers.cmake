# One-line declarations for modules, tests, benchmarks and fuzz targets.
#
# ordo_add_module(<name> SOURCES a.cpp b.cpp DEPS ordo_core ...)
#   -> library ordo_<name>; includes rooted at src/.
function(ordo_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  if(ARG_SOURCES)
    add_library(ordo_${name} STATIC ${ARG_SOURCES})
    target_include_directories(ordo_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(ordo_${name} PUBLIC ${ARG_DEPS} PRIVATE ordo_warnings ${ARG_PRIVATE_DEPS})
  else()
    add_library(ordo_${name} INTERFACE)
    target_include_directories(ordo_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(ordo_${name} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

# ordo_add_test(<name> SOURCES x_test.cpp DEPS ordo_order [LABELS pg])
#   -> executable <name>, registered with CTest (gtest_discover_tests would need the
#      binary to run at build time; we register the binary whole to keep builds fast).
function(ordo_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main ordo_warnings)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS};unit" TIMEOUT 600)
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()

# ordo_add_bench(<name> SOURCES x_benchmark.cpp DEPS ...)
function(ordo_add_bench name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark ordo_warnings)
endfunction()

# ordo_add_fuzz(<name> SOURCES x_fuzz.cpp DEPS ...) — only with ORDO_FUZZ (clang).
function(ordo_add_fuzz name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
endfunction()
