// `ordo quality normalize`: the phone and address normalisers of src/quality over stdin.
#include "app/quality_command.hpp"

#include <istream>
#include <ostream>

#include "core/json.hpp"
#include "quality/address.hpp"
#include "quality/phone.hpp"

namespace ordo::app {
namespace {

class LineJson {
 public:
  LineJson(std::string_view kind, long line_number) : writer_(buffer_) {
    writer_.StartObject();
    Integer("line", line_number);
    Text("kind", kind);
  }
  void Text(std::string_view key, std::string_view value) {
    core::WriteKey(writer_, key);
    core::WriteString(writer_, value);
  }
  void OptionalText(std::string_view key, std::string_view value) {
    core::WriteKey(writer_, key);
    if (value.empty()) {
      writer_.Null();
    } else {
      core::WriteString(writer_, value);
    }
  }
  void Integer(std::string_view key, long value) {
    core::WriteKey(writer_, key);
    writer_.Int64(value);
  }
  void Bool(std::string_view key, bool value) {
    core::WriteKey(writer_, key);
    writer_.Bool(value);
  }
  void Number(std::string_view key, double value) {
    core::WriteKey(writer_, key);
    writer_.Double(value);
  }
  void Key(std::string_view key) { core::WriteKey(writer_, key); }
  core::JsonWriter& Writer() { return writer_; }
  std::string Finish() {
    writer_.EndObject();
    return std::string(buffer_.GetString(), buffer_.GetSize());
  }

 private:
  core::JsonBuffer buffer_;
  core::JsonWriter writer_;
};

// The answer for a line that holds no value to normalise.
std::string ErrorLine(std::string_view kind, long line_number, std::string_view error) {
  LineJson json(kind, line_number);
  json.Bool("valid", false);
  json.Text("error", error);
  json.Key("reasons");
  json.Writer().StartArray();
  core::WriteString(json.Writer(), error);
  json.Writer().EndArray();
  return json.Finish();
}

void WriteDivision(LineJson& json, std::string_view key, const quality::Division* division) {
  json.Key(key);
  if (division == nullptr) {
    json.Writer().Null();
    return;
  }
  json.Writer().StartObject();
  json.Text("code", std::to_string(division->code));
  json.Text("name", division->name);
  json.Writer().EndObject();
}

std::string_view PrecisionName(quality::CentroidPrecision precision) {
  switch (precision) {
    case quality::CentroidPrecision::kDistrict: return "district";
    case quality::CentroidPrecision::kCity: return "city";
    case quality::CentroidPrecision::kProvince: return "province";
    case quality::CentroidPrecision::kNone: return "none";
  }
  return "none";
}

std::string_view StripLineEnd(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  return line;
}

}  // namespace

std::string NormalizePhoneLineJson(std::string_view line, long line_number, std::string_view region) {
  const quality::NormalizedPhone phone = quality::NormalizePhone(StripLineEnd(line), region);
  if (phone.problem == quality::PhoneProblem::kEmpty || phone.problem == quality::PhoneProblem::kInvalidUtf8) {
    return ErrorLine("phone", line_number, quality::PhoneProblemName(phone.problem));
  }
  LineJson json("phone", line_number);
  json.Bool("valid", phone.valid);
  json.OptionalText("value", phone.valid ? std::string_view(phone.e164) : std::string_view{});
  json.OptionalText("e164", phone.e164);
  json.OptionalText("national", phone.national);
  json.Text("type", quality::PhoneTypeName(phone.type));
  json.OptionalText("extension", phone.extension);
  json.Bool("privacy_relay", phone.privacy_relay);
  json.OptionalText("region", phone.region);
  json.Number("confidence", phone.valid ? 1.0 : 0.0);
  json.Key("reasons");
  json.Writer().StartArray();
  if (!phone.valid) core::WriteString(json.Writer(), quality::PhoneProblemName(phone.problem));
  json.Writer().EndArray();
  return json.Finish();
}

std::string NormalizeAddressLineJson(std::string_view line, long line_number) {
  const quality::ParsedAddress address = quality::ParseAddress(StripLineEnd(line));
  for (const quality::AddressReason fatal : {quality::AddressReason::kEmpty, quality::AddressReason::kInvalidUtf8}) {
    if (address.reasons.Has(fatal)) return ErrorLine("address", line_number, quality::AddressReasonName(fatal));
  }
  // Valid: resolved to a district with nothing that contradicts or leaves a choice open.
  const bool valid = address.district != nullptr && !address.reasons.Has(quality::AddressReason::kContradiction);
  LineJson json("address", line_number);
  json.Bool("valid", valid);
  std::string value;
  for (const quality::Division* division : {address.province, address.city, address.district}) {
    if (division != nullptr && !division->placeholder && !value.ends_with(division->name)) value.append(division->name);
  }
  value.append(address.street);
  json.OptionalText("value", value);
  WriteDivision(json, "province", address.province);
  WriteDivision(json, "city", address.city);
  WriteDivision(json, "district", address.district);
  json.OptionalText("street", address.street);
  json.Number("confidence", static_cast<double>(static_cast<long>(address.confidence * 100 + 0.5)) / 100);
  json.Key("reasons");
  json.Writer().StartArray();
  for (int reason = 0; reason < quality::kAddressReasonCount; ++reason) {
    if (address.reasons.Has(static_cast<quality::AddressReason>(reason))) {
      core::WriteString(json.Writer(), quality::AddressReasonName(static_cast<quality::AddressReason>(reason)));
    }
  }
  json.Writer().EndArray();
  json.Key("centroid");
  if (address.centroid.precision == quality::CentroidPrecision::kNone) {
    json.Writer().Null();
  } else {
    json.Writer().StartObject();
    json.Number("lat", address.centroid.lat);
    json.Number("lon", address.centroid.lon);
    json.Text("precision", PrecisionName(address.centroid.precision));
    json.Writer().EndObject();
  }
  return json.Finish();
}

int RunQualityNormalize(const QualityNormalizeOptions& options, std::istream& in, std::ostream& out) {
  std::string line;
  long line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    out << (options.kind == NormalizeKind::kPhone ? NormalizePhoneLineJson(line, line_number, options.region)
                                                  : NormalizeAddressLineJson(line, line_number))
        << '\n';
  }
  out.flush();
  return in.bad() ? 2 : 0;
}

}  // namespace ordo::app
