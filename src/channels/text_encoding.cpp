#include "channels/text_encoding.hpp"

#include <cerrno>

#include <iconv.h>

#include "core/utf8.hpp"

namespace ordo::channels {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

// Owns one iconv descriptor; closed on every path.
class Converter {
 public:
  Converter(const char* to, const char* from) : handle_(iconv_open(to, from)) {}
  ~Converter() {
    if (ok()) iconv_close(handle_);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
  bool ok() const { return handle_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return handle_; }

 private:
  iconv_t handle_;
};

core::Result<std::string> Convert(std::string_view bytes, const char* from, std::string_view encoding_name) {
  Converter converter("UTF-8", from);
  if (!converter.ok()) {
    return core::MakeError(core::ErrorCode::kInternal, "iconv cannot convert from " + std::string(encoding_name));
  }
  std::string out;
  // GB18030 → UTF-8 grows at most 3/2 (2-byte CJK → 3 bytes); UTF-16 → UTF-8 at most 3/2 too.
  out.resize(bytes.size() + bytes.size() / 2 + 16);
  char* in_ptr = const_cast<char*>(bytes.data());  // iconv's signature; it does not write input
  std::size_t in_left = bytes.size();
  std::size_t written = 0;
  while (in_left > 0) {
    char* out_ptr = out.data() + written;
    std::size_t out_left = out.size() - written;
    const std::size_t result = iconv(converter.get(), &in_ptr, &in_left, &out_ptr, &out_left);
    written = static_cast<std::size_t>(out_ptr - out.data());
    if (result != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    const std::size_t offset = bytes.size() - in_left;
    return core::MakeError(core::ErrorCode::kMalformed,
                           "not valid " + std::string(encoding_name) + " at byte " + std::to_string(offset));
  }
  out.resize(written);
  return out;
}

}  // namespace

std::optional<TextEncoding> ParseTextEncoding(std::string_view name) {
  if (name == "auto" || name.empty()) return TextEncoding::kAuto;
  if (name == "utf-8" || name == "utf8" || name == "UTF-8") return TextEncoding::kUtf8;
  if (name == "gb18030" || name == "gbk" || name == "gb2312" || name == "GB18030" || name == "GBK") {
    return TextEncoding::kGb18030;
  }
  return std::nullopt;
}

core::Result<std::string> DecodeToUtf8(std::string_view bytes, TextEncoding encoding) {
  if (bytes.starts_with(kUtf8Bom)) {
    bytes.remove_prefix(kUtf8Bom.size());
    if (encoding == TextEncoding::kAuto) encoding = TextEncoding::kUtf8;
  }
  if (encoding == TextEncoding::kAuto) {
    if (bytes.starts_with(kUtf16LeBom)) return Convert(bytes.substr(2), "UTF-16LE", "UTF-16LE");
    if (bytes.starts_with(kUtf16BeBom)) return Convert(bytes.substr(2), "UTF-16BE", "UTF-16BE");
    encoding = core::IsValidUtf8(bytes) ? TextEncoding::kUtf8 : TextEncoding::kGb18030;
  }
  if (encoding == TextEncoding::kGb18030) return Convert(bytes, "GB18030", "GB18030");
  if (!core::IsValidUtf8(bytes)) return core::MakeError(core::ErrorCode::kMalformed, "the file is not valid UTF-8");
  return std::string(bytes);
}

}  // namespace ordo::channels
