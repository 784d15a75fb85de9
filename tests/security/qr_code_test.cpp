#include "security/qr_code.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "security/detail/png.hpp"

namespace ordo::security {
namespace {

std::uint32_t ReadBigEndian32(const std::string& bytes, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

std::span<const std::uint8_t> AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

struct Chunk {
  std::string type;
  std::string data;
};

// Splits a PNG into chunks, checking every CRC; an empty result means a bad file.
std::vector<Chunk> ReadChunks(const std::string& png) {
  std::vector<Chunk> chunks;
  if (png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return {};
  std::size_t at = 8;
  while (at + 12 <= png.size()) {
    const std::uint32_t length = ReadBigEndian32(png, at);
    if (at + 12 + length > png.size()) return {};
    const std::string type_and_data = png.substr(at + 4, 4 + length);
    if (detail::Crc32(AsBytes(type_and_data)) != ReadBigEndian32(png, at + 8 + length)) return {};
    chunks.push_back({type_and_data.substr(0, 4), type_and_data.substr(4)});
    at += 12 + length;
  }
  return at == png.size() ? chunks : std::vector<Chunk>{};
}

// Inflates a zlib stream made only of stored blocks (what our encoder writes), checking Adler-32.
std::optional<std::string> InflateStored(const std::string& zlib) {
  if (zlib.size() < 6 || ((static_cast<unsigned char>(zlib[0]) << 8) |
                          static_cast<unsigned char>(zlib[1])) % 31 != 0) {
    return std::nullopt;
  }
  std::string out;
  std::size_t at = 2;
  bool final_block = false;
  while (!final_block) {
    if (at + 5 > zlib.size()) return std::nullopt;
    final_block = (zlib[at] & 1) != 0;
    if ((zlib[at] & 0x06) != 0) return std::nullopt;  // only stored blocks expected
    const auto len = static_cast<std::size_t>(static_cast<unsigned char>(zlib[at + 1]) |
                                              (static_cast<unsigned char>(zlib[at + 2]) << 8));
    const auto nlen = static_cast<std::size_t>(static_cast<unsigned char>(zlib[at + 3]) |
                                               (static_cast<unsigned char>(zlib[at + 4]) << 8));
    if ((len ^ 0xffff) != nlen || at + 5 + len > zlib.size()) return std::nullopt;
    out += zlib.substr(at + 5, len);
    at += 5 + len;
  }
  if (at + 4 != zlib.size() || ReadBigEndian32(zlib, at) != detail::Adler32(AsBytes(out))) {
    return std::nullopt;
  }
  return out;
}

TEST(PngChecksums, MatchKnownValues) {
  EXPECT_EQ(detail::Crc32(AsBytes("123456789")), 0xCBF43926u);
  EXPECT_EQ(detail::Adler32(AsBytes("Wikipedia")), 0x11E60398u);
}

TEST(GreyscalePng, EncodesPixelsLosslessly) {
  const std::vector<std::uint8_t> pixels = {0, 255, 128, 7, 9, 11};
  const std::string png = detail::EncodeGreyscalePng(3, 2, pixels);
  const std::vector<Chunk> chunks = ReadChunks(png);
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0].type, "IHDR");
  EXPECT_EQ(ReadBigEndian32(chunks[0].data, 0), 3u);
  EXPECT_EQ(ReadBigEndian32(chunks[0].data, 4), 2u);
  EXPECT_EQ(chunks[1].type, "IDAT");
  EXPECT_EQ(chunks[2].type, "IEND");
  const auto raw = InflateStored(chunks[1].data);
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(*raw, std::string("\x00\x00\xff\x80\x00\x07\x09\x0b", 8));
}

TEST(GreyscalePng, SplitsLargeImagesIntoSeveralStoredBlocks) {
  const std::vector<std::uint8_t> pixels(400 * 400, 0xAA);
  const std::vector<Chunk> chunks = ReadChunks(detail::EncodeGreyscalePng(400, 400, pixels));
  ASSERT_EQ(chunks.size(), 3u);
  const auto raw = InflateStored(chunks[1].data);
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(raw->size(), 401u * 400u);
}

TEST(QrCodePng, IsAValidSquarePngWithQuietZone) {
  const auto png = QrCodePng("otpauth://totp/Ordo:alice?secret=JBSWY3DPEHPK3PXP&issuer=Ordo",
                             QrPngOptions{.pixels_per_module = 2, .quiet_zone_modules = 4});
  ASSERT_TRUE(png.has_value());
  const std::vector<Chunk> chunks = ReadChunks(png.value());
  ASSERT_EQ(chunks.size(), 3u);
  const std::uint32_t width = ReadBigEndian32(chunks[0].data, 0);
  EXPECT_EQ(width, ReadBigEndian32(chunks[0].data, 4));
  EXPECT_EQ((width / 2 - 8 - 21) % 4, 0u);  // QR sides are 21 + 4k modules
  const auto raw = InflateStored(chunks[1].data);
  ASSERT_TRUE(raw.has_value());
  // The top-left quiet zone is white; the finder pattern's corner right after it is black.
  const std::size_t stride = width + 1;
  EXPECT_EQ(static_cast<unsigned char>((*raw)[1]), 0xFF);
  EXPECT_EQ(static_cast<unsigned char>((*raw)[8 * stride + 1 + 8]), 0x00);
}

TEST(QrCodePng, RefusesEmptyOrOversizedTextAndBadOptions) {
  EXPECT_FALSE(QrCodePng("").has_value());
  EXPECT_FALSE(QrCodePng(std::string(1025, 'a')).has_value());
  EXPECT_FALSE(QrCodePng("x", QrPngOptions{.pixels_per_module = 0}).has_value());
}

}  // namespace
}  // namespace ordo::security
