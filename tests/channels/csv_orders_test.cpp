// POS / ERP CSV files → orders, on the fixtures of tests/fixtures/channels/csv/ (its README says
// which export each one imitates).
#include "channels/csv_orders.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "channel_test_support.hpp"

namespace ordo::channels {
namespace {

using order::OrderStatus;
using testing::ExpectCanonical;
using testing::ReadFixture;

constexpr core::UnixMillis kNow = 1'717'300'000'000;

CsvImport Import(const std::string& file, const CsvProfile& profile = DefaultCsvProfile()) {
  auto result = MapCsvOrders(ReadFixture("csv/" + file), profile, kNow);
  EXPECT_TRUE(result.has_value()) << (result.has_value() ? "" : result.error().detail);
  if (!result.has_value()) return {};
  for (const ChannelOrder& order : result->orders) ExpectCanonical(order);
  return std::move(result).value();
}

CsvProfile Profile(const std::string& file) {
  auto profile = ParseCsvProfile(ReadFixture("csv/" + file));
  EXPECT_TRUE(profile.has_value()) << (profile.has_value() ? "" : profile.error().detail);
  return profile.has_value() ? std::move(profile).value() : CsvProfile{};
}

TEST(CsvOrders, Utf8WithBomCrlfQuotedNewlinesAndMultiRowOrders) {
  const CsvImport result = Import("pos_utf8_bom_crlf.csv");
  EXPECT_EQ(result.rows, 3u);  // the blank ",,,," row is not a row
  EXPECT_TRUE(result.rejections.empty());
  ASSERT_EQ(result.orders.size(), 2u);
  const order::Order& first = result.orders[0].order;
  EXPECT_EQ(first.channel, "pos_csv");
  EXPECT_EQ(first.external_id, "PO-1001");
  EXPECT_EQ(first.status, OrderStatus::kCompleted);
  ASSERT_EQ(first.lines.size(), 2u);
  EXPECT_EQ(first.lines[0].title, "龙井茶 \"明前\" 250g");
  EXPECT_EQ(first.totals, (order::Totals{29800, 1000, 2000, 0, 28800}));
  EXPECT_EQ(first.buyer_note, "送货前 \n请电话联系");
  EXPECT_EQ(first.created_at, 1717207200000);
  ASSERT_EQ(first.payments.size(), 1u);
  EXPECT_EQ(first.payments[0].method, "微信支付");
  EXPECT_EQ(first.shipping_address.phone, "13800001234");
  const ChannelOrder& second = result.orders[1];
  EXPECT_EQ(second.order.lines[0].unit_price, 129900);  // "¥1,299.00"
  EXPECT_EQ(second.order.totals.grand_total, 389700);
  EXPECT_EQ(second.order.status, OrderStatus::kPaid);
  EXPECT_EQ(second.contact_form, ContactForm::kPrivacyRelay);
  EXPECT_EQ(second.raw_status, "已付款");
}

TEST(CsvOrders, GbkWithoutStatusColumnUsesTheDefaultStatus) {
  const CsvImport result = Import("pos_gbk.csv");
  ASSERT_EQ(result.orders.size(), 1u);
  const order::Order& order = result.orders[0].order;
  EXPECT_EQ(order.status, OrderStatus::kCompleted);
  ASSERT_EQ(order.lines.size(), 2u);
  EXPECT_EQ(order.lines[0].sku, "红茶");  // no sku column: the title is the sku
  EXPECT_EQ(order.totals.grand_total, 11800);
  EXPECT_EQ(order.shipping_address.province, "广东省");
  EXPECT_EQ(order.created_at, 1717257600000);  // 2024-06-02, Beijing midnight
}

TEST(CsvOrders, EnglishHeadersFromAnErp) {
  const CsvImport result = Import("erp_english.csv");
  ASSERT_EQ(result.orders.size(), 2u);
  const order::Order& shipped = result.orders[0].order;
  EXPECT_EQ(shipped.status, OrderStatus::kShipped);
  EXPECT_EQ(shipped.lines[0].discount, 500);
  EXPECT_EQ(shipped.totals, (order::Totals{8500, 800, 0, 320, 9620}));
  EXPECT_EQ(shipped.shipping_address.street, "Nanjing Rd 1, Room 2");
  EXPECT_EQ(result.orders[0].buyer_email, "wang.wu@mail.example.com");
  EXPECT_EQ(result.orders[1].order.status, OrderStatus::kCancelled);
  EXPECT_TRUE(result.orders[1].order.payments.empty());
}

TEST(CsvOrders, AStoreProfileWithItsOwnWordsMinorUnitsAndAddress) {
  const CsvImport result = Import("store_semicolon.csv", Profile("store_pos_profile.json"));
  ASSERT_EQ(result.orders.size(), 2u);
  const order::Order& order = result.orders[0].order;
  EXPECT_EQ(order.channel, "pos_store_12");
  EXPECT_EQ(order.external_id, "S12-0001");
  EXPECT_EQ(order.totals.grand_total, 5600);  // fen
  EXPECT_EQ(order.shipping_address.city, "杭州市");
  EXPECT_EQ(order.shipping_address.street, "文三路 1 号（门店自提）");
  EXPECT_EQ(order.created_at, kNow);  // no time column
}

TEST(CsvOrders, ExcelUnicodeTextAndTheSepLine) {
  const CsvImport utf16 = Import("excel_unicode_text_utf16.txt", Profile("excel_unicode_profile.json"));
  ASSERT_EQ(utf16.orders.size(), 1u);
  EXPECT_EQ(utf16.orders[0].order.lines[0].title, "乌龙茶");
  EXPECT_EQ(utf16.orders[0].order.totals.grand_total, 6600);
  const CsvImport sep = Import("excel_sep_line.csv");
  ASSERT_EQ(sep.orders.size(), 2u);
  EXPECT_EQ(sep.orders[1].order.totals.grand_total, 8800);
}

TEST(CsvOrders, RejectsRowsWithRowNumberColumnAndRuleAndNeverHalfAnOrder) {
  const CsvImport result = Import("rejects.csv");
  ASSERT_EQ(result.orders.size(), 1u);
  EXPECT_EQ(result.orders[0].order.external_id, "R-4");
  const std::vector<std::tuple<std::size_t, std::string, std::string>> expected = {
      {2, "单价", "decimal"},
      {3, "订单状态", "unknown_status"},
      {4, "", "order_has_rejected_row"},  // R-3's first row goes with its second
      {5, "金额", "conflicting_order_value"},
      {6, "订单号", "required"},
      {7, "", "column_count"},
      {9, "金额", "total_mismatch"},
      {10, "数量", "quantity"},
  };
  ASSERT_EQ(result.rejections.size(), expected.size());
  for (std::size_t idx = 0; idx < expected.size(); ++idx) {
    const CsvRejection& rejection = result.rejections[idx];
    EXPECT_EQ(rejection.row, std::get<0>(expected[idx]));
    EXPECT_EQ(rejection.column, std::get<1>(expected[idx])) << rejection.row;
    EXPECT_EQ(rejection.code, std::get<2>(expected[idx])) << rejection.row;
    EXPECT_FALSE(rejection.message.empty());
  }
  EXPECT_EQ(result.rejections[2].external_id, "R-3");
  EXPECT_NE(result.rejections[2].message.find("row 5"), std::string::npos);
}

TEST(CsvOrders, EveryRowIsRejectedOnceWithItsOwnReasonFirst) {
  const auto result = MapCsvOrders("订单号,商品,单价,省\nA,茶,x,浙江省\nA,茶,1.00,浙江省\nA,茶,y,浙江省\n", DefaultCsvProfile(), kNow);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->rejections.size(), 3u);
  EXPECT_EQ(result->rejections[0].code, "decimal");
  EXPECT_EQ(result->rejections[1].code, "order_has_rejected_row");
  EXPECT_EQ(result->rejections[2].code, "decimal");
}

// Found by channel_csv_fuzz: a title of NUL bytes then text, no sku column — the cleaned title
// began with 64 spaces and became a blank sku, which the canonical order refuses to read back.
TEST(CsvOrders, FuzzFindingATitleThatStartsWithControlCharactersIsNotABlankSku) {
  std::string file = "订单号,商品,单价,省\nA,";
  file += std::string(70, '\0') + "绿茶,1.00,浙江省\nB,";
  file += std::string(3, '\n').insert(0, "\"") + "\",1.00,浙江省\n";
  const auto result = MapCsvOrders(file, DefaultCsvProfile(), kNow);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->orders.size(), 1u);
  EXPECT_EQ(result->orders[0].order.lines[0].sku, "绿茶");
  ExpectCanonical(result->orders[0]);
  ASSERT_EQ(result->rejections.size(), 1u);  // B's title is only line breaks: no sku, no title
  EXPECT_EQ(result->rejections[0].code, "required");
}

