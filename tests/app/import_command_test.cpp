// `ordo import` as a process (the real binary, ORDO_BINARY) on a fresh database per test:
// SQLite in import_command_test, PostgreSQL in import_command_pgtest (ORDO_TEST_PG_URL, else
// skipped). JSON lines and CSV, the reject file, progress lines without a terminal, and a
// kill -9 in the middle followed by a rerun that ends with every order exactly once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <filesystem>
#include <fstream>
#include <thread>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api_fixture.hpp"
#include "app/demo_data.hpp"

namespace ordo::app {
namespace {

using api::testing::CreateTestDatabase;
using api::testing::DropTestDatabase;
using api::testing::ReadFile;
using api::testing::RunProgram;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kFixtures = ORDO_FIXTURES_DIR;

// One line of JSON (the fixtures are pretty-printed).
std::string Compact(const std::string& path) {
  rapidjson::Document doc;
  const std::string text = ReadFile(path);
  doc.Parse(text.data(), text.size());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  return buffer.GetString();
}

class ImportCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string reason = api::testing::BackendSkipReason(); !reason.empty()) GTEST_SKIP() << reason;
    dir_ = (std::filesystem::temp_directory_path() /
            ("ordo-import-test-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    database_ = CreateTestDatabase(dir_);
    ASSERT_FALSE(database_.url.empty());
  }
  void TearDown() override {
    DropTestDatabase(database_);
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::vector<std::string> Args(const std::string& channel, std::vector<std::string> files,
                                std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"import", "--db", database_.url, "--channel", channel, "--dev-insecure-key",
                                     "--reject-file", dir_ + "/rejects.jsonl", "--progress-interval", "0",
                                     "--checkpoint-dir", dir_};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), files.begin(), files.end());
    return args;
  }
  // Runs ordo; its stdout+stderr go to `log` (a file in the test's dir), returned in `output`.
  int Import(const std::vector<std::string>& args, std::string* output = nullptr) {
    const std::string log = dir_ + "/run-" + std::to_string(++runs_) + ".log";
    const int code = api::testing::RunOrdo(args, log);
    if (output != nullptr) *output = ReadFile(log);
    return code;
  }
  // One number from SQL on the test database.
  long long Scalar(const std::string& sql) {
    const std::string out = dir_ + "/sql-" + std::to_string(++runs_) + ".out";
    const int code = database_.url.starts_with("sqlite:")
                         ? RunProgram("sqlite3", {database_.url.substr(7), sql}, out)
                         : RunProgram("psql", {database_.url, "-tAc", sql}, out);
    EXPECT_EQ(code, 0) << ReadFile(out);
    return std::stoll(ReadFile(out));
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // `count` canonical orders (the demo generator's Chinese addresses and mobiles), one per line.
  std::string DemoJsonLines(const std::string& name, int count) {
    DemoSpec spec;
    spec.orders = count;
    spec.seed = 7;
    spec.now = 1'790'000'000'000;
    spec.with_timeline = false;
    spec.external_id_prefix = "imp-";
    std::string text;
    for (const DemoOrder& demo : GenerateDemoOrders(spec)) text += DemoOrderJson(demo.order) + "\n";
    return Write(name, text);
  }

  std::string dir_;
  api::testing::TestDatabase database_;
  int runs_ = 0;
};

TEST_F(ImportCommand, ShopifyJsonLinesImportOrdersAndListBadRowsByLineAndFieldWithoutValues) {
  const std::string file =
      Write("shopify.jsonl", Compact(kFixtures + "/shopify/paid_line_level_discounts.json") + "\n\n" +
                                 Compact(kFixtures + "/shopify/bad_price_three_decimals.json") + "\n" +
                                 Compact(kFixtures + "/shopify/fulfilled_delivered.json") + "\n" + "{not json\n");
  std::string output;
  ASSERT_EQ(Import(Args("shopify", {file}), &output), 0) << output;
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders WHERE channel = 'shopify'"), 2);
  EXPECT_THAT(output, HasSubstr("rows read            4"));
  EXPECT_THAT(output, HasSubstr("rejected             2"));

  const std::string rejects = ReadFile(dir_ + "/rejects.jsonl");
  std::vector<rapidjson::Document> lines;
  std::istringstream in(rejects);
  for (std::string line; std::getline(in, line);) {
    lines.emplace_back().Parse(line.c_str());
    ASSERT_TRUE(lines.back().IsObject()) << line;
  }
  ASSERT_EQ(lines.size(), 2u) << rejects;
  EXPECT_STREQ(lines[0]["file"].GetString(), "shopify.jsonl");
  EXPECT_EQ(lines[0]["line"].GetInt(), 3);  // the blank line 2 is counted, not imported
  EXPECT_STREQ(lines[0]["errors"][0]["field"].GetString(), "/line_items/0/price");
  EXPECT_STREQ(lines[0]["errors"][0]["code"].GetString(), "decimal");
  EXPECT_EQ(lines[1]["line"].GetInt(), 5);
  // Names fields, never values: the bad row's price, names, phones and streets are not in it.
  for (const char* value : {"10.005", "Bob", "Norman", "555-625", "Chestnut"}) EXPECT_THAT(rejects, Not(HasSubstr(value)));
}

