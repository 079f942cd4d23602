// The cordon subcommands. Each registers itself on the CLI11 app; main.cc only calls
// these and runs the parser.
#pragma once

namespace CLI {
class App;
}

namespace cordon::cli {

void add_serve_command(CLI::App& app);   // serve.cc
void add_init_command(CLI::App& app);    // accounts_command.cc
void add_user_command(CLI::App& app);    // accounts_command.cc
void add_import_command(CLI::App& app);  // import_export.cc
void add_export_command(CLI::App& app);  // import_export.cc
void add_demo_command(CLI::App& app);    // demo.cc
void add_audit_command(CLI::App& app);   // audit_command.cc
void add_migrate_command(CLI::App& app); // migrate_command.cc
void add_backup_command(CLI::App& app);  // backup_command.cc

}  // namespace cordon::cli