TEST(CsvOrders, FileLevelProblemsAreErrorsNotRejections) {
  const auto no_id = MapCsvOrders("商品,单价\n茶,1.00\n", DefaultCsvProfile(), kNow);
  ASSERT_FALSE(no_id.has_value());
  EXPECT_EQ(no_id.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_id.error().fields[0].field, "columns/external_id");
  const auto no_price = MapCsvOrders("订单号,商品\n1,茶\n", DefaultCsvProfile(), kNow);
  ASSERT_FALSE(no_price.has_value());
  EXPECT_EQ(no_price.error().fields[0].field, "columns/unit_price");
  const auto open_quote = MapCsvOrders("订单号,商品,单价,省\n1,\"茶,1.00,浙江省\n", DefaultCsvProfile(), kNow);
  ASSERT_FALSE(open_quote.has_value());
  EXPECT_EQ(open_quote.error().code, core::ErrorCode::kMalformed);
  const auto empty = MapCsvOrders("\n\n", DefaultCsvProfile(), kNow);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().fields[0].field, "columns");
}

TEST(CsvOrders, RowsWithoutAnAddressNeedTheProfilesDefault) {
  const auto result = MapCsvOrders("订单号,商品,单价\nA-1,茶,1.00\n", DefaultCsvProfile(), kNow);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->orders.empty());
  ASSERT_EQ(result->rejections.size(), 1u);
  EXPECT_EQ(result->rejections[0].column, "province");  // no such column in the file
  EXPECT_EQ(result->rejections[0].code, "required");
}

