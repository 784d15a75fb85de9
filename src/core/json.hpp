#pragma once
// RapidJSON is the one JSON library of the project (exact 64-bit integers, fast both ways).
// These aliases keep the choice of allocator and flags in one place.
#include <string>
#include <string_view>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/result.hpp"

namespace ordo::core {

using JsonBuffer = rapidjson::StringBuffer;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Parses `text` into `doc` (copying strings into the document). Invalid UTF-8, a NUL byte or a
// malformed document is
// kMalformed with the byte offset and RapidJSON's reason; never throws.
Status ParseJson(std::string_view text, rapidjson::Document& doc);

inline void WriteString(JsonWriter& writer, std::string_view value) {
  writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}
inline void WriteKey(JsonWriter& writer, std::string_view key) {
  writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}
inline std::string_view AsView(const rapidjson::Value& value) {
  return {value.GetString(), value.GetStringLength()};
}

}  // namespace ordo::core
