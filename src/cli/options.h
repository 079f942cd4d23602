// Command-line options shared by several subcommands.
#pragma once

#include "cli/runtime.h"
#include "cli/serve.h"

namespace CLI {
class App;
}

namespace cordon::cli {

void add_runtime_options(CLI::App& cmd, RuntimeOptions& options);
void add_serve_options(CLI::App& cmd, ServeOptions& options);

}  // namespace cordon::cli
