#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <thread>
#include <utility>

namespace cordon::http {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "<absent>" : it->second;
  }
  std::string problem_code() const { return std::string(json::parse(body).at("code").as_string()); }
};

// A deliberately dumb HTTP/1.1 client over a blocking POSIX socket, so that tests can send
// exactly the bytes they want (garbage, half requests, nothing at all).
class Client {
 public:
  explicit Client(uint16_t port, std::chrono::seconds receive_timeout = 5s) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{static_cast<time_t>(receive_timeout.count()), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // The next complete reply, or nullopt when the connection closed or timed out first.
  std::optional<Reply> read_reply() {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return std::nullopt;
    }
    Reply reply;
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);  // "HTTP/1.1 200 OK"
    reply.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      std::size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      std::string line =
          head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      auto colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::size_t value_start = line.find_first_not_of(' ', colon + 1);
      reply.headers[name] = value_start == std::string::npos ? "" : line.substr(value_start);
    }
    std::size_t length = std::stoul(
        reply.header("content-length") == "<absent>" ? "0" : reply.header("content-length"));
    while (buffer_.size() < length) {
      if (!fill()) return std::nullopt;
    }
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return reply;
  }

  // Raw bytes up to and including `marker` (for streamed bodies), or "" when the
  // connection closed or timed out first.
  std::string read_until(std::string_view marker) {
    std::size_t at;
    while ((at = buffer_.find(marker)) == std::string::npos) {
      if (!fill()) return "";
    }
    std::string out = buffer_.substr(0, at + marker.size());
    buffer_.erase(0, at + marker.size());
    return out;
  }

  std::optional<Reply> request(std::string_view bytes) {
    if (!send(bytes)) return std::nullopt;
    return read_reply();
  }

  // True when the server closes the connection (orderly or reset) before the receive
  // timeout; false on timeout or when bytes arrive instead.
  bool closed_by_server() {
    char c;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    if (n == 0) return true;
    return n < 0 && errno != EAGAIN && errno != EWOULDBLOCK;
  }

 private:
  bool fill() {
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

std::string get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
         "\r\n";
}

std::string post(std::string_view target, std::string_view body) {
  return "POST " + std::string(target) + " HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

Route route(std::string method, std::string pattern, Handler handler, bool inline_handler = false) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.handler = std::move(handler);
  r.inline_handler = inline_handler;
  return r;
}

