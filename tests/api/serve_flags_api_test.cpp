// `ordo serve` start-up checks and background work: the PII key must match the database, and
// scheduled retention runs at start and then every interval, audited, until a clean shutdown.
#include <gmock/gmock.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api_fixture.hpp"
#include "security/pii_cipher.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;

std::int64_t IdOf(const HttpResponse& response) {
  const rapidjson::Document doc = ParseBody(response.body);
  return doc.IsObject() && doc.HasMember("id") && doc["id"].IsInt64() ? doc["id"].GetInt64() : -1;
}

// retention.run audit entries written by the scheduler, and the orders they anonymised.
struct RetentionRuns {
  int runs = 0;
  std::int64_t anonymised = 0;
};

TEST_F(ApiTest, ServeRefusesAKeyThatDoesNotMatchTheDatabase) {
  // The fixture's server recorded the --dev-insecure-key fingerprint at its first start.
  DropServer();
  const std::string key_file = temp_dir_ + "/other.key";
  std::ofstream(key_file) << security::PiiCipher::GenerateKeyText() << "\n";
  std::string error;
  // --pii-key-file wins over the --dev-insecure-key the helper also passes.
  const std::unique_ptr<ServerProcess> refused =
      ServerProcess::Start(database_.url, temp_dir_, error, {"--pii-key-file", key_file});
  ASSERT_EQ(refused, nullptr) << "ordo serve started with the wrong key";
  EXPECT_THAT(error, HasSubstr("exited early"));

  const std::string log = temp_dir_ + "/wrong-key.log";
  const int exit_code = RunOrdo({"serve", "--db", database_.url, "--listen", "127.0.0.1:0", "--pii-key-file", key_file},
                                log);
  EXPECT_NE(exit_code, 0);
  const std::string output = ReadFile(log);
  EXPECT_THAT(output, HasSubstr("the PII key does not match this database (fingerprint "));
  EXPECT_THAT(output, ::testing::Not(HasSubstr(security::PiiCipher::DevInsecureKey().KeyFingerprint())));

  StartServer();  // the right key still works
  EXPECT_EQ(client().Get("/api/v1/orders").status, 200);
}

TEST_F(ApiTest, ServeRunsRetentionAtStartAndThenEveryIntervalUntilShutdown) {
  OrderSpec old_order;
  old_order.created_at = "2020-01-10T10:00:00+08:00";
  const std::int64_t first = IdOf(client().Post("/api/v1/orders", OrderJson("OLD-1", old_order)));
  ASSERT_GT(first, 0);
  const std::int64_t recent = IdOf(client().Post("/api/v1/orders", OrderJson("NEW-1")));
  ASSERT_GT(recent, 0);

  DropServer();
  std::string error;
  server_ = ServerProcess::Start(database_.url, temp_dir_, error,
                                 {"--retention-anonymise-days", "365", "--retention-interval-minutes", "0.005"});
  ASSERT_NE(server_, nullptr) << error;
  client_ = std::make_unique<HttpClient>(port(), admin_token_);

  // Polls the audit log (the scheduler writes one entry per run) until `done` or 30 s.
  const auto wait_for = [&](auto done) {
    RetentionRuns seen;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      const rapidjson::Document doc = ParseBody(client().Get("/api/v1/audit?action=retention.run&limit=1000").body);
      seen = {};
      for (const auto& entry : doc["items"].GetArray()) {
        EXPECT_EQ(std::string(entry["actor_kind"].GetString()), "system");
        EXPECT_EQ(std::string(entry["actor_id"].GetString()), "scheduler");
        ++seen.runs;
        seen.anonymised += entry["detail"]["anonymised"].GetInt64();
      }
      if (done(seen)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return seen;
  };
  const RetentionRuns at_start = wait_for([](const RetentionRuns& seen) { return seen.anonymised >= 1; });
  EXPECT_EQ(at_start.anonymised, 1);
  const rapidjson::Document anonymised = ParseBody(client().Get("/api/v1/orders/" + std::to_string(first)).body);
  EXPECT_EQ(std::string(anonymised["shipping_address"]["name"].GetString()), "");
  EXPECT_EQ(std::string(anonymised["shipping_address"]["province"].GetString()), "浙江省");
  const rapidjson::Document kept = ParseBody(client().Get("/api/v1/orders/" + std::to_string(recent)).body);
  EXPECT_NE(std::string(kept["shipping_address"]["name"].GetString()), "");

  // An old order arriving now is caught by a later run.
  const std::int64_t late = IdOf(client().Post("/api/v1/orders", OrderJson("OLD-2", old_order)));
  ASSERT_GT(late, 0);
  const RetentionRuns later = wait_for([](const RetentionRuns& seen) { return seen.anonymised >= 2; });
  EXPECT_EQ(later.anonymised, 2);
  EXPECT_GE(later.runs, 2);

  // Shutdown joins the scheduler: a clean exit.
  client_.reset();
  EXPECT_EQ(server().StopWith(SIGTERM), 0);
  std::string log;
  for (const auto& entry : std::filesystem::directory_iterator(temp_dir_)) {
    if (entry.path().filename().string().starts_with("server-")) log += ReadFile(entry.path().string());
  }
  EXPECT_THAT(log, HasSubstr("retention run: 1 orders anonymised"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("张三")));  // counts only, never whose data
}

TEST_F(ApiTest, ARetentionIntervalWithoutAPolicyIsAUsageError) {
  DropServer();
  EXPECT_EQ(RunOrdo({"serve", "--db", database_.url, "--dev-insecure-key", "--retention-interval-minutes", "5"},
                    temp_dir_ + "/usage.log"),
            2);
  EXPECT_THAT(ReadFile(temp_dir_ + "/usage.log"), HasSubstr("--retention-interval-minutes needs"));
}

}  // namespace
}  // namespace ordo::api::testing
