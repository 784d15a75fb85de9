// The pure pieces of `ordo import`: the JSON-lines reader and its resume offsets, the checkpoint
// file, reject lines, and the progress texts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "app/import_progress.hpp"
#include "service/import_checkpoint.hpp"
#include "service/json_lines_reader.hpp"
#include "service/reject_log.hpp"

namespace ordo::app {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("ordo-import-pieces-" + std::to_string(getpid()) + "-" + name))
      .string();
}

TEST(JsonLinesReader, GivesLineNumbersAndOffsetsThatResumeAtTheNextLine) {
  const std::string path = TempPath("lines.jsonl");
  std::ofstream(path, std::ios::binary) << "\xEF\xBB\xBF{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}";
  auto reader = service::JsonLinesReader::Open(path);
  ASSERT_TRUE(reader.has_value());
  service::JsonLine line;
  ASSERT_TRUE(reader->Next(line));
  EXPECT_EQ(line.text, "{\"a\":1}");  // BOM and \r dropped
  EXPECT_EQ(line.number, 1u);
  ASSERT_TRUE(reader->Next(line));
  EXPECT_EQ(line.text, "{\"b\":2}");  // blank lines skipped but counted
  EXPECT_EQ(line.number, 4u);
  const std::uint64_t resume_at = line.end_offset;

  auto resumed = service::JsonLinesReader::Open(path, resume_at, line.number + 1);
  ASSERT_TRUE(resumed.has_value());
  ASSERT_TRUE(resumed->Next(line));
  EXPECT_EQ(line.text, "{\"c\":3}");  // the last line has no newline
  EXPECT_EQ(line.number, 5u);
  EXPECT_FALSE(resumed->Next(line));
  std::filesystem::remove(path);
}

TEST(JsonLinesReader, ReadsLinesLongerThanItsBuffer) {
  const std::string path = TempPath("long.jsonl");
  const std::string long_line = "\"" + std::string(3 << 20, 'x') + "\"";
  std::ofstream(path, std::ios::binary) << long_line << "\n1\n";
  auto reader = service::JsonLinesReader::Open(path);
  service::JsonLine line;
  ASSERT_TRUE(reader->Next(line));
  EXPECT_EQ(line.text.size(), long_line.size());
  ASSERT_TRUE(reader->Next(line));
  EXPECT_EQ(line.text, "1");
  std::filesystem::remove(path);
}

TEST(ImportCheckpoint, RoundTripsThroughItsFile) {
  service::ImportCheckpoint checkpoint{.db_hash = service::ImportDatabaseHash("sqlite:x.db"), .channel = "shopify",
                                       .file = "/data/orders.jsonl"};
  checkpoint.offset = 123456;
  checkpoint.line = 99;
  checkpoint.reject_bytes = 420;
  checkpoint.counts.rows_read = 98;
  checkpoint.counts.duplicates = 3;
  checkpoint.done = true;
  const std::string path = TempPath("checkpoint");
  ASSERT_TRUE(service::SaveCheckpoint(path, checkpoint));
  const auto loaded = service::LoadCheckpoint(path);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(service::CheckpointToJson(*loaded), service::CheckpointToJson(checkpoint));
  // The URL itself (it may carry a password) is not in the file.
  EXPECT_THAT(service::CheckpointToJson(checkpoint), ::testing::Not(HasSubstr("x.db")));
  service::RemoveCheckpoint(path);
  EXPECT_FALSE(service::LoadCheckpoint(path).has_value());
  EXPECT_FALSE(service::CheckpointFromJson("{\"db_hash\":1}").has_value());
}

TEST(RejectLog, ReopeningWithTheCheckpointedLengthCutsOffLaterLines) {
  const std::string path = TempPath("rejects.jsonl");
  service::RejectedRow row{.file = "a.csv", .csv_row = true, .number = 7, .external_id = "PO-1", .errors = {}};
  row.errors.push_back({"单价", "decimal", "must be a decimal amount", "", ""});
  const std::string first = service::RejectLine(row);
  EXPECT_EQ(first, R"({"file":"a.csv","row":7,"external_id":"PO-1","errors":[{"field":"单价","code":"decimal","message":"must be a decimal amount"}]})" "\n");
  {
    auto log = service::RejectLog::Open(path, 0);
    ASSERT_TRUE(log.has_value());
    ASSERT_TRUE((*log)->Append(first));
    ASSERT_TRUE((*log)->Append("{\"uncommitted\":true}\n"));
  }
  {
    auto log = service::RejectLog::Open(path, first.size());
    ASSERT_TRUE(log.has_value());
    EXPECT_EQ((*log)->bytes(), first.size());
  }
  std::ifstream in(path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), first);
  std::filesystem::remove(path);
}

TEST(ImportProgressText, BarAndLineShowRowsRateAndEta) {
  service::ImportProgress progress{.file = "orders.jsonl", .done = 450, .total = 1000};
  progress.counts.rows_read = 120000;
  progress.counts.created = 119000;
  progress.counts.rejected = 1000;
  const ProgressFigures figures{.fraction = 0.45, .rows_per_second = 52311.4, .eta_seconds = 65};
  EXPECT_EQ(ProgressBarText(progress, figures, 20),
            "[#########...........]  45%  120,000 rows  52,311 rows/s  ETA 1:05  orders.jsonl");
  EXPECT_EQ(ProgressLineText(progress, figures),
            "ordo import: orders.jsonl 45% rows=120000 imported=119000 duplicates=0 quarantined=0 rejected=1000 "
            "rate=52311/s eta=65s");
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
  EXPECT_EQ(Duration(3723), "1:02:03");
}

}  // namespace
}  // namespace ordo::app
