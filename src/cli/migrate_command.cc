// `cordon migrate --from cordon.db --to postgresql://...`: copies a SQLite database into
// a new PostgreSQL database, for a city that outgrows one machine.
//
// Exit status: 0 copied; 2 refused before writing (the target is not empty, the two
// databases carry different migrations, a wrong engine on either side, no source file);
// 1 failed (cannot connect; an error partway, after which the target is as it was: the
// copy is one transaction).
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/progress.h"
#include "store/copy.h"
#include "store/store.h"

namespace cordon::cli {

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitRefused = 2;

struct MigrateOptions {
  std::string from;
  std::string to;
};

int refuse(const std::string& why) {
  std::cerr << "cordon: " << why << "\n";
  return kExitRefused;
}

int migrate(const MigrateOptions& o) {
  if (store::is_postgres_url(o.from) || !std::filesystem::is_regular_file(o.from))
    return refuse("--from must name an existing SQLite database file (got " + o.from + ")");
  if (!store::is_postgres_url(o.to))
    return refuse("--to must be a postgresql:// URL");
  auto source = store::open_store({.location = o.from, .read_connections = 1});
  if (!source.ok()) {
    std::cerr << "cordon: " << source.status().message() << "\n";
    return kExitFailed;
  }
  auto target = store::open_store({.location = o.to, .read_connections = 1});
  if (!target.ok()) {
    std::cerr << "cordon: " << target.status().message() << "\n";
    return kExitFailed;
  }
  auto started = std::chrono::steady_clock::now();
  ProgressBar progress(std::cerr, stderr_is_terminal());
  int64_t copied = 0;
  Status s = (*source)->read([&](store::SqlConnection& from) {
    return (*target)->write([&](store::SqlConnection& to) {
      return store::copy_database(from, to, [&](int64_t done, int64_t total) {
        copied = done;
        progress.update(static_cast<uint64_t>(done), static_cast<uint64_t>(total),
                        static_cast<uint64_t>(done));
      });
    });
  });
  if (s.ok()) progress.finish(copied, copied, copied);
  (*target)->close();
  (*source)->close();
  if (!s.ok()) {
    std::cerr << "cordon: migrate: " << s.message() << "\n";
    bool refused = s.kind() == Status::Kind::kConflict || s.kind() == Status::Kind::kInvalid;
    if (!refused) std::cerr << "cordon: nothing was copied; the target is as it was\n";
    return refused ? kExitRefused : kExitFailed;
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "copied " << group_thousands(static_cast<uint64_t>(copied)) << " rows from "
            << o.from << " into PostgreSQL in " << seconds << " s\n"
            << "check it with: cordon audit verify --db <the same URL>" << std::endl;
  return 0;
}

}  // namespace

void add_migrate_command(CLI::App& app) {
  auto opts = std::make_shared<MigrateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "migrate", "copy a SQLite database into a new, empty PostgreSQL database");
  cmd->add_option("--from", opts->from, "the SQLite database file")->required();
  cmd->add_option("--to", opts->to, "postgresql://user@host:port/database")->required();
  cmd->callback([opts] {
    int rc = migrate(*opts);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace cordon::cli
