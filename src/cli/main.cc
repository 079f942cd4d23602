// cordon: one server for a community's outbreak response. This file only parses the
// command line; every subcommand lives in the cordon_cli library.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"cordon - outbreak response for communities"};
  app.require_subcommand(1);
  cordon::cli::add_serve_command(app);
  cordon::cli::add_init_command(app);
  cordon::cli::add_user_command(app);
  cordon::cli::add_import_command(app);
  cordon::cli::add_export_command(app);
  cordon::cli::add_demo_command(app);
  cordon::cli::add_audit_command(app);
  cordon::cli::add_migrate_command(app);
  cordon::cli::add_backup_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
