#include "core/json.hpp"

#include "core/utf8.hpp"

namespace ordo::core {

Status ParseJson(std::string_view text, rapidjson::Document& doc) {
  if (!IsValidUtf8(text)) return MakeError(ErrorCode::kMalformed, "the body is not valid UTF-8");
  if (text.find('\0') != std::string_view::npos) return MakeError(ErrorCode::kMalformed, "the body contains a NUL byte");
  // RapidJSON's (pointer, length) overload reads through a generic stream that is several
  // times slower than its NUL-terminated fast path; one copy of the body is cheaper.
  const std::string terminated(text);
  doc.Parse(terminated.c_str());
  if (doc.HasParseError()) {
    return MakeError(ErrorCode::kMalformed,
                     std::string("malformed JSON at byte ") + std::to_string(doc.GetErrorOffset()) + ": " +
                         rapidjson::GetParseError_En(doc.GetParseError()));
  }
  return Ok();
}

}  // namespace ordo::core
