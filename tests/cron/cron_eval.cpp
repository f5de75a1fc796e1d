// Test driver for the cron property test (tests/cron/cron_oracle_test.py):
// reads "expression<TAB>zone<TAB>after<TAB>count" lines (after in Unix
// seconds) and prints, per line, the next `count` firings as Unix seconds
// separated by spaces, or "ERR <code>" when the expression or zone is
// refused. One process answers every case, so the test stays fast.
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "driftwise/cron.hpp"

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    std::vector<std::string> parts;
    std::stringstream in(line);
    std::string part;
    while (std::getline(in, part, '\t')) parts.push_back(part);
    if (parts.size() != 4) {
      std::cout << "ERR bad-line\n";
      continue;
    }
    auto expr = dw::CronExpression::Parse(parts[0]);
    if (!expr.ok()) {
      std::cout << "ERR " << dw::StatusCodeName(expr.status().code()) << "\n";
      continue;
    }
    auto zone = dw::TimeZone::Load(parts[1]);
    if (!zone.ok()) {
      std::cout << "ERR " << dw::StatusCodeName(zone.status().code()) << "\n";
      continue;
    }
    std::chrono::sys_seconds t{std::chrono::seconds(std::stoll(parts[2]))};
    const int count = std::stoi(parts[3]);
    std::string out;
    for (int i = 0; i < count; ++i) {
      auto next = dw::NextCronTime(expr.value(), zone.value(), t);
      if (!next.ok()) {
        out = "ERR " + std::string(dw::StatusCodeName(next.status().code()));
        break;
      }
      t = next.value();
      if (i) out += ' ';
      out += std::to_string(t.time_since_epoch().count());
    }
    std::cout << out << "\n";
  }
  return 0;
}
