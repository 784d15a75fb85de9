#include "store/store.hpp"

#include <filesystem>
#include <future>

#include "store/channel_store.hpp"
#include "store/detail/migrations.hpp"
#include "store/detail/sql_store.hpp"
#include "store/detail/store_meta.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_listener.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/wal_syncer.hpp"

namespace ordo::store {
namespace {

using detail::Connection;

const core::Clock& ClockOf(const StoreOptions& options) {
  static const core::SystemClock system_clock;
  return options.clock != nullptr ? *options.clock : system_clock;
}

core::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const StoreOptions& options) {
  std::error_code ignored;
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ignored);
  auto writer_connection = sqlite::OpenSqlite(path, sqlite::OpenMode::kWriter);
  if (!writer_connection) return std::move(writer_connection).error();
  auto applied = detail::ApplyMigrations(**writer_connection);
  if (!applied) return std::move(applied).error();
  ORDO_TRY(detail::CheckPiiKeyFingerprint(**writer_connection, options.pii_cipher, options.allow_keyless));
  auto syncer = sqlite::WalSyncer::Open(path);
  if (!syncer) return std::move(syncer).error();
  detail::DurabilityBarrier* barrier = syncer->get();

  std::vector<std::unique_ptr<Connection>> writers;
  writers.push_back(std::move(writer_connection).value());  // SQLite has exactly one writer
  std::vector<std::unique_ptr<Connection>> readers;
  for (int reader_idx = 0; reader_idx < std::max(1, options.reader_threads); ++reader_idx) {
    auto reader = sqlite::OpenSqlite(path, sqlite::OpenMode::kReader);
    if (!reader) return std::move(reader).error();
    readers.push_back(std::move(reader).value());
  }
  return std::unique_ptr<Store>(std::make_unique<detail::SqlStore>(
      "sqlite", std::move(syncer).value(),
      std::make_unique<detail::GroupCommitWriter>(std::move(writers), options.max_batch, barrier),
      std::make_unique<detail::ReaderPool>(std::move(readers)), ClockOf(options), options.audit_sealer, options.pii_cipher));
}

core::Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, const StoreOptions& options) {
  auto first = postgres::OpenPostgres(url);
  if (!first) return std::move(first).error();
  auto applied = detail::ApplyMigrations(**first);
  if (!applied) return std::move(applied).error();
  ORDO_TRY(detail::CheckPiiKeyFingerprint(**first, options.pii_cipher, options.allow_keyless));

  std::vector<std::unique_ptr<Connection>> writers;
  writers.push_back(std::move(first).value());
  const int writer_count = options.writer_threads > 0 ? options.writer_threads : 4;
  for (int writer_idx = 1; writer_idx < writer_count; ++writer_idx) {
    auto connection = postgres::OpenPostgres(url);
    if (!connection) return std::move(connection).error();
    writers.push_back(std::move(connection).value());
  }
  std::vector<std::unique_ptr<Connection>> readers;
  for (int reader_idx = 0; reader_idx < std::max(1, options.reader_threads); ++reader_idx) {
    auto connection = postgres::OpenPostgres(url);
    if (!connection) return std::move(connection).error();
    readers.push_back(std::move(connection).value());
  }
  auto store = std::make_unique<detail::SqlStore>(
      "postgresql", nullptr, std::make_unique<detail::GroupCommitWriter>(std::move(writers), options.max_batch),
      std::make_unique<detail::ReaderPool>(std::move(readers)), ClockOf(options), options.audit_sealer, options.pii_cipher);
  store->SetPublicationWatchFactory([url](std::function<void()> changed) -> std::unique_ptr<detail::PublicationWatch> {
    return std::make_unique<postgres::PgListener>(url, "ordo_rules", std::move(changed));
  });
  return std::unique_ptr<Store>(std::move(store));
}

template <class T>
core::Result<T> Wait(const std::function<void(Callback<T>)>& start) {
  std::promise<core::Result<T>> promise;
  auto future = promise.get_future();
  start([&promise](core::Result<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

}  // namespace

core::Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  const std::string& url = options.url;
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
    if (path.empty()) return core::MakeError(core::ErrorCode::kInvalidArgument, "sqlite URL needs a file path");
    return OpenSqliteStore(path, options);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return OpenPostgresStore(url, options);
  }
  return core::MakeError(core::ErrorCode::kInvalidArgument,
                         "unknown database URL: use sqlite:<path> or postgresql://…");
}

std::vector<core::Result<ChannelIngestOutcome>> ChannelStore::IngestChannelOrdersSync(
    std::vector<ChannelIngestItem> items) {
  std::promise<std::vector<core::Result<ChannelIngestOutcome>>> promise;
  auto future = promise.get_future();
  IngestChannelOrders(std::move(items), [&promise](std::vector<core::Result<ChannelIngestOutcome>> results) {
    promise.set_value(std::move(results));
  });
  return future.get();
}

std::vector<core::Result<IngestOutcome>> Store::IngestSync(std::vector<IngestItem> items) {
  std::promise<std::vector<core::Result<IngestOutcome>>> promise;
  auto future = promise.get_future();
  Ingest(std::move(items), [&promise](std::vector<core::Result<IngestOutcome>> results) {
    promise.set_value(std::move(results));
  });
  return future.get();
}

core::Result<order::Order> Store::TransitionSync(TransitionCommand command) {
  return Wait<order::Order>([&](Callback<order::Order> done) { Transition(std::move(command), std::move(done)); });
}

core::Result<order::Order> Store::GetOrderSync(std::int64_t id, OrderScope scope) {
  return Wait<order::Order>([&](Callback<order::Order> done) { GetOrder(id, std::move(done), std::move(scope)); });
}

core::Result<OrderPage> Store::ListOrdersSync(OrderFilter filter) {
  return Wait<OrderPage>([&](Callback<OrderPage> done) { ListOrders(std::move(filter), std::move(done)); });
}

core::Result<OrderSummary> Store::SummarizeOrdersSync(OrderFilter filter) {
  return Wait<OrderSummary>([&](Callback<OrderSummary> done) { SummarizeOrders(std::move(filter), std::move(done)); });
}

core::Result<std::vector<order::TimelineEvent>> Store::GetTimelineSync(std::int64_t order_id, OrderScope scope) {
  return Wait<std::vector<order::TimelineEvent>>([&](Callback<std::vector<order::TimelineEvent>> done) {
    GetTimeline(order_id, std::move(done), std::move(scope));
  });
}

core::Result<WebhookSubscription> Store::CreateWebhookSync(WebhookSubscription subscription) {
  return Wait<WebhookSubscription>(
      [&](Callback<WebhookSubscription> done) { CreateWebhook(std::move(subscription), std::move(done)); });
}

core::Result<std::vector<WebhookSubscription>> Store::ListWebhooksSync() {
  return Wait<std::vector<WebhookSubscription>>(
      [&](Callback<std::vector<WebhookSubscription>> done) { ListWebhooks(std::move(done)); });
}

core::Result<bool> Store::DeleteWebhookSync(std::int64_t id) {
  return Wait<bool>([&](Callback<bool> done) { DeleteWebhook(id, std::move(done)); });
}

}  // namespace ordo::store
