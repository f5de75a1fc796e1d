// File: src/cli/cron_cmd.cpp
//
// `driftwise cron next EXPR [--tz ZONE] [--after TIME] [--count N]`: when a
// schedule's cron expression fires, in its time zone, so a schedule can be
// checked before it is saved (docs/schedules.md).
#include <chrono>
#include <memory>
#include <string>

#include "cli_io.hpp"
#include "command_help.hpp"
#include "commands.hpp"
#include "driftwise/audit.hpp"
#include "driftwise/cron.hpp"
#include "driftwise/json_writer.hpp"

namespace dw::cli {
namespace {

struct CronNextArgs {
  std::string expression;
  std::string zone = "UTC";
  std::string after;  // RFC 3339; empty = now
  int count = 5;
  std::string output = "text";
};

int RunCronNext(const CronNextArgs& args) {
  auto expr = CronExpression::Parse(args.expression);
  if (!expr.ok()) return ReportError("cron expression", expr.status());
  auto zone = TimeZone::Load(args.zone);
  if (!zone.ok()) return ReportError("--tz", zone.status());
  std::chrono::sys_seconds t = std::chrono::floor<std::chrono::seconds>(
      std::chrono::system_clock::now());
  if (!args.after.empty()) {
    auto micros = ParseRfc3339Micros(args.after);
    if (!micros.ok()) return ReportError("--after", micros.status());
    t = std::chrono::sys_seconds(std::chrono::seconds(
        micros.value() / 1'000'000 - (micros.value() % 1'000'000 < 0)));
  }
  std::string out;
  JsonWriter json(&out, 2);
  if (args.output == "json") {
    json.BeginObject();
    json.Member("expression", args.expression);
    json.Member("timezone", zone->name());
    json.Key("min_interval_minutes");
    json.Int(expr->MinIntervalMinutes());
    json.Key("next");
    json.BeginArray();
  }
  for (int i = 0; i < args.count; ++i) {
    auto next = NextCronTime(*expr, *zone, t);
    if (!next.ok()) return ReportError("cron expression", next.status());
    t = next.value();
    if (args.output == "json") {
      json.String(zone->FormatRfc3339(t));
    } else {
      out += zone->FormatRfc3339(t) + "\n";
    }
  }
  if (args.output == "json") {
    json.EndArray();
    json.EndObject();
    out += "\n";
  }
  WriteStdout(out);
  return kExitOk;
}

}  // namespace

void RegisterCronCommands(CLI::App& app, int* exit_code) {
  CLI::App* cron =
      app.add_subcommand("cron", "Check five-field cron expressions");
  cron->require_subcommand(1);
  auto args = std::make_shared<CronNextArgs>();
  CLI::App* next = cron->add_subcommand(
      "next", "Print the next firing times of a cron expression");
  next->add_option("EXPRESSION", args->expression,
                   "minute hour day-of-month month day-of-week, quoted "
                   "(\"0 3 * * mon-fri\"), or @daily, @hourly, ...")
      ->required();
  next->add_option("--tz", args->zone, "IANA time zone (default UTC)");
  next->add_option("--after", args->after,
                   "RFC 3339 time to start after (default now)");
  next->add_option("--count,-n", args->count, "How many firings (1-1000)")
      ->check(CLI::Range(1, 1000));
  next->add_option("--output,-o", args->output, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  DescribeCommand(next, "the next firing times, RFC 3339, as text or json",
                  "printed");
  next->callback([args, exit_code] { *exit_code = RunCronNext(*args); });
}

}  // namespace dw::cli
