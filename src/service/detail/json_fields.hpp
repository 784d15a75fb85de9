#pragma once
// Internal to service/: the field-by-field reader the inventory parsers share. Every problem is
// a core::FieldError whose `field` is an RFC 6901 JSON pointer into the request ("/rates/3/cost",
// "" for the document itself) and whose `code` names the rule ("required", "type", "format",
// "too_long", "negative", "too_large", "unknown_field", …) — the convention of
// quality/entry_rules.cpp. Messages name the rule, never echo the value.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/result.hpp"
#include "quality/divisions.hpp"

namespace ordo::service::detail {

// A reply lists at most this many problems (a 200,000-row table with one mistake per row must
// not answer with a 20 MB problem document); the last entry then says the list was cut.
inline constexpr std::size_t kMaxProblems = 100;

// A member name from the input as one JSON pointer token: "~" → "~0", "/" → "~1", at most
// 64 bytes cut on a character boundary, control characters replaced by '?'.
std::string PointerToken(std::string_view name);

// Code points in valid UTF-8 text.
std::size_t CountCodePoints(std::string_view text);

// Collects problems; at most kMaxProblems (+1 marker "too_many_problems" at "").
class Problems {
 public:
  void Add(std::string pointer, std::string code, std::string message);
  bool ok() const { return fields_.empty(); }
  bool full() const { return fields_.size() >= kMaxProblems; }
  // For loops over items: true (and the list marked as cut) once it is full.
  bool StopHere() {
    if (full()) cut_ = true;
    return full();
  }
  // Problems added so far (including those beyond the cap): "did this item add any?"
  std::size_t added() const { return added_; }
  // kInvalidArgument with the problems listed.
  core::Error Take(std::string detail);

 private:
  std::vector<core::FieldError> fields_;
  bool cut_ = false;
  std::size_t added_ = 0;
};

// Reads the members of one JSON object found at pointer `base` ("" for the document).
class ObjectReader {
 public:
  ObjectReader(const rapidjson::Value& object, std::string base, Problems& problems)
      : object_(object), base_(std::move(base)), problems_(problems) {}

  std::string At(std::string_view member) const { return base_ + "/" + std::string(member); }
  const std::string& base() const { return base_; }
  Problems& problems() { return problems_; }

  // "unknown_field" for every member not in `known`.
  void RejectUnknown(std::initializer_list<std::string_view> known);
  // The member, or nullptr when absent or null.
  const rapidjson::Value* Find(std::string_view name) const;
  bool Has(std::string_view name) const { return Find(name) != nullptr; }

  // A string of 1..max_chars code points without control characters. Absent: nullopt, with
  // "required" when `required`. An empty string counts as absent.
  std::optional<std::string> Text(std::string_view name, bool required, std::size_t max_chars);
  // An integer in [min, max]. Absent: nullopt ("required" when `required`).
  std::optional<std::int64_t> Integer(std::string_view name, bool required, std::int64_t min, std::int64_t max);
  // A number in [min, max].
  std::optional<double> Number(std::string_view name, bool required, double min, double max);

 private:
  const rapidjson::Value& object_;
  std::string base_;
  Problems& problems_;
};

// A six-digit GB/T 2260 code of a division at `level`: "format" when not six digits,
// "unknown_division" when no division of that level has it. nullptr when absent or wrong.
const quality::Division* ReadDivision(ObjectReader& reader, std::string_view name, bool required,
                                      quality::DivisionLevel level);

// A request document that must be a JSON object: kMalformed when it does not parse,
// kInvalidArgument ("" "type") when it is not an object.
core::Status ParseObjectDocument(std::string_view body, rapidjson::Document& doc, std::string_view what);

}  // namespace ordo::service::detail
