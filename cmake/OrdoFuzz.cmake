# Settings for the fuzz build (-DORDO_FUZZ=ON, clang only; see docs/development.md).
# Every object is built with libFuzzer's coverage instrumentation (fuzzer-no-link) plus ASan and
# UBSan, so a finding inside ordo_core/ordo_order is reported with a stack, not just a
# wrong answer. Every sanitizer report is a crash libFuzzer saves and shows.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "ORDO_FUZZ needs clang: configure with CC=clang CXX=clang++ "
                      "(scripts/fuzz-smoke.sh does this in build-fuzz/)")
endif()
# pointer-overflow stays recoverable only so that cmake/ubsan.supp can silence RapidJSON 1.1.0's
# known one; UBSAN_OPTIONS=halt_on_error=1 (fuzz-smoke.sh) keeps every other report fatal.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                    -fsanitize-recover=pointer-overflow -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
# Keep ORDO_ASSERT on (no -DNDEBUG): a debug-only invariant is exactly what fuzzing should hit.
set(CMAKE_C_FLAGS_RELWITHDEBINFO "-O2 -g")
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O2 -g")
