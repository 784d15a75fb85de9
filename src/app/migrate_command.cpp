// `ordo migrate --db URL`: applies pending schema migrations and exits. Opening the store
// migrates, so this is Open + report; `ordo serve` does the same at start.
#include <cstdio>

#include "app/commands.hpp"
#include "store/store.hpp"

namespace ordo::app {

int RunMigrate(const std::string& db_url) {
  // Migrations touch no personal data, so no PII key is needed (nor checked).
  auto store = store::Store::Open(store::StoreOptions{.url = db_url, .reader_threads = 1, .allow_keyless = true});
  if (!store) {
    std::fprintf(stderr, "ordo migrate: %s\n", store.error().detail.c_str());
    return 1;
  }
  std::printf("ordo migrate: %s schema is up to date\n", (*store)->BackendName().c_str());
  return 0;
}

}  // namespace ordo::app
