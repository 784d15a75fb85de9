// Accuracy of src/quality on labelled messy strings: bench/data/quality/phones.tsv and
// addresses.tsv (their headers cite where the cases come from). Prints accuracy per kind and
// every miss; exits 1 when a kind falls under --min-accuracy (CTest runs it with a floor).
//
//   build/bench/quality_accuracy [--data-dir bench/data/quality] [--min-accuracy 0.9] [--quiet]
//
// A phone case is right when validity, the E.164 (or the problem), the type and the extension
// all match. An address case is right when province, city and district all match and the
// expected reason (ambiguous_*, contradiction, not_found) is present.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "quality/address.hpp"
#include "quality/phone.hpp"

namespace {

using namespace ordo::quality;

std::vector<std::vector<std::string>> ReadTsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "quality_accuracy: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#")) continue;
    std::vector<std::string> fields;
    std::stringstream split(line);
    for (std::string field; std::getline(split, field, '\t');) fields.push_back(field);
    if (fields.size() >= 5) rows.push_back(fields);
  }
  return rows;
}

struct Score {
  int right = 0;
  int total = 0;
  double Accuracy() const { return total == 0 ? 0 : static_cast<double>(right) / total; }
};

Score CheckPhones(const std::string& path, bool quiet) {
  Score score;
  for (const auto& row : ReadTsv(path)) {
    const NormalizedPhone phone = NormalizePhone(row[0]);
    const bool want_valid = row[1] == "1";
    const std::string got_value = phone.valid ? phone.e164 : std::string(PhoneProblemName(phone.problem));
    const std::string got_type = phone.valid ? std::string(PhoneTypeName(phone.type)) : "-";
    const std::string got_extension = phone.extension.empty() || !phone.valid ? "-" : phone.extension;
    const bool right = phone.valid == want_valid && got_value == row[2] && got_type == row[3] && got_extension == row[4];
    ++score.total;
    score.right += right;
    if (!right && !quiet) {
      std::printf("  phone miss: [%s] want %s %s %s %s, got %d %s %s %s\n", row[0].c_str(), row[1].c_str(), row[2].c_str(),
                  row[3].c_str(), row[4].c_str(), phone.valid, got_value.c_str(), got_type.c_str(), got_extension.c_str());
    }
  }
  return score;
}

// The division named `name` under `parent` (a province when parent is nullptr).
const Division* Named(std::string_view name, const Division* parent, DivisionLevel level) {
  if (name == "-") return nullptr;
  for (const Division& division : AllDivisions()) {
    if (division.level == level && division.name == name && division.parent == parent) return &division;
  }
  std::fprintf(stderr, "quality_accuracy: no %s under %s in the division table\n", std::string(name).c_str(),
               parent == nullptr ? "the country" : std::string(parent->name).c_str());
  std::exit(2);
}

std::string NameOf(const Division* division) { return division == nullptr ? "-" : std::string(division->name); }

Score CheckAddresses(const std::string& path, bool quiet) {
  Score score;
  for (const auto& row : ReadTsv(path)) {
    const Division* province = Named(row[1], nullptr, DivisionLevel::kProvince);
    const Division* city = Named(row[2], province, DivisionLevel::kCity);
    const Division* district = Named(row[3], city, DivisionLevel::kDistrict);
    const std::string& expectation = row[4];
    const ParsedAddress address = ParseAddress(row[0]);
    bool right = address.province == province && address.city == city && address.district == district;
    if (expectation == "ambiguous") {
      right = right && (address.reasons.Has(AddressReason::kAmbiguousDistrict) || address.reasons.Has(AddressReason::kAmbiguousCity));
    } else if (expectation == "contradiction") {
      right = right && address.reasons.Has(AddressReason::kContradiction);
    } else if (expectation == "not_found") {
      right = right && address.reasons.Has(AddressReason::kNotFound);
    } else {
      right = right && !address.reasons.Has(AddressReason::kContradiction);
    }
    ++score.total;
    score.right += right;
    if (!right && !quiet) {
      std::string reasons;
      for (int reason = 0; reason < kAddressReasonCount; ++reason) {
        if (address.reasons.Has(static_cast<AddressReason>(reason))) {
          reasons.append(AddressReasonName(static_cast<AddressReason>(reason))).append(" ");
        }
      }
      std::printf("  address miss: [%s] want %s/%s/%s %s, got %s/%s/%s {%s}\n", row[0].c_str(), row[1].c_str(), row[2].c_str(),
                  row[3].c_str(), expectation.c_str(), NameOf(address.province).c_str(), NameOf(address.city).c_str(),
                  NameOf(address.district).c_str(), reasons.c_str());
    }
  }
  return score;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir = ORDO_QUALITY_DATA_DIR;
  double min_accuracy = 0;
  bool quiet = false;
  for (int index = 1; index < argc; ++index) {
    const std::string_view arg = argv[index];
    if (arg == "--data-dir" && index + 1 < argc) {
      data_dir = argv[++index];
    } else if (arg == "--min-accuracy" && index + 1 < argc) {
      min_accuracy = std::atof(argv[++index]);
    } else if (arg == "--quiet") {
      quiet = true;
    } else {
      std::fprintf(stderr, "usage: quality_accuracy [--data-dir DIR] [--min-accuracy 0..1] [--quiet]\n");
      return 2;
    }
  }
  const Score phones = CheckPhones(data_dir + "/phones.tsv", quiet);
  const Score addresses = CheckAddresses(data_dir + "/addresses.tsv", quiet);
  std::printf("phone accuracy:   %d/%d = %.1f%%\n", phones.right, phones.total, 100 * phones.Accuracy());
  std::printf("address accuracy: %d/%d = %.1f%%\n", addresses.right, addresses.total, 100 * addresses.Accuracy());
  const bool pass = phones.Accuracy() >= min_accuracy && addresses.Accuracy() >= min_accuracy;
  if (!pass) std::printf("quality_accuracy: below the floor of %.1f%%\n", 100 * min_accuracy);
  return pass ? 0 : 1;
}
