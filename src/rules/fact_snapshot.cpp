#include "rules/fact_snapshot.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include <rapidjson/reader.h>

#include "core/json.hpp"
#include "core/utf8.hpp"
#include "rules/compiled_rule_set.hpp"

namespace ordo::rules {
namespace {

FactEntry& EntryFor(FactSnapshot& snapshot, Slot slot, FactType type) {
  for (FactEntry& entry : snapshot.entries) {
    if (entry.slot == slot) return entry;
  }
  FactEntry& entry = snapshot.entries.emplace_back();
  entry.slot = slot;
  entry.type = type;
  return entry;
}

core::Result<Slot> SlotOf(const FactCatalogue& catalogue, std::string_view path, FactType type) {
  const auto slot = catalogue.Find(path);
  if (!slot) return core::MakeError(core::ErrorCode::kInvalidArgument, "unknown fact " + std::string(path));
  if (catalogue.At(*slot).type != type) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "fact " + std::string(path) + " is not a " +
                                                                  std::string(FactTypeName(type)));
  }
  return *slot;
}

// "-12.5" for -125000: the shortest exact text of a fixed point value.
std::string DecimalText(std::int64_t scaled) {
  const bool negative = scaled < 0;
  // The magnitude as unsigned: INT64_MIN has no positive counterpart.
  const std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(scaled)
                                           : static_cast<std::uint64_t>(scaled);
  constexpr auto kScale = static_cast<std::uint64_t>(kDecimalScale);
  std::string text = negative ? "-" : "";
  text += std::to_string(magnitude / kScale);
  std::uint64_t fraction = magnitude % kScale;
  if (fraction != 0) {
    char digits[5] = {'0', '0', '0', '0', '\0'};
    for (int digit_idx = 3; digit_idx >= 0; --digit_idx) {
      digits[digit_idx] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    std::string_view shown(digits, 4);
    while (shown.back() == '0') shown.remove_suffix(1);
    text += '.';
    text += shown;
  }
  return text;
}

bool ParseInt(std::string_view text, std::int64_t& value) {
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

// A JSON number with at most four decimals and no exponent, exactly, as value × kDecimalScale.
bool ParseDecimal(std::string_view text, std::int64_t& scaled) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty()) || fraction.size() > 4) return false;
  const auto all_digits = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!all_digits(whole) || !all_digits(fraction)) return false;
  std::uint64_t whole_value = 0;
  const auto [end, error] = std::from_chars(whole.data(), whole.data() + whole.size(), whole_value);
  if (error != std::errc() || end != whole.data() + whole.size()) return false;
  std::uint64_t fraction_value = 0;
  for (std::size_t digit_idx = 0; digit_idx < 4; ++digit_idx) {
    fraction_value = fraction_value * 10 + (digit_idx < fraction.size() ? static_cast<std::uint64_t>(fraction[digit_idx] - '0') : 0);
  }
  constexpr auto kScale = static_cast<std::uint64_t>(kDecimalScale);
  // The magnitude may reach 2^63 for a negative value (INT64_MIN), 2^63 - 1 otherwise.
  const std::uint64_t limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1 : 0);
  if (whole_value > (limit - fraction_value) / kScale) return false;
  const std::uint64_t magnitude = whole_value * kScale + fraction_value;
  scaled = negative ? static_cast<std::int64_t>(std::uint64_t{0} - magnitude) : static_cast<std::int64_t>(magnitude);
  return true;
}

// The SAX handler: one flat object of path → value; unknown paths' values (of any shape) skipped.
class SnapshotReader : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, SnapshotReader> {
 public:
  SnapshotReader(const FactCatalogue& catalogue, const std::unordered_map<std::string_view, Slot>& slots,
                 FactSnapshot& out)
      : catalogue_(catalogue), slots_(slots), out_(out) {}

  std::string error;

