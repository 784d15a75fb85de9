#pragma once
// Bytes of an exported file → UTF-8. Chinese POS and ERP systems (and Excel on a Chinese
// Windows) write CSV in GBK/GB18030; newer ones in UTF-8 with or without a BOM; Excel's
// "Unicode text" is UTF-16 with a BOM. Conversion uses glibc's iconv (GB18030 is a superset of
// GBK and GB2312, so one decoder covers all three). Pure; thread-safe (one iconv handle per call).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ordo::channels {

enum class TextEncoding : std::uint8_t {
  kAuto,     // a BOM decides (UTF-8, UTF-16LE/BE); else valid UTF-8 is UTF-8; else GB18030
  kUtf8,
  kGb18030,  // also GBK and GB2312
};

std::optional<TextEncoding> ParseTextEncoding(std::string_view name);  // "auto", "utf-8", "gbk", "gb18030"

// The text as UTF-8, without a BOM. kMalformed names the byte offset of the first byte that
// is not valid in the chosen (or detected) encoding.
core::Result<std::string> DecodeToUtf8(std::string_view bytes, TextEncoding encoding);

}  // namespace ordo::channels
