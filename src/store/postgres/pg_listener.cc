#include "store/postgres/pg_listener.h"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace cordon::store {

namespace {

constexpr int kFirstBackoffMs = 100;
constexpr int kMaxBackoffMs = 5000;

bool valid_channel(std::string_view channel) {
  if (channel.empty() || channel.size() > 63) return false;
  return std::all_of(channel.begin(), channel.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string trimmed_error(pg_conn* conn) {
  std::string msg = conn ? PQerrorMessage(conn) : "out of memory";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return msg;
}

}  // namespace

PgListener::PgListener(std::string url, std::string channel, Handler handler)
    : url_(std::move(url)), channel_(std::move(channel)), handler_(std::move(handler)) {}

Result<std::unique_ptr<PgListener>> PgListener::start(std::string url, std::string channel,
                                                      Handler handler) {
  if (!valid_channel(channel))
    return Status::invalid("bad_channel", "a channel is lowercase letters, digits and '_'");
  std::unique_ptr<PgListener> out(
      new PgListener(std::move(url), std::move(channel), std::move(handler)));
  std::string error;
  out->conn_ = out->connect(&error);
  if (!out->conn_)
    return Status::unavailable("store_open_failed", "cannot listen on PostgreSQL: " + error);
  out->stop_fd_ = eventfd(0, EFD_CLOEXEC);
  if (out->stop_fd_ < 0) return Status::internal("eventfd_failed", "cannot create an eventfd");
  out->thread_ = std::thread([p = out.get()] { p->run(); });
  return out;
}

PgListener::~PgListener() {
  if (thread_.joinable()) {
    uint64_t one = 1;
    ssize_t n = write(stop_fd_, &one, sizeof one);
    (void)n;
    thread_.join();
  }
  if (stop_fd_ >= 0) close(stop_fd_);
  if (conn_) PQfinish(conn_);
}

pg_conn* PgListener::connect(std::string* error) {
  pg_conn* conn = PQconnectdb(url_.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    *error = trimmed_error(conn);
    PQfinish(conn);
    return nullptr;
  }
  // The name lets an operator tell this connection apart in pg_stat_activity.
  std::string sql = "SET application_name = 'cordon listener'; LISTEN " + channel_;
  PGresult* res = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  if (!ok) {
    *error = trimmed_error(conn);
    PQfinish(conn);
    return nullptr;
  }
  return conn;
}

bool PgListener::pause(int ms) {
  pollfd stop{stop_fd_, POLLIN, 0};
  return poll(&stop, 1, ms) == 0;
}

void PgListener::deliver() {
  while (PGnotify* n = PQnotifies(conn_)) {
    handler_(n->extra);
    PQfreemem(n);
  }
}

void PgListener::run() {
  int backoff = kFirstBackoffMs;
  for (;;) {
    if (!conn_) {
      if (!pause(backoff)) return;
      std::string error;
      conn_ = connect(&error);
      if (!conn_) {
        std::fprintf(stderr, "cordon: event listener cannot reconnect: %s\n", error.c_str());
        backoff = std::min(backoff * 2, kMaxBackoffMs);
        continue;
      }
      backoff = kFirstBackoffMs;
      ++reconnects_;
    }
    deliver();  // what libpq already read (while LISTEN ran, say)
    pollfd fds[2] = {{PQsocket(conn_), POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) continue;  // EINTR
    if (fds[1].revents) return;
    bool alive = PQconsumeInput(conn_) == 1;
    deliver();
    if (!alive || PQstatus(conn_) == CONNECTION_BAD) {
      std::fprintf(stderr, "cordon: event listener lost its connection: %s\n",
                   trimmed_error(conn_).c_str());
      PQfinish(conn_);
      conn_ = nullptr;
    }
  }
}

Status notify(SqlConnection& conn, std::string_view channel, std::string_view payload) {
  if (payload.size() > kMaxNotifyPayload)
    return Status::invalid("payload_too_large", "a notification payload is under 8000 bytes");
  return conn
      .execute("SELECT pg_notify(?, ?)", {std::string(channel), std::string(payload)})
      .status();
}

}  // namespace cordon::store
