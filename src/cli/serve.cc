#include "cli/serve.h"

#include <malloc.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "cli/options.h"
#include "http/api.h"
#include "http/server.h"
#include "http/static_files.h"

namespace cordon::cli {

void add_runtime_options(CLI::App& cmd, RuntimeOptions& o) {
  cmd.add_option("--db", o.db, "SQLite database file, or a postgresql:// URL")
      ->capture_default_str();
  cmd.add_option("--time-zone", o.time_zone, "IANA time zone of quarantine days")
      ->capture_default_str();
  cmd.add_option("--policies", o.policies_dir,
                 "folder of policy files (default: <prefix>/share/cordon/policies, or the "
                 "source tree's policies/ when run from the build folder)");
  cmd.add_option("--default-policy", o.default_policy,
                 "policy code in force until a commander switches")
      ->capture_default_str();
}

void add_serve_options(CLI::App& cmd, ServeOptions& o) {
  cmd.add_option("--address", o.address, "address to listen on")->capture_default_str();
  cmd.add_option("--port", o.port, "port to listen on (0: any free port)")->capture_default_str();
  cmd.add_option("--io-threads", o.io_threads, "threads reading and writing sockets")
      ->capture_default_str()->check(CLI::Range(1, 64));
  cmd.add_option("--threads", o.handler_threads, "threads running request handlers")
      ->capture_default_str()->check(CLI::Range(1, 1024));
  cmd.add_option("--read-threads", o.read_threads,
                 "threads running reads (GET, HEAD); 0: reads share the --threads")
      ->capture_default_str()->check(CLI::Range(0, 1024));
  cmd.add_option("--queue", o.queue_capacity, "requests that may wait for a handler thread")
      ->capture_default_str();
  cmd.add_option("--sweep-seconds", o.sweep_seconds,
                 "seconds between missed-check sweeps (0: never)")
      ->capture_default_str()->check(CLI::Range(0, 86400));
  cmd.add_option("--web", o.web_dir, "directory of the built web UI (default: found beside the "
                                     "binary or in the source tree's web/dist)")
      ->check(CLI::ExistingDirectory);
  cmd.add_option("--trusted-proxy", o.trusted_proxies,
                 "a proxy (address or CIDR block, repeatable or comma-separated) whose "
                 "X-Forwarded-For names the client");
}

std::string default_web_dir() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "share" / "cordon" / "web");
#ifdef CORDON_WEB_DIR
  candidates.emplace_back(CORDON_WEB_DIR);
#endif
  for (const auto& dir : candidates)
    if (fs::is_regular_file(dir / "index.html", ec)) return dir.string();
  return "";
}

namespace {

// Runs the missed-check sweep every `seconds` until destroyed.
class PeriodicSweep {
 public:
  PeriodicSweep(Runtime& runtime, int seconds) {
    if (seconds <= 0) return;
    thread_ = std::thread([this, &runtime, seconds] {
      std::unique_lock lock(mutex_);
      while (!cv_.wait_for(lock, std::chrono::seconds(seconds), [this] { return stop_; })) {
        lock.unlock();
        auto raised = runtime.followups().sweep(service::Actor::system());
        if (!raised.ok())
          std::cerr << "cordon: missed-check sweep failed: " << raised.status().message() << "\n";
        lock.lock();
      }
    });
  }
  ~PeriodicSweep() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// glibc gives freed memory back to the kernel as soon as the top of a heap holds 128 KiB
// free, and every arena grows again on the next request: under load the server spent a
// third of its CPU time in madvise/brk and the page faults after them. A server keeps
// what it used (the figure stays far below the 1 GiB budget: bench/run.py measures it).
void tune_allocator() {
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
}

}  // namespace

int serve(Runtime& runtime, const ServeOptions& options) {
  // Block the stop signals in every thread (the server's threads inherit the mask) so
  // that sigwait below is the one place that receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto proxies = http::TrustedProxies::parse(options.trusted_proxies);
  if (!proxies.ok()) {
    std::cerr << "cordon: --trusted-proxy: " << proxies.status().message() << "\n";
    return 2;
  }
  if (Status s = runtime.events().listen(); !s.ok()) {
    std::cerr << "cordon: " << s.message() << "\n";
    return 1;
  }
  http::Router router;
  if (runtime.catalog().all().empty())
    std::cerr << "cordon: no policy files found (--policies): orders need explicit end dates\n";
  http::register_api(router, {runtime.auth(), runtime.places(), runtime.persons(), runtime.audit(),
                              runtime.orders(), runtime.policies(), runtime.risk_areas(),
                              runtime.arrivals(), runtime.labs(), runtime.sites(),
                              runtime.followups(), runtime.cases(), runtime.exposures(),
                              runtime.chains(), runtime.tasks(),
                              runtime.reports(), runtime.assist(), runtime.screening(),
                              runtime.events(), runtime.dashboard(), runtime.transfers()});
  std::string web_dir = options.web_dir.empty() ? default_web_dir() : options.web_dir;
  std::unique_ptr<http::StaticFiles> web;
  if (!web_dir.empty()) {
    web = std::make_unique<http::StaticFiles>(web_dir);
    router.set_fallback(web->fallback_route());
  } else {
    std::cerr << "cordon: no built web UI found (run `make web`, or "
                 "pass --web DIR); serving the API only\n";
  }
  http::ServerOptions so;
  so.address = options.address;
  so.port = options.port;
  so.io_threads = options.io_threads;
  so.handler_threads = options.handler_threads;
  so.read_threads = options.read_threads;
  so.queue_capacity = options.queue_capacity;
  so.trusted_proxies = std::move(*proxies);
  http::Server server(so, router);
  if (Status s = server.start(); !s.ok()) {
    std::cerr << "cordon: " << s.message() << "\n";
    return 1;
  }
  std::cout << "cordon serving http://" << options.address << ":" << server.port() << std::endl;
  int received = 0;
  {
    PeriodicSweep sweep(runtime, options.sweep_seconds);
    sigwait(&signals, &received);
  }
  std::cerr << "cordon: stopping on signal " << received << "\n";
  server.stop();
  runtime.store().close();
  return 0;
}

void add_serve_command(CLI::App& app) {
  struct Opts {
    RuntimeOptions runtime;
    ServeOptions serve;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("serve", "serve the API (and the web UI) over HTTP");
  add_runtime_options(*cmd, opts->runtime);
  add_serve_options(*cmd, opts->serve);
  cmd->add_option("--public-reports", opts->runtime.reports.max_filings_per_address,
                  "public reports accepted from one address per 10 minutes")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->callback([opts] {
    tune_allocator();
    auto runtime = Runtime::open(opts->runtime);
    if (!runtime.ok()) {
      std::cerr << "cordon: " << runtime.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    int rc = serve(**runtime, opts->serve);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace cordon::cli