// Echoes what the handler saw, so tests can check how the wire request was decoded.
Response describe(const Request& request) {
  json::object query;
  for (const auto& [k, v] : request.query) {
    if (!query.contains(k)) query[k] = json::array{};
    query[k].as_array().push_back(json::value(v));
  }
  json::object headers;
  for (const auto& [k, v] : request.headers) headers[k] = v;
  json::object params;
  for (const auto& [k, v] : request.path_params) params[k] = v;
  return json_response(200, json::object{
                                {"method", request.method},
                                {"path", request.path},
                                {"query", std::move(query)},
                                {"headers", std::move(headers)},
                                {"params", std::move(params)},
                                {"body", request.body},
                                {"remote", request.remote_address},
                            });
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add(route("GET", "/hello", describe));
    router_.add(route("GET", "/items/{id}", describe));
    router_.add(route("POST", "/echo", [](const Request& request) {
      Response r;
      r.content_type = request.header("content-type").value_or("application/octet-stream");
      r.body = request.body;
      r.set_header("X-Echo-Length", std::to_string(request.body.size()));
      return r;
    }));
    router_.add(route("GET", "/slow", [this](const Request& request) {
      slow_entered_.count_down();
      std::this_thread::sleep_for(300ms);
      return describe(request);
    }));
    router_.add(route(
        "GET", "/healthz",
        [](const Request&) {
          return json_response(200, json::object{{"ok", true}});
        },
        /*inline_handler=*/true));
  }

  void start(ServerOptions options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(options, router_);
    Status s = server_->start();
    ASSERT_TRUE(s.ok()) << s.to_string();
    ASSERT_NE(server_->port(), 0);
  }

  uint16_t port() const { return server_->port(); }

  Router router_;
  std::latch slow_entered_{1};
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, AnswersGetWithJsonAndServerHeader) {
  start();
  Client client(port());
  ASSERT_TRUE(client.connected());
  auto reply = client.request(get("/hello"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->header("server"), "cordon");
  EXPECT_EQ(reply->header("content-type"), "application/json");
  EXPECT_EQ(reply->header("content-length"), std::to_string(reply->body.size()));
  auto body = json::parse(reply->body);
  EXPECT_EQ(body.at("method"), "GET");
  EXPECT_EQ(body.at("path"), "/hello");
  EXPECT_EQ(body.at("remote"), "127.0.0.1");
}

TEST_F(ServerTest, DecodesPathQueryAndHeaders) {
  start();
  Client client(port());
  auto reply = client.request(get("/items/a%20b%E5%88%98?q=x+y&q=%E5%88%98&flag&limit=10",
                                  "X-Custom-Header: One\r\nX-Custom-Header: Two\r\n"));
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  auto body = json::parse(reply->body);
  EXPECT_EQ(body.at("path"), "/items/a b刘");
  EXPECT_EQ(body.at("params").at("id"), "a b刘") << reply->body;
  EXPECT_EQ(body.at("query").at("q"), (json::array{"x y", "刘"}));
  EXPECT_EQ(body.at("query").at("flag"), (json::array{""}));
  EXPECT_EQ(body.at("query").at("limit"), (json::array{"10"}));
  EXPECT_EQ(body.at("headers").at("x-custom-header"), "One, Two");
  EXPECT_EQ(body.at("headers").at("host"), "test");

  // Raw UTF-8 in the target (as curl sends it) means the same as its encoded form.
  auto raw = client.request(get("/items/a%20b\xE5\x88\x98?q=\xE5\x88\x98"));
  ASSERT_TRUE(raw);
  ASSERT_EQ(raw->status, 200) << raw->body;
  auto raw_body = json::parse(raw->body);
  EXPECT_EQ(raw_body.at("params").at("id"), "a b刘");
  EXPECT_EQ(raw_body.at("query").at("q"), (json::array{"刘"}));

  // Routing sees the decoded path, so an encoded '/' splits a segment (documented).
  auto split = client.request(get("/items/a%2Fb"));
  ASSERT_TRUE(split);
  EXPECT_EQ(split->status, 404);
}

TEST_F(ServerTest, MalformedTargetIsBadRequest) {
  start();
  Client client(port());
  auto reply = client.request(get("/items/%zz"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(reply->problem_code(), "malformed_target");
  // The framing was fine, so the connection stays usable.
  auto next = client.request(get("/hello"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, KeepsConnectionAliveAcrossRequests) {
  start();
  Client client(port());
  // Both requests in one write: the second must wait in the buffer, not be lost.
  ASSERT_TRUE(client.send(get("/hello") + get("/items/7")));
  auto first = client.read_reply();
  auto second = client.read_reply();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(json::parse(second->body).at("params").at("id"), "7");
  auto third = client.request(get("/healthz"));
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 200);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  start();
  Client client(port());
  auto reply = client.request(get("/hello", "Connection: close\r\n"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->header("connection"), "close");
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, EchoesPostBody) {
  start();
  Client client(port());
  std::string body(100 * 1000, 'x');
  body += "刘东升";
  auto reply = client.request(post("/echo", body));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, body);
  EXPECT_EQ(reply->header("content-type"), "text/plain");
  EXPECT_EQ(reply->header("x-echo-length"), std::to_string(body.size()));
}

TEST_F(ServerTest, AnswersContinueBeforeBody) {
  start();
  Client client(port());
  ASSERT_TRUE(client.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = client.read_reply();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  auto reply = client.request("hello");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "hello");
}

TEST_F(ServerTest, OversizedBodyIsPayloadTooLarge) {
  ServerOptions options;
  options.body_limit = 1024;
  start(options);
  {
    Client client(port());
    // Declared length over the limit: refused from the headers alone.
    auto reply = client.request("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n");
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413);
    EXPECT_EQ(reply->header("content-type"), "application/problem+json");
    EXPECT_EQ(reply->problem_code(), "payload_too_large");
    EXPECT_TRUE(client.closed_by_server());
  }
  {
    // The whole body sent at once: the answer must survive the unread bytes.
    Client client(port());
    auto reply = client.request(post("/echo", std::string(64 * 1024, 'y')));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413);
  }
  {
    Client client(port());
    auto reply = client.request(post("/echo", std::string(1024, 'z')));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200) << "a body exactly at the limit is accepted";
  }
}

TEST_F(ServerTest, OversizedHeadersAreRefused) {
  ServerOptions options;
  options.header_limit = 1024;
  start(options);
  Client client(port());
  auto reply = client.request(get("/hello", "X-Big: " + std::string(4096, 'h') + "\r\n"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 431);
  EXPECT_EQ(reply->problem_code(), "headers_too_large");
}

TEST_F(ServerTest, GarbageIsBadRequestThenClose) {
  start();
  Client client(port());
  auto reply = client.request(std::string("\x01\x02 garbage\r\n\r\n"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(reply->header("content-type"), "application/problem+json");
  EXPECT_EQ(reply->problem_code(), "malformed_request");
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, UnknownPathAndWrongMethod) {
  start();
  Client client(port());
  auto missing = client.request(get("/nothing/here"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->problem_code(), "not_found");
  // The connection survives a 404.
  auto wrong = client.request("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->header("allow"), "GET");
  EXPECT_EQ(wrong->problem_code(), "method_not_allowed");
}

TEST_F(ServerTest, ReadTimeoutClosesIdleConnection) {
  ServerOptions options;
  options.read_timeout = 1s;
  start(options);
  Client idle(port());
  ASSERT_TRUE(idle.connected());
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(idle.closed_by_server());
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, 800ms);
  EXPECT_LT(waited, 4s);

  // A half-sent request times out too, rather than holding the connection forever.
  Client half(port());
  ASSERT_TRUE(half.send("GET /hello HTTP/1.1\r\nHost:"));
  EXPECT_TRUE(half.closed_by_server());
}

// A one-shot gate; opening it twice is harmless, unlike std::latch.
class Gate {
 public:
  void open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

TEST_F(ServerTest, OverloadAnswers503AndInlineRoutesStillWork) {
  Gate release;
  std::atomic<int> entered{0};
  router_.add(route("GET", "/block", [&](const Request&) {
    entered++;
    release.wait();
    return json_response(200, json::object{{"done", true}});
  }));
  ServerOptions options;
  options.handler_threads = 1;
  options.read_threads = 0;  // the GETs below share the one handler thread
  options.queue_capacity = 1;
  start(options);

  std::atomic<int> answered_503{0};
  std::vector<std::future<std::optional<Reply>>> replies;
  for (int i = 0; i < 3; ++i) {
    replies.push_back(std::async(std::launch::async, [&] {
      Client client(port(), 10s);
      auto reply = client.request(get("/block"));
      if (reply && reply->status == 503) answered_503++;
      return reply;
    }));
  }
  // Opens the gate even when an assertion below returns early, so that neither the
  // futures nor the server's stop() wait forever on the blocked handler.
  struct OpenOnExit {
    Gate& gate;
    ~OpenOnExit() { gate.open(); }
  } open_on_exit{release};
  // One runs, one waits in the queue, so the third must be refused at once.
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (answered_503 == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  EXPECT_GE(answered_503.load(), 1);

  // The pool is blocked; an inline route is answered on the I/O thread regardless.
  {
    Client client(port());
    auto health = client.request(get("/healthz"));
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
  }

  release.open();
  int ok = 0, refused = 0;
  for (auto& f : replies) {
    auto reply = f.get();
    ASSERT_TRUE(reply);
    if (reply->status == 200) ok++;
    if (reply->status == 503) {
      refused++;
      EXPECT_EQ(reply->header("retry-after"), "1");
      EXPECT_EQ(reply->problem_code(), "overloaded");
    }
  }
  EXPECT_EQ(ok + refused, 3);
  EXPECT_GE(refused, 1);
  EXPECT_GE(ok, 1);
  EXPECT_EQ(entered.load(), ok);
}

// Reads and writes run on separate threads: a blocked read does not hold up a write, and
// a blocked write does not hold up a read (with read_threads 0 both would wait here).
TEST_F(ServerTest, ReadsAndWritesDoNotWaitForEachOther) {
  Gate release_read, release_write;
  std::latch read_entered{1}, write_entered{1};
  router_.add(route("GET", "/block", [&](const Request&) {
    read_entered.count_down();
    release_read.wait();
    return json_response(200, json::object{{"read", true}});
  }));
  router_.add(route("POST", "/block", [&](const Request&) {
    write_entered.count_down();
    release_write.wait();
    return json_response(200, json::object{{"write", true}});
  }));
  ServerOptions options;
  options.handler_threads = 1;
  options.read_threads = 1;
  start(options);
  struct OpenOnExit {
    Gate& a;
    Gate& b;
    ~OpenOnExit() {
      a.open();
      b.open();
    }
  } open_on_exit{release_read, release_write};

  // The one read thread is held: a write is still answered.
  auto blocked_read = std::async(std::launch::async, [&] {
    Client client(port(), 10s);
    return client.request(get("/block"));
  });
  read_entered.wait();
  {
    Client client(port(), 5s);
    auto echo = client.request(post("/echo", "written while a read waits"));
    ASSERT_TRUE(echo);
    EXPECT_EQ(echo->status, 200);
    EXPECT_EQ(echo->body, "written while a read waits");
  }
  release_read.open();
  auto read_reply = blocked_read.get();
  ASSERT_TRUE(read_reply);
  EXPECT_EQ(read_reply->status, 200);

  // The one write thread is held: a read is still answered.
  auto blocked_write = std::async(std::launch::async, [&] {
    Client client(port(), 10s);
    return client.request(post("/block", "{}"));
  });
  write_entered.wait();
  {
    Client client(port(), 5s);
    auto hello = client.request(get("/hello"));
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->status, 200);
  }
  release_write.open();
  auto write_reply = blocked_write.get();
  ASSERT_TRUE(write_reply);
  EXPECT_EQ(write_reply->status, 200);
}

TEST_F(ServerTest, ClientGoneBeforeHandlerFinishesIsHarmless) {
  start();
  {
    Client client(port());
    ASSERT_TRUE(client.send(get("/slow")));
    slow_entered_.wait();
  }  // closed while the handler still runs
  std::this_thread::sleep_for(400ms);
  Client client(port());
  auto reply = client.request(get("/hello"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
}

TEST_F(ServerTest, StopWhileHandlerRunsJoinsCleanly) {
  start();
  Client client(port());
  ASSERT_TRUE(client.send(get("/slow")));
  slow_entered_.wait();
  auto before = std::chrono::steady_clock::now();
  server_->stop();  // waits for the running handler, drops its answer
  // The connection is closed by stop(), not left for the client's receive timeout.
  EXPECT_FALSE(client.read_reply().has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
  server_->stop();  // idempotent
  server_->wait();  // returns at once after stop()
}

TEST_F(ServerTest, BindFailureIsReported) {
  start();
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = port();
  Server second(options, router_);
  Status s = second.start();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), "bind_failed");
  EXPECT_EQ(s.kind(), Status::Kind::kUnavailable);

  options.address = "not an address";
  options.port = 0;
  Server third(options, router_);
  EXPECT_EQ(third.start().code(), "bind_failed");
}

// A response stream the test feeds from its own thread.
class ScriptedStream final : public ResponseStream {
 public:
  void start(std::function<void()> wake) override {
    std::lock_guard lock(mu_);
    wake_ = std::move(wake);
    wake_();
  }
  std::string take() override {
    std::lock_guard lock(mu_);
    return std::exchange(pending_, std::string());
  }
  std::string take_heartbeat() override { return "hb\n"; }
  bool finished() override {
    std::lock_guard lock(mu_);
    return last_ && pending_.empty();
  }
  void push(std::string data, bool last = false) {
    std::lock_guard lock(mu_);
    pending_ += data;
    last_ = last;
    if (wake_) wake_();
  }

 private:
  std::mutex mu_;
  std::string pending_ = "first\n";
  bool last_ = false;
  std::function<void()> wake_;
};

TEST_F(ServerTest, StreamsAsProducedWithHeartbeatsUntilTheStreamFinishes) {
  auto stream = std::make_shared<ScriptedStream>();
  router_.add(route("GET", "/stream", [stream](const Request&) {
    Response r;
    r.content_type = "text/event-stream";
    r.stream = stream;
    return r;
  }));
  ServerOptions options;
  options.stream_heartbeat = 50ms;
  start(options);
  Client client(port(), 2s);
  ASSERT_TRUE(client.send(get("/stream")));
  auto head = client.read_reply();  // no length: the body follows as the stream produces it
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-type"), "text/event-stream");
  EXPECT_EQ(head->header("connection"), "close");
  EXPECT_EQ(client.read_until("first\n"), "first\n");
  EXPECT_EQ(client.read_until("hb\n"), "hb\n");  // idle: a heartbeat
  std::thread producer([stream] { stream->push("second\n"); });
  producer.join();
  EXPECT_NE(client.read_until("second\n"), "");
  stream->push("end\n", /*last=*/true);
  EXPECT_NE(client.read_until("end\n"), "");
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, StopWithAnOpenStreamReleasesIt) {
  auto stream = std::make_shared<ScriptedStream>();
  router_.add(route("GET", "/stream", [stream](const Request&) {
    Response r;
    r.stream = stream;
    return r;
  }));
  start();
  Client client(port(), 2s);
  ASSERT_TRUE(client.send(get("/stream")));
  EXPECT_NE(client.read_until("first\n"), "");
  server_->stop();
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_EQ(stream.use_count(), 2);  // the test and the route's handler; the server let go
  stream->push("after stop\n");      // waking a stream whose connection is gone is harmless
}

TEST_F(ServerTest, WaitReturnsAfterStopFromAnotherThread) {
  start();
  std::thread stopper([this] {
    std::this_thread::sleep_for(50ms);
    server_->stop();
  });
  server_->wait();
  stopper.join();
  Client client(port(), 1s);
  EXPECT_FALSE(client.connected() && client.request(get("/hello")).has_value());
}

}  // namespace
}  // namespace cordon::http
