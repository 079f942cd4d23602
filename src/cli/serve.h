// Serving a runtime over HTTP until SIGINT or SIGTERM; shared by `serve` and `demo`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/runtime.h"

namespace cordon::cli {

struct ServeOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = 2;
  int handler_threads = 32;
  int read_threads = 4;
  std::size_t queue_capacity = 1024;
  // How often the missed-check sweep runs (service/followups.h); 0 turns it off.
  int sweep_seconds = 300;
  // The built web UI (web/dist); empty: default_web_dir().
  std::string web_dir;
  // Proxies whose X-Forwarded-For is believed (http/forwarded.h): addresses or CIDR
  // blocks, each entry possibly a comma-separated list.
  std::vector<std::string> trusted_proxies;
};

// Where the built web UI is looked for when --web is not given: share/cordon/web beside
// an installed binary, else web/dist of the source tree the binary was built from. Empty
// when neither holds an index.html.
std::string default_web_dir();

// Serves until a signal arrives; returns the process exit code. Prints "cordon serving
// http://ADDRESS:PORT" on stdout once listening (tests and scripts wait for that line).
int serve(Runtime& runtime, const ServeOptions& options);

}  // namespace cordon::cli
