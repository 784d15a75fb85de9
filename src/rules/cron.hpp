#pragma once
// A five-field cron expression (minute hour day-of-month month day-of-week) for the "schedule"
// trigger. Fields: "*", a number, "a-b", any of these with "/step", comma lists. Names (JAN, MON)
// and the @daily shorthands are not accepted. Validation only: the scheduler is later work.
#include <optional>
#include <string>
#include <string_view>

namespace ordo::rules {

// nullopt when valid; otherwise why not (names the field, never echoes the input).
std::optional<std::string> CronProblem(std::string_view expression);

}  // namespace ordo::rules
