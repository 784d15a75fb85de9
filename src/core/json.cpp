#include "core/json.hpp"

namespace ordo::core {

Status ParseJson(std::string_view text, rapidjson::Document& doc) {
  doc.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    return MakeError(ErrorCode::kMalformed,
                     std::string("malformed JSON at byte ") + std::to_string(doc.GetErrorOffset()) + ": " +
                         rapidjson::GetParseError_En(doc.GetParseError()));
  }
  return Ok();
}

}  // namespace ordo::core
