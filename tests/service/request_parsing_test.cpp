// The pure parts of the service layer: list filters, cursors, transition and webhook requests.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/cursor.hpp"
#include "service/order_queries.hpp"
#include "service/order_transitions.hpp"
#include "service/webhook_admin.hpp"

namespace ordo::service {
namespace {

using core::ErrorCode;

TEST(Cursor, RoundTripsAndRefusesWhatItDidNotIssue) {
  for (std::int64_t id : {1LL, 42LL, 1234LL, 9'007'199'254'740'993LL}) {
    EXPECT_EQ(DecodeCursor(EncodeCursor(id)), id);
  }
  for (const char* foreign : {"", "42", "!!!", "bzE6", "bzE6LTE", "bzE6MTIzNA==", "eDE6MTIzNA"}) {
    EXPECT_FALSE(DecodeCursor(foreign).has_value()) << foreign;
  }
}

TEST(BuildOrderFilter, ReadsEveryParameter) {
  const auto filter = BuildOrderFilter({{"status", "paid"}, {"channel", "tmall"}, {"province", "广东省"},
                                        {"created_from", "2026-11-01T00:00:00Z"}, {"created_to", "2026-12-01T00:00:00Z"},
                                        {"q", "T-1"}, {"cursor", EncodeCursor(77)}, {"limit", "20"}});
  ASSERT_TRUE(filter.has_value()) << filter.error().detail;
  EXPECT_EQ(filter->status, order::OrderStatus::kPaid);
  EXPECT_EQ(filter->channel, "tmall");
  EXPECT_EQ(filter->province, "广东省");
  EXPECT_EQ(filter->q, "T-1");
  EXPECT_EQ(filter->before_id, 77);
  EXPECT_EQ(filter->limit, 20);
  EXPECT_TRUE(filter->created_from && filter->created_to);
}

TEST(BuildOrderFilter, DefaultsToFiftyNewestOfAnything) {
  const auto filter = BuildOrderFilter({});
  ASSERT_TRUE(filter.has_value());
  EXPECT_EQ(filter->limit, kDefaultPageSize);
  EXPECT_FALSE(filter->status || filter->before_id);
}

TEST(BuildOrderFilter, NamesEveryBadParameter) {
  struct Case {
    QueryParams params;
    ErrorCode code;
    std::string field;
  };
  const Case cases[] = {
      {{{"status", "teleported"}}, ErrorCode::kInvalidArgument, "status"},
      {{{"limit", "0"}}, ErrorCode::kInvalidArgument, "limit"},
      {{{"limit", "501"}}, ErrorCode::kInvalidArgument, "limit"},
      {{{"limit", "5x"}}, ErrorCode::kInvalidArgument, "limit"},
      {{{"created_from", "yesterday"}}, ErrorCode::kInvalidArgument, "created_from"},
      {{{"created_from", "2026-12-01T00:00:00Z"}, {"created_to", "2026-11-01T00:00:00Z"}}, ErrorCode::kInvalidArgument,
       "created_to"},
      {{{"cursor", "nonsense"}}, ErrorCode::kMalformed, "cursor"},
      {{{"colour", "red"}}, ErrorCode::kMalformed, "colour"},
      {{{"limit", "5"}, {"limit", "6"}}, ErrorCode::kMalformed, "limit"},
  };
  for (const Case& bad : cases) {
    const auto filter = BuildOrderFilter(bad.params);
    ASSERT_FALSE(filter.has_value()) << bad.field;
    EXPECT_EQ(filter.error().code, bad.code) << bad.field;
    ASSERT_FALSE(filter.error().fields.empty());
    EXPECT_EQ(filter.error().fields.front().field, bad.field);
  }
}

TEST(ParseIfMatch, AcceptsBareQuotedAndWeakVersions) {
  bool malformed = false;
  EXPECT_EQ(ParseIfMatch("3", malformed), 3);
  EXPECT_EQ(ParseIfMatch("\"3\"", malformed), 3);
  EXPECT_EQ(ParseIfMatch("W/\"3\"", malformed), 3);
  EXPECT_FALSE(ParseIfMatch("", malformed).has_value());
  EXPECT_FALSE(malformed);
  EXPECT_FALSE(ParseIfMatch("banana", malformed).has_value());
  EXPECT_TRUE(malformed);
}

TEST(ParseTransitionRequest, BuildsTheStoreCommand) {
  const auto command = ParseTransitionRequest(R"({"to":"on_hold","reason":"address check"})", 9, "\"4\"",
                                              core::Actor{"api", "t"}, true);
  ASSERT_TRUE(command.has_value());
  EXPECT_EQ(command->order_id, 9);
  EXPECT_EQ(command->expected_version, 4);
  EXPECT_EQ(command->to, order::OrderStatus::kOnHold);
  EXPECT_EQ(command->reason, "address check");
}

TEST(ParseTransitionRequest, RefusesBadInputNamingTheField) {
  const core::Actor actor{"api", "t"};
  EXPECT_EQ(ParseTransitionRequest("{", 1, "", actor, true).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ParseTransitionRequest(R"({"to":"x"})", 1, "", actor, true).error().fields[0].field, "to");
  EXPECT_EQ(ParseTransitionRequest(R"({})", 1, "", actor, true).error().fields[0].code, "required");
  EXPECT_EQ(ParseTransitionRequest(R"({"to":"paid","why":1})", 1, "", actor, true).error().fields[0].code,
            "unknown_field");
  EXPECT_TRUE(ParseTransitionRequest(R"({"to":"paid","why":1})", 1, "", actor, false).has_value());
  EXPECT_EQ(ParseTransitionRequest(R"({"to":"paid"})", 1, "v3", actor, true).error().fields[0].field, "If-Match");
}

TEST(ParseWebhookRequest, AcceptsAValidSubscription) {
  const auto subscription = ParseWebhookRequest(
      R"({"url":"https://erp.example.com/hooks","event_types":["order.created","*"],"secret":"0123456789abcdef"})", 5,
      true);
  ASSERT_TRUE(subscription.has_value());
  EXPECT_EQ(subscription->url, "https://erp.example.com/hooks");
  EXPECT_EQ(subscription->event_types.size(), 2u);
  EXPECT_EQ(subscription->created_at, 5);
}

TEST(ParseWebhookRequest, RefusesBadUrlTypesAndShortSecrets) {
  const auto refused = ParseWebhookRequest(R"({"url":"ftp://x","event_types":["order.eaten"],"secret":"short"})", 0, true);
  ASSERT_FALSE(refused.has_value());
  std::vector<std::string> fields;
  for (const auto& field : refused.error().fields) fields.push_back(field.field);
  EXPECT_THAT(fields, ::testing::ElementsAre("url", "event_types/0", "secret"));
}

}  // namespace
}  // namespace ordo::service
