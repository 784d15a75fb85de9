// Why no libpng or zlib: a QR code is a few kilobytes of black and white pixels shown once at
// enrolment, so compression buys nothing. The PNG is IHDR + one IDAT holding a zlib stream of
// *stored* (uncompressed) deflate blocks + IEND, which needs only CRC-32 and Adler-32 — about
// sixty lines instead of a new dependency. Any PNG decoder reads it.
#include "security/detail/png.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "core/assert.hpp"

namespace ordo::security::detail {
namespace {

constexpr std::size_t kMaxStoredBlock = 65535;  // deflate stored block length is 16 bits

std::array<std::uint32_t, 256> MakeCrcTable() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

void AppendBigEndian32(std::vector<std::uint8_t>& out, std::uint32_t value) {
  out.push_back(static_cast<std::uint8_t>(value >> 24));
  out.push_back(static_cast<std::uint8_t>(value >> 16));
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value));
}

// length, type, data, CRC over type + data.
void AppendChunk(std::vector<std::uint8_t>& png, const char (&type)[5],
                 const std::vector<std::uint8_t>& data) {
  AppendBigEndian32(png, static_cast<std::uint32_t>(data.size()));
  const std::size_t type_at = png.size();
  png.insert(png.end(), type, type + 4);
  png.insert(png.end(), data.begin(), data.end());
  AppendBigEndian32(png, Crc32({png.data() + type_at, png.size() - type_at}));
}

// zlib header (deflate, 32 KiB window, no dictionary, FCHECK making it a multiple of 31),
// stored blocks, Adler-32 of the uncompressed data.
std::vector<std::uint8_t> ZlibStored(const std::vector<std::uint8_t>& raw) {
  std::vector<std::uint8_t> out = {0x78, 0x01};
  std::size_t offset = 0;
  do {
    const std::size_t length = std::min(kMaxStoredBlock, raw.size() - offset);
    const bool final_block = offset + length == raw.size();
    out.push_back(final_block ? 1 : 0);  // BFINAL, BTYPE = 00 (stored)
    const auto len16 = static_cast<std::uint16_t>(length);
    const auto nlen16 = static_cast<std::uint16_t>(~len16);
    out.push_back(static_cast<std::uint8_t>(len16 & 0xff));  // LEN, NLEN: little endian
    out.push_back(static_cast<std::uint8_t>(len16 >> 8));
    out.push_back(static_cast<std::uint8_t>(nlen16 & 0xff));
    out.push_back(static_cast<std::uint8_t>(nlen16 >> 8));
    out.insert(out.end(), raw.begin() + static_cast<std::ptrdiff_t>(offset),
               raw.begin() + static_cast<std::ptrdiff_t>(offset + length));
    offset += length;
  } while (offset < raw.size());
  AppendBigEndian32(out, Adler32(raw));
  return out;
}

}  // namespace

std::uint32_t Crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
  static const std::array<std::uint32_t, 256> table = MakeCrcTable();
  std::uint32_t c = crc ^ 0xFFFFFFFFu;
  for (const std::uint8_t byte : bytes) c = table[(c ^ byte) & 0xff] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::uint32_t Adler32(std::span<const std::uint8_t> bytes) {
  constexpr std::uint32_t kModulus = 65521;
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (const std::uint8_t byte : bytes) {
    a = (a + byte) % kModulus;
    b = (b + a) % kModulus;
  }
  return (b << 16) | a;
}

std::string EncodeGreyscalePng(std::uint32_t width, std::uint32_t height,
                               std::span<const std::uint8_t> pixels) {
  ORDO_CHECK(width >= 1 && height >= 1);
  ORDO_CHECK(pixels.size() == static_cast<std::size_t>(width) * height);

  // Each scanline starts with filter type 0 (None).
  std::vector<std::uint8_t> raw;
  raw.reserve((static_cast<std::size_t>(width) + 1) * height);
  for (std::uint32_t row = 0; row < height; ++row) {
    raw.push_back(0);
    const auto* row_start = pixels.data() + static_cast<std::size_t>(row) * width;
    raw.insert(raw.end(), row_start, row_start + width);
  }

  std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  std::vector<std::uint8_t> header;
  AppendBigEndian32(header, width);
  AppendBigEndian32(header, height);
  header.insert(header.end(), {8 /* bit depth */, 0 /* greyscale */, 0 /* deflate */,
                               0 /* adaptive filtering */, 0 /* no interlace */});
  AppendChunk(png, "IHDR", header);
  AppendChunk(png, "IDAT", ZlibStored(raw));
  AppendChunk(png, "IEND", {});
  return {png.begin(), png.end()};
}

}  // namespace ordo::security::detail
