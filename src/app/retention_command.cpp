// `ordo retention run` and `ordo retention erase`: the retention policy and erasure requests
// from the shell (and cron). Each run is audited by the store with its counts.
#include <cstdio>

#include "app/commands.hpp"
#include "app/pii_key.hpp"

namespace ordo::app {

int RunRetention(const RetentionOptions& options) {
  const core::SystemClock clock;
  auto opened = OpenOrderStore(options.db_url, clock, options.pii_key);
  if (!opened) {
    std::fprintf(stderr, "ordo retention: %s\n", opened.error().detail.c_str());
    return ExitCodeFor(opened.error());
  }
  store::Store& db = *opened->store;
  const store::AuditRecord audit{.actor_kind = "system", .actor_id = "cli",
                                 .action = options.erase ? "privacy.erase" : "retention.run"};
  if (options.erase) {
    auto erased = db.EraseCustomer(store::ErasureRequest{.customer_ref = options.customer_ref, .phone = options.phone},
                                   audit);
    if (!erased) {
      std::fprintf(stderr, "ordo retention erase: %s\n", erased.error().detail.c_str());
      return ExitCodeFor(erased.error());
    }
    std::printf("ordo retention erase: personal data removed from %lld orders\n", static_cast<long long>(*erased));
    return 0;
  }
  if (!options.anonymise_after_days && !options.archive_after_days) {
    std::fprintf(stderr, "ordo retention run: give --anonymise-after-days and/or --archive-after-days\n");
    return 2;
  }
  auto report = db.RunRetention(
      store::RetentionPolicy{.anonymise_after_days = options.anonymise_after_days,
                             .archive_after_days = options.archive_after_days},
      audit);
  if (!report) {
    std::fprintf(stderr, "ordo retention run: %s\n", report.error().detail.c_str());
    return 1;
  }
  std::printf("ordo retention run: %lld orders anonymised, %lld archived\n",
              static_cast<long long>(report->anonymised), static_cast<long long>(report->archived));
  return 0;
}

}  // namespace ordo::app