TEST_F(ImportCommand, ARerunCountsDuplicatesAndWritesNothingNew) {
  const std::string file = DemoJsonLines("api.jsonl", 40);
  ASSERT_EQ(Import(Args("api", {file})), 0);
  const long long events = Scalar("SELECT count(*) FROM order_events");
  std::string output;
  ASSERT_EQ(Import(Args("api", {file}), &output), 0) << output;
  EXPECT_THAT(output, HasSubstr("duplicates skipped   40"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), 40);
  EXPECT_EQ(Scalar("SELECT count(*) FROM order_events"), events);
}

TEST_F(ImportCommand, PosCsvImportsGroupedRowsAndRejectsRowsByRowNumber) {
  std::string output;
  ASSERT_EQ(Import(Args("pos_csv", {kFixtures + "/csv/pos_utf8_bom_crlf.csv", kFixtures + "/csv/rejects.csv"}), &output),
            0)
      << output;
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders WHERE channel = 'pos_csv' AND external_id = 'PO-1001'"), 1);
  const std::string rejects = ReadFile(dir_ + "/rejects.jsonl");
  EXPECT_THAT(rejects, HasSubstr(R"("file":"rejects.csv","row":2)"));
  EXPECT_THAT(rejects, HasSubstr(R"("code":"decimal")"));
  EXPECT_THAT(rejects, Not(HasSubstr("12.3.4")));
  // The checkpoints of a finished import are gone.
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/rejects.csv.ordo-import"));
}

TEST_F(ImportCommand, PosCsvReadWithAProfileFileStillMeetsTheEntryRules) {
  // The profile maps 单据号 and reads ';'; the store's carry-out sales have no buyer name, which
  // the default entry rules refuse — as POST /orders would.
  std::string output;
  ASSERT_EQ(Import(Args("pos_csv", {kFixtures + "/csv/store_semicolon.csv"},
                        {"--profile-file", kFixtures + "/csv/store_pos_profile.json"}),
                   &output),
            0)
      << output;
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), 0);
  const std::string rejects = ReadFile(dir_ + "/rejects.jsonl");
  EXPECT_THAT(rejects, HasSubstr(R"("external_id":"S12-0001")"));
  EXPECT_THAT(rejects, HasSubstr(R"("rule":"name-required","action":"reject")"));
  std::string bad;
  EXPECT_EQ(Import(Args("pos_csv", {kFixtures + "/csv/store_semicolon.csv"}, {"--profile-file", kFixtures + "/csv/README.md"}),
                   &bad),
            2);
}

TEST_F(ImportCommand, ASavedProfileIsLoadedFromItsChannelConnection) {
  std::string output;
  EXPECT_EQ(Import(Args("pos_csv", {kFixtures + "/csv/store_semicolon.csv"}, {"--profile", "store_pos"}), &output), 2);
  EXPECT_THAT(output, HasSubstr("no pos_csv connection of that name"));
  ASSERT_EQ(api::testing::RunOrdo({"channel", "add", "--db", database_.url, "--dev-insecure-key", "--channel", "pos_csv",
                                   "--name", "store_pos", "--csv-profile", kFixtures + "/csv/store_pos_profile.json"},
                                  dir_ + "/channel-add.log"),
            0)
      << ReadFile(dir_ + "/channel-add.log");
  // The same outcome as with --profile-file: the profile maps 单据号 and reads ';'.
  ASSERT_EQ(Import(Args("pos_csv", {kFixtures + "/csv/store_semicolon.csv"}, {"--profile", "store_pos"}), &output), 0)
      << output;
  EXPECT_THAT(ReadFile(dir_ + "/rejects.jsonl"), HasSubstr(R"("external_id":"S12-0001")"));
  EXPECT_EQ(Import(Args("pos_csv", {kFixtures + "/csv/store_semicolon.csv"},
                        {"--profile", "store_pos", "--profile-file", kFixtures + "/csv/store_pos_profile.json"}),
                   &output),
            2);
  EXPECT_THAT(output, HasSubstr("not both"));
  EXPECT_EQ(Import(Args("shopify", {kFixtures + "/csv/store_semicolon.csv"}, {"--profile", "store_pos"}), &output), 2);
  EXPECT_EQ(Import(Args("tmall_sql", {kFixtures + "/csv/pos_gbk.csv"}), &output), 2);
  EXPECT_THAT(output, HasSubstr("unknown --channel"));
}

