#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace cordon::cli {
void add_demo_command(CLI::App&) {}
}  // namespace cordon::cli
