#pragma once
// A minimal PNG encoder for 8-bit greyscale images (QR codes). Internal to the module.
#include <cstdint>
#include <span>
#include <string>

namespace ordo::security::detail {

// PNG bytes of a width × height image, `pixels` row-major, one byte per pixel (0 black, 255
// white). Requires pixels.size() == width × height and width, height ≥ 1 (checked).
std::string EncodeGreyscalePng(std::uint32_t width, std::uint32_t height,
                               std::span<const std::uint8_t> pixels);

// The checksums PNG needs, exposed for tests against known values.
std::uint32_t Crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);
std::uint32_t Adler32(std::span<const std::uint8_t> bytes);

}  // namespace ordo::security::detail