  bool StartObject() {
    if (depth_ == 0 && !started_) {
      started_ = true;
      depth_ = 1;
      return true;
    }
    if (skip_depth_ > 0 || (skipping_ && depth_ == 1)) return Enter();
    return Fail("a fact value is an object");
  }
  bool EndObject(rapidjson::SizeType /*members*/) {
    if (skip_depth_ > 0) return Leave();
    depth_ = 0;
    return true;
  }
  bool Key(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    if (skip_depth_ > 0) return true;
    has_key_ = true;
    const std::string_view path(text, length);
    const auto found = slots_.find(path);
    if (found == slots_.end()) {
      skipping_ = true;
      return true;
    }
    skipping_ = false;
    slot_ = found->second;
    if (std::find(seen_.begin(), seen_.end(), slot_) != seen_.end()) return Fail("a fact repeats");
    seen_.push_back(slot_);
    return true;
  }
  bool StartArray() {
    if (!InObject()) return Fail("a fact snapshot is an object");
    if (skip_depth_ > 0 || skipping_) return Enter();
    if (in_list_ || Type() != FactType::kStringList) return Fail("expected a " + TypeName());
    in_list_ = true;
    Begin().list.clear();
    return true;
  }
  bool EndArray(rapidjson::SizeType /*elements*/) {
    if (skip_depth_ > 0) return Leave();
    in_list_ = false;
    return true;
  }
  bool String(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    if (!InObject()) return Fail("a fact snapshot is an object");
    if (Skipped()) return true;
    if (length > kMaxSnapshotStringBytes) return Fail("a string is longer than 1024 bytes");
    if (in_list_) {
      std::vector<std::string>& list = out_.entries[used_ - 1].list;
      if (list.size() >= kMaxSnapshotListSize) return Fail("a list has more than 1000 elements");
      list.emplace_back(text, length);
      return true;
    }
    if (Type() != FactType::kString) return Fail("expected a " + TypeName());
    Begin().text.assign(text, length);
    return true;
  }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    if (!InObject()) return Fail("a fact snapshot is an object");
    if (Skipped()) return true;
    const std::string_view number(text, length);
    std::int64_t value = 0;
    const FactType type = Type();
    if (in_list_ || (type != FactType::kInt && type != FactType::kDecimal)) return Fail("expected a " + TypeName());
    if (type == FactType::kInt ? !ParseInt(number, value) : !ParseDecimal(number, value)) {
      return Fail(type == FactType::kInt ? "expected a 64-bit integer" : "expected a decimal of at most four places");
    }
    Begin().number = value;
    return true;
  }
  bool Bool(bool value) {
    if (!InObject()) return Fail("a fact snapshot is an object");
    if (Skipped()) return true;
    if (in_list_ || Type() != FactType::kBool) return Fail("expected a " + TypeName());
    Begin().number = value ? 1 : 0;
    return true;
  }
  bool Null() {
    if (!InObject()) return Fail("a fact snapshot is an object");
    if (Skipped()) return true;
    return Fail("expected a " + TypeName());
  }
  bool Default() { return Fail("unexpected value"); }

  std::size_t used() const { return used_; }

 private:
  // Values are read only as members of the one top-level object (after a Key set slot_).
  bool InObject() const { return depth_ == 1 && has_key_; }
  bool Skipped() const { return skip_depth_ > 0 || skipping_; }
  bool Enter() {
    if (++skip_depth_ > 32) return Fail("too deep");
    return true;
  }
  bool Leave() {
    --skip_depth_;
    return true;
  }
  FactType Type() const { return catalogue_.At(slot_).type; }
  std::string TypeName() const { return std::string(FactTypeName(Type())); }
  FactEntry& Begin() {
    if (used_ == out_.entries.size()) out_.entries.emplace_back();
    FactEntry& entry = out_.entries[used_++];
    entry.slot = slot_;
    entry.type = Type();
    entry.number = 0;
    entry.text.clear();
    entry.list.clear();
    return entry;
  }
  bool Fail(std::string why) {
    if (error.empty()) {
      error = slot_ == kNoSlot || skipping_ ? std::move(why)
                                            : "fact " + catalogue_.At(slot_).path + ": " + std::move(why);
    }
    return false;
  }

  static constexpr Slot kNoSlot = std::numeric_limits<Slot>::max();
  const FactCatalogue& catalogue_;
  const std::unordered_map<std::string_view, Slot>& slots_;
  FactSnapshot& out_;
  std::vector<Slot> seen_;
  std::size_t used_ = 0;
  Slot slot_ = kNoSlot;
  int depth_ = 0;
  int skip_depth_ = 0;
  bool started_ = false;
  bool skipping_ = false;
  bool has_key_ = false;
  bool in_list_ = false;
};

}  // namespace

core::Status FactSnapshot::SetInt(const FactCatalogue& catalogue, std::string_view path, std::int64_t value) {
  auto slot = SlotOf(catalogue, path, FactType::kInt);
  if (!slot) return std::move(slot).error();
  EntryFor(*this, *slot, FactType::kInt).number = value;
  return core::Ok();
}

core::Status FactSnapshot::SetDecimal(const FactCatalogue& catalogue, std::string_view path, std::int64_t scaled) {
  auto slot = SlotOf(catalogue, path, FactType::kDecimal);
  if (!slot) return std::move(slot).error();
  EntryFor(*this, *slot, FactType::kDecimal).number = scaled;
  return core::Ok();
}

core::Status FactSnapshot::SetBool(const FactCatalogue& catalogue, std::string_view path, bool value) {
  auto slot = SlotOf(catalogue, path, FactType::kBool);
  if (!slot) return std::move(slot).error();
  EntryFor(*this, *slot, FactType::kBool).number = value ? 1 : 0;
  return core::Ok();
}

