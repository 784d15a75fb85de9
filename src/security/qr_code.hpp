#pragma once
// QR code of a short text (a TOTP provisioning URI) as a PNG image, for the console's
// enrolment page. libqrencode makes the matrix; the PNG is written by hand (see qr_code.cpp).
// Thread-safe.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ordo::security {

struct QrPngOptions {
  int pixels_per_module = 6;  // 1..32
  int quiet_zone_modules = 4; // the standard's minimum border; 0..16
};

// PNG bytes (8-bit greyscale, black modules on white), error correction level M.
// kInvalidArgument if `text` is empty, longer than 1024 bytes, or options are out of range;
// kInternal if libqrencode fails.
core::Result<std::string> QrCodePng(std::string_view text, const QrPngOptions& options = {});

}  // namespace ordo::security
