// The normalisers are called from every io_context thread of `ordo serve`: the same inputs must
// give the same answers from several threads at once, first use included (the prefix table and
// the name index are built lazily). This checks the answers; a ThreadSanitizer build would be
// the check for races themselves (the project has none yet).
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "quality/address.hpp"
#include "quality/phone.hpp"

namespace ordo::quality {
namespace {

TEST(QualityConcurrency, ThreadsGetTheSameAnswers) {
  const std::vector<std::string> phones = {"13812345678", "010-12345678-123", "17012345678转1234", "+44 20 7946 0018",
                                           "12012345678"};
  const std::vector<std::string> addresses = {"浙江杭州西湖区文三路100号", "朝阳区建国路1号", "湖北省襄樊市襄城区檀溪路"};
  constexpr int kThreads = 4;
  std::vector<std::vector<std::string>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int thread_index = 0; thread_index < kThreads; ++thread_index) {
    threads.emplace_back([&, thread_index] {
      for (int round = 0; round < 50; ++round) {
        for (const std::string& phone : phones) {
          const NormalizedPhone normalized = NormalizePhone(phone);
          if (round == 0) seen[thread_index].push_back(normalized.e164 + "|" + std::string(PhoneTypeName(normalized.type)));
        }
        for (const std::string& address : addresses) {
          const ParsedAddress parsed = ParseAddress(address);
          if (round == 0) seen[thread_index].push_back(parsed.district == nullptr ? "-" : std::string(parsed.district->name));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int thread_index = 1; thread_index < kThreads; ++thread_index) EXPECT_EQ(seen[thread_index], seen[0]);
}

}  // namespace
}  // namespace ordo::quality