TEST_F(ImportCommand, WithoutATerminalProgressComesAsPlainLines) {
  const std::string file = DemoJsonLines("api.jsonl", 30);
  std::string output;
  ASSERT_EQ(Import(Args("api", {file}, {"--batch-rows", "10"}), &output), 0) << output;
  EXPECT_THAT(output, HasSubstr("ordo import: api.jsonl 33% rows=10"));
  EXPECT_THAT(output, HasSubstr("ordo import: api.jsonl 100% rows=30"));
  EXPECT_THAT(output, Not(HasSubstr("\r")));
  EXPECT_THAT(output, Not(HasSubstr("\x1b[")));
}

// Starts ordo with its output in `log`; returns the child's pid.
pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> argv_strings = {ORDO_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    std::vector<char*> argv;
    for (std::string& arg : argv_strings) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

TEST_F(ImportCommand, KilledMidwayAndRerunImportsEveryOrderExactlyOnce) {
  constexpr int kOrders = 6000;
  const std::string file = DemoJsonLines("api.jsonl", kOrders);
  const std::string log = dir_ + "/killed.log";
  const pid_t pid = Spawn(Args("api", {file}, {"--batch-rows", "200"}), log);
  // Wait for a few committed batches (a progress line each), then kill -9.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (ReadFile(log).find("rows=1000") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the import finished before it could be killed: " << ReadFile(log);
  ASSERT_TRUE(std::filesystem::exists(file + ".ordo-import"));
  const long long before = Scalar("SELECT count(*) FROM orders");
  ASSERT_GT(before, 0);
  ASSERT_LT(before, kOrders);

  std::string output;
  ASSERT_EQ(Import(Args("api", {file}), &output), 0) << output;
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), kOrders);
  EXPECT_EQ(Scalar("SELECT count(DISTINCT external_id) FROM orders"), kOrders);
  EXPECT_EQ(Scalar("SELECT count(*) FROM order_events WHERE node = 'created'"), kOrders);
  EXPECT_THAT(output, HasSubstr("resumed"));
  // The rerun started at the checkpoint, not at line 1.
  const std::size_t run = output.find("this run");
  ASSERT_NE(run, std::string::npos);
  const std::string run_line = output.substr(run, output.find('\n', run) - run);
  EXPECT_THAT(run_line, Not(HasSubstr("6,000 rows"))) << output;
  EXPECT_FALSE(std::filesystem::exists(file + ".ordo-import"));
}

TEST_F(ImportCommand, InterruptedByCtrlCStopsCleanlyAndResumes) {
  constexpr int kOrders = 6000;
  const std::string file = DemoJsonLines("api.jsonl", kOrders);
  const std::string log = dir_ + "/interrupted.log";
  const pid_t pid = Spawn(Args("api", {file}, {"--batch-rows", "200"}), log);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (ReadFile(log).find("rows=600") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(kill(pid, SIGINT), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << ReadFile(log);
  if (WEXITSTATUS(status) == 0) GTEST_SKIP() << "the import finished before the signal arrived";
  EXPECT_EQ(WEXITSTATUS(status), 130) << ReadFile(log);
  EXPECT_THAT(ReadFile(log), HasSubstr("interrupted; run the same command again to resume"));
  ASSERT_EQ(Import(Args("api", {file})), 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), kOrders);
  EXPECT_EQ(Scalar("SELECT count(*) FROM order_events WHERE node = 'created'"), kOrders);
}

}  // namespace
}  // namespace ordo::app
