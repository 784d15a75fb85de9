// `ordo quality profile` on demo databases: clean demo data scores high, and the same demo with
// --dirty-rate 0.3 scores lower on every dimension; --save records a run with its tickets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "app/commands.hpp"
#include "app/quality_profile_command.hpp"
#include "security/pii_cipher.hpp"
#include "security/store_field_cipher.hpp"
#include "store/store.hpp"

namespace ordo::app {
namespace {

using ::testing::HasSubstr;

class QualityProfile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ordo-profile-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Demo(const std::string& name, double dirty_rate, int orders = 400) {
    DemoOptions options;
    options.db_url = "sqlite:" + (dir_ / (name + ".db")).string();
    options.orders = orders;
    options.seed = 42;
    options.dirty_rate = dirty_rate;
    options.pii_key.dev_insecure_key = true;
    EXPECT_EQ(RunDemo(options), 0);
    return options.db_url;
  }

  // The JSON report; `exit_code` gets the command's.
  rapidjson::Document Profile(const std::string& url, std::vector<std::string> extra = {}, int* exit_code = nullptr) {
    QualityProfileOptions options;
    options.db_url = url;
    options.pii_key.dev_insecure_key = true;
    options.json = true;
    options.top = 30;  // every failing check
    for (std::string& arg : extra) {
      if (arg == "--save") options.save = true;
    }
    std::ostringstream out;
    std::ostringstream err;
    const int code = RunQualityProfileCommand(options, out, err);
    if (exit_code != nullptr) *exit_code = code;
    EXPECT_EQ(code, 0) << err.str();
    rapidjson::Document doc;
    doc.Parse(out.str().c_str());
    EXPECT_TRUE(doc.IsObject()) << out.str();
    return doc;
  }

  static std::map<std::string, double> Scores(const rapidjson::Document& report) {
    std::map<std::string, double> scores;
    for (const auto& dimension : report["dimensions"].GetArray()) {
      scores[dimension["dimension"].GetString()] = dimension["score"].IsNull() ? -1 : dimension["score"].GetDouble();
    }
    return scores;
  }

  std::filesystem::path dir_;
};

TEST_F(QualityProfile, DirtyDemoDataScoresLowerOnEveryDimensionThanCleanDemoData) {
  const rapidjson::Document clean = Profile(Demo("clean", 0.0));
  const rapidjson::Document dirty = Profile(Demo("dirty", 0.3));
  EXPECT_EQ(clean["orders"].GetInt64(), 400);
  EXPECT_EQ(dirty["orders"].GetInt64(), 400);
  const auto clean_scores = Scores(clean);
  const auto dirty_scores = Scores(dirty);
  ASSERT_EQ(clean_scores.size(), 6u);
  for (const auto& [dimension, clean_score] : clean_scores) {
    SCOPED_TRACE(dimension);
    EXPECT_GE(clean_score, 97.0);  // demo data is clean by construction, bar a few stale statuses
    EXPECT_LT(dirty_scores.at(dimension), clean_score);
  }
  EXPECT_EQ(clean_scores.at("completeness"), 100.0);
  EXPECT_EQ(clean_scores.at("consistency"), 100.0);
  EXPECT_EQ(clean_scores.at("validity"), 100.0);
  // The checks that catch each kind of injected dirt fail.
  std::set<std::string> top;
  for (const auto& check : dirty["top_failing_checks"].GetArray()) top.insert(check["check"].GetString());
  for (const char* expected : {"phone_normalised", "province_canonical", "district_required", "city_in_province",
                               "totals_add_up", "duplicate_order", "receipt_lag"}) {
    EXPECT_TRUE(top.contains(expected)) << expected;
  }
  EXPECT_TRUE(dirty["saved_run"].IsNull());
}

TEST_F(QualityProfile, HumanReportListsDimensionsChannelsAndTopChecks) {
  const std::string url = Demo("report", 0.3, 200);
  QualityProfileOptions options;
  options.db_url = url;
  options.pii_key.dev_insecure_key = true;
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(RunQualityProfileCommand(options, out, err), 0) << err.str();
  const std::string report = out.str();
  EXPECT_THAT(report, HasSubstr("200 orders"));
  for (const char* part : {"completeness", "validity", "consistency", "timeliness", "uniqueness", "accuracy",
                           "by channel", "tmall", "top failing checks", "phone_normalised"}) {
    EXPECT_THAT(report, HasSubstr(part));
  }
  EXPECT_THAT(report, ::testing::Not(HasSubstr("saved as quality run")));
}

TEST_F(QualityProfile, SaveRecordsARunWithItsDailyCountsAndTickets) {
  const std::string url = Demo("save", 0.5, 300);
  int code = 0;
  const rapidjson::Document first = Profile(url, {"--save"}, &code);
  ASSERT_TRUE(first["saved_run"].IsObject());
  EXPECT_GT(first["saved_run"]["tickets_raised"].GetInt64(), 0);
  const rapidjson::Document second = Profile(url, {"--save"});
  EXPECT_EQ(second["saved_run"]["tickets_raised"].GetInt64(), 0);  // once per dimension × channel × day

  const security::PiiCipher key = security::PiiCipher::DevInsecureKey();
  const security::StoreFieldCipher cipher(key);
  store::StoreOptions options;
  options.url = url;
  options.pii_cipher = &cipher;
  auto db = store::Store::Open(options);
  ASSERT_TRUE(db.has_value());
  auto run = (*db)->Quality().LatestQualityRun();
  ASSERT_TRUE(run.has_value() && run->has_value());
  EXPECT_EQ((*run)->orders, 300);
  EXPECT_EQ((*run)->status, "done");
  store::QualityIssueFilter filter;
  filter.limit = 500;
  auto issues = (*db)->Quality().ListQualityIssues(filter);
  ASSERT_TRUE(issues.has_value());
  EXPECT_EQ(issues->run->id, (*run)->id);
  EXPECT_FALSE(issues->items.empty());
}

TEST_F(QualityProfile, BadThresholdIsAUsageError) {
  QualityProfileOptions options;
  options.db_url = "sqlite:" + (dir_ / "none.db").string();
  options.pii_key.dev_insecure_key = true;
  options.thresholds = {"beauty=90"};
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunQualityProfileCommand(options, out, err), 2);
  EXPECT_THAT(err.str(), HasSubstr("--threshold"));
}

}  // namespace
}  // namespace ordo::app
