#include "channels/detail/payload_reader.hpp"

#include <charconv>
#include <vector>

#include "core/json.hpp"
#include "core/money.hpp"
#include "core/utf8.hpp"

namespace ordo::channels::detail {
namespace {

void AppendEscaped(std::string& out, std::string_view key) {
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

// Cuts `text` to at most `max_len` bytes without splitting a UTF-8 sequence.
std::string_view CutAtCharacter(std::string_view text, std::size_t max_len) {
  if (text.size() <= max_len) return text;
  std::size_t cut = max_len;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

std::optional<std::int64_t> DigitsToInt(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  bool negative = false;
  if (text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return negative ? -value : value;
}

}  // namespace

Location Location::Member(std::string_view key) const {
  Location child;
  child.parent_ = this;
  child.key_ = key;
  child.kind_ = Kind::kMember;
  return child;
}

Location Location::Index(std::size_t index) const {
  Location child;
  child.parent_ = this;
  child.index_ = index;
  child.kind_ = Kind::kIndex;
  return child;
}

std::string Location::Pointer() const {
  std::vector<const Location*> chain;
  for (const Location* at = this; at != nullptr && at->kind_ != Kind::kRoot; at = at->parent_) chain.push_back(at);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    out += '/';
    if ((*it)->kind_ == Kind::kIndex) {
      out += std::to_string((*it)->index_);
    } else {
      AppendEscaped(out, (*it)->key_);
    }
  }
  return out;
}

void PayloadReader::Fail(const Location& at, std::string_view code, std::string message) {
  if (failed_) return;
  failed_ = true;
  pointer_ = at.Pointer();
  code_ = std::string(code);
  message_ = std::move(message);
}

core::Error PayloadReader::TakeError(std::string_view what) const {
  ORDO_CHECK(failed_);
  core::Error error{core::ErrorCode::kInvalidArgument,
                    std::string(what) + " cannot be mapped: " + (pointer_.empty() ? "/" : pointer_) + ": " + code_,
                    {}};
  error.fields.push_back(core::FieldError{pointer_, code_, message_});
  return error;
}

Node PayloadReader::Child(const Node& parent, std::string_view key) const {
  Node node{nullptr, parent.at.Member(key)};
  if (parent.value == nullptr || !parent.value->IsObject()) return node;
  const auto it = parent.value->FindMember(rapidjson::Value(rapidjson::StringRef(key.data(), key.size())));
  if (it != parent.value->MemberEnd() && !it->value.IsNull()) node.value = &it->value;
  return node;
}

Node PayloadReader::Object(const Node& parent, std::string_view key, Need need) {
  Node node = Child(parent, key);
  if (!node.present()) {
    if (need == Need::kRequired) Fail(node.at, "required", "field is required");
  } else if (!node.value->IsObject()) {
    Fail(node.at, "type", "must be an object");
    node.value = nullptr;
  }
  return node;
}

Node PayloadReader::Array(const Node& parent, std::string_view key, Need need) {
  Node node = Child(parent, key);
  if (!node.present()) {
    if (need == Need::kRequired) Fail(node.at, "required", "field is required");
  } else if (!node.value->IsArray()) {
    Fail(node.at, "type", "must be an array");
    node.value = nullptr;
  }
  return node;
}

Node PayloadReader::Element(const Node& array, std::size_t index) const {
  Node node{nullptr, array.at.Index(index)};
  if (array.value != nullptr && array.value->IsArray() && index < array.value->Size()) {
    const auto& element = (*array.value)[static_cast<rapidjson::SizeType>(index)];
    if (!element.IsNull()) node.value = &element;
  }
  return node;
}

std::size_t PayloadReader::Size(const Node& array) const {
  return array.value != nullptr && array.value->IsArray() ? array.value->Size() : 0;
}

std::string_view PayloadReader::Text(const Node& parent, std::string_view key, Need need) {
  const Node node = Child(parent, key);
  if (!node.present()) {
    if (need == Need::kRequired) Fail(node.at, "required", "field is required");
    return {};
  }
  if (!node.value->IsString()) {
    Fail(node.at, "type", "must be a string");
    return {};
  }
  const std::string_view text = core::AsView(*node.value);
  // The body was valid UTF-8, but a \u escape can still spell a lone surrogate.
  if (!core::IsValidUtf8(text)) {
    Fail(node.at, "encoding", "must be valid Unicode (no lone surrogates)");
    return {};
  }
  if (need == Need::kRequired && text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    Fail(node.at, "required", "must not be empty");
    return {};
  }
  return text;
}

std::string PayloadReader::Identifier(const Node& parent, std::string_view key, Need need, std::size_t max_len) {
  const Node node = Child(parent, key);
  if (node.present() && node.value->IsNumber()) {
    if (node.value->IsUint64()) return std::to_string(node.value->GetUint64());
    if (node.value->IsInt64()) return std::to_string(node.value->GetInt64());
    Fail(node.at, "type", "an id must be an integer or a string (this one lost precision)");
    return {};
  }
  const std::string_view text = Text(parent, key, need);
  if (text.size() > max_len) {
    Fail(node.at, "too_long", "must be at most " + std::to_string(max_len) + " bytes");
    return {};
  }
  for (unsigned char c : text) {
    if (IsControl(c)) {
      Fail(node.at, "control_character", "must not contain control characters");
      return {};
    }
  }
  return std::string(text);
}

std::string PayloadReader::Field(const Node& parent, std::string_view key, std::size_t max_len) {
  std::string value = Identifier(parent, key, Need::kOptional, max_len);
  // Surrounding spaces are typing noise, not content.
  const std::size_t first = value.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  const std::size_t last = value.find_last_not_of(' ');
  return value.substr(first, last - first + 1);
}

std::string PayloadReader::FreeText(const Node& parent, std::string_view key, std::size_t max_len) {
  const std::string_view text = Text(parent, key, Need::kOptional);
  std::string out(CutAtCharacter(text, max_len));
  for (char& c : out) {
    if (IsControl(static_cast<unsigned char>(c)) && c != '\n') c = ' ';
  }
  return out;
}

std::optional<std::int64_t> PayloadReader::Decimal(const Node& parent, std::string_view key, Need need,
                                                   int minor_digits, bool allow_negative) {
  const Node node = Child(parent, key);
  if (!node.present()) {
    if (need == Need::kRequired) Fail(node.at, "required", "field is required");
    return std::nullopt;
  }
  std::optional<std::int64_t> value;
  if (node.value->IsString()) {
    value = core::ParseDecimalMinor(core::AsView(*node.value), minor_digits);
    if (!value) {
      Fail(node.at, "decimal", "must be a decimal amount such as \"199.00\" with at most " +
                                   std::to_string(minor_digits) + " decimals");
      return std::nullopt;
    }
  } else if (node.value->IsInt64()) {
    std::int64_t scale = 1;
    for (int digit = 0; digit < minor_digits; ++digit) scale *= 10;
    const std::int64_t whole = node.value->GetInt64();
    if (whole > kMaxAmount || whole < -kMaxAmount) {
      Fail(node.at, "too_large", "must be at most " + std::to_string(kMaxAmount) + " minor units");
      return std::nullopt;
    }
    value = whole * scale;
  } else if (node.value->IsNumber()) {
    Fail(node.at, "float_amount", "a fractional JSON number is not an exact amount; send a decimal string");
    return std::nullopt;
  } else {
    Fail(node.at, "type", "must be a decimal string");
    return std::nullopt;
  }
  if (*value < 0 && !allow_negative) {
    Fail(node.at, "negative", "must not be negative");
    return std::nullopt;
  }
  if (*value > kMaxAmount || *value < -kMaxAmount) {
    Fail(node.at, "too_large", "must be at most " + std::to_string(kMaxAmount) + " minor units");
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> PayloadReader::Fen(const Node& parent, std::string_view key, Need need,
                                               bool allow_negative) {
  return Integer(parent, key, need, allow_negative ? -kMaxAmount : 0, kMaxAmount);
}

std::optional<std::int64_t> PayloadReader::Integer(const Node& parent, std::string_view key, Need need,
                                                   std::int64_t min, std::int64_t max) {
  const Node node = Child(parent, key);
  if (!node.present()) {
    if (need == Need::kRequired) Fail(node.at, "required", "field is required");
    return std::nullopt;
  }
  std::optional<std::int64_t> value;
  if (node.value->IsInt64()) {
    value = node.value->GetInt64();
  } else if (node.value->IsString()) {
    value = DigitsToInt(core::AsView(*node.value));
  }
  if (!value) {
    Fail(node.at, "integer", "must be an integer (a JSON integer or a string of digits)");
    return std::nullopt;
  }
  if (*value < min) {
    Fail(node.at, min == 0 ? "negative" : "too_small", "must be at least " + std::to_string(min));
    return std::nullopt;
  }
  if (*value > max) {
    Fail(node.at, "too_large", "must be at most " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<core::UnixMillis> PayloadReader::Time(const Node& parent, std::string_view key, Need need,
                                                    TimeForm form) {
  const Node node = Child(parent, key);
  const auto absent = [&]() -> std::optional<core::UnixMillis> {
    if (need == Need::kRequired) Fail(node.at, "required", "field is required");
    return std::nullopt;
  };
  if (!node.present()) return absent();
  if (form == TimeForm::kUnixSeconds) {
    const auto seconds = Integer(parent, key, need, 0, 253'402'300'799);  // up to 9999-12-31
    if (!seconds) return std::nullopt;
    if (*seconds == 0) return absent();
    return *seconds * 1000;
  }
  if (!node.value->IsString()) {
    Fail(node.at, "type", "must be a date-time string");
    return std::nullopt;
  }
  std::string text(core::AsView(*node.value));
  if (text.empty()) return absent();
  if (form == TimeForm::kBeijing && (text.starts_with("0001-01-01") || text == "1970-01-01 00:00:00")) {
    return absent();
  }
  // *_gmt fields carry no zone but mean UTC; the core parser would read a bare time as UTC+8.
  if (form == TimeForm::kUtcWithoutZone && text.size() == 19) text += 'Z';
  const auto parsed = core::ParseRfc3339(text);
  if (!parsed || *parsed < 0 || *parsed > kMaxTime) {
    Fail(node.at, "format",
         form == TimeForm::kRfc3339 ? "must be an RFC 3339 date-time such as 2021-12-31T19:00:00-05:00"
                                    : "must be a date-time such as 2024-06-01 10:00:00");
    return std::nullopt;
  }
  return parsed;
}

std::optional<bool> PayloadReader::Bool(const Node& parent, std::string_view key) {
  const Node node = Child(parent, key);
  if (!node.present()) return std::nullopt;
  if (node.value->IsBool()) return node.value->GetBool();
  if (node.value->IsString()) {
    const std::string_view text = core::AsView(*node.value);
    if (text == "true") return true;
    if (text == "false") return false;
  }
  Fail(node.at, "type", "must be true or false");
  return std::nullopt;
}

}  // namespace ordo::channels::detail
