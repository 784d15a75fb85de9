#include "service/rule_effects_admin.hpp"

#include <array>

#include "core/json.hpp"
#include "service/rule_runtime_json.hpp"

namespace ordo::service {
namespace {

constexpr std::array<std::string_view, 3> kPublicKinds = {kEffectHideSku, kEffectSwitchCarrier, kEffectBlockOrdering};

bool IsPublicKind(std::string_view kind) {
  for (const std::string_view known : kPublicKinds) {
    if (known == kind) return true;
  }
  return false;
}

core::Error BadKind(std::string field) {
  core::Error error = core::MakeError(core::ErrorCode::kMalformed, "kind must be hide_sku, switch_carrier or block_ordering");
  error.fields.push_back(core::FieldError{std::move(field), "enum", "must be hide_sku, switch_carrier or block_ordering", {}, {}});
  return error;
}

std::string EffectAudit(const store::RuleEffectRecord& effect) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "kind");
  core::WriteString(writer, effect.kind);
  core::WriteKey(writer, "key");
  core::WriteString(writer, effect.key);
  core::WriteKey(writer, "value");
  core::WriteString(writer, effect.value);
  core::WriteKey(writer, "rule_id");
  core::WriteString(writer, effect.rule_id);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

void RuleEffectsAdmin::ExplainOrder(std::int64_t order_id, store::OrderScope scope, Done<OrderRulesExplanation> done) {
  pool_.Post([this, order_id, scope = std::move(scope), done = std::move(done)] {
    done(runtime_.ExplainOrder(order_id, scope));
  });
}

void RuleEffectsAdmin::ListEffects(std::string kind, Done<std::vector<store::RuleEffectRecord>> done) {
  if (!kind.empty() && !IsPublicKind(kind)) return done(BadKind("kind"));
  pool_.Post([this, kind = std::move(kind), done = std::move(done)] {
    std::vector<store::RuleEffectRecord> effects;
    for (const std::string_view one : kPublicKinds) {
      if (!kind.empty() && kind != one) continue;
      auto listed = store_.Rules().ListRuleEffects(std::string(one));
      if (!listed) return done(std::move(listed).error());
      effects.insert(effects.end(), listed->begin(), listed->end());
    }
    done(std::move(effects));
  });
}

void RuleEffectsAdmin::RunTrigger(std::string trigger, Done<RuleWorkReport> done) {
  if (trigger != "stock.changed" && trigger != "carrier.sla_daily" && trigger != "schedule") {
    core::Error error = core::MakeError(core::ErrorCode::kInvalidArgument, "trigger cannot be run on demand");
    error.fields.push_back(
        core::FieldError{"/trigger", "enum", "must be stock.changed, carrier.sla_daily or schedule", {}, {}});
    return done(std::move(error));
  }
  pool_.Post([this, trigger = std::move(trigger), done = std::move(done)] {
    if (trigger == "stock.changed") return done(runtime_.RunStockRules());
    if (trigger == "carrier.sla_daily") return done(runtime_.RunCarrierRules(true));
    done(runtime_.RunScheduledRules());
  });
}

void RuleEffectsAdmin::ClearEffect(std::string kind, std::string key, core::Actor actor, std::string ip, Done<bool> done) {
  if (!IsPublicKind(kind)) return done(BadKind("kind"));
  pool_.Post([this, kind = std::move(kind), key = std::move(key), actor = std::move(actor), ip = std::move(ip),
              done = std::move(done)] {
    auto standing = store_.Rules().GetRuleEffect(kind, key);
    if (!standing) return done(std::move(standing).error());
    if (!*standing) return done(core::MakeError(core::ErrorCode::kNotFound, "no such effect stands"));
    if (auto cleared = store_.Rules().ClearRuleEffect(kind, key); !cleared) return done(std::move(cleared).error());
    store::AuditRecord audit;
    audit.actor_kind = actor.kind;
    audit.actor_id = actor.id;
    audit.ip = ip;
    audit.action = "rules.effect.clear";
    audit.subject = "rule_effect:" + kind + ":" + key;
    audit.detail_json = EffectAudit(**standing);
    if (auto audited = store_.AppendAudit(std::move(audit)); !audited) return done(std::move(audited).error());
    if (kind == kEffectSwitchCarrier) {
      if (auto loaded = runtime_.LoadCarrierSwitches(); !loaded) return done(std::move(loaded).error());
    }
    done(true);
  });
}

}  // namespace ordo::service
