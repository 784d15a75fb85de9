#include "service/detail/json_fields.hpp"

#include <algorithm>

#include "core/json_pointer.hpp"
#include "core/utf8.hpp"

namespace ordo::service::detail {

std::string PointerToken(std::string_view name) { return core::JsonPointerToken(name); }

std::size_t CountCodePoints(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

void Problems::Add(std::string pointer, std::string code, std::string message) {
  ++added_;
  if (full()) {
    cut_ = true;
    return;
  }
  fields_.push_back(core::FieldError{std::move(pointer), std::move(code), std::move(message)});
}

core::Error Problems::Take(std::string detail) {
  std::vector<core::FieldError> fields = std::move(fields_);
  if (cut_) {
    fields.push_back(core::FieldError{"", "too_many_problems",
                                      "only the first " + std::to_string(kMaxProblems) + " problems are listed"});
  }
  fields_.clear();
  cut_ = false;
  return core::Error{core::ErrorCode::kInvalidArgument, std::move(detail), std::move(fields)};
}

void ObjectReader::RejectUnknown(std::initializer_list<std::string_view> known) {
  for (auto member = object_.MemberBegin(); member != object_.MemberEnd(); ++member) {
    const std::string_view name = core::AsView(member->name);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      problems_.Add(base_ + "/" + PointerToken(name), "unknown_field", "not a member of this object");
    }
  }
}

const rapidjson::Value* ObjectReader::Find(std::string_view name) const {
  const auto it = object_.FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
  if (it == object_.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::optional<std::string> ObjectReader::Text(std::string_view name, bool required, std::size_t max_chars) {
  const rapidjson::Value* value = Find(name);
  if (value != nullptr && !value->IsString()) {
    problems_.Add(At(name), "type", "must be a string");
    return std::nullopt;
  }
  if (value == nullptr || value->GetStringLength() == 0) {
    if (required) problems_.Add(At(name), "required", "member is required");
    return std::nullopt;
  }
  const std::string_view text = core::AsView(*value);
  // The body was valid UTF-8, but a \u escape can still spell a lone surrogate or a NUL.
  if (!core::IsValidUtf8(text)) {
    problems_.Add(At(name), "encoding", "must be valid Unicode (no lone surrogates)");
    return std::nullopt;
  }
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      problems_.Add(At(name), "control_character", "must not contain control characters");
      return std::nullopt;
    }
  }
  if (CountCodePoints(text) > max_chars) {
    problems_.Add(At(name), "too_long", "must be at most " + std::to_string(max_chars) + " characters");
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<std::int64_t> ObjectReader::Integer(std::string_view name, bool required, std::int64_t min,
                                                  std::int64_t max) {
  const rapidjson::Value* value = Find(name);
  if (value == nullptr) {
    if (required) problems_.Add(At(name), "required", "member is required");
    return std::nullopt;
  }
  if (value->IsUint64() && !value->IsInt64()) {  // above 2^63 - 1: an integer, just too large
    problems_.Add(At(name), "too_large", "must be at most " + std::to_string(max));
    return std::nullopt;
  }
  if (!value->IsInt64()) {
    problems_.Add(At(name), "type", "must be an integer");
    return std::nullopt;
  }
  const std::int64_t number = value->GetInt64();
  if (number < min) {
    problems_.Add(At(name), min == 0 ? "negative" : "too_small",
                  min == 0 ? "must not be negative" : "must be at least " + std::to_string(min));
    return std::nullopt;
  }
  if (number > max) {
    problems_.Add(At(name), "too_large", "must be at most " + std::to_string(max));
    return std::nullopt;
  }
  return number;
}

std::optional<double> ObjectReader::Number(std::string_view name, bool required, double min, double max) {
  const rapidjson::Value* value = Find(name);
  if (value == nullptr) {
    if (required) problems_.Add(At(name), "required", "member is required");
    return std::nullopt;
  }
  if (!value->IsNumber()) {
    problems_.Add(At(name), "type", "must be a number");
    return std::nullopt;
  }
  const double number = value->GetDouble();
  if (!(number >= min && number <= max)) {
    problems_.Add(At(name), "out_of_range", "must be between " + std::to_string(static_cast<int>(min)) + " and " +
                                                std::to_string(static_cast<int>(max)));
    return std::nullopt;
  }
  return number;
}

const quality::Division* ReadDivision(ObjectReader& reader, std::string_view name, bool required,
                                      quality::DivisionLevel level) {
  const rapidjson::Value* value = reader.Find(name);
  if (value == nullptr || (value->IsString() && value->GetStringLength() == 0)) {
    if (required) reader.problems().Add(reader.At(name), "required", "member is required");
    return nullptr;
  }
  if (!value->IsString()) {
    reader.problems().Add(reader.At(name), "type", "must be a string of six digits");
    return nullptr;
  }
  const std::string_view text = core::AsView(*value);
  std::uint32_t code = 0;
  bool digits = text.size() == 6;
  for (const char c : text) {
    digits = digits && c >= '0' && c <= '9';
    if (digits) code = code * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (!digits) {
    reader.problems().Add(reader.At(name), "format", "must be a six-digit GB/T 2260 division code");
    return nullptr;
  }
  const quality::Division* division = quality::FindDivision(code);
  if (division == nullptr || division->level != level) {
    const std::string_view what = level == quality::DivisionLevel::kProvince ? "province"
                                  : level == quality::DivisionLevel::kCity   ? "city"
                                                                             : "district";
    // The usual mistake: a municipality's province code given as its city (310000 for 310100).
    const std::string hint = level == quality::DivisionLevel::kCity && division != nullptr
                                 ? " (that is a province; a municipality's city is e.g. 310100 for 310000)"
                                 : "";
    reader.problems().Add(reader.At(name), "unknown_division",
                          "no " + std::string(what) + " has this code in GB/T 2260" + hint);
    return nullptr;
  }
  return division;
}

core::Status ParseObjectDocument(std::string_view body, rapidjson::Document& doc, std::string_view what) {
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) {
    return core::Error{core::ErrorCode::kInvalidArgument, std::string(what) + " is a JSON object",
                       {{"", "type", "must be a JSON object"}}};
  }
  return core::Ok();
}

}  // namespace ordo::service::detail
