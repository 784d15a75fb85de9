#include "core/time.hpp"

#include <gtest/gtest.h>

namespace ordo::core {
namespace {

TEST(Rfc3339, ParsesZonesAndFractions) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("1970-01-01T08:00:00+08:00"), 0);
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(ParseRfc3339("1970-01-01 08:00:00"), 0);  // marketplaces: Beijing time without a zone
  EXPECT_EQ(ParseRfc3339("2026-11-28T00:30:00.125Z"), 1795825800125);
}

TEST(Rfc3339, RejectsWhatIsNotADate) {
  for (const char* bad : {"", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-28T24:00:00Z",
                          "2026-11-28T00:00:00+8", "2026-11-28T00:00:00Zjunk", "20261128T000000Z",
                          "2026-11-28T00:00:00.Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

TEST(Rfc3339, FormatRoundTrips) {
  for (UnixMillis millis : {0LL, 1795825800125LL, 951782400000LL /* 2000-02-29 */}) {
    EXPECT_EQ(ParseRfc3339(FormatRfc3339(millis)), millis);
  }
  EXPECT_EQ(FormatRfc3339(1795825800125), "2026-11-28T00:30:00.125Z");
}

}  // namespace
}  // namespace ordo::core
