#include "commands.hpp"
namespace dw::cli {
void RegisterPlanCommands(CLI::App&, int*) {}
void RegisterStateCommands(CLI::App&, int*) {}
}  // namespace dw::cli
