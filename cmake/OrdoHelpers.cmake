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
#   Labels: LABELS if given, else "unit"; a test with a *_pgtest.cpp source also gets "pg"
#   (it needs ORDO_TEST_PG_URL, which `make test` provides through scripts/with-postgres.sh).
#   `ctest -L unit`, `ctest -L pg`, `ctest -LE pg` select by label.
function(ordo_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main ordo_warnings)
  add_test(NAME ${name} COMMAND ${name})
  set(labels ${ARG_LABELS})
  if(NOT labels)
    set(labels unit)
  endif()
  foreach(source IN LISTS ARG_SOURCES)
    if(source MATCHES "_pgtest\\.cpp$")
      list(APPEND labels pg)
    endif()
  endforeach()
  list(REMOVE_DUPLICATES labels)
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT 600)
endfunction()

# ordo_add_bench(<name> SOURCES x_benchmark.cpp DEPS ...)
function(ordo_add_bench name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark ordo_warnings)
endfunction()

# ordo_add_fuzz(<name> SOURCES x_fuzz.cpp DEPS ...) — only with ORDO_FUZZ (clang).
#   -> libFuzzer executable <build>/fuzz/<name>. Conventions read by scripts/fuzz-smoke.sh:
#      name <input>_fuzz, seeds in fuzz/corpus/<input>/, optional dictionary fuzz/<input>.dict.
function(ordo_add_fuzz name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} ordo_warnings)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
  set_property(GLOBAL APPEND PROPERTY ORDO_FUZZ_TARGETS ${name})
endfunction()
