#include "quality/detail/phone_text.hpp"

#include <algorithm>

#include "core/utf8.hpp"
#include "quality/detail/utf8_decode.hpp"

namespace ordo::quality::detail {
namespace {

int DigitValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= U'\uFF10' && c <= U'\uFF19') return static_cast<int>(c - U'\uFF10');  // ０-９
  return -1;
}

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == U'\u3000' || c == U'\u00A0'; }

// Separators inside a number. A dash or a space may also start a trailing extension group.
bool IsGroupSeparator(char32_t c) {
  return IsSpace(c) || c == '-' || c == U'\uFF0D' || c == U'\u2010' || c == U'\u2013' || c == U'\u2014';
}
bool IsOtherSeparator(char32_t c) {
  return c == '.' || c == '(' || c == ')' || c == U'\uFF08' || c == U'\uFF09' || c == '/' || c == '[' ||
         c == ']' || c == U'\u3010' || c == U'\u3011';
}

// The extension markers, longest first so that "ext." wins over "ext" and "x".
constexpr std::string_view kExtensionMarkers[] = {"extension", "分机号", "分機號", "ext.", "EXT.", "Ext.", "ext",
                                                  "EXT", "Ext", "分机", "分機", "转", "轉", "x", "X", "#", "＃"};

// Words that name a phone field when written straight before the number ("手机13812345678").
constexpr std::string_view kLabelWords[] = {"联系电话", "手机号码", "手机号", "手机", "电话", "座机", "Tel", "TEL",
                                            "Mobile", "mobile", "Phone", "phone"};

std::size_t SkipLabel(std::string_view text) {
  for (const std::string_view word : kLabelWords) {
    if (!text.starts_with(word)) continue;
    std::string_view rest = text.substr(word.size());
    while (rest.starts_with(" ")) rest.remove_prefix(1);
    for (const std::string_view colon : {std::string_view(":"), std::string_view("\uFF1A")}) {
      if (rest.starts_with(colon)) rest.remove_prefix(colon.size());
    }
    return text.size() - rest.size();
  }
  // "电话：138…", "Tel: 138…": text before a colon, with no digit in it, within 12 characters.
  std::size_t offset = 0;
  for (int chars = 0; chars < 12 && offset < text.size(); ++chars) {
    const CodePoint code_point = DecodeAt(text, offset);
    if (DigitValue(code_point.value) >= 0 || code_point.value == '+' || code_point.value == U'\uFF0B') return 0;
    offset += code_point.length;
    if (code_point.value == ':' || code_point.value == U'\uFF1A') return offset;
  }
  return 0;
}

void ReadExtension(std::string_view text, std::size_t offset, PhoneText& phone) {
  bool too_long = false;
  while (offset < text.size()) {
    const CodePoint code_point = DecodeAt(text, offset);
    offset += code_point.length;
    const int digit = DigitValue(code_point.value);
    if (digit >= 0) {
      if (phone.extension_length == kMaxExtensionDigits) {
        too_long = true;
        continue;
      }
      phone.extension[phone.extension_length++] = static_cast<char>('0' + digit);
    } else if (!IsGroupSeparator(code_point.value) && !IsOtherSeparator(code_point.value)) {
      phone.problem = PhoneProblem::kNotANumber;
      return;
    }
  }
  if (phone.extension_length == 0 || too_long) phone.problem = PhoneProblem::kBadExtension;
}

}  // namespace

PhoneText ReadPhoneText(std::string_view raw) {
  PhoneText phone;
  if (!core::IsValidUtf8(raw)) {
    phone.problem = PhoneProblem::kInvalidUtf8;
    return phone;
  }
  bool too_long = false;
  bool after_group_separator = false;
  bool anything = false;
  std::size_t offset = SkipLabel(raw);
  while (offset < raw.size()) {
    const std::string_view rest = raw.substr(offset);
    if (phone.digit_count != 0) {
      const auto marker = std::find_if(std::begin(kExtensionMarkers), std::end(kExtensionMarkers),
                                       [&](std::string_view m) { return rest.starts_with(m); });
      if (marker != std::end(kExtensionMarkers)) {
        ReadExtension(raw, offset + marker->size(), phone);
        break;
      }
    }
    const CodePoint code_point = DecodeAt(raw, offset);
    offset += code_point.length;
    const int digit = DigitValue(code_point.value);
    if (digit >= 0) {
      anything = true;
      if (phone.digit_count == kMaxPhoneDigits) {
        too_long = true;
        continue;
      }
      if (after_group_separator && phone.digit_count != 0) phone.last_group_start = phone.digit_count;
      after_group_separator = false;
      phone.digits[phone.digit_count++] = static_cast<char>('0' + digit);
    } else if ((code_point.value == '+' || code_point.value == U'\uFF0B') && phone.digit_count == 0 && !phone.plus) {
      anything = true;
      phone.plus = true;
    } else if (IsGroupSeparator(code_point.value)) {
      // A lone "-" or "—" stands for "no number": text, not emptiness.
      anything = anything || !IsSpace(code_point.value);
      after_group_separator = true;
    } else if (IsOtherSeparator(code_point.value)) {
      anything = true;
    } else if (code_point.value == '\r' || code_point.value == '\n') {
      // trailing line ends from files
    } else {
      phone.problem = PhoneProblem::kNotANumber;
      return phone;
    }
  }
  if (phone.problem != PhoneProblem::kNone) return phone;
  if (phone.digit_count == 0) {
    phone.problem = anything ? PhoneProblem::kNotANumber : PhoneProblem::kEmpty;
  } else if (too_long) {
    phone.problem = PhoneProblem::kTooLong;
  }
  return phone;
}

}  // namespace ordo::quality::detail
