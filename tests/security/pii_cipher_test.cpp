#include "security/pii_cipher.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "security/encoding.hpp"

namespace ordo::security {
namespace {

using ::testing::HasSubstr;

const std::string kHexKey(64, 'a');  // 32 bytes of 0xaa

PiiCipher TestCipher() { return PiiCipher::FromKeyText(kHexKey).value(); }

TEST(PiiCipher, RoundTripsWithTheSameAssociatedData) {
  const PiiCipher cipher = TestCipher();
  const std::string sealed = cipher.Encrypt("13812341234", "orders.phone:1");
  EXPECT_EQ(sealed.find("1381234"), std::string::npos);
  EXPECT_EQ(cipher.Decrypt(sealed, "orders.phone:1").value(), "13812341234");
}

TEST(PiiCipher, CiphertextIsBase64OfNonceCiphertextAndTag) {
  const std::string sealed = TestCipher().Encrypt("张三", "ad");
  const auto bytes = FromBase64(sealed);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(bytes->size(), 24u + std::string("张三").size() + 16u);
}

TEST(PiiCipher, SamePlaintextEncryptsDifferentlyEachTime) {
  const PiiCipher cipher = TestCipher();
  EXPECT_NE(cipher.Encrypt("same", "ad"), cipher.Encrypt("same", "ad"));
}

TEST(PiiCipher, EmptyPlaintextRoundTrips) {
  const PiiCipher cipher = TestCipher();
  EXPECT_EQ(cipher.Decrypt(cipher.Encrypt("", "ad"), "ad").value(), "");
}

TEST(PiiCipher, MovedRowOrColumnFailsAuthentication) {
  const PiiCipher cipher = TestCipher();
  const auto result = cipher.Decrypt(cipher.Encrypt("13812341234", "orders.phone:1"),
                                     "orders.phone:2");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kUnauthorized);
}

TEST(PiiCipher, TamperedOrWrongKeyFailsAuthentication) {
  const PiiCipher cipher = TestCipher();
  std::string raw = FromBase64(cipher.Encrypt("secret", "ad")).value();
  raw[30] = static_cast<char>(raw[30] ^ 1);
  EXPECT_EQ(cipher.Decrypt(ToBase64(raw), "ad").error().code, core::ErrorCode::kUnauthorized);
  const PiiCipher other = PiiCipher::FromKeyText(std::string(64, 'b')).value();
  EXPECT_FALSE(other.Decrypt(cipher.Encrypt("secret", "ad"), "ad").has_value());
}

TEST(PiiCipher, GarbageIsInvalidArgument) {
  const PiiCipher cipher = TestCipher();
  EXPECT_EQ(cipher.Decrypt("%%%", "ad").error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(cipher.Decrypt(ToBase64("short"), "ad").error().code,
            core::ErrorCode::kInvalidArgument);
}

TEST(PiiCipher, KeyTextAcceptsHexOrBase64WithTrailingNewline) {
  const std::string key_bytes(32, '\xaa');
  const PiiCipher from_hex = PiiCipher::FromKeyText(kHexKey + "\n").value();
  const PiiCipher from_b64 = PiiCipher::FromKeyText(ToBase64(key_bytes)).value();
  EXPECT_EQ(from_hex.KeyFingerprint(), from_b64.KeyFingerprint());
  EXPECT_EQ(from_b64.Decrypt(from_hex.Encrypt("x", "ad"), "ad").value(), "x");
}

TEST(PiiCipher, ShortOrMalformedKeyIsAClearErrorThatDoesNotEchoTheKey) {
  for (const std::string& text : {std::string(62, 'a'), std::string("not a key"),
                                 ToBase64(std::string(16, 'k')), std::string()}) {
    const auto cipher = PiiCipher::FromKeyText(text);
    ASSERT_FALSE(cipher.has_value()) << text;
    EXPECT_EQ(cipher.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_THAT(cipher.error().detail, HasSubstr("32 bytes"));
    if (!text.empty()) {
      EXPECT_EQ(cipher.error().detail.find(text), std::string::npos);
    }
  }
}

TEST(PiiCipher, LoadsFromFileAndReportsAMissingOne) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                     ("ordo-pii-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "pii.key").string();
  {
    std::ofstream file(path);
    file << PiiCipher::GenerateKeyText() << "\n";
  }
  EXPECT_TRUE(PiiCipher::FromKeyFile(path).has_value());
  const auto missing = PiiCipher::FromKeyFile((dir / "absent.key").string());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kUnavailable);
  EXPECT_THAT(missing.error().detail, HasSubstr("missing"));
  std::filesystem::remove_all(dir);
}

TEST(PiiCipher, LoadsFromEnvAndReportsAnUnsetVariable) {
  ::setenv("ORDO_TEST_PII_KEY", kHexKey.c_str(), 1);
  EXPECT_TRUE(PiiCipher::FromEnv("ORDO_TEST_PII_KEY").has_value());
  ::unsetenv("ORDO_TEST_PII_KEY");
  const auto unset = PiiCipher::FromEnv("ORDO_TEST_PII_KEY");
  ASSERT_FALSE(unset.has_value());
  EXPECT_THAT(unset.error().detail, HasSubstr("ORDO_TEST_PII_KEY is not set"));
}

TEST(PiiCipher, DevKeyIsMarkedInsecureAndStable) {
  const PiiCipher dev = PiiCipher::DevInsecureKey();
  EXPECT_TRUE(dev.IsDevInsecure());
  EXPECT_FALSE(TestCipher().IsDevInsecure());
  EXPECT_EQ(PiiCipher::DevInsecureKey().Decrypt(dev.Encrypt("x", "ad"), "ad").value(), "x");
}

TEST(PiiCipher, GeneratedKeysAreDistinctHex) {
  const std::string key = PiiCipher::GenerateKeyText();
  EXPECT_EQ(key.size(), 64u);
  EXPECT_NE(key, PiiCipher::GenerateKeyText());
}

TEST(BlindIndex, IsDeterministicPerKeyAndDiffersAcrossKeys) {
  const PiiCipher cipher = TestCipher();
  const PiiCipher other = PiiCipher::FromKeyText(std::string(64, 'b')).value();
  EXPECT_EQ(cipher.BlindIndex("13812341234"), cipher.BlindIndex("13812341234"));
  EXPECT_NE(cipher.BlindIndex("13812341234"), cipher.BlindIndex("13812341235"));
  EXPECT_NE(cipher.BlindIndex("13812341234"), other.BlindIndex("13812341234"));
  EXPECT_EQ(cipher.BlindIndex("x").size(), 64u);
}

TEST(BlindIndex, UsesASubkeySeparateFromTheFingerprint) {
  const PiiCipher cipher = TestCipher();
  EXPECT_EQ(cipher.KeyFingerprint().size(), 16u);
  EXPECT_NE(cipher.BlindIndex("ordo pii key fingerprint").substr(0, 16), cipher.KeyFingerprint());
}

TEST(PiiCipher, MovedFromCipherLeavesTheNewOneWorking) {
  PiiCipher first = TestCipher();
  const std::string sealed = first.Encrypt("x", "ad");
  const PiiCipher second = std::move(first);
  EXPECT_EQ(second.Decrypt(sealed, "ad").value(), "x");
}

TEST(PiiCipher, IsSafeToShareAcrossThreads) {
  const PiiCipher cipher = TestCipher();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    threads.emplace_back([&cipher, &failures, thread_idx] {
      for (int i = 0; i < 200; ++i) {
        const std::string value = std::to_string(thread_idx * 1000 + i);
        if (cipher.Decrypt(cipher.Encrypt(value, "ad"), "ad").value() != value) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(NormaliseForIndex, FoldsFormattingDifferences) {
  EXPECT_EQ(NormalisePhoneForIndex("+86 138-1234-1234"), "13812341234");
  EXPECT_EQ(NormalisePhoneForIndex("0086 13812341234"), "13812341234");
  EXPECT_EQ(NormalisePhoneForIndex("138 1234 1234"), "13812341234");
  EXPECT_EQ(NormaliseEmailForIndex("  Alice@Example.COM "), "alice@example.com");
  EXPECT_EQ(NormaliseNameForIndex(" John   Smith "), "john smith");
  EXPECT_EQ(NormaliseNameForIndex("张三"), "张三");
}

}  // namespace
}  // namespace ordo::security
