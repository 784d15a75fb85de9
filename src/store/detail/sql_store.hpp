#pragma once
// The Store over any detail::Connection driver: a group-commit writer for writes and a reader
// pool for reads. Backends differ only in the connections they hand it.
#include <memory>
#include <mutex>
#include <string>

#include "store/detail/group_commit.hpp"
#include "store/detail/reader_pool.hpp"
#include "store/channel_store.hpp"
#include "store/inventory_store.hpp"
#include "store/detail/publication_watch.hpp"
#include "store/rules_store.hpp"
#include "store/rule_fact_store.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

// A batch audit entry: which order became which version, how (`op`), and by whom. No
// personal data.
std::string OrderAuditEntry(const order::Order& order, std::string_view op, const core::Actor& actor);

class SqlStore final : public Store, public QualityStore, public ChannelStore, public CustomerStore,
                       public InventoryStore, public RulesStore,
                       public RuleFactStore {
 public:
  // `barrier` is what the writer acknowledges through (null: nothing); it is destroyed after
  // the writer so that the last batches are still made durable and acknowledged.
  SqlStore(std::string backend_name, std::unique_ptr<DurabilityBarrier> barrier,
           std::unique_ptr<GroupCommitWriter> writer, std::unique_ptr<ReaderPool> readers, const core::Clock& clock,
           AuditSealer audit_sealer, const FieldCipher* pii_cipher);
  ~SqlStore() override;

  std::string BackendName() const override { return backend_name_; }
  core::Status Ping() override;
  StoreStats Stats() const override { return writer_->Stats(); }

  void Ingest(std::vector<IngestItem> items,
              std::function<void(std::vector<core::Result<IngestOutcome>>)> done) override;
  void Transition(TransitionCommand command, Callback<order::Order> done) override;
  void GetOrder(std::int64_t id, Callback<order::Order> done, OrderScope scope) override;
  void ListOrders(OrderFilter filter, Callback<OrderPage> done) override;
  void SummarizeOrders(OrderFilter filter, Callback<OrderSummary> done) override;
  void GetTimeline(std::int64_t order_id, Callback<std::vector<order::TimelineEvent>> done,
                   OrderScope scope) override;

  core::Result<UserRecord> CreateUser(UserRecord user, AuditRecord audit) override;
  core::Result<UserRecord> FindUserByName(const std::string& username) override;
  core::Result<UserRecord> GetUser(std::int64_t id) override;
  core::Result<std::vector<UserRecord>> ListUsers() override;
  core::Status UpdateUser(const UserRecord& user, std::optional<AuditRecord> audit) override;
  core::Result<SessionRecord> CreateSession(SessionRecord session, AuditRecord audit) override;
  void FindSession(std::string token_hash, Callback<SessionWithUser> done) override;
  core::Status RevokeSession(const std::string& token_hash, AuditRecord audit) override;
  core::Status RecordStepUp(const std::string& token_hash, core::UnixMillis at) override;
  core::Result<ApiKeyRecord> CreateApiKey(ApiKeyRecord key, AuditRecord audit) override;
  void FindApiKey(std::string key_id, Callback<ApiKeyRecord> done) override;
  core::Result<std::vector<ApiKeyRecord>> ListApiKeys() override;
  core::Status RevokeApiKey(std::int64_t id, AuditRecord audit) override;
  core::Result<RetentionReport> RunRetention(const RetentionPolicy& policy, AuditRecord audit) override;
  core::Result<std::int64_t> EraseCustomer(const ErasureRequest& request, AuditRecord audit) override;
  // ---- unmasking ----
  core::Result<UnmaskRequestRecord> CreateUnmaskRequest(UnmaskRequestRecord request, AuditRecord audit) override;
  core::Result<UnmaskRequestRecord> GetUnmaskRequest(const std::string& id) override;
  core::Result<UnmaskRequestPage> ListUnmaskRequests(UnmaskRequestFilter filter) override;
  core::Result<UnmaskRequestRecord> DecideUnmaskRequest(UnmaskRequestRecord decided, std::string expected_status,
                                                        AuditRecord audit) override;
  core::Result<std::vector<UnmaskRequestRecord>> ListActiveUnmaskGrants(const std::string& requester_id,
                                                                        core::UnixMillis now) override;

  core::Result<RuleSetRecord> GetActiveRuleSet() override;
  void FindNewerRuleSet(std::int64_t known_version, Callback<std::optional<RuleSetRecord>> done) override;
  core::Result<RuleSetRecord> PutRuleSet(RuleSetRecord record, std::int64_t expected_version,
                                         AuditRecord audit) override;

  core::Result<AuditRecord> AppendAudit(AuditRecord record) override;
  core::Result<std::vector<AuditRecord>> ListAudit(AuditFilter filter) override;

  void CreateWebhook(WebhookSubscription subscription, Callback<WebhookSubscription> done) override;
  void ListWebhooks(Callback<std::vector<WebhookSubscription>> done) override;
  void DeleteWebhook(std::int64_t id, Callback<bool> done) override;

  core::Result<int> FanOutOutbox(int max_events) override;
  core::Result<std::vector<Delivery>> ClaimDueDeliveries(int max, core::UnixMillis now,
                                                         core::UnixMillis lease_until) override;
  core::Status RecordDeliveryResults(const std::vector<DeliveryResult>& results) override;
  core::Result<std::vector<Delivery>> ListDeliveries(DeliveryState state, int limit) override;
  core::Status ReplayDelivery(std::int64_t delivery_id) override;

  core::Result<RoleRecord> CreateRole(RoleRecord role, AuditRecord audit) override;
  core::Result<RoleRecord> UpdateRole(RoleRecord role, AuditRecord audit) override;
  core::Result<std::vector<RoleRecord>> ListRoles() override;
  core::Result<RoleRecord> GetRole(const std::string& name) override;
  void FindRole(std::string name, Callback<RoleRecord> done) override;
  core::Status DeleteRole(const std::string& name, AuditRecord audit) override;

  // ---- data quality (sql_store_quality.cpp) ----
  QualityStore& Quality() override { return *this; }
  core::Result<QualityScanPage> ScanQualityOrders(std::int64_t after_id, int limit) override;
  core::Result<QualityRunRecord> BeginQualityRun(std::string trigger) override;
  core::Status AppendQualityIssues(std::vector<QualityIssueRecord> issues) override;
  core::Result<QualityRunOutcome> FinishQualityRun(QualityRunResult result) override;
  core::Status FailQualityRun(std::int64_t run_id, std::string error) override;
  core::Result<QualityRunRecord> GetQualityRun(std::int64_t run_id) override;
  core::Result<std::optional<QualityRunRecord>> LatestQualityRun() override;
  core::Result<std::vector<QualityCount>> LoadQualityCounts(const QualityCountsFilter& filter) override;
  core::Result<QualityIssuePage> ListQualityIssues(const QualityIssueFilter& filter) override;
  core::Result<QualityTicketPage> ListQualityTickets(const QualityTicketFilter& filter) override;
  core::Result<QualityTicketRecord> UpdateQualityTicket(const QualityTicketPatch& patch, AuditRecord audit) override;

  // ---- the single customer view (sql_store_customers.cpp) ----
  CustomerStore& Customers() override { return *this; }
  core::Result<std::int64_t> CustomerResolverCursor() override;
  core::Result<std::vector<order::Order>> OrdersToResolve(std::int64_t after_id, int limit) override;
  core::Status SaveResolutionBatch(const ResolutionBatch& batch, std::int64_t expected_cursor) override;
  core::Result<std::vector<ResolvedOrder>> ResolvedOrders(std::int64_t after_seq, int limit) override;
  core::Result<std::vector<CustomerKeyRow>> AllCustomerKeys() override;
  core::Result<std::vector<CustomerMergeEventRow>> CustomerMergeEvents() override;
  core::Result<std::vector<CustomerMergeRow>> CustomerMerges(const std::vector<std::int64_t>& ids) override;
  core::Result<std::vector<CustomerKeyRow>> CustomerKeys(const std::vector<std::int64_t>& customer_ids) override;
  core::Result<CustomerOrdersPage> CustomerOrders(const std::vector<std::int64_t>& customer_ids,
                                                 const OrderScope& scope, std::optional<std::int64_t> before_id,
                                                 int limit) override;
  core::Status RecordUnmerge(std::int64_t merge_id, core::UnixMillis at, const std::string& actor,
                             const std::string& reason, AuditRecord audit) override;
  // ---- channels (sql_store_channels.cpp) ----
  ChannelStore& Channels() override { return *this; }
  core::Result<ChannelConnectionRecord> CreateChannelConnection(ChannelConnectionRecord record,
                                                                AuditRecord audit) override;
  core::Result<std::vector<ChannelConnectionRecord>> ListChannelConnections() override;
  core::Result<ChannelConnectionRecord> GetChannelConnection(std::int64_t id) override;
  core::Result<ChannelConnectionRecord> FindChannelConnection(const std::string& channel,
                                                              const std::string& name) override;
  core::Result<ChannelConnectionRecord> DisableChannelConnection(std::int64_t id, AuditRecord audit) override;
  core::Status CountChannelSignatureFailure(std::int64_t id) override;
  void IngestChannelOrders(std::vector<ChannelIngestItem> items,
                           std::function<void(std::vector<core::Result<ChannelIngestOutcome>>)> done) override;
  // ---- inventory (sql_store_inventory.cpp) ----
  InventoryStore& Inventory() override { return *this; }
  core::Result<LocationRecord> CreateLocation(LocationRecord location, AuditRecord audit) override;
  core::Result<LocationRecord> UpdateLocation(LocationRecord location, std::optional<std::int64_t> expected_version,
                                              AuditRecord audit) override;
  core::Result<std::vector<LocationRecord>> ListLocations() override;
  core::Result<LocationRecord> GetLocation(const std::string& id) override;
  core::Result<LocationRecord> SetLocationStatus(const std::string& id, const std::string& status,
                                                 const std::string& reason, AuditRecord audit) override;
  core::Result<CarrierTableRecord> ReplaceCarrierRates(std::vector<CarrierRateRecord> rates, AuditRecord audit) override;
  core::Result<CarrierTableRecord> GetCarrierRates() override;
  core::Result<std::int64_t> CarrierRatesVersion() override;
  core::Result<StockChangeOutcome> ApplyStockChanges(StockChangeRequest request) override;
  core::Result<std::vector<StockRecord>> ListStock(const StockFilter& filter) override;
  core::Result<std::vector<StockLedgerRow>> ListStockLedger(const StockLedgerFilter& filter) override;
  core::Result<LedgerCheck> CheckStockLedger() override;
  core::Result<AllocateOutcome> Allocate(AllocateCommand command) override;
  core::Result<SourcingRecord> GetOrderSourcing(std::int64_t order_id) override;
  core::Result<std::vector<WaitingOrder>> ListWaitingOrders(const std::vector<std::string>& skus, int limit) override;
  core::Result<std::vector<std::int64_t>> ListUnsourcedOrders(std::int64_t after_id, int limit) override;
  core::Result<std::vector<std::int64_t>> ListOrdersAllocatedAt(const std::string& location_id) override;
  core::Status SetSourcingPriority(std::int64_t order_id, std::int64_t priority) override;
  core::Result<AllocateOutcome> CancelOrderLines(std::int64_t order_id, const std::vector<int>& line_indexes,
                                                 const std::string& reason, core::Actor actor) override;
  // ---- business rules (sql_store_rules.cpp) ----
  RulesStore& Rules() override { return *this; }
  // How WatchRulePublications starts a watch (PostgreSQL: a LISTEN connection); unset: never.
  void SetPublicationWatchFactory(PublicationWatchFactory factory);
  core::Result<RuleVersionRecord> AddRuleVersion(RuleVersionRecord record, std::int64_t expected_latest,
                                                 AuditRecord audit) override;
  core::Result<RuleVersionRecord> GetRuleVersion(const std::string& ruleset_id, std::int64_t version) override;
  core::Result<std::vector<RuleVersionRecord>> ListRuleVersions(const std::string& ruleset_id) override;
  core::Result<std::vector<RuleSetHead>> ListRuleSets() override;
  core::Result<RulePublicationRecord> PublishRuleVersion(const std::string& ruleset_id, std::int64_t version,
                                                         std::int64_t expected_published, std::string kind,
                                                         std::string actor, AuditRecord audit) override;
  core::Result<std::vector<RulePublicationRecord>> ListRulePublications(const std::string& ruleset_id) override;
  core::Result<std::int64_t> LatestRulePublicationSeq() override;
  void WatchRulePublications(std::function<void()> changed) override;
  core::Result<RuleSimulationRecord> AddRuleSimulation(RuleSimulationRecord record) override;
  core::Result<std::optional<RuleSimulationRecord>> LatestRuleSimulation(const std::string& ruleset_id,
                                                                         std::int64_t version) override;
  core::Status RecordRuleFirings(std::vector<RuleFiringRecord> firings) override;
  core::Result<std::vector<RuleFiringRecord>> ListRuleFirings(std::int64_t order_id) override;
  core::Result<std::vector<RuleFiringRecord>> ListRuleFiringsBySubject(const std::string& subject,
                                                                       int limit) override;
  core::Status PutRuleEffect(RuleEffectRecord effect) override;
  core::Status ClearRuleEffect(const std::string& kind, const std::string& key) override;
  core::Result<std::vector<RuleEffectRecord>> ListRuleEffects(const std::string& kind) override;
  core::Result<bool> TryUseQuantity(QuantityUse use) override;
  core::Result<std::int64_t> QuantityUsed(const std::string& scope_key, core::UnixMillis since) override;
  // ---- rule fact snapshots (sql_store_rule_facts.cpp) ----
  RuleFactStore& RuleFacts() override { return *this; }
  core::Status PutFactSnapshots(std::vector<FactSnapshotRecord> snapshots) override;
  core::Result<std::vector<FactSnapshotRecord>> ScanFactSnapshots(const FactSnapshotScan& scan) override;
  core::Result<std::int64_t> CountFactSnapshots(const std::string& trigger, core::UnixMillis from,
                                                core::UnixMillis to) override;
  core::Result<std::int64_t> CountCustomerOrders(const std::string& customer_ref, core::UnixMillis since,
                                                 core::UnixMillis before) override;

 private:
  // Runs `body` as one write unit and hands its result to `done` after commit.
  template <class T>
  void Write(std::function<core::Result<T>(Connection&)> body, Callback<T> done);
  template <class T>
  core::Result<T> WriteSync(std::function<core::Result<T>(Connection&)> body);
  template <class T>
  void Read(std::function<core::Result<T>(Connection&)> body, Callback<T> done);
  template <class T>
  core::Result<T> ReadSync(std::function<core::Result<T>(Connection&)> body);
  // Runs `chunk` in write units until one returns less than a full chunk; the total.
  core::Result<std::int64_t> WriteChunks(const std::function<core::Result<std::int64_t>(Connection&)>& chunk);
  // A write whose result is only success or failure.
  core::Status WriteStatus(std::function<core::Status(Connection&)> body);

  std::string backend_name_;
  const core::Clock& clock_;
  AuditSealer audit_sealer_;
  const FieldCipher* pii_cipher_;  // not owned; nullptr: personal data in clear
  std::unique_ptr<DurabilityBarrier> barrier_;
  std::unique_ptr<GroupCommitWriter> writer_;
  std::unique_ptr<ReaderPool> readers_;
  PublicationWatchFactory watch_factory_;
  std::mutex watch_mutex_;
  std::unique_ptr<PublicationWatch> watch_;  // stopped first in the destructor
};

}  // namespace ordo::store::detail