core::Status FactSnapshot::SetString(const FactCatalogue& catalogue, std::string_view path, std::string value) {
  auto slot = SlotOf(catalogue, path, FactType::kString);
  if (!slot) return std::move(slot).error();
  EntryFor(*this, *slot, FactType::kString).text = std::move(value);
  return core::Ok();
}

core::Status FactSnapshot::SetList(const FactCatalogue& catalogue, std::string_view path,
                                   std::vector<std::string> values) {
  auto slot = SlotOf(catalogue, path, FactType::kStringList);
  if (!slot) return std::move(slot).error();
  EntryFor(*this, *slot, FactType::kStringList).list = std::move(values);
  return core::Ok();
}

const FactEntry* FactSnapshot::Find(Slot slot) const {
  for (const FactEntry& entry : entries) {
    if (entry.slot == slot) return &entry;
  }
  return nullptr;
}

std::string EncodeFactSnapshot(const FactSnapshot& snapshot, const FactCatalogue& catalogue) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  for (const FactEntry& entry : snapshot.entries) {
    if (entry.slot >= catalogue.size() || catalogue.At(entry.slot).type != entry.type) continue;
    core::WriteKey(writer, catalogue.At(entry.slot).path);
    switch (entry.type) {
      case FactType::kInt: writer.Int64(entry.number); break;
      case FactType::kDecimal: {
        const std::string text = DecimalText(entry.number);
        writer.RawValue(text.data(), text.size(), rapidjson::kNumberType);
        break;
      }
      case FactType::kBool: writer.Bool(entry.number != 0); break;
      case FactType::kString: core::WriteString(writer, entry.text); break;
      case FactType::kStringList:
        writer.StartArray();
        for (const std::string& element : entry.list) core::WriteString(writer, element);
        writer.EndArray();
        break;
    }
  }
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

FactSnapshotDecoder::FactSnapshotDecoder(const FactCatalogue& catalogue) : catalogue_(&catalogue) {
  slots_.reserve(catalogue.size());
  for (Slot slot = 0; slot < catalogue.size(); ++slot) slots_.emplace(catalogue.At(slot).path, slot);
}

core::Status FactSnapshotDecoder::Decode(std::string_view text, FactSnapshot& out) {
  if (text.size() > kMaxSnapshotBytes) return core::MakeError(core::ErrorCode::kMalformed, "fact snapshot over 64 KiB");
  if (text.find('\0') != std::string_view::npos) {
    return core::MakeError(core::ErrorCode::kMalformed, "fact snapshot contains a NUL byte");
  }
  if (!core::IsValidUtf8(text)) return core::MakeError(core::ErrorCode::kMalformed, "fact snapshot is not UTF-8");
  // In place: RapidJSON's NUL-terminated in-situ stream is several times faster than its generic
  // (pointer, length) one, and strings arrive unescaped in the buffer without a copy.
  buffer_.assign(text);
  SnapshotReader reader(*catalogue_, slots_, out);
  rapidjson::InsituStringStream stream(buffer_.data());
  rapidjson::Reader parser;
  constexpr unsigned kFlags =
      rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag;
  const rapidjson::ParseResult parsed = parser.Parse<kFlags>(stream, reader);
  out.entries.resize(reader.used());
  if (!parsed) {
    if (!reader.error.empty()) return core::MakeError(core::ErrorCode::kMalformed, std::move(reader.error));
    return core::MakeError(core::ErrorCode::kMalformed, std::string("fact snapshot is not a JSON object: ") +
                                                            rapidjson::GetParseError_En(parsed.Code()));
  }
  return core::Ok();
}

core::Result<FactSnapshot> DecodeFactSnapshot(std::string_view text, const FactCatalogue& catalogue) {
  FactSnapshot snapshot;
  ORDO_TRY(FactSnapshotDecoder(catalogue).Decode(text, snapshot));
  return snapshot;
}

void LoadFacts(const FactSnapshot& snapshot, Facts& facts) {
  facts.Clear();
  for (const FactEntry& entry : snapshot.entries) {
    switch (entry.type) {
      case FactType::kInt: facts.SetInt(entry.slot, entry.number); break;
      case FactType::kDecimal: facts.SetDecimal(entry.slot, entry.number); break;
      case FactType::kBool: facts.SetBool(entry.slot, entry.number != 0); break;
      case FactType::kString: facts.SetString(entry.slot, entry.text); break;
      case FactType::kStringList:
        // An empty list stays absent: Facts marks a list present through its first element.
        for (const std::string& element : entry.list) facts.AddToList(entry.slot, element);
        break;
    }
  }
}

}  // namespace ordo::rules
