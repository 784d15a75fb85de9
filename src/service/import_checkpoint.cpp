#include "service/import_checkpoint.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <sodium.h>

#include "core/json.hpp"

namespace ordo::service {
namespace {

// The counters in the order they are written.
constexpr std::pair<const char*, std::uint64_t ImportCounts::*> kCountFields[] = {
    {"rows_read", &ImportCounts::rows_read},     {"created", &ImportCounts::created},
    {"updated", &ImportCounts::updated},         {"duplicates", &ImportCounts::duplicates},
    {"quarantined", &ImportCounts::quarantined}, {"rejected", &ImportCounts::rejected},
};

constexpr std::pair<const char*, std::uint64_t ImportCheckpoint::*> kPositionFields[] = {
    {"file_size", &ImportCheckpoint::file_size},     {"offset", &ImportCheckpoint::offset},
    {"line", &ImportCheckpoint::line},               {"orders_done", &ImportCheckpoint::orders_done},
    {"reject_bytes", &ImportCheckpoint::reject_bytes},
};

}  // namespace

ImportCounts& ImportCounts::operator+=(const ImportCounts& other) {
  for (const auto& [name, member] : kCountFields) this->*member += other.*member;
  return *this;
}

std::string ImportDatabaseHash(const std::string& db_url) {
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(db_url.data()), db_url.size(),
                     nullptr, 0);
  std::string hex(sizeof hash * 2, '0');
  sodium_bin2hex(hex.data(), hex.size() + 1, hash, sizeof hash);
  return hex;
}

std::string CheckpointToJson(const ImportCheckpoint& checkpoint) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "db_hash");
  core::WriteString(writer, checkpoint.db_hash);
  core::WriteKey(writer, "channel");
  core::WriteString(writer, checkpoint.channel);
  core::WriteKey(writer, "file");
  core::WriteString(writer, checkpoint.file);
  for (const auto& [name, member] : kPositionFields) {
    core::WriteKey(writer, name);
    writer.Uint64(checkpoint.*member);
  }
  core::WriteKey(writer, "done");
  writer.Bool(checkpoint.done);
  core::WriteKey(writer, "counts");
  writer.StartObject();
  for (const auto& [name, member] : kCountFields) {
    core::WriteKey(writer, name);
    writer.Uint64(checkpoint.counts.*member);
  }
  writer.EndObject();
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::optional<ImportCheckpoint> CheckpointFromJson(const std::string& json) {
  rapidjson::Document doc;
  if (!core::ParseJson(json, doc) || !doc.IsObject()) return std::nullopt;
  ImportCheckpoint checkpoint;
  for (auto [name, target] : {std::pair{"db_hash", &checkpoint.db_hash}, std::pair{"channel", &checkpoint.channel},
                              std::pair{"file", &checkpoint.file}}) {
    const auto member = doc.FindMember(name);
    if (member == doc.MemberEnd() || !member->value.IsString()) return std::nullopt;
    *target = core::AsView(member->value);
  }
  for (const auto& [name, member] : kPositionFields) {
    const auto found = doc.FindMember(name);
    if (found == doc.MemberEnd() || !found->value.IsUint64()) return std::nullopt;
    checkpoint.*member = found->value.GetUint64();
  }
  const auto done = doc.FindMember("done");
  if (done == doc.MemberEnd() || !done->value.IsBool()) return std::nullopt;
  checkpoint.done = done->value.GetBool();
  const auto counts = doc.FindMember("counts");
  if (counts == doc.MemberEnd() || !counts->value.IsObject()) return std::nullopt;
  for (const auto& [name, member] : kCountFields) {
    const auto found = counts->value.FindMember(name);
    if (found == counts->value.MemberEnd() || !found->value.IsUint64()) return std::nullopt;
    checkpoint.counts.*member = found->value.GetUint64();
  }
  return checkpoint;
}

std::optional<ImportCheckpoint> LoadCheckpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string json{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return CheckpointFromJson(json);
}

core::Status SaveCheckpoint(const std::string& path, const ImportCheckpoint& checkpoint) {
  // Written beside the target and renamed over it: a reader (or a rerun after kill -9) sees the
  // old checkpoint or the new one, never half of one.
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << CheckpointToJson(checkpoint);
    if (!out.flush()) return core::MakeError(core::ErrorCode::kUnavailable, "cannot write the checkpoint " + temp);
  }
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) return core::MakeError(core::ErrorCode::kUnavailable, "cannot write the checkpoint " + path);
  return core::Ok();
}

void RemoveCheckpoint(const std::string& path) {
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
}

}  // namespace ordo::service
