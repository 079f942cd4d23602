// `cordon demo`: builds the demo city (cli/demo_city.h) into a SQLite file and serves it.

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/demo_city.h"
#include "cli/demo_outbreak.h"
#include "cli/options.h"
#include "cli/serve.h"

namespace cordon::cli {

namespace {

// Progress on stderr: a bar redrawn in place on a terminal, a line per tenth otherwise
// (logs of `make demo` in CI stay short).
// On a terminal the shared progress bar; in logs and pipes a line per 10%.
class ProgressReporter {
 public:
  ProgressReporter()
      : tty_(stderr_is_terminal()),
        bar_(std::cerr, tty_, steady_seconds(), 0.1, "residents") {}

  void operator()(int64_t done, int64_t total) {
    if (tty_) {
      if (done >= total) bar_.finish(done, total, done);
      else bar_.update(done, total, done);
      return;
    }
    int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if (percent / 10 > last_tenth_) {
      last_tenth_ = percent / 10;
      std::fprintf(stderr, "cordon demo: %d%% (%lld of %lld residents)\n", percent,
                   static_cast<long long>(done), static_cast<long long>(total));
      std::fflush(stderr);
    }
  }

 private:
  bool tty_;
  ProgressBar bar_;
  int last_tenth_ = 0;
};

bool is_loopback(const std::string& address) {
  return address == "localhost" || address == "::1" || address.starts_with("127.");
}

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "cordon demo: " << message << "\n";
  throw CLI::RuntimeError(1);
}

}  // namespace

void add_demo_command(CLI::App& app) {
  struct Opts {
    RuntimeOptions runtime;
    ServeOptions serve;
    DemoOptions demo;
    bool force = false;
    bool no_serve = false;
    bool outbreak = true;
  };
  auto opts = std::make_shared<Opts>();
  opts->runtime.db = "demo.db";
  CLI::App* cmd = app.add_subcommand(
      "demo", "build a synthetic city (deterministic for a seed) into a database and serve it");
  add_runtime_options(*cmd, opts->runtime);
  cmd->add_option("--residents", opts->demo.residents, "residents to generate")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{20000000}));
  cmd->add_option("--grids", opts->demo.grids, "grids (网格) to spread them over [residents/400]")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
  cmd->add_option("--seed", opts->demo.seed, "random seed; the same seed builds the same city")
      ->capture_default_str();
  cmd->add_flag("--force", opts->force, "replace the database file if it exists");
  cmd->add_flag("--no-serve", opts->no_serve, "build the city and exit");
  cmd->add_flag("--outbreak,!--no-outbreak", opts->outbreak,
                "grow an outbreak on the city: cases, exposures, quarantine orders, hotels, "
                "health checks (scaled to --residents, from --seed)")
      ->capture_default_str();
  add_serve_options(*cmd, opts->serve);

  cmd->callback([opts] {
    const std::string& db = opts->runtime.db;
    if (opts->force && store::is_postgres_url(db))
      fail("--force replaces a SQLite file; for PostgreSQL drop and create the database");
    if (opts->force) {
      if (Status s = remove_database_files(db); !s.ok()) fail(s.message());
    }
    auto runtime = Runtime::open(opts->runtime);
    if (!runtime.ok()) fail(runtime.status().message());

    auto started = std::chrono::steady_clock::now();
    std::cerr << "cordon demo: " << db << ": " << opts->demo.residents << " residents in "
              << opts->demo.grid_count() << " grids, seed " << opts->demo.seed << "\n";
    ProgressReporter progress;
    auto summary = build_demo_city(**runtime, opts->demo, std::ref(progress));
    if (!summary.ok()) {
      std::string hint = summary.status().kind() == Status::Kind::kConflict
                             ? " (use --force to replace " + db + ", or choose another --db)"
                             : "";
      fail(summary.status().message() + hint);
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (summary->reused) {
      std::cout << "cordon demo: " << db << " already holds " << summary->city_name
                << " with the same options: " << summary->residents << " residents in "
                << summary->grids << " grids" << std::endl;
    } else {
      std::printf(
          "cordon demo: built %s in %s in %.1f s: %lld residents in %lld households, "
          "%lld districts, %lld streets, %lld communities, %lld grids (G0001...), "
          "%lld compounds, %lld buildings, %lld units\n",
          summary->city_name.c_str(), db.c_str(), seconds,
          static_cast<long long>(summary->residents), static_cast<long long>(summary->households),
          static_cast<long long>(summary->districts), static_cast<long long>(summary->streets),
          static_cast<long long>(summary->communities), static_cast<long long>(summary->grids),
          static_cast<long long>(summary->compounds), static_cast<long long>(summary->buildings),
          static_cast<long long>(summary->units));
      std::fflush(stdout);
    }
    if (opts->outbreak && !summary->reused) {
      auto ob_started = std::chrono::steady_clock::now();
      OutbreakOptions ob;
      ob.seed = opts->demo.seed;
      ob.today = (*runtime)->context().today();
      auto phase_started = ob_started;
      ob.on_phase = [&phase_started](std::string_view phase, int64_t rows) {
        auto now = std::chrono::steady_clock::now();
        std::fprintf(stderr, "cordon demo: outbreak: %.*s: %lld rows in %.1f s\n",
                     static_cast<int>(phase.size()), phase.data(), static_cast<long long>(rows),
                     std::chrono::duration<double>(now - phase_started).count());
        std::fflush(stderr);
        phase_started = now;
      };
      auto outbreak = build_demo_outbreak(**runtime, ob);
      if (!outbreak.ok()) fail(outbreak.status().message());
      double ob_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - ob_started).count();
      std::printf(
          "cordon demo: outbreak in %.1f s: %lld cases, %lld exposures, %lld quarantine orders "
          "(%lld active, %lld released, %lld escalated, %lld centralized in %lld hotels), "
          "%lld health checks, %lld fever alerts\n",
          ob_seconds, static_cast<long long>(outbreak->cases),
          static_cast<long long>(outbreak->exposures), static_cast<long long>(outbreak->orders),
          static_cast<long long>(outbreak->active_orders),
          static_cast<long long>(outbreak->released_orders),
          static_cast<long long>(outbreak->escalated_orders),
          static_cast<long long>(outbreak->centralized_orders),
          static_cast<long long>(outbreak->sites), static_cast<long long>(outbreak->health_checks),
          static_cast<long long>(outbreak->fever_alerts));
      std::fflush(stdout);
    }
    auto accounts = create_demo_accounts(**runtime);
    if (!accounts.ok()) fail(accounts.status().message());
    if (accounts->empty()) {
      std::cout << "cordon demo: " << db << " has accounts already (demo passwords are "
                << "\"cordon-\" + username unless changed)" << std::endl;
    } else {
      std::cout << "cordon demo: sign in as any of these accounts (username / password):\n";
      for (const auto& a : *accounts)
        std::printf("  %-10s / %-18s %-17s %s\n", a.username.c_str(), a.password.c_str(),
                    a.role.c_str(), a.jurisdiction.c_str());
      std::fflush(stdout);
    }
    if (opts->no_serve) {
      (*runtime)->store().close();
      return;
    }
    if (!is_loopback(opts->serve.address))
      std::cout << "cordon demo: note: " << opts->serve.address
                << " is not loopback; the demo is reachable from the network" << std::endl;
    int rc = serve(**runtime, opts->serve);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace cordon::cli
