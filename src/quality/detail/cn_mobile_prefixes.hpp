#pragma once
// The fast path for the overwhelmingly common input: an 11-digit Chinese mobile number.
//
// Why: libphonenumber parses, validates and types one number in ~50 µs here (its metadata
// patterns run through ICU regular expressions), about 20,000 numbers/s per core; issue 4 wants
// 200,000/s. The validity of a Chinese mobile number depends on its first five digits only
// (1abcd + six free digits: the metadata's patterns are of the form 1740[0-5]\d{6},
// 1(?:3\d|…)\d{8}), so a 10,000-entry table answers for the whole range.
//
// The table is not typed in by hand: it is derived from libphonenumber's own metadata at first
// use, by asking libphonenumber about the lowest and highest number of every five-digit prefix
// (≈ 0.3 s, once per process). A prefix where the two disagree, or that is valid but not a
// mobile, is left to libphonenumber (kAskLibrary). tests/quality/cn_mobile_prefixes_test.cpp
// checks the table against libphonenumber on random numbers, so a future metadata change that
// looks past the fifth digit fails a test instead of misclassifying numbers.
#include <array>
#include <cstdint>
#include <string_view>

namespace ordo::quality::detail {

enum class CnMobileClass : std::uint8_t { kUnassigned, kMobile, kAskLibrary };

class CnMobilePrefixes {
 public:
  // The process-wide table, built on first call (thread-safe); read-only afterwards.
  static const CnMobilePrefixes& Get();

  // `national` must be 11 ASCII digits starting with '1'.
  CnMobileClass Classify(std::string_view national) const;

  // How many of the 10,000 prefixes fell in each class (for tests and docs).
  int Count(CnMobileClass wanted) const;

 private:
  CnMobilePrefixes();
  std::array<CnMobileClass, 10000> by_prefix_{};
};

}  // namespace ordo::quality::detail
