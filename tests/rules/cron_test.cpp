#include "rules/cron.hpp"

#include <gtest/gtest.h>

namespace ordo::rules {
namespace {

TEST(CronTest, AcceptsTheFiveFieldForms) {
  for (const char* valid : {"* * * * *", "0 3 * * *", "*/5 * * * *", "0 8-18/2 1,15 1-12 0-7", "59 23 31 12 7"}) {
    EXPECT_FALSE(CronProblem(valid).has_value()) << valid;
  }
}

TEST(CronTest, RefusesWhatItCannotRead) {
  for (const char* invalid : {"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
                              "* * * * 8", "5-1 * * * *", "*/0 * * * *", "a * * * *", "1,,2 * * * *", "@daily"}) {
    EXPECT_TRUE(CronProblem(invalid).has_value()) << invalid;
  }
  EXPECT_EQ(*CronProblem("* 24 * * *"), "the hour field is not valid (range 0-23)");
}

}  // namespace
}  // namespace ordo::rules
