// The reader every adapter walks payloads with: JSON pointers, exact ids, exact money, times.
#include "channels/detail/payload_reader.hpp"

#include <gtest/gtest.h>

#include "channels/detail/order_builder.hpp"
#include "channels/detail/html_text.hpp"
#include "core/json.hpp"

namespace ordo::channels::detail {
namespace {

rapidjson::Document Parse(std::string_view json) {
  rapidjson::Document doc;
  EXPECT_TRUE(ParsePayload(json, doc).has_value()) << json;
  return doc;
}

TEST(PayloadReader, NamesTheFirstBadFieldAsAJsonPointer) {
  const auto doc = Parse(R"({"line_items":[{"price":"1.00"},{"price":"x"}],"total":"y"})");
  PayloadReader reader;
  const Node root = reader.Root(doc);
  const Node lines = reader.Array(root, "line_items", Need::kRequired);
  for (std::size_t idx = 0; idx < reader.Size(lines); ++idx) {
    const Node line = reader.Element(lines, idx);
    (void)reader.Decimal(line, "price", Need::kRequired, 2);
  }
  (void)reader.Decimal(root, "total", Need::kRequired, 2);  // also bad, but later
  ASSERT_FALSE(reader.ok());
  const core::Error error = reader.TakeError("the order");
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].field, "/line_items/1/price");
  EXPECT_EQ(error.fields[0].code, "decimal");
  EXPECT_EQ(error.detail, "the order cannot be mapped: /line_items/1/price: decimal");
}

TEST(PayloadReader, EscapesPointerTokensPerRfc6901) {
  const auto doc = Parse(R"({"a/b":{"m~n":1}})");
  PayloadReader reader;
  const Node root = reader.Root(doc);
  const Node outer = reader.Object(root, "a/b", Need::kRequired);
  (void)reader.Text(outer, "m~n", Need::kRequired);
  EXPECT_EQ(reader.TakeError("x").fields[0].field, "/a~1b/m~0n");
}

TEST(PayloadReader, KeepsSixtyFourBitIdsExact) {
  const auto doc = Parse(R"({"id":820982911946154508,"neg":-5,"str":"0042","float":1.5e20})");
  PayloadReader reader;
  const Node root = reader.Root(doc);
  EXPECT_EQ(reader.Identifier(root, "id", Need::kRequired), "820982911946154508");
  EXPECT_EQ(reader.Identifier(root, "neg", Need::kRequired), "-5");
  EXPECT_EQ(reader.Identifier(root, "str", Need::kRequired), "0042");
  EXPECT_TRUE(reader.ok());
  EXPECT_EQ(reader.Identifier(root, "float", Need::kRequired), "");
  EXPECT_EQ(reader.TakeError("x").fields[0].code, "type");
}

TEST(PayloadReader, MoneyIsReadExactlyAndNeverThroughADouble) {
  const auto doc = Parse(R"({"a":"0.29","b":12,"c":0.29,"d":"-1.00","e":"1e3","f":"7","g":-3})");
  PayloadReader reader;
  const Node root = reader.Root(doc);
  EXPECT_EQ(reader.Decimal(root, "a", Need::kRequired, 2), 29);
  EXPECT_EQ(reader.Decimal(root, "b", Need::kRequired, 2), 1200);   // an integer JSON number is whole units
  EXPECT_EQ(reader.Decimal(root, "d", Need::kRequired, 2, true), -100);
  EXPECT_EQ(reader.Fen(root, "f", Need::kRequired), 7);
  EXPECT_TRUE(reader.ok());
  EXPECT_FALSE(reader.Decimal(root, "c", Need::kRequired, 2).has_value());
  EXPECT_EQ(reader.TakeError("x").fields[0].code, "float_amount");

  PayloadReader negative;
  EXPECT_FALSE(negative.Decimal(negative.Root(doc), "d", Need::kRequired, 2).has_value());
  EXPECT_EQ(negative.TakeError("x").fields[0].code, "negative");
  PayloadReader exponent;
  EXPECT_FALSE(exponent.Decimal(exponent.Root(doc), "e", Need::kRequired, 2).has_value());
  EXPECT_EQ(exponent.TakeError("x").fields[0].code, "decimal");
  PayloadReader fen;
  EXPECT_FALSE(fen.Fen(fen.Root(doc), "g", Need::kRequired).has_value());
  EXPECT_EQ(fen.TakeError("x").fields[0].code, "negative");
}

