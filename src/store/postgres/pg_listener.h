// Receiving PostgreSQL notifications (LISTEN/NOTIFY) on a connection of their own.
//
// PgListener keeps one libpq connection LISTENing on a channel and hands each
// notification's payload to a handler, on a thread of its own that waits on the
// connection's socket. A dropped connection (the server restarted, a failover, the
// backend terminated) is re-established with backoff, 100 ms doubling to 5 s, and
// LISTENs again; what was notified while it was down is lost. Destroying the listener
// stops the thread and closes the connection.
//
// notify() is the sending side: it queues a notification inside the transaction running
// on `conn`, which PostgreSQL delivers to every listener when that transaction commits
// (and drops when it, or the savepoint around it, rolls back).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "store/sql.h"

struct pg_conn;

namespace cordon::store {

// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
inline constexpr std::size_t kMaxNotifyPayload = 7999;

class PgListener {
 public:
  // Called on the listener's thread, one notification at a time; must not block.
  using Handler = std::function<void(std::string_view payload)>;

  // Connects to `url` and LISTENs on `channel` (lowercase letters, digits and '_')
  // before returning, so that nothing committed after start() returns is missed. Fails
  // unavailable ("store_open_failed") when it cannot connect, invalid ("bad_channel")
  // for another channel name.
  static Result<std::unique_ptr<PgListener>> start(std::string url, std::string channel,
                                                   Handler handler);
  ~PgListener();

  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

  // How many times the connection was re-established after a drop.
  int reconnects() const { return reconnects_.load(); }

 private:
  PgListener(std::string url, std::string channel, Handler handler);
  // A new connection that LISTENs, or nullptr with `error` set.
  pg_conn* connect(std::string* error);
  void run();
  // Hands every notification libpq has read to the handler.
  void deliver();
  // Sleeps `ms` unless stop is requested first; false when it was.
  bool pause(int ms);

  const std::string url_;
  const std::string channel_;
  const Handler handler_;
  pg_conn* conn_ = nullptr;  // used by the thread only once started
  int stop_fd_ = -1;         // an eventfd: written once to stop the thread
  std::atomic<int> reconnects_{0};
  std::thread thread_;
};

// Queues NOTIFY `channel`, `payload` in the transaction running on `conn` (a PostgreSQL
// connection). invalid ("payload_too_large") over kMaxNotifyPayload bytes.
Status notify(SqlConnection& conn, std::string_view channel, std::string_view payload);

}  // namespace cordon::store
