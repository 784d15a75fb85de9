#include "security/qr_code.hpp"

#include <qrencode.h>

#include <memory>
#include <vector>

#include "security/detail/png.hpp"

namespace ordo::security {

core::Result<std::string> QrCodePng(std::string_view text, const QrPngOptions& options) {
  if (text.empty() || text.size() > 1024) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "qr text must be 1..1024 bytes");
  }
  if (options.pixels_per_module < 1 || options.pixels_per_module > 32 ||
      options.quiet_zone_modules < 0 || options.quiet_zone_modules > 16) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "qr png options out of range");
  }
  // QRcode_encodeData takes a length, so embedded NULs are fine; version 0 = smallest that fits.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!qr) return core::MakeError(core::ErrorCode::kInternal, "qr encoding failed");

  const auto modules = static_cast<std::size_t>(qr->width);
  const auto scale = static_cast<std::size_t>(options.pixels_per_module);
  const auto border = static_cast<std::size_t>(options.quiet_zone_modules);
  const std::size_t side = (modules + 2 * border) * scale;
  std::vector<std::uint8_t> pixels(side * side, 0xFF);
  for (std::size_t y = 0; y < modules; ++y) {
    for (std::size_t x = 0; x < modules; ++x) {
      // Bit 0 of each libqrencode byte: 1 = dark module.
      if ((qr->data[y * modules + x] & 1) == 0) continue;
      for (std::size_t dy = 0; dy < scale; ++dy) {
        const std::size_t row = (y + border) * scale + dy;
        for (std::size_t dx = 0; dx < scale; ++dx) pixels[row * side + (x + border) * scale + dx] = 0;
      }
    }
  }
  return detail::EncodeGreyscalePng(static_cast<std::uint32_t>(side),
                                    static_cast<std::uint32_t>(side), pixels);
}

}  // namespace ordo::security