TEST(PayloadReader, ReadsEachChannelsTimeForm) {
  const auto doc = Parse(R"({"rfc":"2021-12-31T19:00:00-05:00","gmt":"2017-03-22T19:28:08",
      "bj":"2024-06-01 08:00:00","jd_unset":"0001-01-01 00:00:00","unix":"1617355413","unix_zero":0,"bad":"31/12/2021"})");
  PayloadReader reader;
  const Node root = reader.Root(doc);
  EXPECT_EQ(reader.Time(root, "rfc", Need::kRequired, TimeForm::kRfc3339), 1640995200000);
  EXPECT_EQ(reader.Time(root, "gmt", Need::kRequired, TimeForm::kUtcWithoutZone), 1490210888000);  // UTC, not +8
  EXPECT_EQ(reader.Time(root, "bj", Need::kRequired, TimeForm::kBeijing), 1717200000000);         // 08:00 +08:00
  EXPECT_EQ(reader.Time(root, "jd_unset", Need::kOptional, TimeForm::kBeijing), std::nullopt);
  EXPECT_EQ(reader.Time(root, "unix", Need::kRequired, TimeForm::kUnixSeconds), 1617355413000);
  EXPECT_EQ(reader.Time(root, "unix_zero", Need::kOptional, TimeForm::kUnixSeconds), std::nullopt);
  EXPECT_TRUE(reader.ok());
  EXPECT_FALSE(reader.Time(root, "bad", Need::kRequired, TimeForm::kBeijing).has_value());
  EXPECT_EQ(reader.TakeError("x").fields[0].field, "/bad");
}

TEST(PayloadReader, FreeTextLosesControlCharactersAndLengthNotTheOrder) {
  const auto doc = Parse(R"({"note":"line1\r\nline2\u0007","title":"保温杯保温杯"})");
  PayloadReader reader;
  const Node root = reader.Root(doc);
  EXPECT_EQ(reader.FreeText(root, "note", 100), "line1 \nline2 ");
  EXPECT_EQ(reader.FreeText(root, "title", 7), "保温");  // cut at a character boundary (3 bytes each)
  EXPECT_TRUE(reader.ok());
}

TEST(PayloadReader, IdentifiersRefuseControlCharactersAndLoneSurrogates) {
  const auto doc = Parse(R"({"sku":"A\u0001B","name":"\udc00"})");
  PayloadReader control;
  (void)control.Identifier(control.Root(doc), "sku", Need::kRequired);
  EXPECT_EQ(control.TakeError("x").fields[0].code, "control_character");
  PayloadReader surrogate;
  (void)surrogate.Identifier(surrogate.Root(doc), "name", Need::kRequired);
  EXPECT_EQ(surrogate.TakeError("x").fields[0].code, "encoding");
}

TEST(OrderBuilder, MakeLineKeepsTheCanonicalEquationWhateverTheChannelSays) {
  const auto discounted = MakeLine("A", "a", 3, 1000, 2700);       // 3 × 10.00 − 3.00
  EXPECT_EQ(discounted.discount, 300);
  const auto uneven = MakeLine("B", "b", 3, CeilDiv(1000, 3), 900);  // WooCommerce: subtotal 10.00 over 3
  EXPECT_EQ(uneven.unit_price, 334);
  EXPECT_EQ(uneven.qty * uneven.unit_price - uneven.discount, 900);
  const auto raised = MakeLine("C", "c", 3, 1000, 3001);           // a seller raised the price by 0.01
  EXPECT_EQ(raised.unit_price, 1001);
  EXPECT_EQ(raised.discount, 2);
  EXPECT_EQ(raised.line_total, 3001);
  EXPECT_EQ(MakeLine("GIFT", "", 1, 0, 0).title, "GIFT");
}

TEST(OrderBuilder, ClassifiesReceiverPhones) {
  EXPECT_EQ(ClassifyPhone(""), ContactForm::kAbsent);
  EXPECT_EQ(ClassifyPhone("13812345678"), ContactForm::kClear);
  EXPECT_EQ(ClassifyPhone("+86 138 1234 5678"), ContactForm::kClear);
  EXPECT_EQ(ClassifyPhone("138****5678"), ContactForm::kMasked);
  EXPECT_EQ(ClassifyPhone("*******5678"), ContactForm::kMasked);
  EXPECT_EQ(ClassifyPhone("17012345678-1234"), ContactForm::kPrivacyRelay);
  EXPECT_EQ(ClassifyPhone("170 1234 5678 转 1234"), ContactForm::kPrivacyRelay);
  EXPECT_EQ(ClassifyPhone("17012345678_1234"), ContactForm::kPrivacyRelay);
  EXPECT_EQ(ClassifyPhone("0571-88888888"), ContactForm::kClear);   // a landline with its area code
  EXPECT_EQ(ClassifyPhone("17012345678-"), ContactForm::kClear);    // no extension digits
}

TEST(HtmlText, DecodesWhatWooCommerceEscapes) {
  EXPECT_EQ(DecodeHtmlEntities("Ship Your Idea &ndash; Color: Black"), "Ship Your Idea \u2013 Color: Black");
  EXPECT_EQ(DecodeHtmlEntities("Tom &amp; Jerry &#8211; &#x4E2D;"), "Tom & Jerry \u2013 \u4e2d");
  EXPECT_EQ(DecodeHtmlEntities("a & b &unknown; &#0; &#xD800; &"), "a & b &unknown; &#0; &#xD800; &");
}

}  // namespace
}  // namespace ordo::channels::detail
