// Server: the HTTP/1.1 front of cordon, Boost.Beast on Asio with C++20 coroutines.
//
// A fixed pool of I/O threads runs one coroutine per connection: read a request (with a
// timeout on every read and limits on header and body size), hand it to the handler pool,
// write the response, repeat while keep-alive. Handlers may block (they wait on the
// store), so they run on a separate fixed pool fed by a bounded queue; when that queue is
// full the request is answered at once with 503 and Retry-After instead of queueing
// without bound. Reads (GET, HEAD) have a small pool of their own: on two cores a few
// threads answer a read-heavy load with a shorter tail than dozens contending for the
// CPUs and the store's read connections, and a burst of slow writes (each waiting for
// its fsync) never holds the threads the reads need. Routes marked inline run on the
// I/O thread.
//
// Wire errors are answered as problem+json and the connection closed: 400
// "malformed_request" (not HTTP/1.1), 413 "payload_too_large" (body over body_limit),
// 431 "headers_too_large" (over header_limit); an unparsable target is 400
// "malformed_target" on a connection that stays open. A read that waits longer than
// read_timeout closes the connection without an answer. "Expect: 100-continue" is honoured.
//
// A response with a ResponseStream (http/message.h) is written as it is produced, with
// "Connection: close" and no length: the connection then belongs to the stream until it
// finishes or the client leaves. A waiting stream holds no thread.
//
// Thread-safe: start() once, stop() from any thread; the router must outlive the server.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/forwarded.h"
#include "http/router.h"

namespace cordon::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: pick a free port (see Server::port())
  int io_threads = 2;
  int handler_threads = 32;           // threads running writes (and reads when read_threads is 0)
  int read_threads = 4;               // threads running GET and HEAD; 0: the handler threads
  std::size_t queue_capacity = 1024;  // waiting requests beyond the busy threads, per pool
  std::chrono::seconds read_timeout{30};
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 4 * 1024 * 1024;
  // How often a streaming response with nothing to say sends its heartbeat.
  std::chrono::milliseconds stream_heartbeat{15000};
  // Peers whose X-Forwarded-For names the client (Request::remote_address); empty: none.
  TrustedProxies trusted_proxies;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router);
  ~Server();  // stops and joins
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads. Fails unavailable with code "bind_failed" when the
  // address cannot be parsed or bound; internal "already_started" when called again.
  Status start();
  // The bound port (useful with port 0). Valid after a successful start().
  uint16_t port() const;
  // Blocks until stop() is called (from a signal handler thread or another thread).
  void wait();
  // Stops accepting, waits for running handlers (their responses are dropped), joins every
  // thread and closes every open connection. Idempotent. Must not be called from an I/O
  // or handler thread (it joins them).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cordon::http