TEST(CsvOrders, ALineTotalAloneIsEnoughAndMustAgreeWhenBothAreGiven) {
  const auto result =
      MapCsvOrders("订单号,商品,数量,小计,单价,省\nA,茶,3,10.00,,浙江省\nB,茶,2,9.00,5.00,浙江省\nC,茶,2,11.00,5.00,浙江省\n",
                   DefaultCsvProfile(), kNow);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->orders.size(), 2u);
  const order::OrderLine& total_only = result->orders[0].order.lines[0];
  EXPECT_EQ(total_only.line_total, 1000);
  EXPECT_EQ(total_only.qty * total_only.unit_price - total_only.discount, 1000);
  EXPECT_EQ(result->orders[1].order.lines[0].discount, 100);  // 2 × 5.00 sold for 9.00
  ASSERT_EQ(result->rejections.size(), 1u);
  EXPECT_EQ(result->rejections[0].row, 4u);
  EXPECT_EQ(result->rejections[0].code, "line_total_mismatch");  // 11.00 is more than 2 × 5.00
}

TEST(CsvOrders, EveryCsvFixtureIsUsedAbove) {
  const std::set<std::string> used = {
      "pos_utf8_bom_crlf.csv", "pos_gbk.csv", "erp_english.csv", "store_semicolon.csv", "store_pos_profile.json",
      "excel_unicode_text_utf16.txt", "excel_unicode_profile.json", "excel_sep_line.csv", "rejects.csv"};
  for (const auto& entry : std::filesystem::directory_iterator(testing::FixturePath("csv"))) {
    const std::string name = entry.path().filename().string();
    if (name == "README.md" || name.starts_with(".")) continue;
    EXPECT_TRUE(used.count(name)) << name << " is not used by csv_orders_test.cpp";
  }
}

}  // namespace
}  // namespace ordo::channels
