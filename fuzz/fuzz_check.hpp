#pragma once
// The invariant check of the fuzz targets whose input is text (rule documents, cron expressions,
// fact snapshots, entry rules): a broken invariant prints the condition, the target's file and
// the input, then aborts, so libFuzzer keeps the input as a crash.
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace ordo::fuzz {

[[noreturn]] inline void InvariantBroken(const char* file, const char* what, std::string_view input) {
  std::fprintf(stderr, "%s: invariant broken: %s\ninput: %.*s\n", file, what, static_cast<int>(input.size()),
               input.data());
  std::abort();
}

}  // namespace ordo::fuzz

#define FUZZ_CHECK(condition, input)                                             \
  do {                                                                           \
    if (!(condition)) ::ordo::fuzz::InvariantBroken(__FILE__, #condition, input); \
  } while (false)
