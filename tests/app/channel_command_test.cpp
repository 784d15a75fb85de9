// `ordo channel add` and `ordo channel list` on a real SQLite store.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/channel_command.hpp"

namespace ordo::app {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "cli-secret-value-9d8c7b";

class ChannelCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ordo-channel-cmd-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    options_.db_url = "sqlite:" + (dir_ / "ordo.db").string();
    options_.pii_key.dev_insecure_key = true;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  int Add(const std::string& channel, const std::string& name, const std::string& secret,
          const std::string& profile_file = "") {
    ChannelCommandOptions options = options_;
    options.channel = channel;
    options.name = name;
    options.secret = secret;
    options.csv_profile_file = profile_file;
    out_.str("");
    err_.str("");
    return RunChannelAdd(options, out_, err_);
  }

  std::filesystem::path dir_;
  ChannelCommandOptions options_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(ChannelCommand, AddedConnectionsAreListedWithoutTheirSecret) {
  ASSERT_EQ(Add("shopify", "main-shop", kSecret), 0) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("shopify/main-shop"));
  const std::filesystem::path profile = dir_ / "profile.json";
  std::ofstream(profile) << R"({"name": "store_pos", "currency": "CNY"})";
  ASSERT_EQ(Add("pos_csv", "store-12", "", profile.string()), 0) << err_.str();
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(RunChannelList(options_, out, err), 0) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("\tshopify\tmain-shop\tenabled\t0\t0\t0\t-"));
  EXPECT_THAT(out.str(), HasSubstr("\tpos_csv\tstore-12\tenabled\t0\t0\t0\tyes"));
  EXPECT_THAT(out.str(), Not(HasSubstr(kSecret)));
  // The secret is encrypted at rest: not in the database files (WAL included) in clear, while
  // the connection's name, stored in clear, is.
  std::string bytes;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    if (entry.path().filename().string().rfind("ordo.db", 0) != 0) continue;
    std::ifstream file(entry.path(), std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  EXPECT_NE(bytes.find("main-shop"), std::string::npos);
  EXPECT_EQ(bytes.find(kSecret), std::string::npos);
}

TEST_F(ChannelCommand, BadArgumentsExitWithTwoNamingTheFieldNeverTheSecret) {
  EXPECT_EQ(Add("amazon", "Main Shop", kSecret), 2);
  EXPECT_THAT(err_.str(), HasSubstr("channel: unknown_channel"));
  EXPECT_THAT(err_.str(), HasSubstr("name: format"));
  EXPECT_THAT(err_.str(), Not(HasSubstr(kSecret)));
  EXPECT_EQ(Add("woocommerce", "wp", "short"), 2);
  EXPECT_THAT(err_.str(), HasSubstr("secret: required"));
}

TEST_F(ChannelCommand, ATakenNameExitsWithOne) {
  ASSERT_EQ(Add("shopify", "main-shop", kSecret), 0) << err_.str();
  EXPECT_EQ(Add("shopify", "main-shop", kSecret), 1);
  EXPECT_THAT(err_.str(), HasSubstr("already exists"));
}

}  // namespace
}  // namespace ordo::app
