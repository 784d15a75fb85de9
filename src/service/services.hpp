#pragma once
// Every use case of the service layer, built over one store. What `ordo serve` hands the API.
//
// Lifetime: `store` and `clock` outlive the Services; destroying the Services waits for the
// pool's queued blocking calls (so destroy it before the store).
#include <memory>

#include "core/time.hpp"
#include "service/access_admin.hpp"
#include "service/accounts.hpp"
#include "service/authenticator.hpp"
#include "service/blocking_pool.hpp"
#include "service/customer_directory.hpp"
#include "service/channel_connections.hpp"
#include "service/channel_intake.hpp"
#include "service/health.hpp"
#include "service/order_intake.hpp"
#include "service/order_export.hpp"
#include "service/order_queries.hpp"
#include "service/order_transitions.hpp"
#include "service/quality_rules.hpp"
#include "service/quality_metrics.hpp"
#include "service/unmask_admin.hpp"
#include "service/role_admin.hpp"
#include "service/rule_sets.hpp"
#include "service/inventory_admin.hpp"
#include "service/rule_effects_admin.hpp"
#include "service/rule_runtime.hpp"
#include "service/sourcing_service.hpp"
#include "service/carrier_sla_service.hpp"
#include "service/webhook_admin.hpp"
#include "service/rule_simulation.hpp"
#include "store/store.hpp"

namespace ordo::service {

struct ServiceOptions {
  bool strict_json = true;
  int blocking_threads = 2;
  ExportOptions exports{};
  // How often a node asks the database whether another node stored newer entry rules.
  core::UnixMillis quality_rules_check_millis = 5000;
  QualityMetricsOptions quality{};
  // How often a node asks the database whether another node published a rule set (the safety
  // net under PostgreSQL's LISTEN).
  core::UnixMillis rule_sets_poll_millis = 5000;
  // Hashes the customer keys' blind indexes (the store's PII key). nullptr: no customer view
  // (the API answers 503).
  const security::PiiCipher* pii_cipher = nullptr;
};

class Services {
 public:
  Services(store::Store& store, const core::Clock& clock, ServiceOptions options)
      : quality_rules(store, clock, pool_, options.quality_rules_check_millis),
        intake(store, clock, quality_rules, IntakeOptions{.strict_json = options.strict_json}),
        queries(store),
        transitions(store, options.strict_json),
        webhooks(store, clock, pool_, options.strict_json),
        health(store, pool_),
        authenticator(store, clock),
        accounts(store, clock, pool_, authenticator),
        access(store, clock, pool_, authenticator),
        unmask(store, clock, pool_),
        roles(store, pool_, authenticator),
        exports(store, clock, pool_, std::move(options.exports)),
        quality_metrics(store, clock, pool_, std::move(options.quality)),
        customers(options.pii_cipher ? std::make_unique<CustomerDirectory>(store, clock, *options.pii_cipher) : nullptr),
        channel_connections(store, pool_, options.strict_json),
        channel_intake(store, clock, quality_rules, pool_),
        sourcing(store, clock),
        inventory(store, sourcing, pool_, clock, options.strict_json),
        carrier_sla(store, clock, pool_),
        rule_facts(rules::FactCatalogue::Standard()),
        rule_sets(store, clock, rule_facts, options.rule_sets_poll_millis),
        rule_simulation(store.Rules(), store.RuleFacts(), rule_facts, clock, pool_),
        rule_runtime(store, clock, rule_sets, sourcing, carrier_sla),
        rule_effects(store, rule_runtime, pool_),
        clock_(clock),
        pool_(options.blocking_threads) {}

  const core::Clock& clock() const { return clock_; }
  BlockingPool& pool() { return pool_; }

  QualityRules quality_rules;  // before `intake`, which judges every order with it
  OrderIntake intake;
  OrderQueries queries;
  OrderTransitions transitions;
  WebhookAdmin webhooks;
  Health health;
  Authenticator authenticator;
  Accounts accounts;
  AccessAdmin access;
  UnmaskAdmin unmask;
  RoleAdmin roles;
  OrderExport exports;
  QualityMetrics quality_metrics;
  std::unique_ptr<CustomerDirectory> customers;  // null without a PII key
  ChannelConnectionAdmin channel_connections;
  ChannelIntake channel_intake;
  SourcingService sourcing;
  InventoryAdmin inventory;
  CarrierSla carrier_sla;
  rules::FactCatalogue rule_facts;  // what business rules may ask; before rule_sets, which reads it
  RuleSets rule_sets;
  RuleSimulation rule_simulation;  // replays a version over past orders' facts before it is published
  // Runs the published rules on live orders (before sourcing: `ordo serve` sets it as the
  // sourcing gate), stock, carriers and schedules.
  RuleRuntime rule_runtime;
  RuleEffectsAdmin rule_effects;

 private:
  const core::Clock& clock_;
  // Declared last so it is destroyed first: its draining tasks still reach the use cases above.
  // They only store the reference during construction, before the pool exists.
  BlockingPool pool_;
};

}  // namespace ordo::service
