#include "app/sourcing_command.hpp"

#include <cstdio>
#include <ostream>

#include "core/json.hpp"
#include "service/inventory_admin.hpp"

namespace ordo::app {
namespace {

std::string Row(const char* method, const sourcing::RebalanceSummary& summary) {
  char line[160];
  std::snprintf(line, sizeof line, "| %-26s | %13lld | %14lld | %7lld |\n", method,
                static_cast<long long>(summary.orders_filled), static_cast<long long>(summary.weighted_value),
                static_cast<long long>(summary.units));
  return line;
}

}  // namespace

int RunSourcingRebalance(const SourcingCommandOptions& options, std::ostream& out, std::ostream& err) {
  core::SystemClock clock;
  auto opened = OpenOrderStore(options.db_url, clock, options.pii_key);
  if (!opened) {
    err << "ordo sourcing rebalance: " << opened.error().detail << "\n";
    return ExitCodeFor(opened.error());
  }
  service::SourcingService sourcing(*opened->store, clock);
  auto report = sourcing.Rebalance(options.apply, options.time_limit_ms);
  if (!report) {
    err << "ordo sourcing rebalance: " << report.error().detail << "\n";
    return 1;
  }
  if (options.json) {
    core::JsonBuffer buffer;
    core::JsonWriter writer(buffer);
    service::WriteRebalanceReport(writer, *report);
    out << buffer.GetString() << "\n";
    return 0;
  }
  out << report->waiting_orders << " orders waiting for stock over " << report->skus << " SKUs\n\n";
  out << "| method                     | orders filled | weighted value | units   |\n";
  out << "|----------------------------|---------------|----------------|---------|\n";
  out << Row("first come, first served", report->comparison.first_come_first_served);
  out << Row(report->comparison.mip_optimal ? "GLPK MIP (optimal)" : "GLPK MIP (time limit)", report->comparison.mip);
  char timing[120];
  std::snprintf(timing, sizeof timing, "\nsolved in %.0f ms, %.0f ms in all\n", report->solve_ms, report->elapsed_ms);
  out << timing;
  if (report->applied) {
    out << "applied: " << report->allocated << " orders reserved, " << report->not_allocated
        << " still waiting (stock moved meanwhile or no carrier lane)\n";
  } else {
    out << "dry run: nothing reserved (add --apply)\n";
  }
  return 0;
}

int RunSourcingPass(const SourcingCommandOptions& options, std::ostream& out, std::ostream& err) {
  core::SystemClock clock;
  auto opened = OpenOrderStore(options.db_url, clock, options.pii_key);
  if (!opened) {
    err << "ordo sourcing run: " << opened.error().detail << "\n";
    return ExitCodeFor(opened.error());
  }
  service::SourcingService sourcing(*opened->store, clock);
  auto pass = sourcing.RunPass();
  if (!pass) {
    err << "ordo sourcing run: " << pass.error().detail << "\n";
    return 1;
  }
  out << pass->new_orders << " new and " << pass->stock_arrivals << " waiting orders decided: " << pass->allocated
      << " allocated, " << pass->waiting << " waiting for stock\n";
  return 0;
}

}  // namespace ordo::app
