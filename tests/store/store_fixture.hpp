#pragma once
// One store suite for both backends. SQLite gets a fresh file in a temp folder per test;
// PostgreSQL (when ORDO_TEST_PG_URL is set, see scripts/with-postgres.sh) a fresh database per
// test, created and dropped through libpq.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/time.hpp"
#include "order/order.hpp"
#include "store/store.hpp"

namespace ordo::store::testing {

enum class Backend { kSqlite, kPostgres };

// A fresh, empty database of the given backend; removed in the destructor.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(Backend backend);
  ~ScratchDatabase();
  bool available() const { return !url_.empty(); }
  const std::string& url() const { return url_; }
  // Straight SQL on the database, past the store: to look at what is really stored and to
  // tamper with rows. Execute: true on success. SelectText: every value of the first column,
  // joined with '\n' ("" when none; an error is a test failure).
  bool Execute(const std::string& sql) const;
  std::string SelectText(const std::string& sql) const;

 private:
  Backend backend_;
  std::string url_;
  std::string folder_;   // SQLite
  std::string db_name_;  // PostgreSQL
  std::string admin_url_;
};

// A valid canonical order; `external_id` makes it unique.
order::Order MakeOrder(const std::string& external_id, std::int64_t qty = 2);

std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

}  // namespace ordo::store::testing
