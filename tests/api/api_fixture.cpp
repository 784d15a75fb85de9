#include "api_fixture.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace ordo::api::testing {

std::string OrderJson(const std::string& external_id, const OrderSpec& spec) {
  std::string lines;
  std::int64_t items_total = 0;
  for (int line_idx = 0; line_idx < spec.lines; ++line_idx) {
    const std::int64_t line_total = spec.qty * spec.unit_price;
    items_total += line_total;
    if (line_idx > 0) lines += ",";
    lines += R"({"sku":"SKU-)" + std::to_string(line_idx + 1) + R"(","title":"保温杯 500ml","qty":)" +
             std::to_string(spec.qty) + R"(,"unit_price":)" + std::to_string(spec.unit_price) +
             R"(,"line_total":)" + std::to_string(line_total) + "}";
  }
  const std::int64_t shipping = 800;
  const bool guangdong = spec.province == "广东省";
  const std::string city = !spec.city.empty() ? spec.city : guangdong ? "广州市" : "杭州市";
  const std::string district = !spec.district.empty() ? spec.district : guangdong ? "天河区" : "西湖区";
  return R"({"channel":")" + spec.channel + R"(","external_id":")" + external_id + R"(","status":")" + spec.status +
         R"(","currency":"CNY","customer_ref":")" + spec.customer_ref + R"(","buyer_note":")" + spec.buyer_note +
         R"(","created_at":")" + spec.created_at + R"(","lines":[)" + lines +
         R"(],"shipping_address":{"name":"张三","phone":")" + spec.phone + R"(","province":")" + spec.province +
         R"(","city":")" + city + R"(","district":")" + district +
         R"(","street":"文三路 100 号 5 幢 301","postcode":"310000","country":"CN"},)" +
         R"("totals":{"items":)" + std::to_string(items_total) + R"(,"shipping":)" + std::to_string(shipping) +
         R"(,"discount":0,"tax":0,"grand_total":)" + std::to_string(items_total + shipping) + "}}";
}

rapidjson::Document ParseBody(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  return doc;
}

int RunOrdo(const std::vector<std::string>& args, const std::string& log_file) {
  return RunProgram(ORDO_BINARY, args, log_file);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int ApiTest::ExecuteSql(const std::string& sql) {
  if (database_.url.starts_with("sqlite:")) {
    return RunProgram("sqlite3", {database_.url.substr(7), sql}, temp_dir_ + "/sql.log");
  }
  return RunProgram("psql", {database_.url, "-v", "ON_ERROR_STOP=1", "-qc", sql}, temp_dir_ + "/sql.log");
}

int RunProgram(const std::string& program, const std::vector<std::string>& args, const std::string& log_file) {
  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    const int log_fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log_fd >= 0) {
      dup2(log_fd, STDOUT_FILENO);
      dup2(log_fd, STDERR_FILENO);
    }
    std::vector<char*> argv;
    for (std::string& arg : argv_strings) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int ApiTest::CreateUser(const std::string& username, const std::string& password, const std::string& role,
                        const std::vector<std::string>& scopes) {
  std::vector<std::string> args = {"admin",      "create-user", "--db",   database_.url, "--username",
                                   username,     "--password",  password, "--role",      role};
  for (const std::string& scope : scopes) {
    args.push_back("--scope");
    args.push_back(scope);
  }
  return RunOrdo(args, temp_dir_ + "/admin.log");
}

std::string ApiTest::Login(const std::string& username, const std::string& password) {
  HttpClient anonymous(port());
  const HttpResponse response = anonymous.Post(
      "/api/v1/auth/login", R"({"username":")" + username + R"(","password":")" + password + R"("})");
  EXPECT_EQ(response.status, 200) << response.body;
  if (response.status != 200) return {};
  const rapidjson::Document doc = ParseBody(response.body);
  return doc.IsObject() && doc.HasMember("token") ? doc["token"].GetString() : std::string();
}

void ApiTest::SetUp() {
  if (const std::string reason = BackendSkipReason(); !reason.empty()) GTEST_SKIP() << reason;
  std::string pattern = (std::filesystem::temp_directory_path() / "ordo-api-test-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  temp_dir_ = pattern;
  database_ = CreateTestDatabase(temp_dir_);
  ASSERT_FALSE(database_.url.empty());
  ASSERT_EQ(CreateUser(kAdminUser, kAdminPassword, "admin"), 0) << "see " << temp_dir_ << "/admin.log";
  StartServer();
}

void ApiTest::TearDown() {
  DropServer();
  if (!database_.url.empty()) DropTestDatabase(database_);
  if (!temp_dir_.empty() && !HasFailure()) {
    std::error_code ignored;
    std::filesystem::remove_all(temp_dir_, ignored);
  }
}

void ApiTest::StartServer() {
  std::string error;
  server_ = ServerProcess::Start(database_.url, temp_dir_, error, server_args_);
  ASSERT_NE(server_, nullptr) << error;
  if (admin_token_.empty()) admin_token_ = Login(kAdminUser, kAdminPassword);
  ASSERT_FALSE(admin_token_.empty());
  client_ = std::make_unique<HttpClient>(server_->port(), admin_token_);
}

void ApiTest::RestartServer() {
  DropServer();
  StartServer();
}

std::vector<rapidjson::Document> ApiTest::AllOrders() {
  std::vector<rapidjson::Document> orders;
  std::string cursor;
  for (int page = 0; page < 10'000; ++page) {
    const HttpResponse response = client().Get("/api/v1/orders?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor));
    EXPECT_EQ(response.status, 200) << response.body;
    if (response.status != 200) break;
    rapidjson::Document doc = ParseBody(response.body);
    for (auto& item : doc["items"].GetArray()) {
      rapidjson::Document copy;
      copy.CopyFrom(item, copy.GetAllocator());
      orders.push_back(std::move(copy));
    }
    if (!doc["next_cursor"].IsString()) break;
    cursor = doc["next_cursor"].GetString();
  }
  return orders;
}

std::size_t ApiTest::CountOrders() { return AllOrders().size(); }

}  // namespace ordo::api::testing
